"""Reader figures on the fixture files (tests/fixtures/readers), against the text they were made from.

    python -m bench.readers [--fixtures DIR] [--expected DIR]
    python -m bench.readers --held-out corpus/   # reports the readers were not tuned on, laid out anew

--held-out lays out each .txt/.md report of DIR (its cleaned text, the first paragraphs) with the tools in
bench/make_docs.py — DOCX, LibreOffice PDF with a running header and page numbers, a two-column reportlab
PDF, a scanned page — reads them back and scores them against the text they were made from.

Per fixture: characters right (1 − CER, whitespace ignored: edit distance to the source text over its
length), the share of the source's numbers found with their unit exactly as written ("3.6万人"), the share
of source paragraphs found as one line, and the share of table rows found exactly. For the PDFs the same
figures for the text before the readers (pypdfium2's plain text + the .txt line repair), as a baseline.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "readers"
EXPECTED = ROOT / "tests" / "fixtures" / "readers_expected"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def figures(got: str, want: str, rows: list[str]) -> dict[str, float]:
    from index.numbers import extract_numbers

    g, w = _squash(got), _squash(want)
    with_unit = [m.text for m in extract_numbers(want) if m.unit and m.kind == "quantity"]
    got_lines = {_squash(x) for x in got.splitlines()}
    want_lines = [x for x in want.splitlines() if x.strip()]
    return {
        "chars_right": 1 - edit_distance(g, w) / max(1, len(w)),
        "numbers_with_unit": (sum(_squash(n) in g for n in with_unit) / len(with_unit)) if with_unit else float("nan"),
        "numbers_found": sum(_squash(n) in g for n in with_unit),
        "numbers": len(with_unit),
        "paragraphs_right": sum(_squash(x) in got_lines for x in want_lines) / max(1, len(want_lines)),
        "table_rows_right": (sum(_squash(r) in got_lines for r in rows) / len(rows)) if rows else float("nan"),
    }


def baseline_pdf(path: Path) -> str:
    """What a plain extraction gives: pypdfium2's page text through the .txt line repair."""
    import pypdfium2 as pdfium

    from index.documents import clean_text

    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        return clean_text("\n".join(pdf[n].get_textpage().get_text_range() for n in range(len(pdf))))
    finally:
        pdf.close()


def held_out(folder: Path, max_paragraphs: int, scan_chars: int) -> None:
    import tempfile

    from bench import make_docs
    from index.chunking import is_heading
    from index.documents import clean_text, decode_bytes, iter_report_files, read_corpus
    from index.readers import ocr_available

    kinds = ["docx", "pdf-libreoffice", "pdf-twocol"] + (["scan-png"] if ocr_available() else [])
    scores: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
    reports = [f for f in iter_report_files(folder) if f.suffix in (".txt", ".md")]
    with tempfile.TemporaryDirectory(prefix="qa-held-out-") as tmp:
        for n, report in enumerate(reports):
            paragraphs = clean_text(decode_bytes(report.read_bytes(), str(report))).splitlines()[:max_paragraphs]
            if len(paragraphs) < 3:
                continue
            title = paragraphs[0][:40]
            work = Path(tmp) / f"r{n}"
            work.mkdir()
            blocks = [("Heading 2" if is_heading(p) else "Normal", p) for p in paragraphs]
            docx_path = make_docs.docx_report(
                work / f"r{n}.docx", title, blocks, header=f"{title[:16]} 内部资料", page_numbers=True, indent_body=True
            )
            pdf_dir = work / "lo"
            pdf_dir.mkdir()
            made = {
                "docx": docx_path,
                "pdf-libreoffice": make_docs.libreoffice_pdf(docx_path, pdf_dir),
                "pdf-twocol": make_docs.twocol_pdf(
                    work / f"r{n}-twocol.pdf", title, "工作通讯 内部资料", paragraphs, size=10.5, lines_per_column=40
                ),
            }
            want = {k: "\n".join(paragraphs) for k in made}
            want["pdf-twocol"] = "\n".join([title, *paragraphs])  # the magazine layout sets the title above
            if "scan-png" in kinds:
                head: list[str] = []
                used = 0
                for p in paragraphs:
                    if used + len(p) > scan_chars and head:
                        break
                    head.append(p)
                    used += len(p)
                make_docs.scanned_page(head, centre_first=False).save(work / f"r{n}-scan.png")
                made["scan-png"] = work / f"r{n}-scan.png"
                want["scan-png"] = "\n".join(head)
            for kind, path in made.items():
                read = read_corpus([path])
                got = read.documents[0].text if read.documents else ""
                scores[kind].append(figures(got, want[kind], []))
    print(f"held out: {len(reports)} reports from {folder}, first {max_paragraphs} paragraphs each")
    print(f"{'layout':16} {'files':>5} {'chars':>7} {'num+unit':>9} {'paras':>7} {'numbers':>8}")
    for kind, rows in scores.items():
        if rows:
            mean = {k: sum(r[k] for r in rows) / len(rows) for k in ("chars_right", "paragraphs_right")}
            # pooled: a page without numbers says nothing about them
            mean["numbers_with_unit"] = sum(r["numbers_found"] for r in rows) / max(1, sum(r["numbers"] for r in rows))
            print(
                f"{kind:16} {len(rows):5} {mean['chars_right']:7.1%} {mean['numbers_with_unit']:9.0%} "
                f"{mean['paragraphs_right']:7.0%} {sum(r['numbers'] for r in rows):8}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--expected", type=Path, default=EXPECTED)
    parser.add_argument("--held-out", type=Path, help="folder of .txt/.md reports to lay out and read back")
    parser.add_argument("--max-paragraphs", type=int, default=40)
    parser.add_argument("--scan-chars", type=int, default=1000, help="text on each held-out scanned page")
    args = parser.parse_args()
    if args.held_out:
        held_out(args.held_out, args.max_paragraphs, args.scan_chars)
        return

    from index.documents import read_corpus
    from index.readers import ocr_available

    print(f"OCR (tesseract chi_sim) available: {ocr_available()}")
    header = f"{'fixture':16} {'reader':9} {'chars':>7} {'num+unit':>9} {'paras':>7} {'table rows':>10} {'ms':>7}"
    print(header)
    print("-" * len(header))
    totals: dict[str, list[float]] = {}
    for want_path in sorted(args.expected.glob("*.txt")):
        name = want_path.name[: -len(".txt")]
        source = args.fixtures / name
        rows_path = args.expected / f"{name}.rows"
        rows = rows_path.read_text("utf-8").splitlines() if rows_path.exists() else []
        want = want_path.read_text("utf-8")
        started = time.perf_counter()
        read = read_corpus([source])
        ms = (time.perf_counter() - started) * 1000
        if not read.documents:
            reason = read.failed[0].reason if read.failed else "no document"
            print(f"{name:16} {'FAILED':9} {reason}")
            continue
        doc = read.documents[0]
        f = figures(doc.text, want, rows)
        for key in ("chars_right", "numbers_with_unit", "paragraphs_right"):
            totals.setdefault(key, []).append(f[key])
        if rows:
            totals.setdefault("table_rows_right", []).append(f["table_rows_right"])
        kind = doc.format + ("+ocr" if doc.ocr else "")
        table = f"{f['table_rows_right']:10.0%}" if rows else f"{'—':>10}"
        print(
            f"{name:16} {kind:9} {f['chars_right']:7.1%} {f['numbers_with_unit']:9.0%} "
            f"{f['paragraphs_right']:7.0%} {table} {ms:7.0f}"
        )
        if doc.format == "pdf" and not doc.ocr:
            b = figures(baseline_pdf(source), want, rows)
            table = f"{b['table_rows_right']:10.0%}" if rows else f"{'—':>10}"
            print(
                f"{'  baseline':16} {'plain':9} {b['chars_right']:7.1%} {b['numbers_with_unit']:9.0%} "
                f"{b['paragraphs_right']:7.0%} {table}"
            )
    print("-" * len(header))
    print(
        "mean (readers): "
        + ", ".join(f"{k} {sum(v) / len(v):.1%}" for k, v in totals.items())
        + f" over {len(totals.get('chars_right', []))} fixtures"
    )


if __name__ == "__main__":
    main()
