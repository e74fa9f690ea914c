"""Progress of a long build as plain lines, for logs, pipes and CI (rich draws bars only on a terminal).

Same calls as the part of `rich.progress.Progress` that `index.build` uses (`add_task`, `update`,
`advance`), so the build reports through either. A task prints at most one line per `interval` seconds,
and one when it completes.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Self, TextIO


@dataclass(slots=True)
class _Task:
    description: str
    total: float
    completed: float = 0.0
    started: float = 0.0
    printed: float = 0.0
    done: bool = False


def _number(x: float) -> str:
    return f"{x:.0f}" if x == int(x) else f"{x:.2f}"


class PlainProgress:
    def __init__(self, stream: TextIO | None = None, interval: float = 5.0) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.tasks: list[_Task] = []

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        return None

    def add_task(self, description: str, total: float | None = None) -> int:
        now = time.monotonic()
        self.tasks.append(_Task(description, float(total or 0), started=now, printed=now))
        return len(self.tasks) - 1

    def advance(self, task: int, advance: float = 1) -> None:
        self.update(task, completed=self.tasks[task].completed + advance)

    def update(self, task: int, *, completed: float | None = None, description: str | None = None) -> None:
        state = self.tasks[task]
        if completed is not None:
            state.completed = completed
        if description is not None:
            state.description = description
        now = time.monotonic()
        finished = state.total > 0 and state.completed >= state.total
        if (finished and not state.done) or now - state.printed >= self.interval:
            state.printed, state.done = now, finished
            share = f" ({100 * state.completed / state.total:.0f}%)" if state.total else ""
            amount = f"{_number(state.completed)}/{_number(state.total)}" if state.total else _number(state.completed)
            elapsed = now - state.started
            # items/s (chunks/s while embedding), once there is a second to average over
            rate = f", {state.completed / elapsed:,.1f}/s" if elapsed >= 1 and state.completed else ""
            print(f"{state.description}: {amount}{share}, {elapsed:.0f} s{rate}", file=self.stream, flush=True)
