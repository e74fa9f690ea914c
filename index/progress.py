"""Progress of long index stages: a rich bar with items/s on a terminal, plain timestamped lines otherwise
(logs, CI, a server's build thread), so a long `qa index` is never silent."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

PLAIN_EVERY_S = 5.0


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        unit = task.fields.get("unit", "")
        return Text(f"{task.speed:,.1f} {unit}/s" if task.speed else "", style="progress.data.speed")


class BuildProgress:
    """`stage(name, total)` gives the function to call with each batch's size."""

    def __init__(self, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self._rich: Progress | None = None

    @contextmanager
    def running(self) -> Iterator[BuildProgress]:
        if self.enabled and self.stream.isatty():
            self._rich = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                _RateColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=False,
            )
            with self._rich:
                yield self
            self._rich = None
        else:
            yield self

    def stage(self, name: str, total: int, unit: str = "chunks", note: str = "") -> Callable[[int], None]:
        if not self.enabled:
            return lambda n: None
        if self._rich is not None:
            rich = self._rich
            task = rich.add_task(f"{name}{f' ({note})' if note else ''}", total=total, unit=unit)
            return lambda n: rich.advance(task, n)
        return self._plain(name, total, unit, note)

    def _plain(self, name: str, total: int, unit: str, note: str) -> Callable[[int], None]:
        started = last = time.perf_counter()
        done = 0
        print(f"{name}: {total:,} {unit}{f' ({note})' if note else ''}", file=self.stream, flush=True)

        def advance(n: int) -> None:
            nonlocal done, last
            done += n
            now = time.perf_counter()
            if done >= total or now - last >= PLAIN_EVERY_S:
                last = now
                rate = done / max(now - started, 1e-9)
                eta = f", {(total - done) / rate:.0f} s left" if done < total and rate > 0 else ""
                print(
                    f"{name}: {done:,}/{total:,} {unit}, {rate:,.1f} {unit}/s{eta}",
                    file=self.stream,
                    flush=True,
                )

        return advance
