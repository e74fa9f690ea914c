"""Real `qa` command processes, cheaply: forked from one parent that has already imported torch.

Importing sentence-transformers (torch, transformers) takes 13–20 s here, and a test that kills `qa index`
at eight points would pay it eight times. So one helper process imports everything once (the imports start no
threads, so forking after them is safe) and forks a child per command; the child runs the real click
command, `qa.cli.main([...])`, as its own process with its own pid, stdout/stderr going to a log file.
Tests can SIGKILL such a child or let the QA_CRASH_AT hook kill it; its exit code says which.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SERVER = r"""
import json, os, sys, traceback
import logging
import jieba
import sentence_transformers  # noqa: F401  the slow import, done once before any fork
import qa.cli
from index.embed import Embedder
from index.places import Gazetteer

# Warm what every child would load again (none of it starts a thread): jieba's shared dictionary, the
# gazetteer, the model's lazily imported classes.
jieba.setLogLevel(logging.WARNING)
jieba.initialize()
Gazetteer.default()
Embedder()._model

def start(job):
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        log = os.open(job["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.environ.update(job.get("env", {}))
        qa.cli.main(job["argv"], prog_name="qa")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)

for line in sys.stdin:
    request = json.loads(line)
    if request["op"] == "start":
        reply = {"pids": [start(job) for job in request["jobs"]]}
    else:
        reply = {"codes": [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in request["pids"]]}
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
"""


class ForkServer:
    def __init__(self) -> None:
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "OMP_NUM_THREADS": "1"}
        env.pop("QA_CRASH_AT", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env
        )

    def _call(self, request: dict, timeout: float) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            raise TimeoutError(f"the fork server did not answer {request['op']!r} in {timeout:.0f} s")
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the fork server exited (code {self.proc.poll()})")
        return json.loads(line)

    def start(self, argv: list[str], log: Path, env: dict[str, str] | None = None) -> int:
        """Fork a child running `qa <argv>`; its pid."""
        return self.start_many([(argv, log, env)])[0]

    def start_many(self, jobs: list[tuple[list[str], Path, dict[str, str] | None]]) -> list[int]:
        """Fork a child per job (argv, log file, extra environment), all running at once; their pids. The
        first call also waits for the imports."""
        reply = self._call(
            {"op": "start", "jobs": [{"argv": a, "log": str(log), "env": e or {}} for a, log, e in jobs]}, timeout=300
        )
        return reply["pids"]

    def wait(self, pids: list[int], timeout: float = 300) -> list[int]:
        """Exit codes (negative: killed by that signal). Children still running at the timeout are killed."""
        try:
            return self._call({"op": "wait", "pids": pids}, timeout)["codes"]
        except TimeoutError:
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            raise

    def run(self, argv: list[str], log: Path, env: dict[str, str] | None = None, timeout: float = 300) -> int:
        """Run `qa <argv>` in a child and wait for it; its exit code."""
        return self.wait([self.start(argv, log, env)], timeout)[0]

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


_shared: ForkServer | None = None


def fork_server() -> ForkServer:
    """One fork server for the whole test session, started on first use and stopped at exit."""
    global _shared
    if _shared is None or _shared.proc.poll() is not None:
        _shared = ForkServer()
        atexit.register(_shared.close)
    return _shared
