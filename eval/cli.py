"""`qa eval SET`: run an eval set, print the metric table, write results.json + report.html, and optionally
gate against (or update) eval/baselines.json. Registered in qa/cli.py with
`main.add_command(eval_command, "eval")`."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from eval import baselines as gate
from eval.keys import grouped
from qa.errors import QAError, cli_line, settings_error

if TYPE_CHECKING:
    from eval.results import EvalResult

# The runner, the index and the model are imported inside the command, so `qa --help` stays quick.

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


SPLIT_LABELS = {"all": "all", "train": "train", "heldout": "held-out"}


def metrics_table(result: EvalResult) -> Table:
    """Rows are metrics; columns are each mode run × split (all, train, held-out), so a held-out figure
    is never read as a training one. The mode-independent answer metrics sit under the last mode."""
    from eval.report import fmt
    from eval.results import SPLIT_NAMES

    splits = [s for s in SPLIT_NAMES if result.split in ("all", s)]
    by_split = {s: grouped(result.by_split.get(s, {})) for s in splits}
    names: list[str] = []
    for mode in result.modes:
        for s in splits:
            names += [n for n in by_split[s].get(mode, {}) if n not in names]
    sizes = ", ".join(
        f"{SPLIT_LABELS[s]} {sum(1 for row in result.rows if s == 'all' or row['split'] == s)}" for s in splits
    )
    skipped = f" ({len(result.meta['skipped'])} skipped: empty)" if result.meta.get("skipped") else ""
    if result.meta.get("limit"):
        skipped += f" · first {result.meta['limit']} only"
    if result.meta.get("answers", "all") != "all":
        skipped += f" · answers: {result.meta['answers']}"
    table = Table(title=f"{result.set_name} · questions: {sizes}{skipped} · k={result.k}")
    table.add_column("metric")
    for mode in result.modes:
        for s in splits:
            table.add_column(f"{mode}\n{SPLIT_LABELS[s]}", justify="right")
    for name in names:
        table.add_row(
            escape(name),
            *(fmt(name, by_split[s].get(mode, {}).get(name)) for mode in result.modes for s in splits),
        )
    answer_names: list[str] = []
    for s in splits:
        answer_names += [n for n in by_split[s].get("answer", {}) if n not in answer_names]
    if answer_names:
        table.add_section()
        blank = [""] * (len(splits) * (len(result.modes) - 1))
        for name in answer_names:
            # Assistant.ask answers with hybrid whatever --mode says: one value per split, shown once.
            table.add_row(
                escape(f"answer {name}"), *blank, *(fmt(name, by_split[s].get("answer", {}).get(name)) for s in splits)
            )
    return table


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("set_path", metavar="SET", type=click.Path(path_type=Path))
@click.option(
    "--mode",
    type=click.Choice(["bm25", "dense", "hybrid", "all"]),
    default="all",
    show_default=True,
    help="Retrieval mode(s) to measure. Answer metrics always come from the assistant (hybrid).",
)
@click.option(
    "--k",
    "k",
    default=10,
    show_default=True,
    type=click.IntRange(1, 100),
    help="Depth for recall@k, MRR@k and nDCG@k (recall is also given at 1 and 5).",
)
@click.option(
    "--split",
    type=click.Choice(["all", "train", "heldout"]),
    default="all",
    show_default=True,
    help="Run only the questions of one split (eval/splits.py: 30% held out by id). Figures are always "
    "reported for all, train and held-out.",
)
@click.option(
    "--answers",
    type=click.Choice(["all", "numeric", "none"]),
    default="all",
    show_default=True,
    help="Which questions to ask the assistant: every one with an answer check, only numeric and "
    "unanswerable ones (quicker on large BEIR sets), or none (retrieval only).",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=None,
    help="Evaluate only the first N questions (file order, after --split): a quick look at a large set.",
)
@click.option("--check", is_flag=True, help="Exit 1 when a metric fell more than --tolerance below the baseline.")
@click.option(
    "--tolerance",
    default=gate.DEFAULT_TOLERANCE,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Allowed absolute drop per metric for --check.",
)
@click.option("--update-baseline", is_flag=True, help="Store this run's figures as the set's baseline.")
@click.option(
    "--baselines",
    "baselines_path",
    default=gate.DEFAULT_BASELINES,
    show_default="eval/baselines.json",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The baselines file.",
)
@click.option(
    "--out-dir",
    default=None,
    show_default="var/eval",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where <set>/results.json, <set>/report.html and BEIR sets' cached indexes go.",
)
@click.option(
    "--index-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Index for a question file (default: QA_INDEX_DIR; built from QA_CORPUS if missing). "
    "BEIR sets always use their own cached index.",
)
def eval_command(**options: Any) -> None:
    """Evaluate retrieval and answers on SET: a question file (.jsonl, shared/eval format) or a BEIR
    directory (corpus.jsonl, queries.jsonl, qrels/*.tsv, optional answers.jsonl).

    Prints recall@1/5/k, MRR@k, nDCG@k and latency per mode, plus number accuracy, abstention accuracy,
    evidence@5 and answer-holds-gold of the answers, each for all questions, the train split and the
    held-out split; writes <out-dir>/<set>/results.json and report.html.

    \b
    Examples:
      qa eval eval/sets/dev_questions.jsonl --mode all
      qa eval eval/sets/cmrc2018-trial --mode bm25 --k 20
      qa eval eval/sets/drcd-dev --split heldout
      qa eval eval/sets/dev_questions.jsonl --check --tolerance 0.02
    """
    try:
        _run(**options)
    except QAError as exc:  # the CLI's one error line, as `qa` prints it for every QAError
        click.echo(cli_line(exc), err=True)
        raise SystemExit(1) from None


def _run(
    set_path: Path,
    mode: str,
    k: int,
    split: str,
    answers: str,
    limit: int | None,
    check: bool,
    tolerance: float,
    update_baseline: bool,
    baselines_path: Path,
    out_dir: Path | None,
    index_dir: Path | None,
) -> None:
    if check and update_baseline:
        raise click.UsageError("--check and --update-baseline exclude each other: check first, then update")
    if (check or update_baseline) and (split != "all" or answers != "all" or limit is not None):
        raise click.UsageError(
            "the baseline holds whole-set figures: --check and --update-baseline need --split all, "
            "--answers all and no --limit"
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # before anything imports sentence-transformers
    from eval.datasets import load_set
    from eval.runner import DEFAULT_OUT_ROOT, evaluate, prepare_index, set_dir, write_results
    from qa.answer import Assistant
    from qa.config import Settings
    from qa.retrieve import MODES, Mode

    started = time.perf_counter()
    out_dir = out_dir or DEFAULT_OUT_ROOT
    eval_set = load_set(set_path)  # invalid sets fail here, before any model is loaded
    baseline = gate.load(baselines_path) if check or update_baseline else {}
    if check and eval_set.name not in baseline:
        raise gate.BaselineError(
            f"{baselines_path} has no baseline for {eval_set.name!r}; run `qa eval {set_path} --update-baseline` first"
        )
    try:
        settings = Settings()
    except ValueError as exc:  # pydantic's ValidationError: one `error:` line, as `qa` prints it
        raise settings_error(exc) from None
    modes: list[Mode] = list(MODES) if mode == "all" else [cast(Mode, mode)]
    interactive = sys.stderr.isatty()
    target = prepare_index(eval_set, settings, out_dir, index_dir, show_progress=interactive)
    assistant = Assistant.load(settings, target)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=not interactive,
    ) as progress:
        result = evaluate(assistant, eval_set, modes, k, progress, split, answers, limit)
    results_path, report_path = write_results(result, set_dir(eval_set, out_dir))

    console.print(metrics_table(result))
    console.print(
        f"[dim]{escape(str(results_path))}\n{escape(str(report_path))}\n{time.perf_counter() - started:.1f} s in all[/]"
    )

    if update_baseline:
        gate.save(gate.update(baseline, eval_set.name, result.metrics), baselines_path)
        console.print(f"baseline for {escape(eval_set.name)} written to {escape(str(baselines_path))}")
    if check:
        regressions = gate.check(baseline[eval_set.name], result.metrics, [*modes, "answer"], tolerance)
        if regressions:
            for r in regressions:
                err_console.print(
                    f"[bold red]regression[/] {escape(eval_set.name)} {escape(str(r))} (tolerance {tolerance})"
                )
            sys.exit(1)
        console.print(
            f"[green]check passed[/]: no metric of {escape(eval_set.name)} fell more than {tolerance} "
            f"below {escape(str(baselines_path))}"
        )


if __name__ == "__main__":  # pragma: no cover
    eval_command()
