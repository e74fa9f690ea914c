"""The `qa` command: build the index, ask, serve the page and the API, run evals.

The composition root: the one module of qa that may use web and eval, and only inside the commands that
need them (`serve` imports web.app; `eval` is loaded from eval.cli when it is run or asked for help).
"""

from __future__ import annotations

import errno
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.markup import escape

from qa.config import Settings, upload_inputs
from qa.errors import QAError, cli_line, settings_error

os.environ.setdefault("HF_HUB_OFFLINE", "1")
console = Console(highlight=False)


# Commands defined outside qa, imported only when run (or listed by --help): "module:attribute".
LAZY_COMMANDS = {"eval": "eval.cli:eval_command"}


def _fail(line: str) -> NoReturn:
    from qa.render import terminal_safe  # messages quote file names and ids from the corpus

    click.echo(terminal_safe(line), err=True)
    sys.exit(1)


def os_error_message(exc: OSError) -> str:
    """One line that says what failed and what to do, for the operating-system failures a user can meet."""
    where = f" {exc.filename}" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"no space left on the device while writing{where}; free some space and run the command again"
    if exc.errno == errno.EDQUOT:
        return f"disk quota exceeded while writing{where}; free some space and run the command again"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (
            f"cannot write{where} ({exc.strerror}); use a writable folder (--index-dir or QA_INDEX_DIR) "
            "or fix its permissions"
        )
    return f"{exc.strerror or exc}{':' if where else ''}{where}"


class QACommand(click.Group):
    """Every failure is one `error: …` line saying what to do, and exit code 1, never a traceback:
    QAError (what the user can fix), OS errors (disk full, read-only folder) and, as a last resort,
    anything unexpected (QA_DEBUG=1 shows its traceback). Loads the commands of LAZY_COMMANDS when needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            import importlib

            module, attribute = LAZY_COMMANDS[cmd_name].split(":")
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except QAError as exc:
            _fail(cli_line(exc))
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            _fail("error: interrupted; nothing was changed unless the command said it finished")
        except OSError as exc:
            if os.environ.get("QA_DEBUG"):
                raise
            _fail(f"error: {os_error_message(exc)}")
        except Exception as exc:  # the last resort: one line, not a traceback
            if os.environ.get("QA_DEBUG"):
                raise
            _fail(f"error: unexpected {type(exc).__name__}: {exc} (run again with QA_DEBUG=1 for the details)")


def load_settings(**overrides: Any) -> Settings:
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValueError as exc:  # pydantic's ValidationError
        raise settings_error(exc) from None


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
    help="Folder of reports (.txt .md .pdf .docx .html, scanned .png/.jpg/.tif), a report file, or a BEIR "
    "corpus.jsonl (repeatable). Default: corpus/.",
)
@click.option("--index-dir", type=click.Path(path_type=Path), help="Where to write the index (default: QA_INDEX_DIR).")
@click.option(
    "--force",
    is_flag=True,
    help="Rebuild everything even if the corpus and settings are unchanged (vectors of unchanged chunks are "
    "still reused).",
)
@click.option(
    "--uploads/--no-uploads",
    default=None,
    help="Also index the reports uploaded through the API (QA_UPLOAD_DIR). Default: yes without --corpus (the "
    "index `qa serve` serves), no with --corpus (an index of exactly those files, e.g. an eval set).",
)
def index_command(corpus: tuple[Path, ...], index_dir: Path | None, force: bool, uploads: bool | None) -> None:
    """Build (or refresh) the hybrid index of the reports.

    Incremental: files unchanged since the last build are not read again, and unchanged reports keep their
    chunks, numbers, places, BM25 counts and vectors; only added or changed reports are read and encoded."""
    from index.build import build_index

    settings = load_settings(index_dir=index_dir, corpus=list(corpus) or None)
    with_uploads = not corpus if uploads is None else uploads
    inputs = [*settings.corpus, *(upload_inputs(settings, settings.corpus) if with_uploads else [])]
    summary = build_index(
        inputs,
        settings.index_dir,
        settings.embed_model,
        force=force,
        hnsw_threshold=settings.hnsw_threshold,
        show_progress=True,  # bars on a terminal, plain lines in logs and pipes
        max_file_bytes=int(settings.max_file_mb * 2**20),
        sentence_vectors=settings.sentence_vectors,
    )
    from qa.render import terminal_safe

    state = "built" if summary.built else "up to date (use --force to rebuild)"
    console.print(
        escape(
            terminal_safe(
                f"index {state}: {summary.index_dir}\n"
                f"  documents {summary.documents}, chunks {summary.chunks}, skipped {summary.skipped_empty} empty "
                f"and {summary.skipped_duplicate} duplicate files, {len(summary.failed)} failed, "
                f"{summary.seconds:.1f} s"
                + (
                    f"\n  {summary.encoded} chunks encoded, {summary.chunks - summary.encoded} from the vector cache"
                    + (
                        f"; {summary.sentences_encoded} sentences encoded, "
                        f"{summary.sentences - summary.sentences_encoded} reused"
                        if summary.sentences
                        else ""
                    )
                    + f"\n  {summary.reused_documents} of {summary.documents} reports unchanged ({summary.reused_chunks} "
                    f"chunks reused), {summary.unread} files not read again"
                    + (f"\n  previous build not reused: {summary.not_reused}" if summary.not_reused else "")
                    if summary.built
                    else ""
                )
            )
        ),
        soft_wrap=True,
    )
    for source, reason in summary.skipped:
        console.print(escape(terminal_safe(f"  skipped {source}: {reason}")), soft_wrap=True)
    if summary.failed:
        console.print(f"[yellow]{len(summary.failed)} file(s) could not be read and are not in the index:[/]")
        for failed in summary.failed:
            console.print(escape(terminal_safe(f"  {failed.source}: {failed.reason}")), soft_wrap=True)
    if settings.backend == "milvus":
        _sync_milvus(settings, force)


def _sync_milvus(settings: Settings, force: bool) -> None:
    """QA_BACKEND=milvus: write the local build's chunks, vectors and BM25 weights into the collection."""
    from index.milvus_backend import connect, sync
    from index.reader import CorpusIndex

    index = CorpusIndex.load(settings.index_dir, settings.embed_model)
    client = connect(settings.milvus_uri, settings.milvus_token)
    try:
        summary = sync(index, client, settings.milvus_collection, force=force)
    finally:
        client.close()
    console.print(
        f"milvus {settings.milvus_uri} collection {settings.milvus_collection}: {summary.inserted_chunks} chunks "
        f"written, {summary.deleted_documents} reports removed, {summary.kept_documents} kept, "
        f"{summary.new_terms} new terms"
    )


@main.command()
@click.argument("question")
@click.option("--top-k", default=5, show_default=True, type=click.IntRange(1, 50), help="Passages to cite.")
@click.option("--json", "as_json", is_flag=True, help="Print the /api/ask JSON body.")
@click.option("--index-dir", type=click.Path(path_type=Path), help="Index to use (default: QA_INDEX_DIR).")
@click.option("--explain", is_flag=True, help="Show the top answer candidates, their features and scores.")
@click.option(
    "--after",
    "earlier",
    multiple=True,
    metavar="QUESTION",
    help="An earlier question of the conversation, oldest first (repeatable), so QUESTION can be a "
    'follow-up: qa ask "那平湖呢" --after "江门有多少爱心驿站".',
)
def ask(
    question: str, top_k: int, as_json: bool, index_dir: Path | None, earlier: tuple[str, ...], explain: bool
) -> None:
    """Answer QUESTION from the reports, citing the passages."""
    from qa.answer import Assistant
    from qa.schemas import Turn

    settings = load_settings(index_dir=index_dir)
    assistant = Assistant.load(settings)
    if assistant.outdated:
        _warn_outdated(settings.index_dir, assistant.outdated)
    history = [Turn(question=q, answer="") for q in earlier] if earlier else None
    # A QuestionError (empty, too long) is an `error:` line.
    answer = assistant.ask(question, top_k, history=history, explain=explain)
    from qa.render import json_terminal_safe, render_answer, render_explain

    if as_json:
        body = answer.model_dump(mode="json", exclude=None if explain else {"explain"})
        click.echo(json_terminal_safe(json.dumps(body, ensure_ascii=False, indent=2)))
        return

    render_answer(console, answer)
    if explain:
        render_explain(console, answer)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--index-dir", type=click.Path(path_type=Path), help="Index to serve (default: QA_INDEX_DIR).")
def serve(host: str, port: int, index_dir: Path | None) -> None:
    """Serve the chat page and the JSON API."""
    settings = load_settings(index_dir=index_dir)
    # The port is taken before anything loads, so a busy one is a one-line message, not a traceback after
    # start-up; the socket is then handed to uvicorn (no window for another program to take the port).
    sock = listen_socket(host, port)
    from web.app import create_app
    from web.server import serve as run_server

    console.print(f"serving on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    # uvicorn with h11 and bounded heads, bodies and idle time (web/server.py), on the socket taken above
    run_server(create_app(settings), host, port, settings.header_timeout_s, sockets=[sock])


def _warn_outdated(index_dir: Path, reasons: list[str]) -> None:
    click.echo(
        f"warning: the index at {index_dir} was built by another version of this program ({'; '.join(reasons)}); "
        "run `qa index` to bring it up to date",
        err=True,
    )


def listen_socket(host: str, port: int) -> socket.socket:
    """A socket bound to host:port, or exit 1 with what to do when that port is taken or not allowed."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: a restart reuses the port
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            why = f"port {port} is already in use on {host} (another server running?)"
        elif exc.errno == errno.EACCES:
            why = f"no permission to use port {port} on {host}"
        else:
            why = f"cannot listen on {host}:{port}: {exc.strerror or exc}"
        _fail(f"error: {why}; pick another port: make run PORT=8123 (or: qa serve --port 8123)")
    return sock


if __name__ == "__main__":  # pragma: no cover
    main()
