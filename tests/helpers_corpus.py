"""Two versions of a small corpus (the second changes a number and adds a file), for the tests that
rebuild an index under a reader: crash-safety (test_crash) and reload while serving (test_reload)."""

from __future__ import annotations

from pathlib import Path

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
