"""Reports added and removed through the API: the uploads folder, the rebuild that follows, and the list
of reports with each one's status.

- An upload is checked (name, kind, size, that it can be read) and saved into `QA_UPLOAD_DIR` (default
  var/uploads), a folder the server's rebuild indexes besides the corpus (and `qa index` without --corpus). Names are made safe; the doc_id is the saved
  file's stem, so one name per report across corpus and uploads.
- Then the index is rebuilt by a `qa index` child process (its own memory and GIL: answers go on at full
  speed meanwhile), which builds aside and swaps atomically as always; the server then loads the new build
  (web/state.py), so no answer ever comes from a half-built index. Rebuilds run one at a time: uploads and
  deletes made during one are taken by the next.
- A file the build could not read is moved to `<uploads>/.failed/` with its reason beside it (a hidden
  folder, which `qa index` skips), so one bad file never blocks the others; it is listed as failed.
- Delete removes an uploaded file (and rebuilds). Reports that live in the corpus folders are the user's
  own files: the server never deletes them (409, saying to remove the file and run `qa index`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import subprocess
import sys
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from qa.config import Settings
from qa.errors import QAError
from qa.library import REPORT_SUFFIXES, build_sources, decode_bytes, has_text, place_of_title
from qa.schemas import DocumentSummary
from web.state import Service, public_text

log = logging.getLogger("web")

FAILED = ".failed"  # hidden: `qa index` skips folders starting with a dot
INCOMING = ".incoming"
REASON_SUFFIX = ".reason.txt"
MAX_FILES = 20  # per request
MAX_STEM_CHARS = 80
REBUILD_TIMEOUT_S = 3600.0
UPLOAD_TIMEOUT_S = 300.0  # the whole upload request body
_UNSAFE = re.compile(r"[^\w\-.]+")  # \w is Unicode-aware: Chinese names stay as they are
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class UploadRefused(ValueError):
    """A file that will not be saved; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class FileResult:
    filename: str
    doc_id: str | None
    status: str  # indexing (saved, index being rebuilt) or failed
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"filename": self.filename, "doc_id": self.doc_id, "status": self.status, "error": self.error}


def safe_name(filename: str) -> tuple[str, str]:
    """(stem, suffix) of the file as it will be saved: the last path part only, NFKC, characters other than
    letters, digits, `-`, `_` and `.` replaced by `_`, no leading dot. Raises UploadRefused."""
    name = PurePosixPath(unicodedata.normalize("NFKC", filename or "").replace("\\", "/")).name.strip()
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        kinds = "、".join(REPORT_SUFFIXES)
        raise UploadRefused(f"不支持的文件类型“{suffix or '无扩展名'}”：可上传 {kinds} 文件")
    stem = _UNSAFE.sub("_", name[: -len(suffix)]).strip("._")[:MAX_STEM_CHARS]
    if not stem:
        raise UploadRefused("文件名无效：去掉特殊字符后为空，请改名后上传")
    return stem, suffix


def _readable(data: bytes, name: str, suffix: str) -> None:
    """Refuse what `qa index` would refuse or skip, before it is saved (plain-text kinds; other kinds are
    checked by their reader during the build, and a failure there is listed with its reason)."""
    if not data:
        raise UploadRefused("文件是空的")
    if suffix in (".txt", ".md"):
        try:
            text = decode_bytes(data, name)
        except QAError:
            raise UploadRefused("无法读取：不是 UTF-8 或 GB18030 编码的文本，请另存为 UTF-8 后上传") from None
        if not has_text(text):
            raise UploadRefused("文件没有文字内容")


class ReportManager:
    """The uploads folder and its rebuilds, for one app. Thread-safe: routes call it from the thread pool."""

    def __init__(self, settings: Settings, service: Callable[[], Service], *, python: str = sys.executable) -> None:
        self.settings = settings
        self.folder = Path(settings.upload_dir)
        self._service = service
        self._python = python
        self._files_lock = threading.Lock()  # checks and writes of one upload or delete at a time
        self._state_lock = threading.Lock()
        self._wanted = False  # a rebuild is needed (set by uploads/deletes, taken by the worker)
        self._worker: threading.Thread | None = None
        self._process: subprocess.Popen[str] | None = None
        self._closed = False
        self.started: float | None = None  # the rebuild in progress
        self.output: deque[str] = deque(maxlen=20)  # its last lines (progress)
        self.last_error: str | None = None
        self.last_seconds: float | None = None
        self.rebuilds = 0
        self._catalogue_key: int | None = None
        self._catalogue: list[DocumentSummary] = []
        self._sources: dict[str, str] = {}  # doc_id → source, of the loaded index
        self._digests: dict[str, str] = {}  # sha256 → doc_id, of the loaded index

    # -- what is there ----------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._wanted or (self._worker is not None and self._worker.is_alive())

    def _uploaded_files(self) -> dict[str, Path]:
        try:
            if not self.folder.is_dir():
                return {}
            return {
                p.stem: p
                for p in sorted(self.folder.iterdir())
                if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in REPORT_SUFFIXES
            }
        except OSError as exc:  # an unreadable folder: list the index alone, say why in the log
            log.warning("cannot read the uploads folder %s: %s", self.folder, exc)
            return {}

    def _failed_files(self) -> dict[str, tuple[Path, str]]:
        folder = self.folder / FAILED
        out = {}
        try:
            if not folder.is_dir():
                return {}
            for p in sorted(folder.iterdir()):
                if p.is_file() and not p.name.endswith(REASON_SUFFIX):
                    reason_file = p.with_name(p.name + REASON_SUFFIX)
                    reason = reason_file.read_text("utf-8", "replace") if reason_file.is_file() else "未能编入索引"
                    out[p.stem] = (p, reason)
        except OSError as exc:
            log.warning("cannot read %s: %s", folder, exc)
        return out

    def _is_upload(self, source: str) -> bool:
        parent = os.path.dirname(source)
        return parent in {str(self.folder), os.path.abspath(self.folder), str(self.folder.resolve())}

    def _index_catalogue(self) -> list[DocumentSummary]:
        """The loaded index's reports, computed once per index (an index never changes once built): from
        the document table and one JSON row per document, no text and no chunk parsed."""
        assistant = self._service().assistant
        if assistant is None:
            self._catalogue_key, self._catalogue, self._sources, self._digests = None, [], {}, {}
            return []
        index = assistant.index
        if self._catalogue_key == id(index):
            return self._catalogue
        counts = index.chunk_counts()
        documents = index.documents
        if hasattr(documents, "metadata") and hasattr(documents, "chars"):
            rows = list(zip(documents.metadata(), documents.chars().tolist()))
        else:  # an index held in memory (tests)
            rows = [
                ({k: getattr(d, k) for k in ("doc_id", "title", "source", "sha256")}, len(d.text))
                for d in documents.values()
            ]
        created = str(index.manifest.get("created") or "") or None
        stat_sources = len(rows) <= 20_000  # a file's date per report; a huge (BEIR) corpus shows the build's
        # The place a report is about, from its passages as the citations say it (a few chunks read per report,
        # once per loaded index); a huge corpus gets the place its title names only.
        places = getattr(assistant, "report_places", None) if stat_sources else None
        catalogue, sources, digests = [], {}, {}
        for meta, chars in rows:
            doc_id, source = str(meta["doc_id"]), str(meta.get("source", ""))
            sources[doc_id] = source
            if meta.get("sha256"):
                digests[str(meta["sha256"])] = doc_id
            upload = self._is_upload(source)
            catalogue.append(
                DocumentSummary(
                    doc_id=doc_id,
                    title=str(meta.get("title") or doc_id),
                    chars=int(chars),
                    chunks=counts.get(doc_id, 0),
                    origin="upload" if upload else "corpus",
                    place=meta.get("place")
                    or (places.place_of_document(doc_id) if places is not None else None)
                    or _place_of(str(meta.get("title") or "")),
                    pages=meta.get("pages"),
                    ocr=meta.get("ocr"),
                    added=meta.get("added")
                    or (_mtime_iso(Path(source)) if upload or stat_sources else None)
                    or created,
                )
            )
        self._catalogue_key, self._catalogue, self._sources, self._digests = id(index), catalogue, sources, digests
        return catalogue

    def catalogue(self) -> list[DocumentSummary]:
        """Every report: those in the index (ready, or deleting when its upload was removed), then uploads
        not in it yet (indexing) and failed ones (with the reason)."""
        with self._state_lock:
            indexed = self._index_catalogue()
            sources = self._sources
        uploaded, failed, busy = self._uploaded_files(), self._failed_files(), self.busy
        out: list[DocumentSummary] = []
        for doc in indexed:
            if doc.origin == "upload" and doc.doc_id not in uploaded:
                doc = doc.model_copy(update={"status": "deleting" if busy else "ready"})
            out.append(doc)
        for stem, path in uploaded.items():
            if stem in sources:
                continue
            status, reason = ("indexing", None) if busy else ("failed", self.last_error or "尚未编入索引")
            out.append(
                DocumentSummary(
                    doc_id=stem,
                    title=path.name,
                    chars=0,
                    chunks=0,
                    status=status,
                    reason=reason,
                    origin="upload",
                    added=_mtime_iso(path),
                )
            )
        for stem, (path, reason) in failed.items():
            if stem in sources or stem in uploaded:
                continue
            out.append(
                DocumentSummary(
                    doc_id=stem,
                    title=path.name,
                    chars=0,
                    chunks=0,
                    status="failed",
                    reason=reason,
                    origin="upload",
                    added=_mtime_iso(path),
                )
            )
        return out

    def status(self) -> dict[str, Any]:
        started = self.started
        return {
            "state": "indexing" if self.busy else "idle",
            "seconds": round(time.monotonic() - started, 1) if started is not None else None,
            "message": public_text(self.output[-1]) if self.output and started is not None else None,
            "last_error": self.last_error,
            "last_seconds": self.last_seconds,
            "rebuilds": self.rebuilds,
        }

    # -- changes ------------------------------------------------------------------------------------------

    def save(self, files: list[tuple[str, bytes | None]]) -> list[FileResult]:
        """Check and save each file (None: over the size limit, not read); a rebuild follows when any was
        saved. One bad file does not stop the others."""
        results: list[FileResult] = []
        with self._files_lock:
            with self._state_lock:
                self._index_catalogue()
                taken = set(self._sources)
                digests = dict(self._digests)
            uploaded = self._uploaded_files()
            taken |= set(uploaded)
            for path in uploaded.values():
                try:
                    digests.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), path.stem)
                except OSError:
                    continue
            for filename, data in files:
                try:
                    stem, suffix = safe_name(filename)
                    if data is None or len(data) > self.settings.max_upload_bytes:
                        raise UploadRefused(f"文件太大：上限 {_size(self.settings.max_upload_bytes)}")
                    _readable(data, filename, suffix)
                    if stem in taken:
                        raise UploadRefused(f"已有名为 {stem} 的报告：请先删除它，或改名后上传")
                    digest = hashlib.sha256(data).hexdigest()
                    if digest in digests:
                        raise UploadRefused(f"与已有报告 {digests[digest]} 内容相同")
                    self._write(stem + suffix, data)
                except UploadRefused as exc:
                    results.append(FileResult(filename, None, "failed", str(exc)))
                    continue
                except OSError as exc:
                    log.error("could not save the upload %r: %s", filename, exc)
                    results.append(FileResult(filename, None, "failed", f"保存失败：{exc.strerror or exc}"))
                    continue
                taken.add(stem)
                digests[digest] = stem
                self._clear_failed(stem)
                results.append(FileResult(filename, stem, "indexing"))
        if any(r.doc_id for r in results):
            self.request_rebuild()
        return results

    def _write(self, name: str, data: bytes) -> None:
        """Into the folder atomically: written aside, synced, then renamed (a build never sees half a file)."""
        incoming = self.folder / INCOMING
        incoming.mkdir(parents=True, exist_ok=True)
        temporary = incoming / f"{os.getpid()}-{threading.get_ident()}-{name}"
        with temporary.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, self.folder / name)

    def _clear_failed(self, stem: str) -> None:
        for path, _ in [v for k, v in self._failed_files().items() if k == stem]:
            path.unlink(missing_ok=True)
            path.with_name(path.name + REASON_SUFFIX).unlink(missing_ok=True)

    def delete(self, doc_id: str) -> tuple[int, dict[str, Any]]:
        """(HTTP status, body) for DELETE /api/documents/{doc_id}."""
        with self._files_lock:
            with self._state_lock:
                self._index_catalogue()
                source = self._sources.get(doc_id)
            uploaded = self._uploaded_files().get(doc_id)
            failed = self._failed_files().get(doc_id)
            if uploaded is not None:
                uploaded.unlink(missing_ok=True)
            elif failed is not None:
                self._clear_failed(doc_id)
                if source is None:
                    return 200, {"doc_id": doc_id, "status": "deleted"}
            elif source is not None and not self._is_upload(source):
                return 409, {
                    "detail": f"报告 {doc_id} 来自语料文件夹（不是上传的），服务器不会删除用户自己的文件：请从该"
                    "文件夹移走它，再运行 qa index。"
                }
            elif source is None:
                return 404, {"detail": f"no report with doc_id {doc_id!r}; GET /api/documents lists them"}
        self.request_rebuild()
        return 202, {"doc_id": doc_id, "status": "deleting"}

    # -- the rebuild ------------------------------------------------------------------------------------

    def request_rebuild(self) -> None:
        with self._state_lock:
            if self._closed:
                return
            self._wanted = True
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._rebuild_loop, name="reports-rebuild", daemon=True)
                self._worker.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no rebuild is wanted or running (tests, shutdown). True when idle."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.busy:
            worker = self._worker
            if worker is not None:
                worker.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
            if deadline is not None and time.monotonic() >= deadline:
                break
        return not self.busy

    def close(self) -> None:
        self._closed = True
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()  # `qa index` builds aside: stopping it leaves the current index as it was

    def _rebuild_loop(self) -> None:
        attempts = 0
        while True:
            with self._state_lock:
                if not self._wanted or self._closed:
                    self._wanted = False
                    return
                self._wanted = False
            attempts += 1
            try:
                again = self._rebuild_once()
            except Exception as exc:  # a bug here must not leave the reports page saying "indexing" forever
                log.exception("the rebuild failed")
                self.last_error = f"重建索引失败：{type(exc).__name__}"
                again = False
            if again and attempts < 50:
                with self._state_lock:
                    self._wanted = True

    def _command(self) -> list[str]:
        """`qa index` over what the served index was built from (its manifest's sources), or the configured
        corpus when there is none, and the uploads folder. Incremental: only the added report is read and
        encoded, a deleted one is dropped from the current build's tables (index.incremental)."""
        sources = build_sources(self.settings.index_dir)
        if not sources:
            sources = [str(p) for p in self.settings.corpus]
        upload_dir = {str(self.folder), os.path.abspath(self.folder), str(self.folder.resolve())}
        sources = [s for s in sources if s not in upload_dir and Path(s).exists()]
        command = [self._python, "-m", "qa.cli", "index", "--index-dir", str(self.settings.index_dir)]
        for source in [*sources, str(self.folder.resolve())]:  # --corpus given: `qa index` adds no uploads itself
            command += ["--corpus", source]
        return command

    def _rebuild_once(self) -> bool:
        """One `qa index` run and the load of its build. True when it should run again (a bad upload was
        set aside)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "QA_UPLOAD_DIR": str(self.folder.resolve()),
            "QA_EMBED_MODEL": self.settings.embed_model,
            "QA_HNSW_THRESHOLD": str(self.settings.hnsw_threshold),
            "HF_HUB_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
        }
        self.output.clear()
        building = set(self._uploaded_files())  # what this build will see; later uploads wait for the next
        self.started = time.monotonic()
        started = self.started
        log.warning("rebuilding the index for uploaded reports: %s", " ".join(self._command()))
        try:
            process = self._process = subprocess.Popen(
                self._command(),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env=env,
                errors="replace",
            )
            killer = threading.Timer(REBUILD_TIMEOUT_S, process.kill)
            killer.start()
            try:
                assert process.stdout is not None
                for line in process.stdout:
                    line = _ANSI.sub("", line).strip()
                    if line:
                        self.output.append(line[:500])
                code = process.wait()
            finally:
                killer.cancel()
            self.last_seconds = round(time.monotonic() - started, 1)
            if code != 0:
                return self._failed_build(code)
            self.last_error = None
            self.rebuilds += 1
            service = self._service()
            service.reload_now(timeout=600)
            if service.assistant is None:
                self.last_error = f"新索引未能加载：{service.error}"
                return False
            self._set_aside_unindexed(service, building)
            return False
        finally:
            self.started = None
            self._process = None

    def _failed_build(self, code: int) -> bool:
        errors = [line for line in self.output if line.startswith("error:")]
        message = errors[-1] if errors else (self.output[-1] if self.output else f"qa index exited with {code}")
        for path in self._uploaded_files().values():
            if path.name in message:  # the build stopped on this file: set it aside, build the rest
                self._set_aside(path, public_text(message.removeprefix("error:").strip()))
                return True
        self.last_error = public_text(message)
        log.warning("rebuild for uploaded reports failed: %s", message)
        return False

    def _set_aside_unindexed(self, service: Service, building: set[str]) -> None:
        """Uploads the new build skipped (empty, duplicate, unreadable): moved to .failed with the reason."""
        assistant = service.assistant
        if assistant is None:
            return
        manifest = assistant.index.manifest
        skipped = manifest.get("skipped", {})
        reasons: dict[str, str] = {}
        for source in skipped.get("empty", []):
            reasons[os.path.basename(str(source))] = "文件没有文字内容"
        for source in skipped.get("duplicate", []):
            reasons[os.path.basename(str(source))] = "与已有报告内容相同"
        for item in manifest.get("failed", []) or []:  # readers record files they could not read
            if isinstance(item, dict):
                reasons[os.path.basename(str(item.get("source", "")))] = str(item.get("reason", "无法读取"))
        documents = assistant.index.documents
        with self._files_lock:
            for stem, path in self._uploaded_files().items():
                if stem in building and stem not in documents:
                    self._set_aside(path, public_text(reasons.get(path.name, "未被编入索引（原因不明，见服务器日志）")))

    def _set_aside(self, path: Path, reason: str) -> None:
        folder = self.folder / FAILED
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / path.name
        os.replace(path, target)
        target.with_name(target.name + REASON_SUFFIX).write_text(reason, "utf-8")
        log.warning("upload %s set aside: %s", path.name, reason)


def _place_of(title: str) -> str | None:
    """The most specific place named in a report's title (cheap: a title is short)."""
    try:
        return place_of_title(title)
    except Exception:  # a place is a nicety in a list: never fail the list for it
        return None


def _mtime_iso(path: Path) -> str | None:
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(path.stat().st_mtime))
    except OSError:
        return None


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"


def body_limits(settings: Settings) -> dict[tuple[str, str], tuple[int, float]]:
    """The upload route's own body size and time limits (web/limits.py)."""
    # multipart framing adds a little per file on top of the files themselves
    return {("POST", "/api/documents"): (settings.max_upload_request_bytes + 64 * 1024, UPLOAD_TIMEOUT_S)}
