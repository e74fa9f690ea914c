"""Measurements that need a fresh process; `bench.run` starts them and reads one JSON line from stdout.

python -m bench.probe load INDEX_DIR
    cold start: imports, CorpusIndex.load (checksums included), peak RSS (ru_maxrss), the first query
python -m bench.probe ask INDEX_DIR QUESTIONS.json [--vectors FAISS_FILE] [--profile OUT.txt] [--torch-threads N]
                                                  [--stages] [--timeline]
    Assistant.ask on every question, called in-process (not over HTTP), with the packaged model
    encoding each question; `--vectors` swaps in another vector index of the same chunks (e.g. HNSW);
    `--stages`: the CPU per ask of each part (a second, fresh pass under wrapped timers); `--timeline`: the
    asking thread's CPU before, beside and after the question's encoding, and the idle-core wall it implies
python -m bench.probe encode QUESTIONS.json [--repeats 3]
    one question at a time: the direct engine path `Embedder.encode_query` takes against sentence-transformers'
    `encode_query`, CPU and wall p50, and whether their vectors are bit-identical
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _rss_mb() -> float:
    """Peak RSS of this process (MiB): VmHWM, which starts afresh at exec. ru_maxrss would not do here: on Linux
    it survives exec and so reports the parent's size (the bench holds GBs) when that is larger."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _ms(seconds: list[float]) -> dict[str, float]:
    import numpy as np

    values = np.asarray(seconds) * 1000
    return {
        "p50": round(float(np.percentile(values, 50)), 3),
        "p95": round(float(np.percentile(values, 95)), 3),
        "mean": round(float(values.mean()), 3),
        "n": len(values),
    }


def probe_load(index_dir: Path) -> dict[str, float]:
    started = time.perf_counter()
    import faiss  # noqa: F401  (what loading needs, imported first so the load time is the load's own)
    import numpy  # noqa: F401
    import scipy.sparse  # noqa: F401

    from index import store
    from index.reader import CorpusIndex

    imported = time.perf_counter()
    rss_imports = _rss_mb()
    index = CorpusIndex.load(index_dir)
    loaded = time.perf_counter()
    rss_loaded = _rss_mb()
    store.open_current(index_dir, None)  # the checksum pass alone (page cache warm, as it was for the load)
    verified = time.perf_counter()
    tokens = index.tokenizer.tokenize("江门有多少个镇(街)职工服务中心")  # first use loads jieba's dictionary
    hits = index.bm25.top_k(tokens, 50)
    _ = (
        [index.chunks[d].text for d, _ in hits[:5]],
        [index.documents[index.chunks[d].doc_id].title for d, _ in hits[:5]],
    )
    first = time.perf_counter()
    return {
        "import_s": round(imported - started, 3),
        "load_s": round(loaded - imported, 3),
        "verify_s": round(verified - loaded, 3),
        "first_query_s": round(first - verified, 3),
        "rss_after_imports_mb": round(rss_imports, 1),
        "rss_after_load_mb": round(rss_loaded, 1),
        "rss_after_first_query_mb": round(_rss_mb(), 1),
        "files_mb": round(sum(p.stat().st_size for p in index.path.iterdir()) / 2**20, 1),
    }


def probe_ask(
    index_dir: Path,
    questions: list[str],
    vectors: Path | None,
    profile: Path | None,
    torch_threads: int | None = None,
    stages: bool = False,
    timeline: bool = False,
) -> dict:
    from index.embed import Embedder
    from index.reader import CorpusIndex
    from index.vectors import VectorIndex
    from qa.answer import Assistant
    from qa.config import Settings
    from qa.service import warm_up

    if torch_threads:
        import torch

        torch.set_num_threads(torch_threads)
    settings = Settings(index_dir=index_dir)
    index = CorpusIndex.load(index_dir, settings.embed_model, settings.hnsw_ef_search)  # as the server loads it
    if vectors is not None:  # another vector index over the same chunks, e.g. HNSW where the default is flat
        import faiss

        index.vectors = VectorIndex(faiss.read_index(str(vectors)))
        if index.vectors.size != len(index.chunks):
            raise SystemExit(f"{vectors} holds {index.vectors.size} vectors, the index {len(index.chunks)} chunks")
    embedder = Embedder(settings.embed_model)
    assistant = Assistant(index, embedder, settings)
    warm_up(assistant)  # as the server starts (qa.service)
    for q in questions[:5]:  # warm-up: the model, jieba, the gazetteer, the page cache (texts not measured below:
        assistant.ask(q + "？")  # the retriever keeps each question's vector)
    ask, ask_cpu, encode, bm25, dense = [], [], [], [], []
    found = 0
    for q in questions:
        t, c = time.perf_counter(), time.process_time()
        answer = assistant.ask(q)
        ask.append(time.perf_counter() - t)
        ask_cpu.append(time.process_time() - c)  # all of this process's threads: steadier than wall time under load
        found += answer.found
    for q in questions[:50]:  # the parts, on a quarter of the questions
        t = time.perf_counter()
        vector = embedder.encode_query(q)
        encode.append(time.perf_counter() - t)
        t = time.perf_counter()
        index.bm25.top_k(index.tokenizer.tokenize(q), settings.candidate_depth)
        bm25.append(time.perf_counter() - t)
        t = time.perf_counter()
        index.vectors.search(vector, settings.candidate_depth)
        dense.append(time.perf_counter() - t)
    out = {
        "ask_ms": _ms(ask),
        "ask_cpu_ms": _ms(ask_cpu),
        "encode_query_ms": _ms(encode),
        "bm25_top50_ms": _ms(bm25),
        "dense_top50_ms": _ms(dense),
        "vectors": index.vectors.kind,
        "found": found,
        "questions": len(questions),
        "torch_threads": __import__("torch").get_num_threads(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "(default)"),
        "rss_mb": round(_rss_mb(), 1),
    }
    if stages:
        out["stages_cpu_ms_per_ask"] = stage_breakdown(lambda: Assistant(index, embedder, settings), questions)
    if timeline:
        out["timeline_ms"] = ask_timeline(lambda: Assistant(index, embedder, settings), questions)
    if profile is not None:
        import cProfile
        import io
        import pstats

        # A fresh Assistant: cold memos and no kept question vectors, as the timed asks above saw them (the same
        # questions re-asked would profile warm memos and no encoding).
        assistant = Assistant(index, embedder, settings)
        profiler = cProfile.Profile()
        profiler.enable()
        for q in questions[:30]:
            assistant.ask(q)
        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(40)
        profile.write_text(text.getvalue(), "utf-8")
        out["profile"] = str(profile)
    return out


# The parts of an ask timed by `ask --stages` (CPU per ask, summed over the questions; nested parts count in their
# caller too): (module, class or None, attribute, label).
STAGES = (
    ("index.embed", "Embedder", "encode_query", "encode the question"),
    ("index.vectors", "VectorIndex", "search", "dense search (HNSW)"),
    ("qa.retrieve", "Retriever", "bm25", "BM25"),
    ("qa.fusion", "FittedFusion", "rank", "fusion"),
    ("qa.retrieve", "Retriever", "traditional", "  fusion: traditional share"),
    ("qa.retrieve", "Retriever", "document", "  fusion: document and title"),
    ("qa.answer", "Assistant", "analyse", "question analysis"),
    ("qa.answer", "Assistant", "_about_place", "scope filter"),
    ("qa.answer", "Assistant", "_span_candidates", "span stage"),
    ("qa.answer", "Assistant", "_pos", "  part-of-speech tagging"),
    ("qa.answer", None, "sentence_features", "  sentence features"),
    ("qa.answer", "Assistant", "_number_candidates", "number stage"),
    ("qa.answer", None, "number_features", "  number features"),
    ("qa.answer", "Assistant", "_citation", "citations"),
)


def stage_breakdown(make_assistant: Any, questions: list[str]) -> dict[str, float]:
    """CPU ms per ask spent in each of STAGES (the calling thread's; one engine thread runs in it), over a fresh Assistant (cold memos, questions encoded, as timed),
    by wrapping the functions for the duration; and the asks' own CPU p50/mean as measured under the wrappers."""
    import functools
    import importlib

    spent: dict[str, float] = {label: 0.0 for *_, label in STAGES}
    undo = []
    for module_name, owner_name, attribute, label in STAGES:
        module = importlib.import_module(module_name)
        owner = getattr(module, owner_name) if owner_name else module
        original = getattr(owner, attribute)

        def timed(*args: Any, _f: Any = original, _label: str = label, **kwargs: Any) -> Any:
            # the calling thread's CPU: the question encodes in a worker while this thread searches BM25
            started = time.thread_time()
            try:
                return _f(*args, **kwargs)
            finally:
                spent[_label] += time.thread_time() - started

        setattr(owner, attribute, functools.wraps(original)(timed))
        undo.append((owner, attribute, original))
    try:
        assistant = make_assistant()
        asks = []
        for q in questions:
            started = time.process_time()
            assistant.ask(q)
            asks.append(time.process_time() - started)
    finally:
        for owner, attribute, original in undo:
            setattr(owner, attribute, original)
    out = {label: round(total * 1000 / len(questions), 3) for label, total in spent.items()}
    return {"ask (under the timers) p50": _ms(asks)["p50"], "ask mean": _ms(asks)["mean"], **out}


def ask_timeline(make_assistant: Any, questions: list[str]) -> dict[str, Any]:
    """Where each ask's time goes around the question's encoding (a fresh Assistant: cold memos, questions encoded),
    from per-thread CPU clocks, which a loaded machine inflates far less than wall time: the asking thread's CPU
    before the encoding is submitted, from then until the vector is back (BM25, fusion's reading of BM25's
    candidates, the answer stage's preparation), and after it (dense search, fusion, answer stage, citations);
    the encoding worker's CPU and wall; the worker's start delay and the hand-off (encoding done → search resumes).
    Per ask, the wall time the same work would take on idle cores (no waiting, no wake-up cost):
    - two free cores: before + max(encoding, meanwhile) + after (the encoding beside the asking thread's work);
    - one free core: the process's CPU (every part in turn).
    Questions whose vector was kept (none here: each text once) have no encoding and are left out."""
    import functools

    from index.backend import InProcessBackend
    from index.embed import Embedder
    from qa.retrieve import Retriever

    rec: dict[str, float] = {}
    originals = (Retriever._encode_ahead, Embedder.encode_query, InProcessBackend.dense_search)

    @functools.wraps(originals[0])
    def encode_ahead(self: Any, query: str) -> Any:
        rec["submit_cpu"], rec["submit"] = time.thread_time(), time.perf_counter()
        return originals[0](self, query)

    @functools.wraps(originals[1])
    def encode_query(self: Any, text: str) -> Any:
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return originals[1](self, text)
        finally:
            rec["encode_start"], rec["encode_end"] = started, time.perf_counter()
            rec["encode_cpu"] = time.thread_time() - cpu

    @functools.wraps(originals[2])
    def dense_search(self: Any, *args: Any, **kwargs: Any) -> Any:
        rec["vector_cpu"], rec["vector"] = time.thread_time(), time.perf_counter()
        return originals[2](self, *args, **kwargs)

    Retriever._encode_ahead, Embedder.encode_query, InProcessBackend.dense_search = (  # type: ignore[method-assign]
        encode_ahead,
        encode_query,
        dense_search,
    )
    parts: dict[str, list[float]] = {
        k: []
        for k in (
            "wall",
            "process_cpu",
            "before_cpu",
            "meanwhile_cpu",
            "after_cpu",
            "encode_cpu",
            "encode_wall",
            "start_delay",
            "hand_off",
            "two_free_cores",
        )
    }
    try:
        assistant = make_assistant()
        for q in questions:
            rec.clear()
            wall, cpu, own = time.perf_counter(), time.process_time(), time.thread_time()
            assistant.ask(q)
            wall, cpu, own_end = time.perf_counter() - wall, time.process_time() - cpu, time.thread_time()
            if not {"submit", "encode_cpu", "vector"} <= set(rec):
                continue
            before, after = rec["submit_cpu"] - own, own_end - rec["vector_cpu"]
            meanwhile = rec["vector_cpu"] - rec["submit_cpu"]
            values = {
                "wall": wall,
                "process_cpu": cpu,
                "before_cpu": before,
                "meanwhile_cpu": meanwhile,
                "after_cpu": after,
                "encode_cpu": rec["encode_cpu"],
                "encode_wall": rec["encode_end"] - rec["encode_start"],
                "start_delay": rec["encode_start"] - rec["submit"],
                "hand_off": rec["vector"] - rec["encode_end"],
                "two_free_cores": before + max(rec["encode_cpu"], meanwhile) + after,
            }
            for k, v in values.items():
                parts[k].append(v)
    finally:
        Retriever._encode_ahead, Embedder.encode_query, InProcessBackend.dense_search = originals  # type: ignore[method-assign]
    return {k: _ms(v) for k, v in parts.items() if v}


def probe_encode(questions: list[str], repeats: int = 3) -> dict[str, Any]:
    """One question at a time, the way `ask` encodes it: `Embedder.encode_query` (the engine called directly)
    against sentence-transformers' `encode_query` (the wrapper it replaced), alternating per question; CPU and
    wall p50, and whether the two vectors are bit-identical. The engine's threads: OMP_NUM_THREADS at load."""
    import numpy as np

    from index.embed import Embedder

    embedder = Embedder()
    model = embedder._model
    texts = [q[:64] for q in questions]  # what the retriever encodes (DENSE_QUERY_CHARS)
    model.encode_query(texts[:1], normalize_embeddings=True, convert_to_numpy=True)  # warm-up
    direct: dict[str, list[float]] = {"wall": [], "cpu": []}
    wrapper: dict[str, list[float]] = {"wall": [], "cpu": []}
    identical = 0
    for _ in range(repeats):
        for text in texts:
            t, c = time.perf_counter(), time.process_time()
            ours = embedder.encode_query(text)
            direct["wall"].append(time.perf_counter() - t)
            direct["cpu"].append(time.process_time() - c)
            t, c = time.perf_counter(), time.process_time()
            theirs = model.encode_query([text], normalize_embeddings=True, convert_to_numpy=True)[0]
            wrapper["wall"].append(time.perf_counter() - t)
            wrapper["cpu"].append(time.process_time() - c)
            identical += bool(np.array_equal(ours, theirs))
    return {
        "direct_wall_ms": _ms(direct["wall"]),
        "direct_cpu_ms": _ms(direct["cpu"]),
        "wrapper_wall_ms": _ms(wrapper["wall"]),
        "wrapper_cpu_ms": _ms(wrapper["cpu"]),
        "bit_identical": f"{identical}/{repeats * len(texts)}",
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS", "(default)"),
        "questions": len(texts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.probe")
    sub = parser.add_subparsers(dest="what", required=True)
    load = sub.add_parser("load")
    load.add_argument("index_dir", type=Path)
    ask = sub.add_parser("ask")
    ask.add_argument("index_dir", type=Path)
    ask.add_argument("questions", type=Path)
    ask.add_argument("--vectors", type=Path)
    ask.add_argument("--profile", type=Path)
    ask.add_argument("--torch-threads", type=int, help="torch.set_num_threads for the query encoder")
    ask.add_argument("--stages", action="store_true", help="also the CPU per ask of each part (bench.probe.STAGES)")
    ask.add_argument(
        "--timeline", action="store_true", help="also where an ask's time goes around the encoding (ask_timeline)"
    )
    encode = sub.add_parser("encode")
    encode.add_argument("questions", type=Path)
    encode.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.what == "load":
        result = probe_load(args.index_dir)
    elif args.what == "encode":
        result = probe_encode(json.loads(args.questions.read_text("utf-8")), args.repeats)
    else:
        questions = json.loads(args.questions.read_text("utf-8"))
        result = probe_ask(
            args.index_dir,
            questions,
            args.vectors,
            args.profile,
            args.torch_threads,
            stages=args.stages,
            timeline=args.timeline,
        )
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
