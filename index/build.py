"""Corpus → index directory: read, chunk, analyse, tokenize, embed, write, swap in — taking from the current
build whatever did not change (index.incremental, docs/indexing.md)."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

from index import store
from index.bm25 import BM25Index, BM25Params, TermCounts, count_texts
from index.chunking import Chunk, chunk_document
from index.documents import DEFAULT_MAX_FILE_BYTES, Document, FailedFile, read_corpus
from index.embed import E5_SMALL, Embedder
from index.errors import CorpusError, QAError
from index.incremental import PreviousBuild, reuse_settings, write_files
from index.numbers import NumberMention, extract_numbers
from index.places import Gazetteer, paragraph_places
from index.progress import PlainProgress
from index.reader import write_corpus
from index.readers import READERS_VERSION, ocr_available
from index.sentence_vectors import MANIFEST_KEY as SENTENCES_KEY
from index.sentence_vectors import SentenceVectors, recipe, sentence_texts
from index.tokenize import Tokenizer
from index.vector_cache import KEY_DTYPE, CachedVectors, EncodeStats, SharedVectorCache, encode_with_cache
from index.vectors import DEFAULT_HNSW_THRESHOLD, VectorIndex

# A directory of vectors shared by every build in this environment (see index.vector_cache): the test
# suite sets it so its many small builds of the same reports encode each chunk once.
SHARED_CACHE_ENV = "QA_VECTOR_CACHE"
# The models whose sentence vectors a build stores (index.sentence_vectors): the answer stage reads sentence
# cosines only from e5 (its scorer was fitted on e5's), so another model's would be encoded for nothing.
SENTENCE_VECTOR_MODELS = (E5_SMALL,)

# 2: places and numbers matched on the normalised view (index.normalize.match_view), spans as written
# 3: number mentions: years before 1900 (西元1280年, 1703年) are years; 级, 门, 公尺, 英尺… are measure words; 4万5,000 is 45000
# 4: 2亿3千4百万 (digits between Chinese magnitudes), fractions (三分之一, 1/3 as a share), more currencies (越南盾…)
# 5: 胜/负/败 as measure words, 排名37名 a position
# 6: a run of digits and magnitudes that is no numeral (3亿2亿) is no number mention (was a made-up value)
# 7: measure words 标箱 列 格 架 眼 孔 颗 幢 (613万标箱, 812列 were bare numbers); 长治/中山/北海/阿里 are places
#    where they are words of their own
# 8: a table row pasted with cell separators (A区｜734.2亿元｜5.9%) stays a line of its own (was joined to the next)
# 9: a bare number in a separated table takes the unit its row label, column header or 单位 column states
#    (城镇新增就业（万人）｜5.2 is 52000 人)
# 10: tabs are kept as cell separators and a tab-separated row stays a line of its own (tabs were spaces, and the
#     rows of a table pasted from a spreadsheet were joined into one line)
# 11: 千 before 瓦/克/米/公顷… starts a unit, not a magnitude (486亿千瓦时 is 4.86e10 千瓦时, was 4.86e13 with no unit)
# 12: text extracted from a PDF/DOCX: page numbers, running headers and table-of-contents lines dropped, a table in
#     space-separated columns gets tab-separated cells, wrapped lines joined at the text's wrap width and after a
#     comma or 、, a sparse blank line ends a paragraph, circled footnote marks ①② no longer become digits
# 13: a line of circled marks keeps each (①②③ → (1)(2)(3)); 澳门元/澳门币 are currency units (were read as 澳 +
#     a bare number, or the subject); HTML character entities (&nbsp; &gt;) decoded; a line indented from the one
#     before opens a paragraph (a page's view counter was glued to the "2023年,…" that opened the next line)
# 14: after a place, a conjunction (和/与/及/、) joins the next place even where it also begins a name: "江门和平湖"
#     names 江门 and 平湖, not 江门 and 和平 (a chunk's places are part of what is indexed)
# 15: a numeral that opens a place's name is no number (三门 was 3 门, 万年 10000 年)
# 16: a bare number after 表/图/附件 is a label, no count ("表3 各区县主要指标" was a candidate 3)
# 17: a concentration's slashed unit is one unit (28微克/立方米 was 28 with the unit as its subject)
# 18: the gazetteer holds Hong Kong's districts, Macau's parishes and Taiwan's cities, counties and townships
#     (index/data/outer_places.csv): a chunk's places change for text about them; a county whose short name is a
#     common word counts where it is listed right after a place of its city (玉环、天台、三门)
# 19: text extracted from a PDF: a column table's header set on two or more lines is one header line (each name
#     joined down its column: `城镇新增` over `就业`), so a cell's subject is its row label + the whole column name; a
#     unit stated in a table's caption (`单位：万元`) applies to its bare cells outside rate columns
# 20: a table row breaking out part of the row above ("其中：苹果") counts its item, not "其中:苹果"
# 21: a table marked as continued ("表2（续）") takes the unit of the caption of the table it continues
# 22: text extracted from a PDF: a group name centred over sub-columns names each (`2030年` over `产值  增速`), a
#     header may leave the row labels' column unnamed or carry the unit (`单位：万元`, then set above it), a row
#     leaving a cell empty keeps its columns (`—` in the empty cell); a unit column named 计量单位, or a unit alone
#     in the cell after a figure, is the figure's unit; a cell of a table with no header counts its row's label;
#     a row's last figure is never glued to the next line
# 23: units 标准箱, 标台, 兆瓦, 吉瓦, 吨公里, 人公里, 项次, 辆次, 艘次 (read without a unit, or as 人/吨/项/辆/艘)
# 24: a bare 100–119年 (Taiwan's 113年, 112年度) is a year of the Republic calendar, as `calendar_years` reads it, not a
#     count of 113 years (it was a count candidate, and its 度 led the subject of the figure after it)
# 25: a code of digits and Latin letters (5A, 5G, 3D) sits inside the name it prefixes: it no longer bounds the
#     subject of the figure after it (`5A级景区2个` counts 5A级景区, not 级景区)
# 26: a figure whose last group of three is whole ("2,086") is not glued to digits on the next line (a year
#     opening the next paragraph: "2,086" + "2024年" was read as one figure)
# 27: a file reader's table row ("指标: 年末户籍人口, 2031年: 41.08万人") — a cell that is a field's whole value counts
#     its row's label and its field's name, and a row's last figure is not glued to the next line; a caption's unit
#     skips a row of rates (`增速｜5.2`)
# 28: a line that is only a date (a byline's) and a line opening with a formal numeral (壹、貳、) end the paragraph
#     before them / stand apart, so a report's date no longer joins the heading after it
# 29: an over-long sentence is never cut at a thousands comma ("1,|126公里"): `index.segments.THOUSANDS_COMMA`
# 30: a joiner alone (和, 与, 、) is no figure's subject ("达到8.82万元和5.16万元": 8.82万元 was said to count 和)
CHUNKER_VERSION = "30"
# BM25's k1 and b, chosen on the train splits of the question sets, CMRC trial and DRCD dev (docs/embedding.md,
# "BM25 k1 and b"): a low k1 saturates term frequency early, so a passage that holds more of the question's
# distinct terms beats one that repeats a few; with the refitted fusion, DRCD hybrid R@1 0.943 → 0.949 (train).
# BM25Params' own defaults stay rank-bm25's (1.5 / 0.75), which its tests compare against.
DEFAULT_BM25_PARAMS = BM25Params(k1=0.45, b=0.5)


def outdated(manifest: dict[str, Any]) -> list[str]:
    """What this program would build differently from the build `manifest` describes: one line per setting,
    empty when none. The index still loads (it is consistent in itself), but its chunks, BM25 weights or read
    text are not what this program makes, so answers and figures on it are not this program's; `qa index`
    brings it up to date (reusing the vectors of unchanged chunks)."""
    reasons = []
    if (chunker := manifest.get("chunker")) != CHUNKER_VERSION:
        reasons.append(f"chunker version {chunker} (this program: {CHUNKER_VERSION})")
    if (version := manifest.get("reuse_settings", {}).get("readers", {}).get("version")) != READERS_VERSION:
        reasons.append(f"file readers version {version} (this program: {READERS_VERSION})")
    if (bm25 := manifest.get("bm25")) != dataclasses.asdict(DEFAULT_BM25_PARAMS):
        reasons.append(f"BM25 parameters {bm25} (this program: {dataclasses.asdict(DEFAULT_BM25_PARAMS)})")
    return reasons


@dataclass(frozen=True, slots=True)
class BuildSummary:
    index_dir: Path
    built: bool  # False when the index was already up to date
    documents: int
    chunks: int
    skipped_empty: int
    skipped_duplicate: int
    seconds: float
    skipped: tuple[tuple[str, str], ...] = ()  # (source, why) for files not read: links out of the corpus, …
    failed: tuple[FailedFile, ...] = ()  # files that could not be read, each with the reason
    encoded: int = 0  # chunks sent to the embedding model (the rest came from the vector cache)
    unread: int = 0  # files not read at all (size and mtime as the previous build recorded them)
    reused_documents: int = 0  # documents taken from the previous build (not parsed or OCRed again)
    reused_chunks: int = 0  # chunks taken with their numbers, places and term counts from the previous build
    not_reused: str = ""  # why nothing of the previous build could be reused (older format, other settings)
    sentences: int = 0  # sentences with a stored vector (0: no sentence table, index.sentence_vectors)
    sentences_encoded: int = 0  # of them sent to the model (the rest from the previous build or the caches)


_NUMERAL_LED = re.compile("[零〇一二两三四五六七八九十百千万亿]")


def numbers_outside_places(text: str, mentions: list[NumberMention], gazetteer: Gazetteer) -> list[NumberMention]:
    """`mentions` less the numerals that open a place's name (三门 read as 3 门, 万年 as 10000 年, 五台 as 5 台),
    as the gazetteer reads the text (strictly: a county's short name counts where its city is named)."""
    led = [m for m in mentions if m.kind == "quantity" and _NUMERAL_LED.match(text, m.start)]
    if not led:
        return mentions  # most chunks: digits only, no scan
    places = [(p.start, p.end) for p in gazetteer.find(text, strict=True)]
    inside = {id(m) for m in led if any(s <= m.start < e for s, e in places)}
    return [m for m in mentions if id(m) not in inside]


def place_names(adcodes: Sequence[str], gazetteer: Gazetteer) -> list[str]:
    """The chunk's places and their parents, by name (贾汪区 → 贾汪区 徐州市 江苏省), for retrieval context."""
    names: list[str] = []
    for code in adcodes:
        place = gazetteer.get(code)
        if place is None:
            continue
        for p in (place, *gazetteer.parents(place)):
            if p.name not in names:
                names.append(p.name)
    return names


def retrieval_text(chunk: Chunk, title: str, gazetteer: Gazetteer) -> str:
    """What BM25 and the embedder see: the passage with its title, heading and places in front. The passage
    shown to users stays `chunk.text`."""
    context = " ".join(
        x
        for x in (
            title,
            chunk.heading if chunk.heading not in chunk.text else "",
            " ".join(place_names(chunk.places, gazetteer)),
        )
        if x
    )
    return f"{context}\n{chunk.text}"


def chunk_corpus(
    documents: Sequence[Document], gazetteer: Gazetteer, progress: Callable[[int, float], None] | None = None
) -> list[Chunk]:
    """Chunks with their places and numbers. `progress(chunks so far, MB of text done)` is called every
    few hundred chunks and after each document."""

    def places_of(text: str) -> list[tuple[int, int, list[str]]]:
        return [(s, e, [p.adcode for p in places]) for s, e, places in paragraph_places(text, gazetteer)]

    chunks = []
    done_mb = 0.0
    for doc in documents:
        size_mb = len(doc.text.encode()) / 1e6
        per_char = size_mb / max(1, len(doc.text))
        for chunk in chunk_document(doc, places_of):
            numbers = numbers_outside_places(chunk.text, extract_numbers(chunk.text), gazetteer)
            chunks.append(dataclasses.replace(chunk, numbers=tuple(numbers)))
            if progress is not None and len(chunks) % 256 == 0:
                progress(len(chunks), done_mb + chunk.end * per_char)
        done_mb += size_mb
        if progress is not None:
            progress(len(chunks), done_mb)
    return chunks


class _Rate(ProgressColumn):
    """Items per second (chunks/s while embedding), from rich's own speed estimate."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:,.1f}/s" if task.speed else "", style="progress.data.speed")


def previous_vectors(build: Path | None, embed_model: str) -> CachedVectors | None:
    """A build's chunk vectors (row i for its chunk i) when it was built with `embed_model` and they match its
    manifest; None otherwise (then everything is encoded: a damaged cache must not leak into a new build).
    Read from a build of any format version: vectors are keyed by the exact text encoded, so a format change
    does not cost the encoding."""
    if build is None:
        return None
    try:
        manifest = json.loads((build / store.MANIFEST).read_text("utf-8"))
        if not isinstance(manifest, dict) or manifest.get("embed_model") != embed_model:
            return None
        files = manifest.get("files", {})
        names = [n for n in files if n.endswith(".npy") and n.startswith("chunk_")]
        if len(names) != 2:
            return None
        digests = store.sha256_files([build / n for n in names])
        if any(digests[build / n] != files[n].get("sha256") for n in names):
            return None
        return CachedVectors.load(build)
    except (OSError, ValueError, AttributeError):
        return None


def previous_sentences(build: Path | None, embed_model: str) -> tuple[SentenceVectors | None, bool]:
    """A build's sentence table when it was built with `embed_model` and matches its manifest, and whether its
    texts were made as this program makes them (then rows can be taken by chunk; else only by text key)."""
    if build is None:
        return None, False
    try:
        manifest = json.loads((build / store.MANIFEST).read_text("utf-8"))
        meta = manifest.get(SENTENCES_KEY) if isinstance(manifest, dict) else None
        if not isinstance(meta, dict) or manifest.get("embed_model") != embed_model:
            return None, False
        files = manifest.get("files", {})
        names = [n for n in files if n.startswith("sentence_")]
        if len(names) != 3:
            return None, False
        digests = store.sha256_files([build / n for n in names])
        if any(digests[build / n] != files[n].get("sha256") for n in names):
            return None, False
        same = {k: meta.get(k) for k in recipe()} == recipe()
        return SentenceVectors.load(build), same
    except (OSError, ValueError, AttributeError):
        return None, False


def embed_chunks(
    texts: Sequence[str],
    embedder: Embedder,
    caches: Sequence[CachedVectors],
    progress: Any,
    dim: int,
    timings: dict[str, float] | None = None,
    what: str = "chunks",
) -> tuple[CachedVectors, EncodeStats]:
    """Vectors for `texts`, encoding only those no cache has; progress counts the texts (`what`) encoded."""
    tasks: list[Any] = []

    def on_start(total: int, to_encode: int) -> None:
        cached = f", {total - to_encode:,} of {total:,} cached" if total > to_encode else ""
        tasks.append(progress.add_task(f"embedding ({what}{cached})", total=to_encode))
        if to_encode and timings is not None:
            started = time.perf_counter()
            embedder.dimension  # noqa: B018  loads the model now, so its load is timed apart from the encoding
            timings["model_load"] = timings.get("model_load", 0.0) + time.perf_counter() - started

    return encode_with_cache(
        texts,
        lambda batch, step: embedder.encode_documents(batch, progress=step),
        dim,
        caches,
        progress=lambda n: progress.advance(tasks[0], n),
        on_start=on_start,
    )


def embed_sentences(
    chunks: Sequence[Chunk],
    titles: dict[str, str],
    previous_rows: np.ndarray | None,
    previous: SentenceVectors | None,
    embedder: Embedder,
    caches: Sequence[CachedVectors],
    progress: Any,
    dim: int,
    timings: dict[str, float] | None = None,
) -> tuple[SentenceVectors, EncodeStats]:
    """Every chunk's sentence vectors: an unchanged chunk's rows from `previous` (when `previous_rows`, its row
    there per chunk or -1, is given), the other chunks' sentences from the caches or encoded."""
    texts: list[list[str] | None] = []
    counts = np.zeros(len(chunks), dtype=np.int64)
    for i, chunk in enumerate(chunks):
        row = int(previous_rows[i]) if previous_rows is not None and previous is not None else -1
        if row >= 0:
            assert previous is not None
            counts[i] = previous.offsets[row + 1] - previous.offsets[row]
            texts.append(None)
        else:
            mine = sentence_texts(chunk.text, titles.get(chunk.doc_id, ""))
            counts[i] = len(mine)
            texts.append(mine)
    offsets = np.zeros(len(chunks) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(counts)
    keys = np.zeros(int(offsets[-1]), dtype=KEY_DTYPE)
    vectors = np.zeros((int(offsets[-1]), dim), dtype=np.float32)
    kept = np.flatnonzero([t is None for t in texts]) if texts else np.zeros(0, dtype=np.int64)
    if len(kept):
        assert previous is not None and previous_rows is not None
        source = previous.rows(previous_rows[kept])
        target = SentenceVectors(offsets, keys, vectors).rows(kept)
        keys[target] = previous.keys[source]
        vectors[target] = previous.vectors[source]
    fresh = [i for i, t in enumerate(texts) if t is not None]
    todo_texts = [s for i in fresh for s in texts[i] or ()]
    new, stats = embed_chunks(todo_texts, embedder, caches, progress, dim, timings, what="sentences")
    if fresh:
        target = SentenceVectors(offsets, keys, vectors).rows(np.array(fresh, dtype=np.int64))
        keys[target] = new.keys
        vectors[target] = new.vectors
    return SentenceVectors(offsets, keys, vectors), stats


@dataclass(frozen=True, slots=True)
class MergedChunks:
    """The new build's chunks in corpus order, each either fresh or taken from the previous build."""

    chunks: list[Chunk]
    counts: TermCounts  # their term counts, vocabulary as a full build numbers it
    previous_rows: np.ndarray  # per chunk: its row in the previous build, or -1
    fresh_rows: np.ndarray  # per chunk: its index among the fresh chunks, or -1

    @property
    def reused(self) -> int:
        return int(np.count_nonzero(self.previous_rows >= 0))


def plan_reuse(
    documents: Sequence[Document], previous: PreviousBuild | None
) -> list[tuple[Document, tuple[int, int] | None]]:
    """Each document with the rows of its chunks in the previous build when they can be reused, else None."""
    return [(doc, previous.chunk_range(doc) if previous is not None else None) for doc in documents]


def merge_parts(
    parts: Sequence[tuple[Document, tuple[int, int] | None]],
    fresh_chunks: Sequence[Chunk],
    fresh_counts: TermCounts,
    previous: PreviousBuild | None,
) -> MergedChunks:
    """Reused and fresh chunks (and their term counts) in document order. Consecutive reused documents are
    taken as one range of the previous build."""
    fresh_by_doc: dict[str, tuple[int, int]] = {}
    for i, chunk in enumerate(fresh_chunks):
        first, _ = fresh_by_doc.get(chunk.doc_id, (i, i))
        fresh_by_doc[chunk.doc_id] = (first, i + 1)
    runs: list[tuple[TermCounts, int, int]] = []
    chunks: list[Chunk] = []
    previous_rows: list[np.ndarray] = []
    fresh_rows: list[np.ndarray] = []

    def add(source: TermCounts, start: int, end: int) -> None:
        if runs and runs[-1][0] is source and runs[-1][2] == start:
            runs[-1] = (source, runs[-1][1], end)
        else:
            runs.append((source, start, end))

    for doc, span in parts:
        if span is not None and previous is not None:
            start, end = span
            add(previous.counts, start, end)
            previous_rows.append(np.arange(start, end))
            fresh_rows.append(np.full(end - start, -1))
        else:
            start, end = fresh_by_doc.get(doc.doc_id, (0, 0))
            add(fresh_counts, start, end)
            previous_rows.append(np.full(end - start, -1))
            fresh_rows.append(np.arange(start, end))
    for source, start, end in runs:
        chunks.extend(
            previous.chunks(start, end)
            if previous is not None and source is not fresh_counts
            else fresh_chunks[start:end]
        )
    empty = np.zeros(0, dtype=np.int64)
    return MergedChunks(
        chunks,
        TermCounts.select(runs),
        np.concatenate(previous_rows).astype(np.int64) if previous_rows else empty,
        np.concatenate(fresh_rows).astype(np.int64) if fresh_rows else empty,
    )


def _texts_of(
    merged: MergedChunks,
    todo: np.ndarray,
    fresh_texts: Sequence[str],
    gazetteer: Gazetteer,
    documents: Sequence[Document],
) -> list[str]:
    """The retrieval texts of the chunks `todo` (those whose vectors the previous build cannot give)."""
    titles = {d.doc_id: d.title for d in documents}
    out = []
    for i in todo.tolist():
        fresh = int(merged.fresh_rows[i])
        out.append(
            fresh_texts[fresh]
            if fresh >= 0
            else retrieval_text(merged.chunks[i], titles[merged.chunks[i].doc_id], gazetteer)
        )
    return out


def _assemble(
    previous_rows: np.ndarray, todo: np.ndarray, own: CachedVectors | None, new: CachedVectors, dim: int
) -> CachedVectors:
    """Every chunk's key and vector: by row from the previous build, the rest (`todo`, in order) from `new`."""
    keys = np.zeros(len(previous_rows), dtype=KEY_DTYPE)
    vectors = np.zeros((len(previous_rows), dim), dtype=np.float32)
    kept = np.flatnonzero(previous_rows >= 0)
    if len(kept):
        assert own is not None
        keys[kept] = own.keys[previous_rows[kept]]
        vectors[kept] = own.vectors[previous_rows[kept]]
    if len(todo):
        keys[todo] = new.keys
        vectors[todo] = new.vectors
    return CachedVectors(keys, vectors)


def _progress(show: bool) -> Any:
    """Bars on a terminal, plain rate-limited lines on stderr otherwise (logs, pipes), nothing if not `show`."""
    if show and not sys.stderr.isatty():
        return PlainProgress()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _Rate(),
        TimeElapsedColumn(),
    )
    return Progress(*columns, disable=not show, transient=False)


def _fingerprint(inputs: list[tuple[str, int, str]], settings: dict[str, Any]) -> str:
    payload = json.dumps({"inputs": sorted(inputs), "settings": settings}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def build_index(
    corpus: Sequence[Path],
    index_dir: Path,
    embed_model: str,
    *,
    force: bool = False,
    hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD,
    bm25_params: BM25Params | None = None,
    show_progress: bool = True,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    vector_cache: Path | None = None,
    sentence_vectors: bool = True,
) -> BuildSummary:
    """`vector_cache`: a shared vector-cache directory (default: $QA_VECTOR_CACHE, else none); the current
    build's own vectors are always reused for unchanged chunks. `sentence_vectors`: store every sentence's vector
    too (index.sentence_vectors; only for the models in SENTENCE_VECTOR_MODELS), so who/what questions do not
    encode sentences at ask time.

    Incremental (index.incremental): unchanged files are not read again, unchanged documents keep their
    chunks, numbers, places, term counts and vectors from the current build; `force` rebuilds everything
    but the vectors (which are keyed by the exact text encoded)."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    bm25_params = bm25_params or DEFAULT_BM25_PARAMS
    tokenizer = Tokenizer()
    with_sentences = sentence_vectors and embed_model in SENTENCE_VECTOR_MODELS
    settings = {
        "format_version": store.FORMAT_VERSION,
        "chunker": CHUNKER_VERSION,
        "embed_model": embed_model,
        "tokenizer": tokenizer.settings(),
        "bm25": dataclasses.asdict(bm25_params),
        "hnsw_threshold": hnsw_threshold,
        # Installing tesseract or changing a reader changes what files read to: rebuild then.
        "readers": {"version": READERS_VERSION, "ocr": ocr_available(), "max_file_bytes": max_file_bytes},
    }
    if with_sentences:
        # In the fingerprint: an index built before the table (or without it) is brought up to date by `qa index`,
        # which then encodes only the sentences (everything else is reused).
        settings["sentence_vectors"] = recipe()
    previous, not_reused = (None, "") if force else PreviousBuild.open(index_dir, settings)
    read = read_corpus(corpus, max_file_bytes=max_file_bytes, previous=previous)
    timings["read"] = time.perf_counter() - started
    if not read.documents:
        # One line: the CLI prints a QAError as a single "error: …" line.
        failed = "; ".join(f"{f.source}: {f.reason}" for f in read.failed[:5]) + ("; …" if len(read.failed) > 5 else "")
        raise CorpusError(
            f"no reports found in {', '.join(map(str, corpus))} (looked for .txt, .md, .pdf, .docx, .html, "
            f"scanned images and BEIR corpus.jsonl; {len(read.skipped_empty)} empty files skipped, "
            f"{len(read.failed)} could not be read{': ' + failed if failed else ''})"
        )
    fingerprint = _fingerprint(read.inputs, settings)

    def summary(
        built: bool, chunks: int, encoded: int = 0, reused_chunks: int = 0, sentences: tuple[int, int] = (0, 0)
    ) -> BuildSummary:
        return BuildSummary(
            index_dir,
            built,
            len(read.documents),
            chunks,
            len(read.skipped_empty),
            len(read.skipped_duplicate),
            time.perf_counter() - started,
            tuple(read.skipped),
            tuple(read.failed),
            encoded,
            read.unread,
            read.reused,
            reused_chunks,
            not_reused,
            *sentences,
        )

    # Up to date? Checked before taking the lock, which needs a writable folder: an index on a read-only
    # disk or another user's index can still be confirmed current.
    if not force and (manifest := _up_to_date(index_dir, fingerprint, previous)) is not None:
        _clean_if_possible(index_dir)
        return summary(False, manifest["counts"]["chunks"])

    def build_locked() -> BuildSummary:
        with store.build_lock(index_dir):
            store.clean_stale(index_dir)  # what an interrupted build left
            if not force and (manifest := _up_to_date(index_dir, fingerprint, previous)) is not None:
                return summary(False, manifest["counts"]["chunks"])  # another run built it meanwhile
            gazetteer = Gazetteer.default()
            embedder = Embedder(embed_model)
            shared_dir = vector_cache or (
                Path(os.environ[SHARED_CACHE_ENV]) if os.environ.get(SHARED_CACHE_ENV) else None
            )
            shared = SharedVectorCache(shared_dir, embed_model) if shared_dir else None
            previous_path = previous.path if previous is not None else store.current_build(index_dir)
            own_vectors = previous_vectors(previous_path, embed_model)
            own_sentences, same_recipe = (
                previous_sentences(previous_path, embed_model) if with_sentences else (None, False)
            )
            shared_sentences = SharedVectorCache(shared_dir, f"{embed_model}.sentences") if shared_dir else None
            caches = [c for c in (own_vectors, shared.load() if shared else None) if c]
            build = store.NewBuild(index_dir)
            try:
                with _progress(show_progress) as progress:
                    step = time.perf_counter()
                    parts = plan_reuse(read.documents, previous)
                    fresh_docs = [doc for doc, span in parts if span is None]
                    total_mb = sum(len(d.text.encode()) for d in fresh_docs) / 1e6
                    task = progress.add_task("chunking (MB)", total=total_mb)
                    chunk_started = time.perf_counter()

                    def chunked(n: int, mb: float) -> None:
                        rate = mb / max(time.perf_counter() - chunk_started, 1e-3)
                        progress.update(task, completed=mb, description=f"chunking: {n} chunks, {rate:.1f} MB/s")

                    fresh_chunks = chunk_corpus(fresh_docs, gazetteer, chunked)
                    titles = {d.doc_id: d.title for d in fresh_docs}
                    fresh_texts = [retrieval_text(c, titles[c.doc_id], gazetteer) for c in fresh_chunks]
                    timings["chunk"] = time.perf_counter() - step
                    step = time.perf_counter()
                    task = progress.add_task("BM25", total=len(fresh_texts))
                    # Large corpora are tokenised on every core (one segmenter per worker process), small ones here.
                    fresh_counts = count_texts(fresh_texts, tokenizer, progress=lambda n: progress.advance(task, n))
                    merged = merge_parts(parts, fresh_chunks, fresh_counts, previous)
                    bm25 = BM25Index.from_counts(merged.counts, bm25_params)
                    timings["bm25"] = time.perf_counter() - step
                    step = time.perf_counter()
                    # Unchanged chunks' vectors by row from the current build; the others from the caches or encoded.
                    reusable = own_vectors is not None and previous is not None
                    rows = merged.previous_rows if reusable else np.full(len(merged.chunks), -1)
                    todo = np.flatnonzero(rows < 0)
                    texts = _texts_of(merged, todo, fresh_texts, gazetteer, read.documents)
                    dim = caches[0].vectors.shape[1] if caches else embedder.dimension
                    new_vectors, encode_stats = embed_chunks(texts, embedder, caches, progress, dim, timings)
                    timings["encode"] = encode_stats.seconds
                    timings["vectors_other"] = (
                        time.perf_counter() - step - encode_stats.seconds - timings.get("model_load", 0.0)
                    )
                    sentence_table, sentence_stats = None, EncodeStats(0, 0, 0.0)
                    if with_sentences:
                        step, loaded = time.perf_counter(), timings.get("model_load", 0.0)
                        # Unchanged chunks' rows from the current build (same text recipe); the rest by text key.
                        by_row = previous is not None and own_sentences is not None and same_recipe
                        sentence_caches = [
                            c
                            for c in (
                                own_sentences.as_cache() if own_sentences is not None else None,
                                shared_sentences.load() if shared_sentences else None,
                            )
                            if c
                        ]
                        sentence_table, sentence_stats = embed_sentences(
                            merged.chunks,
                            {d.doc_id: d.title for d in read.documents},
                            merged.previous_rows if by_row else None,
                            own_sentences if by_row else None,
                            embedder,
                            sentence_caches,
                            progress,
                            dim,
                            timings,
                        )
                        timings["sentences_encode"] = sentence_stats.seconds
                        timings["sentences_other"] = (
                            time.perf_counter()
                            - step
                            - sentence_stats.seconds
                            - (timings.get("model_load", 0.0) - loaded)
                        )
                chunk_vectors = _assemble(rows, todo, own_vectors if reusable else None, new_vectors, dim)
                if shared is not None and encode_stats.encoded:
                    shared.add(new_vectors)
                if shared_sentences is not None and sentence_table is not None and sentence_stats.encoded:
                    shared_sentences.add(CachedVectors(np.asarray(sentence_table.keys), sentence_table.vectors))
                step = time.perf_counter()
                chunks = merged.chunks
                files = write_corpus(build.path, read.documents, chunks)  # documents.jsonl, chunks.jsonl, tables
                files += bm25.save(build.path)
                files += merged.counts.save(build.path)
                files += write_files(build.path, read.records)
                vector_index = VectorIndex.build(np.asarray(chunk_vectors.vectors), hnsw_threshold=hnsw_threshold)
                files += vector_index.save(build.path)
                files += chunk_vectors.save(build.path)
                if sentence_table is not None:
                    files += sentence_table.save(build.path)
                timings["write"] = time.perf_counter() - step
                sentences_meta = (
                    {
                        SENTENCES_KEY: {
                            **recipe(),
                            "sentences": len(sentence_table.keys),
                            "encoded": sentence_stats.encoded,
                            "encode_seconds": round(sentence_stats.seconds, 3),
                        }
                    }
                    if sentence_table is not None
                    else {}
                )
                build.commit(
                    {
                        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                        "embed_model": embed_model,
                        "embed_dim": dim,
                        "vectors": {
                            **vector_index.params,
                            "hnsw_threshold": hnsw_threshold,
                            "encoded": encode_stats.encoded,
                            "encode_seconds": round(encode_stats.seconds, 3),
                        },
                        **sentences_meta,
                        "tokenizer": settings["tokenizer"],
                        "bm25": settings["bm25"],
                        "chunker": CHUNKER_VERSION,
                        "reuse_settings": reuse_settings(settings),
                        "corpus_fingerprint": fingerprint,
                        "sources": [str(p) for p in corpus],
                        "counts": {
                            "documents": len(read.documents),
                            "chunks": len(chunks),
                            "skipped_empty": len(read.skipped_empty),
                            "skipped_duplicate": len(read.skipped_duplicate),
                            "failed": len(read.failed),
                        },
                        "incremental": {
                            "files_unread": read.unread,
                            "documents_reused": read.reused,
                            "chunks_reused": merged.reused,
                            "seconds": {k: round(v, 3) for k, v in timings.items()},
                        },
                        "skipped": {
                            "empty": read.skipped_empty,
                            "duplicate": read.skipped_duplicate,
                            "not_read": [list(x) for x in read.skipped],
                        },
                        "failed": [{"source": f.source, "reason": f.reason} for f in read.failed],
                    },
                    files,
                )
            except BaseException:
                build.abandon()
                raise
            store.clean_stale(index_dir)
        sentences = (len(sentence_table.keys), sentence_stats.encoded) if sentence_table is not None else (0, 0)
        return summary(True, len(chunks), encode_stats.encoded, merged.reused, sentences)

    try:
        return build_locked()
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        raise QAError(
            f"no space left on the device while writing {exc.filename or index_dir}; the previous index is "
            "still in place. Free some space and run `qa index` again"
        ) from None


def _up_to_date(index_dir: Path, fingerprint: str, previous: PreviousBuild | None = None) -> dict[str, Any] | None:
    """The current build's manifest when it was built from this corpus with these settings and is intact.
    Files `previous` (the same build) already checked while reading are not hashed twice."""
    current = store.current_build(index_dir)
    if current is None:
        return None
    try:
        manifest = store.read_manifest(current)
        if manifest.get("corpus_fingerprint") == fingerprint:
            if previous is not None and previous.path == current:
                previous.verify_all()
            else:
                store.verify_build(current, manifest)
            return manifest
    except store.IndexLoadError:
        pass  # damaged or old: rebuild
    return None


def _clean_if_possible(index_dir: Path) -> None:
    """Remove what an interrupted build left, when the folder is writable and no build is running."""
    try:
        with store.build_lock(index_dir):
            store.clean_stale(index_dir)
    except (OSError, QAError):
        pass  # read-only, or another build holds the lock (it cleans up itself)
