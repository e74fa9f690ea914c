"""Small corpora for tests: two versions of one (the second changes a number and adds a file), for the tests that
rebuild an index under a reader: crash-safety (test_crash) and reload while serving (test_reload); and the index and
`Assistant` over a module's own few invented reports (`build_small_index`, `small_assistant`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest

    from qa.answer import Assistant

BEFORE = {
    "a.txt": "江门市总工会报告。\n全市现有户外劳动者工会爱心驿站23个,职工书屋588家。\n",
    "b.md": "台州市总工会报告。\n全市基层工会总数8125家,联合工会846家。\n",
}
AFTER = {
    "a.txt": "江门市总工会报告。\n全市现有户外劳动者工会爱心驿站31个,职工书屋702家。\n",
    "b.md": "台州市总工会报告。\n全市基层工会总数8125家,联合工会846家。\n",
    "c.txt": "平湖市总工会报告。\n平湖户外劳动者驿站累计服务12.5万人次。\n",
}


def write_corpus(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")
    return folder


def build_small_index(tmp_path_factory: pytest.TempPathFactory, files: dict[str, str]) -> Path:
    """An index of the default model over `files` (name -> text), in a fresh temporary folder."""
    from index.build import build_index
    from index.embed import DEFAULT_EMBED_MODEL

    corpus = write_corpus(tmp_path_factory.mktemp("corpus"), files)
    index_dir = tmp_path_factory.mktemp("index")
    build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    return index_dir


def small_assistant(index_dir: Path) -> Assistant:
    """The assistant over an index `build_small_index` made, with the default settings."""
    from qa.answer import Assistant
    from qa.config import Settings

    return Assistant.load(Settings(index_dir=index_dir))
