"""The cost of analysing the costliest questions we can construct (issue 17: ≤ 100 ms for 1,000 characters).

    python -m bench.analysis_cost [--index-dir var/index]

Times `qa.analysis.analyze` plus the needles the answer features build from it (jieba words and the capped
part-of-speech tagging), and, with an index, the whole `Assistant.ask`, for adversarial 1,000-character
questions: repeated interrogatives, repeated place names, one unpunctuated run, punctuation only, markup.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import Needle

N = 1000
QUESTIONS = {
    "interrogatives": ("多少几个什么哪些如何" * N)[:N],
    "place names": ("江门市陕西省贾汪区平湖市" * N)[: N - 7] + "有多少爱心驿站",
    "one run": ("爱心驿站职工服务中心基层工会联合会" * N)[: N - 4] + "有多少个",
    "clauses": ("江门有多少爱心驿站，" * N)[:N],
    "punctuation": ("？！。，、；：" * N)[:N],
    "markup": ("<script>alert(1)</script>" * N)[:N],
    "units": ("多少万元多少人次多少平方公里" * N)[:N],
    "years": ("2023年" * N)[:N],
}


def best_of(fn: Callable[[], object], runs: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index-dir", type=Path, default=None, help="also time Assistant.ask on this index")
    args = parser.parse_args()
    tokenizer = Tokenizer()
    analyze("热身")
    Needle.of("热身爱心驿站", tokenizer.cut, tokenizer.pos)

    def analysis(text: str) -> None:
        q = analyze(text)
        Needle.of(q.head or q.target, tokenizer.cut, tokenizer.pos)
        Needle.of(q.target, tokenizer.cut, tokenizer.pos)

    assistant = None
    if args.index_dir is not None:
        from qa.answer import Assistant
        from qa.config import Settings

        assistant = Assistant.load(Settings(index_dir=args.index_dir, torch_threads=1))
        assistant.ask("热身")
    print(f"{'question (1,000 chars)':<22} {'analysis min/median ms':>24} {'ask min/median ms':>20}")
    for name, text in QUESTIONS.items():
        assert len(text) == N, (name, len(text))
        low, mid = best_of(functools.partial(analysis, text))
        ask = ""
        if assistant is not None:
            a_low, a_mid = best_of(functools.partial(assistant.ask, text), 3)
            ask = f"{a_low:9.1f} / {a_mid:7.1f}"
        print(f"{name:<22} {low:12.1f} / {mid:9.1f} {ask:>20}")


if __name__ == "__main__":
    main()
