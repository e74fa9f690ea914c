"""Measurements that need a fresh process; `bench.run` starts them and reads one JSON line from stdout.

python -m bench.probe load INDEX_DIR
    cold start: imports, CorpusIndex.load (checksums included), peak RSS (ru_maxrss), the first query
python -m bench.probe ask INDEX_DIR QUESTIONS.json [--vectors FAISS_FILE] [--profile OUT.txt] [--torch-threads N]
    Assistant.ask on every question, called in-process (not over HTTP), with the packaged model
    encoding each question; `--vectors` swaps in another vector index of the same chunks (e.g. HNSW)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

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
    index_dir: Path, questions: list[str], vectors: Path | None, profile: Path | None, torch_threads: int | None = None
) -> dict:
    from index.embed import Embedder
    from index.reader import CorpusIndex
    from index.vectors import VectorIndex
    from qa.answer import Assistant
    from qa.config import Settings

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
    args = parser.parse_args()
    if args.what == "load":
        result = probe_load(args.index_dir)
    else:
        questions = json.loads(args.questions.read_text("utf-8"))
        result = probe_ask(args.index_dir, questions, args.vectors, args.profile, args.torch_threads)
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
