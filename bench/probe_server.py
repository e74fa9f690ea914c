"""`make probe`: the hostile-client probe of issue 17, repeatable. Starts `qa serve` on a free loopback port
over an existing index, runs each attack (bounded in time and count), prints a table of the figures and
writes them as JSON; the server is stopped at the end whatever happens.

    python -m bench.probe_server [--index-dir DIR] [--clients 8] [--seconds 10] [--json var/probe.json]

Attacks and what is measured:
- header flood: one connection streaming never-ending headers for up to 2 s: the server's RSS growth, the
  bytes it took before closing, how it answered;
- slowloris: 20 connections sending one header byte every 0.5 s, and one sending nothing: how long the
  server keeps them (capped at 30 s);
- slow body / over-limit body: time to the 408, and the 413 for a declared 100 MB body (connection closed);
- costly questions: several constructed 1,000-character questions, each asked 3 times: the costliest (ms);
- /healthz p50/p99 while `--clients` clients send the costliest question without pause;
- 40 asks at once: how many get the JSON 503 (concurrency limit) and how many an answer;
- GET /api/documents: median ms of 5;
- surface: HEAD / and /healthz, the swagger demo page, a hostile Host header in a redirect, security
  headers, the document page with ?start=² and a 5,000-digit offset.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

START_TIMEOUT_S = 240.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def running_server(index_dir: str | None, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    command = [sys.executable, "-m", "qa.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if index_dir:
        command += ["--index-dir", index_dir]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise SystemExit(f"qa serve exited during start-up; see {log}")
            try:
                health = httpx.get(f"{url}/healthz", timeout=2)
                if health.status_code == 200:
                    break
                if "starting" not in health.text:  # up, but no index it can serve: no point waiting
                    raise SystemExit(f"qa serve has no index to serve: {health.json().get('detail')}")
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"qa serve did not answer /healthz with 200 in {START_TIMEOUT_S:.0f} s; see {log}")
            time.sleep(0.5)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def _connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=5)


def _drain(s: socket.socket, limit_s: float = 5.0) -> bytes:
    s.settimeout(limit_s)
    data = b""
    try:
        while len(data) < 1 << 16:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except (TimeoutError, ConnectionResetError, OSError):
        pass
    return data


def _status(data: bytes) -> str:
    return data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/1.1 ") else ("closed" if not data else "?")


def header_flood(port: int, pid: int, seconds: float = 2.0) -> dict[str, Any]:
    before = peak = rss_mb(pid)
    s = _connect(port)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    sent, started, closed = 0, time.monotonic(), False
    line = b"X-Flood: " + b"a" * 8000 + b"\r\n"
    while time.monotonic() - started < seconds:
        try:
            s.sendall(line)
            sent += len(line)
        except OSError:
            closed = True
            break
        peak = max(peak, rss_mb(pid))
    answer = _drain(s, 2.0)
    s.close()
    peak = max(peak, rss_mb(pid))
    return {
        "rss_growth_mb": round(peak - before, 1),
        "sent_kb": sent // 1024,
        "closed": closed,
        "status": _status(answer),
    }


def slowloris(port: int, connections: int = 20, cap_s: float = 30.0) -> dict[str, Any]:
    sockets = []
    for _ in range(connections):
        s = _connect(port)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        s.setblocking(False)
        sockets.append(s)
    idle = _connect(port)
    idle.setblocking(False)
    started = time.monotonic()
    held: dict[int, float] = {}
    everyone = [*sockets, idle]
    while len(held) < len(everyone) and time.monotonic() - started < cap_s:
        for n, s in enumerate(everyone):
            if n in held:
                continue
            try:
                if s is not idle:
                    s.send(b"X")
                if s.recv(1024) == b"":
                    held[n] = time.monotonic() - started
            except BlockingIOError:
                continue
            except OSError:
                held[n] = time.monotonic() - started
        time.sleep(0.5)
    for s in everyone:
        s.close()
    trickle = [held.get(n, cap_s) for n in range(connections)]
    return {
        "trickling_held_max_s": round(max(trickle), 1),
        "silent_held_s": round(held.get(connections, cap_s), 1),
        "still_open_at_cap": sum(1 for n in range(len(everyone)) if n not in held),
    }


def slow_body(port: int) -> dict[str, Any]:
    s = _connect(port)
    s.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
    started = time.monotonic()
    answer = _drain(s, 60)
    s.close()
    slow = {"slow_body_status": _status(answer), "slow_body_s": round(time.monotonic() - started, 1)}
    s = _connect(port)
    started = time.monotonic()
    s.sendall(
        b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n"
    )
    answer = _drain(s, 10)
    s.close()
    slow.update(
        over_limit_status=_status(answer),
        over_limit_ms=round((time.monotonic() - started) * 1000, 1),
        over_limit_closed=b"connection: close" in answer.lower(),
    )
    return slow


def costly_questions() -> dict[str, str]:
    """1,000-character questions built to be expensive for each analysis step (tagging, number and place
    scans, the BM25 query). Seeded: the same text every run."""
    rng = random.Random(17)
    common = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
    return {
        "多少 × 333": "多少" * 333 + "?",
        "place names": ("江门市台州市陕西省温州市" * 100)[:999] + "?",
        "numbers and units": ("1234万元5.6%七十二个" * 100)[:999] + "?",
        "random characters": "".join(rng.choice(common) for _ in range(996)) + "有多少?",
        "one long word": "爱" * 999 + "?",
    }


def ask_ms(url: str, question: str) -> float:
    started = time.perf_counter()
    response = httpx.post(f"{url}/api/ask", json={"question": question}, timeout=120)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code not in (200, 422):
        raise RuntimeError(f"/api/ask answered {response.status_code}: {response.text[:200]}")
    return elapsed


def costliest(url: str) -> tuple[str, dict[str, float]]:
    normal = statistics.median(ask_ms(url, "江门有多少爱心驿站") for _ in range(3))
    costs = {name: max(ask_ms(url, q) for _ in range(3)) for name, q in costly_questions().items()}
    worst = max(costs, key=lambda k: costs[k])
    return worst, {"normal_question_ms": round(normal, 1), **{k: round(v, 1) for k, v in costs.items()}}


def health_under_load(url: str, question: str, clients: int, seconds: float) -> dict[str, Any]:
    stop = threading.Event()
    answered, refused = [0], [0]

    def client() -> None:
        with httpx.Client(timeout=120) as http:
            while not stop.is_set():
                response = http.post(f"{url}/api/ask", json={"question": question})
                if response.status_code == 503:
                    refused[0] += 1
                    time.sleep(0.1)
                else:
                    answered[0] += 1

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    time.sleep(1.0)  # let them fill the server
    latencies = []
    with httpx.Client(timeout=30) as http:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            started = time.perf_counter()
            assert http.get(f"{url}/healthz").status_code == 200
            latencies.append((time.perf_counter() - started) * 1000)
            time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join(150)
    latencies.sort()
    return {
        "healthz_p50_ms": round(latencies[len(latencies) // 2], 1),
        "healthz_p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 1),
        "healthz_max_ms": round(latencies[-1], 1),
        "healthz_samples": len(latencies),
        "costly_asks_answered": answered[0],
        "costly_asks_refused": refused[0],
    }


def burst(url: str, n: int = 40) -> dict[str, Any]:
    codes: list[int] = []
    details: set[str] = set()

    def one() -> None:
        response = httpx.post(f"{url}/api/ask", json={"question": "江门有多少爱心驿站"}, timeout=120)
        codes.append(response.status_code)
        if response.status_code == 503:
            details.add(response.json()["detail"])

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(150)
    return {"burst_200": codes.count(200), "burst_503": codes.count(503), "burst_503_detail": sorted(details)}


def listing_ms(url: str) -> dict[str, Any]:
    times = []
    count = 0
    for _ in range(5):
        started = time.perf_counter()
        response = httpx.get(f"{url}/api/documents", timeout=120)
        times.append((time.perf_counter() - started) * 1000)
        count = len(response.json())
    return {
        "listing_ms": round(statistics.median(times), 1),
        "listing_first_ms": round(times[0], 1),
        "documents": count,
    }


def surface(url: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["head_/"] = httpx.head(f"{url}/", timeout=10).status_code
    out["head_/healthz"] = httpx.head(f"{url}/healthz", timeout=10).status_code
    out["swagger_demo_index"] = httpx.get(f"{url}/swagger-ui/index.html", timeout=10).status_code
    redirect = httpx.get(f"{url}/api/documents/", headers={"Host": "evil.example"}, timeout=10)
    out["host_reflected"] = "evil.example" in redirect.headers.get("location", "")
    headers = httpx.get(f"{url}/healthz", timeout=10).headers
    out["security_headers"] = all(
        h in headers for h in ("content-security-policy", "x-content-type-options", "referrer-policy")
    )
    doc_id = httpx.get(f"{url}/api/documents", timeout=60).json()[0]["doc_id"]
    for name, value in (("start=²", "²"), ("end=①", "①"), ("5000 digits", "9" * 5000)):
        key = "end" if name.startswith("end") else "start"
        out[f"doc_page_{name}"] = httpx.get(f"{url}/documents/{doc_id}", params={key: value}, timeout=30).status_code
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    log = Path(args.log)
    log.parent.mkdir(parents=True, exist_ok=True)
    with running_server(args.index_dir, log) as (url, process):
        port = int(url.rsplit(":", 1)[1])
        steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
            ("header flood", lambda: header_flood(port, process.pid)),
            ("slowloris", lambda: slowloris(port)),
            ("bodies", lambda: slow_body(port)),
            ("listing", lambda: listing_ms(url)),
            ("surface", lambda: surface(url)),
        ]
        if args.only_health:
            steps = []
        for name, step in steps:
            print(f"probe: {name} …", file=sys.stderr, flush=True)
            figures.update(step())
        print("probe: costly questions …", file=sys.stderr, flush=True)
        worst, costs = ("one long word", {"one long word": 0.0}) if args.only_health else costliest(url)
        figures.update(costs)
        figures["costliest_question"] = worst
        figures["costliest_ms"] = costs[worst]
        print(
            f"probe: /healthz under {args.clients} costly clients for {args.seconds:g} s …", file=sys.stderr, flush=True
        )
        figures.update(health_under_load(url, costly_questions()[worst], args.clients, args.seconds))
        if not args.only_health:
            print("probe: 40 asks at once …", file=sys.stderr, flush=True)
            figures.update(burst(url))
        figures["server_rss_end_mb"] = round(rss_mb(process.pid), 1)
    return figures


GOALS = {
    "rss_growth_mb": "≤ 20",
    "trickling_held_max_s": "≤ 12",
    "silent_held_s": "≤ 12",
    "costliest_ms": "≤ 100",
    "healthz_p99_ms": "≤ 50",
    "listing_ms": "no chunk parsed",
    "over_limit_status": "413, closed",
    "slow_body_status": "408",
}


def print_table(figures: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="qa serve under hostile clients (loopback)")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("goal")
    for key, value in figures.items():
        table.add_row(key, str(value), GOALS.get(key, ""))
    Console().print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index-dir", help="index to serve (default: QA_INDEX_DIR or var/index)")
    parser.add_argument("--clients", type=int, default=8, help="costly clients while /healthz is timed")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long /healthz is timed under load")
    parser.add_argument("--only-health", action="store_true", help="only /healthz under costly clients")
    parser.add_argument("--json", default="var/probe.json", help="where the figures are written")
    parser.add_argument("--log", default="var/probe-serve.log", help="the server's log")
    args = parser.parse_args()
    figures = run(args)
    print_table(figures)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2), "utf-8")
    print(f"figures written to {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
