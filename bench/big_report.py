"""`make bench` (big reports): how long chunking a single large report takes, and its peak memory.

    python -m bench.big_report                 1, 10 and 50 MB, and 1 MB of short lines
    python -m bench.big_report --sizes 0.05    any sizes in MB (the test runs a tiny one)

A report of the requested size is generated from the lines of the seed reports in `corpus/` (headings,
bylines and paragraphs, in a fixed pseudo-random order, so place names, numbers and sections are real),
plus a run of short heading-like lines in every tenth of it (the worst case for section tracking). Each
size runs in a fresh process: cleaning (`clean_text`), then places, chunking and numbers (`chunk_corpus`),
each timed (wall and CPU time: CPU time is what compares on a busy machine), and the process's peak RSS.
Results on the terminal and in var/bench/big_report.json.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20240601
DEFAULT_SIZES = "1,10,50,short:1"


def report_text(megabytes: float, seed: int = SEED, shape: str = "report") -> str:
    """A report of about `megabytes` MB (UTF-8) made of the seed reports' lines; shape "short": nothing but
    short heading-like lines (a table dump), the worst case for section tracking."""
    lines = [
        line.strip()
        for path in sorted((ROOT / "corpus").glob("*.txt"))
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    out: list[str] = []
    size = 0
    block = 0
    while size < target:
        block += 1
        if shape == "short" or block % 10 == 0:  # 200 short lines (never rejoined): table rows, list items
            picked = [f"{rng.choice(lines)[:4]}{n:03d}" for n in range(200)]
        else:
            picked = rng.sample(lines, min(len(lines), 40))
        for line in picked:
            out.append(line)
            size += len(line.encode()) + 1
    return "\n".join(out)


def measure_one(megabytes: float, shape: str = "report") -> dict[str, float | str]:
    """In this process: generate, clean, chunk; timings in seconds and peak RSS in MB."""
    from index.build import chunk_corpus
    from index.documents import Document, clean_text
    from index.places import Gazetteer

    gazetteer = Gazetteer.default()
    raw = report_text(megabytes, shape=shape)
    started = time.perf_counter()
    text = clean_text(raw)
    cleaned, cleaned_cpu = time.perf_counter(), time.process_time()
    doc = Document(doc_id="big", title="big", text=text, source="generated", sha256="")
    chunks = chunk_corpus([doc], gazetteer)
    chunked, chunked_cpu = time.perf_counter(), time.process_time()
    return {
        "shape": shape,
        "mb": round(len(raw.encode()) / 1e6, 2),
        "clean_s": round(cleaned - started, 2),
        "chunk_s": round(chunked - cleaned, 2),
        "chunk_cpu_s": round(chunked_cpu - cleaned_cpu, 2),  # CPU time: comparable on a busy machine
        "chunks": len(chunks),
        "mb_per_s": round(len(raw.encode()) / 1e6 / max(chunked - started, 1e-9), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="chunking time and peak memory of one large generated report")
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help="comma-separated MB; short:N is N MB of short lines only"
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one size here ("short:1")
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "big_report.json")
    args = parser.parse_args(argv)
    if args.one is not None:
        shape, _, size = args.one.rpartition(":")
        print(json.dumps(measure_one(float(size), shape or "report")))
        return
    results = []
    for size in (s.strip() for s in args.sizes.split(",") if s.strip()):
        # A fresh process per size: its peak RSS is that size's alone.
        done = subprocess.run(
            [sys.executable, "-m", "bench.big_report", "--one", size],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        row = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(row)
        print(
            f"{row['shape']:>6} {row['mb']:>7.2f} MB  clean {row['clean_s']:>7.2f} s  places+chunks+numbers {row['chunk_s']:>7.2f} s (CPU {row['chunk_cpu_s']:.2f} s)  "
            f"{row['chunks']:>7} chunks  {row['mb_per_s']:.2f} MB/s  peak RSS {row['peak_rss_mb']:.0f} MB",
            flush=True,
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "sizes": results}, indent=1))


if __name__ == "__main__":
    main()
