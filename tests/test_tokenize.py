"""The BM25 tokenizer segments with jieba-rs (rjieba) for speed; these tests hold its tokens equal to Python
jieba's search mode on real text, so the switch changed nothing but the time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.documents import read_corpus
from index.normalize import match_view
from index.tokenize import _CONTENT, Tokenizer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


def python_jieba_tokens(tokenizer: Tokenizer, text: str) -> list[str]:
    """The same preparation and filter, segmented by Python jieba (with the same user dictionary)."""
    segments = (s.strip() for s in tokenizer._jieba.cut_for_search(tokenizer._prepare(text)))
    return [s for s in segments if s and s not in tokenizer.stopwords and _CONTENT.search(s)]


def test_equal_to_python_jieba_on_the_seed_reports(tokenizer: Tokenizer, corpus_dir: Path) -> None:
    documents = read_corpus([corpus_dir]).documents
    assert len(documents) == 5
    for doc in documents:
        for line in doc.text.splitlines():
            assert tokenizer.tokenize(line) == python_jieba_tokens(tokenizer, line), line


def test_equal_to_python_jieba_on_the_cmrc_passages(tokenizer: Tokenizer) -> None:
    lines = (ROOT / "eval" / "sets" / "cmrc2018-trial" / "corpus.jsonl").read_text("utf-8").splitlines()
    passages = [json.loads(line)["text"] for line in lines if line.strip()]
    assert len(passages) > 200
    differing = [p[:40] for p in passages if tokenizer.tokenize(p) != python_jieba_tokens(tokenizer, p)]
    assert differing == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("COVID-19疫情", ["covid", "19", "疫情"]),
        ("2023.10.1起施行", ["2023.10", "1", "起", "施行"]),
        ("增长3.5%", ["增长", "3.5%"]),
        ("formula_22", ["formula", "22"]),
        ("厚度0.5cm", ["厚度", "0.5", "cm"]),
        ("5G网络", ["5", "g", "网络"]),
    ],
)
def test_ascii_runs_split_as_jieba_reads_them(tokenizer: Tokenizer, text: str, expected: list[str]) -> None:
    assert tokenizer.tokenize(text) == expected
    assert python_jieba_tokens(tokenizer, text) == expected


def test_traditional_and_full_width_meet_simplified(tokenizer: Tokenizer) -> None:
    assert tokenizer.tokenize("江門全市現有愛心驛站２３個") == tokenizer.tokenize("江门全市现有爱心驿站23个")


def test_settings_name_the_segmenter(tokenizer: Tokenizer) -> None:
    settings = tokenizer.settings()
    assert settings["name"] == "rjieba.cut_for_search"
    assert settings["rjieba"]


def test_tokens_stay_right_when_the_memo_is_cleared_under_threads(
    monkeypatch: pytest.MonkeyPatch, corpus_dir: Path
) -> None:
    """The segment memo is bounded (a server sees endless new strings): cleared while other threads use it,
    every call still gives the tokens a fresh tokenizer gives."""
    from concurrent.futures import ThreadPoolExecutor

    import index.tokenize as tokenize_module

    lines = [line for doc in read_corpus([corpus_dir]).documents for line in doc.text.splitlines() if line.strip()]
    lines = lines[:100]  # each call re-segments (the memo is cleared): 100 lines × 4 threads is plenty
    expected = [Tokenizer().tokenize(line) for line in lines]
    monkeypatch.setattr(tokenize_module, "_KEPT_MAX", 50)  # cleared again and again
    shared = Tokenizer()
    with ThreadPoolExecutor(4) as pool:
        for _ in range(2):
            assert list(pool.map(shared.tokenize, lines)) == expected
    assert len(shared._kept) <= 50 + 1 + 4  # bounded: at most one insert past the limit per thread


def test_part_of_speech_tags_are_jiebas_own_with_the_hmm_memoised(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tagging memoises jieba.posseg's Viterbi per run of unknown characters: the same tags, asked twice or
    tagged by jieba's unmemoised function."""
    from jieba import posseg

    tokenizer = Tokenizer()
    text = "2023年平湖市户外劳动者驿站累计服务12.5万人次，娄底市新化县总工会在等地开展思政宣讲。"
    first = tokenizer.pos(text)
    assert getattr(posseg.viterbi, "memoised", False)
    hits = posseg.viterbi.cache_info().hits
    assert tokenizer.pos(text) == first
    assert posseg.viterbi.cache_info().hits > hits  # the second tagging was served by the memo
    monkeypatch.setattr(posseg, "viterbi", posseg.viterbi.__wrapped__)
    plain = [(p.word, p.flag) for p in tokenizer._pos.cut(match_view(text).text.lower())]  # its own, memo bypassed
    assert first == plain and any(flag == "ns" for _, flag in first)
