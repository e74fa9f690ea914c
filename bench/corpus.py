"""Deterministic benchmark corpora of any size, made of real Chinese sentences.

The sentences come from the seed work reports in `corpus/` and the CMRC 2018 trial passages
(`eval/sets/cmrc2018-trial/corpus.jsonl`, also in `../shared/bench/`). Each synthetic document draws its
sentences from one of the two sources (half are work reports, half encyclopaedia passages) and is cut into
chunks of about 150–300 characters, one chunk per line of the document text, so every chunk's
`doc.text[start:end] == chunk.text` holds exactly as for a real index. A chunk keeps the places of the
report lines its sentences came from and the number mentions found in those sentences, so answering
works on it as on a real chunk.

A pool of ~3,800 sentences recombined into 1M chunks repeats each sentence ~1,500 times: document
frequencies are higher than in a real corpus of that size, which makes BM25 posting lists longer (a
conservative setting for query speed) and the vocabulary smaller than real.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from index.chunking import Chunk
from index.documents import Document, read_corpus
from index.numbers import NumberMention, extract_numbers
from index.places import Gazetteer, paragraph_places
from index.segments import sentence_spans

ROOT = Path(__file__).resolve().parent.parent
SEED = 20240601
MIN_CHUNK, MAX_CHUNK = 150, 300
DOC_CHUNKS = (8, 40)  # chunks per synthetic document, inclusive range
SOURCES = ("report", "cmrc")


def reports_dir() -> Path:
    return ROOT / "corpus"


def cmrc_dir() -> Path:
    return ROOT / "eval" / "sets" / "cmrc2018-trial"


def dev_questions_path() -> Path:
    return ROOT / "eval" / "sets" / "dev_questions.jsonl"


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    source: str  # "report" | "cmrc"
    places: tuple[str, ...]  # adcodes of the line it came from (with its section/article context)
    numbers: tuple[NumberMention, ...]  # offsets relative to `text`


@dataclass(frozen=True)
class SentencePool:
    sentences: tuple[Sentence, ...]
    titles: dict[str, tuple[str, ...]]  # source → titles of its real documents

    @cached_property
    def by_source(self) -> dict[str, np.ndarray]:
        return {
            s: np.array([i for i, x in enumerate(self.sentences) if x.source == s], dtype=np.int32) for s in SOURCES
        }

    @cached_property
    def fingerprint(self) -> str:
        return hashlib.sha256("\n".join(s.text for s in self.sentences).encode()).hexdigest()[:16]


def sentence_pool() -> SentencePool:
    """Every distinct sentence (8–300 characters) of the seed reports and the CMRC passages, in file order."""
    gazetteer = Gazetteer.default()
    read = read_corpus([reports_dir(), cmrc_dir() / "corpus.jsonl"])
    seen: dict[str, Sentence] = {}
    titles: dict[str, list[str]] = {s: [] for s in SOURCES}
    for doc in read.documents:
        source = "cmrc" if doc.source.endswith(".jsonl") or "corpus.jsonl" in doc.source else "report"
        titles[source].append(doc.title)
        lines = paragraph_places(doc.text, gazetteer)
        for start, end in sentence_spans(doc.text):
            text = doc.text[start:end].strip()
            if len(text) < 8 or text in seen:
                continue
            places = next((tuple(p.adcode for p in ps) for s, e, ps in lines if s <= start < max(e, s + 1)), ())
            seen[text] = Sentence(text, source, places, tuple(extract_numbers(text)))
    return SentencePool(tuple(seen.values()), {s: tuple(t) for s, t in titles.items()})


@dataclass
class BenchCorpus:
    documents: list[Document]
    chunks: list[Chunk]
    sentence_ids: np.ndarray  # the pool sentences of every chunk, concatenated
    sentence_offsets: np.ndarray  # chunk i's sentences are sentence_ids[offsets[i]:offsets[i + 1]]

    @property
    def titles(self) -> dict[str, str]:
        return {d.doc_id: d.title for d in self.documents}


def _chunk_sentences(rng: np.random.Generator, pool: np.ndarray, lengths: np.ndarray) -> Iterator[list[int]]:
    """Sentence ids for successive chunks: up to a random target of 150–300 characters, never past 300."""
    while True:
        draws = pool[rng.integers(0, len(pool), 4096)]
        targets = rng.integers(MIN_CHUNK, MAX_CHUNK + 1, 512)
        d = 0
        for target in targets:
            parts: list[int] = []
            size = 0
            while size < target and d < len(draws):
                s = int(draws[d])
                if parts and size + lengths[s] > MAX_CHUNK:
                    break
                parts.append(s)
                size += int(lengths[s])
                d += 1
            if d >= len(draws):
                break
            yield parts


def generate(pool: SentencePool, n_chunks: int, seed: int = SEED) -> BenchCorpus:
    """`n_chunks` chunks in documents of 8–40 chunks; the same arguments always give the same corpus."""
    rng = np.random.default_rng(seed)
    lengths = np.array([len(s.text) for s in pool.sentences], dtype=np.int64)
    streams = {
        s: _chunk_sentences(np.random.default_rng([seed, i]), pool.by_source[s], lengths) for i, s in enumerate(SOURCES)
    }
    documents: list[Document] = []
    chunks: list[Chunk] = []
    ids: list[int] = []
    offsets = [0]
    sentences = pool.sentences
    while len(chunks) < n_chunks:
        source = SOURCES[int(rng.integers(0, 2))]
        n = min(int(rng.integers(DOC_CHUNKS[0], DOC_CHUNKS[1] + 1)), n_chunks - len(chunks))
        doc_id = f"bench-{len(documents):07d}"
        base = pool.titles[source][int(rng.integers(0, len(pool.titles[source])))]
        title = f"{base}({len(documents) + 1})"  # normalised, as qa index stores titles
        parts: list[str] = []
        pos = 0
        for c in range(n):
            chosen = next(streams[source])
            text = "".join(sentences[s].text for s in chosen)
            places: dict[str, None] = {}
            numbers: list[NumberMention] = []
            shift = 0
            for s in chosen:
                sentence = sentences[s]
                places.update(dict.fromkeys(sentence.places))
                numbers.extend(
                    NumberMention(
                        m.value, m.unit, m.text, m.qualifier, m.subject, m.start + shift, m.end + shift, m.kind
                    )
                    for m in sentence.numbers
                )
                shift += len(sentence.text)
            chunks.append(
                Chunk(
                    chunk_id=f"{doc_id}#{c}",
                    doc_id=doc_id,
                    start=pos,
                    end=pos + len(text),
                    text=text,
                    heading="",
                    places=tuple(places),
                    numbers=tuple(numbers),
                )
            )
            ids.extend(chosen)
            offsets.append(len(ids))
            parts.append(text)
            pos += len(text) + 1
        doc_text = "\n".join(parts)
        documents.append(
            Document(
                doc_id=doc_id,
                title=title,
                text=doc_text,
                source=f"bench:{source}",
                sha256=hashlib.sha256(doc_text.encode()).hexdigest(),
            )
        )
    return BenchCorpus(documents, chunks, np.asarray(ids, dtype=np.int32), np.asarray(offsets, dtype=np.int64))


def bench_queries(n: int = 200, seed: int = SEED) -> list[tuple[str, str]]:
    """(source, question): every dev question about the seed reports, then CMRC questions drawn at random."""
    dev = [
        json.loads(line)["question"] for line in dev_questions_path().read_text("utf-8").splitlines() if line.strip()
    ]
    cmrc = [
        json.loads(line)["text"]
        for line in (cmrc_dir() / "queries.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    rng = np.random.default_rng(seed)
    picked = rng.choice(len(cmrc), size=max(0, min(len(cmrc), n - len(dev))), replace=False)
    return [("dev", q) for q in dev][:n] + [("cmrc", cmrc[i]) for i in sorted(picked)]


def chunk_vectors(
    sentence_vectors: np.ndarray, corpus: BenchCorpus, start: int = 0, end: int | None = None
) -> np.ndarray:
    """Unit vectors for chunks start..end: the normalised sum of their sentences' model vectors."""
    end = len(corpus.chunks) if end is None else end
    offsets = corpus.sentence_offsets[start : end + 1]
    ids = corpus.sentence_ids[offsets[0] : offsets[-1]]
    sums = np.add.reduceat(sentence_vectors[ids], offsets[:-1] - offsets[0], axis=0)
    sums /= np.linalg.norm(sums, axis=1, keepdims=True)
    return sums.astype(np.float32, copy=False)


def random_unit_vectors(n: int, dim: int, seed: int = SEED) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 100_000):
        block = rng.standard_normal((min(100_000, n - start), dim), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start : start + len(block)] = block
    return out
