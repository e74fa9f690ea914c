"""The `qa` command: build the index, ask, serve the page and the API, run evals."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from index.errors import QAError
from qa.config import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


class QACommand(click.Group):
    """Turns QAError (and bad settings) into a one-line message and exit code 1 instead of a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except QAError as exc:
            err_console.print(f"[bold red]error:[/] {escape(str(exc))}")
            sys.exit(1)


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValueError as exc:
        raise click.UsageError(f"invalid settings: {exc}") from None


@click.group(cls=QACommand, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Answer questions about Chinese work reports, with the number and the passage it came from.

    \b
    Typical use:
      qa index                      build the index of corpus/ (once; again when reports change)
      qa ask "江门有多少爱心驿站"     the answer, its number and the cited passage
      qa serve                      the chat page and JSON API on http://127.0.0.1:8000
      qa eval eval/sets/dev_questions.jsonl --mode all

    Settings come from QA_* environment variables (QA_INDEX_DIR, QA_EMBED_MODEL, …).
    """


@main.command("index")
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Folder of .txt/.md reports, a report file, or a BEIR corpus.jsonl (repeatable). Default: corpus/.",
)
@click.option("--index-dir", type=click.Path(path_type=Path), help="Where to write the index (default: QA_INDEX_DIR).")
@click.option("--force", is_flag=True, help="Rebuild even if the corpus and settings are unchanged.")
def index_command(corpus: tuple[Path, ...], index_dir: Path | None, force: bool) -> None:
    """Build (or refresh) the hybrid index of the reports."""
    from index.build import build_index

    settings = load_settings(index_dir=index_dir, corpus=list(corpus) or None)
    summary = build_index(
        settings.corpus,
        settings.index_dir,
        settings.embed_model,
        force=force,
        hnsw_threshold=settings.hnsw_threshold,
        show_progress=True,  # a bar on a terminal, plain lines in a log
    )
    state = "built" if summary.built else "up to date (use --force to rebuild)"
    console.print(
        f"index {state}: {summary.index_dir}\n"
        f"  documents {summary.documents}, chunks {summary.chunks}, skipped {summary.skipped_empty} empty "
        f"and {summary.skipped_duplicate} duplicate files, {summary.seconds:.1f} s"
        + (
            f"\n  {summary.encoded} chunks encoded, {summary.chunks - summary.encoded} from the vector cache"
            if summary.built
            else ""
        )
    )


@main.command()
@click.argument("question")
@click.option("--top-k", default=5, show_default=True, type=click.IntRange(1, 50), help="Passages to cite.")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/ask JSON body.")
@click.option("--index-dir", type=click.Path(path_type=Path), help="Index to use (default: QA_INDEX_DIR).")
def ask(question: str, top_k: int, as_json: bool, index_dir: Path | None) -> None:
    """Answer QUESTION from the reports, citing the passages."""
    from qa.answer import Assistant, QuestionError

    settings = load_settings(index_dir=index_dir)
    assistant = Assistant.load(settings)
    try:
        answer = assistant.ask(question, top_k)
    except QuestionError as exc:
        raise click.BadParameter(str(exc), param_hint="QUESTION") from None
    if as_json:
        click.echo(json.dumps(answer.model_dump(), ensure_ascii=False, indent=2))
        return
    from qa.render import render_answer

    render_answer(console, answer)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--index-dir", type=click.Path(path_type=Path), help="Index to serve (default: QA_INDEX_DIR).")
def serve(host: str, port: int, index_dir: Path | None) -> None:
    """Serve the chat page and the JSON API."""
    import uvicorn

    from web.app import create_app

    settings = load_settings(index_dir=index_dir)
    console.print(f"serving on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    # Keep-alive longer than clients keep idle connections (httpx: 5 s), so a reused connection is never
    # one the server is just closing.
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", timeout_keep_alive=75)


from eval.cli import eval_command  # noqa: E402  cheap to import: the model and index load inside the command

main.add_command(eval_command, "eval")

if __name__ == "__main__":  # pragma: no cover
    main()
