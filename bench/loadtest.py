"""Loopback load test: N concurrent clients against `qa serve` for a while; throughput, latency, errors, RSS.

    python -m bench.loadtest                     # start `qa serve` on a free loopback port over QA_INDEX_DIR
    python -m bench.loadtest --url http://127.0.0.1:8000 --clients 8 --duration 10

Each client is a closed loop (send, wait for the answer, optionally think, send again) of a mix of
requests: mostly POST /api/ask, some /api/search, /api/documents/{id} and /healthz. A warm-up period runs
first and is not counted. When it starts the server itself it also reads the server's resident memory (RSS)
before, every 10 s, and after. Exit status 1 when a goal is missed: no errors, p99 within --p99-ms, RSS grown
by no more than --rss-growth-mb over the second half of the run (steady state). Needs httpx (installed with
the test extra).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QUESTIONS = (
    "江门有多少爱心驿站",
    "陕西建成了多少家省级职工书屋",
    "台州有多少家联合工会",
    "平湖户外劳动者驿站累计服务了多少人次",
    "台州有多少爱心驿站",
    "温州有多少职工书屋",
    "全国有多少农民工",
    "工会为职工追回了多少劳动报酬",
)
SEARCHES = ("爱心驿站", "职工书屋", "联合工会", "劳模工匠", "农民工 欠薪")
MIX = (("ask", 0.75), ("search", 0.15), ("document", 0.05), ("health", 0.05))


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {kind: [] for kind, _ in MIX})
    errors: dict[str, int] = field(default_factory=dict)
    first_errors: list[str] = field(default_factory=list)  # the first few, in full
    started: float = field(default_factory=time.monotonic)

    def record(self, kind: str, seconds: float, error: str | None, detail: str = "") -> None:
        if error is None:
            self.latencies[kind].append(seconds)
            return
        self.errors[error] = self.errors.get(error, 0) + 1
        if len(self.first_errors) < 10:
            self.first_errors.append(
                f"{time.monotonic() - self.started:.1f} s: {kind} after {seconds * 1000:.0f} ms: "
                f"{error} {detail}".strip()
            )

    @property
    def ok(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def failed(self) -> int:
        return sum(self.errors.values())


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def proc_status(pid: int, key: str) -> int | None:
    """A number from /proc/<pid>/status (VmRSS in kB, Threads)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_mb(pid: int) -> float | None:
    kb = proc_status(pid, "VmRSS")
    return kb / 1024 if kb is not None else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`qa serve` in a child process on a free loopback port."""

    def __init__(self, index_dir: str | None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Open for the server's lifetime (its stdout), closed in stop(): no `with` block fits.
        self.log = tempfile.NamedTemporaryFile("w+", prefix="qa-serve-", suffix=".log", delete=False)  # noqa: SIM115
        command = [sys.executable, "-m", "qa.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        if index_dir:
            command += ["--index-dir", index_dir]
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, env=env)

    def wait_ready(self, timeout: float = 300) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"`qa serve` exited with {self.process.returncode}:\n{self.tail()}")
            try:
                response = httpx.get(self.url + "/healthz", timeout=5)
            except httpx.HTTPError:
                time.sleep(0.2)
                continue
            if response.status_code == 200:
                return
            if response.status_code == 503 and "starting" not in response.text:
                raise SystemExit(f"the server has no index: {response.json().get('detail')}")
            time.sleep(0.2)
        raise SystemExit(f"`qa serve` did not answer /healthz in {timeout:.0f} s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        self.log.flush()
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


async def client(
    http: Any, until: float, stats: Stats | None, doc_ids: list[str], think: float, rng: random.Random
) -> None:
    kinds, weights = [kind for kind, _ in MIX], [weight for _, weight in MIX]
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        started = time.perf_counter()
        error, detail = None, ""
        try:
            if kind == "ask":
                response = await http.post("/api/ask", json={"question": rng.choice(QUESTIONS)})
            elif kind == "search":
                response = await http.get("/api/search", params={"q": rng.choice(SEARCHES), "k": 10})
            elif kind == "document" and doc_ids:
                response = await http.get(f"/api/documents/{rng.choice(doc_ids)}")
            else:
                response = await http.get("/healthz")
            if response.status_code != 200:
                error, detail = f"HTTP {response.status_code}", response.text[:200]
            else:
                response.json()
        except Exception as exc:  # a refused or dropped connection, a timeout, a body that is not JSON
            error, detail = type(exc).__name__, repr(exc.__cause__ or exc)[:200]
        if stats is not None:
            stats.record(kind, time.perf_counter() - started, error, detail)
        if think:
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think)


async def sample_rss(pid: int | None, until: float, every: float, samples: list[float]) -> None:
    while pid is not None and time.monotonic() < until:
        await asyncio.sleep(min(every, max(0.0, until - time.monotonic())))
        value = rss_mb(pid)
        if value is not None:
            samples.append(round(value, 1))


async def run_load(
    url: str,
    clients: int,
    seconds: float,
    think: float,
    seed: int,
    pid: int | None = None,
    rss_samples: list[float] | None = None,
    keepalive_expiry: float = 2.0,
) -> Stats:
    import httpx

    # A pooled connection is dropped after `keepalive_expiry` idle seconds. It must be shorter than the
    # server's keep-alive timeout (uvicorn: 5 s), or the client now and then reuses a connection at the very
    # moment the server closes it and gets a ReadError for a request the server never saw; httpx's default
    # is also 5 s.
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=keepalive_expiry)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        doc_ids = [d["doc_id"] for d in (await http.get("/api/documents")).json()]
        stats = Stats()
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(client(http, until, stats, doc_ids, think, random.Random(seed + i)) for i in range(clients)),
            sample_rss(pid, until, 10.0, rss_samples if rss_samples is not None else []),
        )
    return stats


def report(
    stats: Stats, seconds: float, rss: dict[str, float | None], args: argparse.Namespace, rss_samples: list[float]
) -> dict[str, Any]:
    every = [x for v in stats.latencies.values() for x in v]
    ms = {f"p{q}": round(percentile(every, q) * 1000, 1) for q in (50, 95, 99)}
    ms["max"] = round(max(every) * 1000, 1) if every else float("nan")
    rss = dict(rss)
    threads = rss.pop("threads", None)
    before, after = rss.get("after_warmup"), rss.get("end")
    growth = round(after - before, 1) if before is not None and after is not None else None
    # Steady state: the second half of the run (the first minutes also fill the thread pool, one malloc
    # arena and torch workspace per worker thread, which is growth that stops).
    half = rss_samples[len(rss_samples) // 2 - 1 :] if len(rss_samples) >= 2 else []
    late_growth = round(half[-1] - half[0], 1) if half else None
    result = {
        "clients": args.clients,
        "seconds": seconds,
        "think_ms": args.think_ms,
        "requests": stats.ok + stats.failed,
        "ok": stats.ok,
        "errors": stats.failed,
        "error_kinds": stats.errors,
        "first_errors": stats.first_errors,
        "requests_per_s": round((stats.ok + stats.failed) / seconds, 1),
        "latency_ms": ms,
        "by_endpoint": {
            kind: {
                "n": len(v),
                "p50_ms": round(percentile(v, 50) * 1000, 1),
                "p99_ms": round(percentile(v, 99) * 1000, 1),
            }
            for kind, v in stats.latencies.items()
        },
        "rss_mb": {k: (round(v, 1) if v is not None else None) for k, v in rss.items()},
        "rss_growth_mb": growth,
        "rss_every_10s_mb": rss_samples,
        "rss_growth_second_half_mb": late_growth,
        "server_threads": threads,
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
    }
    result["goals"] = {
        "no errors": stats.failed == 0,
        f"p99 <= {args.p99_ms} ms": ms["p99"] <= args.p99_ms,
        f"RSS growth over the second half <= {args.rss_growth_mb} MB": late_growth is None
        or late_growth <= args.rss_growth_mb,
    }
    return result


def print_report(r: dict[str, Any]) -> None:
    print(
        f"\n{r['clients']} clients, {r['seconds']:.0f} s, think time {r['think_ms']} ms "
        f"({r['cpus']} CPUs, load average {', '.join(f'{x:.1f}' for x in r['load_average'])})"
    )
    print(f"  requests   {r['requests']}  ({r['requests_per_s']}/s), errors {r['errors']} {r['error_kinds'] or ''}")
    for line in r["first_errors"]:
        print(f"    {line}")
    lat = r["latency_ms"]
    print(f"  latency    p50 {lat['p50']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms, max {lat['max']} ms")
    for kind, e in r["by_endpoint"].items():
        print(f"    {kind:<9} n={e['n']:<6} p50 {e['p50_ms']} ms, p99 {e['p99_ms']} ms")
    rss = r["rss_mb"]
    if any(v is not None for v in rss.values()):
        print("  server RSS " + ", ".join(f"{k} {v} MB" for k, v in rss.items()) + f" (growth {r['rss_growth_mb']} MB)")
        print(
            f"    every 10 s while measuring: {r['rss_every_10s_mb']} (second half: {r['rss_growth_second_half_mb']} MB; "
            f"{r['server_threads']} server threads at the end)"
        )
    for goal, met in r["goals"].items():
        print(f"  {'met   ' if met else 'MISSED'} {goal}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="an already running server (default: start `qa serve` on a free port)")
    parser.add_argument("--index-dir", help="index for the server it starts (default: QA_INDEX_DIR)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of load before measuring")
    parser.add_argument("--think-ms", type=float, default=0.0, help="mean pause of a client between requests")
    parser.add_argument("--p99-ms", type=float, default=200.0)
    parser.add_argument(
        "--rss-growth-mb",
        type=float,
        default=10.0,
        help="most the server's RSS may grow over the second half of the run",
    )
    parser.add_argument(
        "--keepalive-expiry",
        type=float,
        default=2.0,
        help="seconds an idle client connection is kept (below the server's keep-alive timeout)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    try:
        import httpx  # noqa: F401
    except ImportError:
        parser.error("needs httpx: pip install -e '.[test]'")

    server = None if args.url else Server(args.index_dir)
    try:
        url = args.url or server.url  # type: ignore[union-attr]
        if server is not None:
            print(f"starting `qa serve` on {url} …", flush=True)
            server.wait_ready()
        pid = server.process.pid if server is not None else None
        rss: dict[str, float | None] = {"idle": rss_mb(pid) if pid else None}
        if args.warmup > 0:
            print(f"warm-up: {args.clients} clients for {args.warmup:.0f} s", flush=True)
            asyncio.run(
                run_load(
                    url,
                    args.clients,
                    args.warmup,
                    args.think_ms / 1000,
                    args.seed + 10_000,
                    keepalive_expiry=args.keepalive_expiry,
                )
            )
        rss["after_warmup"] = rss_mb(pid) if pid else None
        print(f"measuring: {args.clients} clients for {args.duration:.0f} s", flush=True)
        started = time.monotonic()
        rss_samples: list[float] = []
        stats = asyncio.run(
            run_load(
                url,
                args.clients,
                args.duration,
                args.think_ms / 1000,
                args.seed,
                pid,
                rss_samples,
                args.keepalive_expiry,
            )
        )
        seconds = time.monotonic() - started
        rss["end"] = rss_mb(pid) if pid else None
        rss["threads"] = proc_status(pid, "Threads") if pid else None
        server_log = server.tail(40) if server is not None and stats.failed else ""
    finally:
        if server is not None:
            server.stop()
    result = report(stats, seconds, rss, args, rss_samples)
    if server_log:
        print(f"the server's log (last lines):\n{server_log}")
    print_report(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    return 0 if all(result["goals"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
