"""What the generators of the invented report sets share (eval/sets/reports-train, reports-heldout2, -3): the
scripts a text is written in, and an independent little reader of gold numbers (cn2an for Chinese numerals,
not the project's number extractor), so a gold value is checked by other code than the one it evaluates.
"""

from __future__ import annotations

import re
import unicodedata

import cn2an
import opencc

S2T = opencc.OpenCC("s2t")
S2TW = opencc.OpenCC("s2tw")
S2HK = opencc.OpenCC("s2hk")
T2S = opencc.OpenCC("t2s")
GLOSS = {
    "區": "區(qū)",
    "務": "務(wù)",
    "業": "業(yè)",
    "創": "創(chuàng)",
    "億": "億(yì)",
}  # as scraped pages carry them


def script(kind: str, text: str) -> str:
    """s: simplified as written; t: mainland traditional; tg: traditional with pinyin glosses; tw / hk."""
    if kind == "s":
        return text
    if kind == "t":
        return S2T.convert(text)
    if kind == "tg":
        return "".join(GLOSS.get(c, c) for c in S2T.convert(text))
    if kind == "tw":
        return S2TW.convert(text)
    if kind == "hk":
        return S2HK.convert(text)
    raise ValueError(kind)


NUMBER_CHARS = set("0123456789,.零〇一二两三四五六七八九十百千万亿点余多")


def read_plain(num: str) -> float:
    """A number without 万/亿: Arabic digits (commas allowed), a digit before 千 (6千), or Chinese numerals."""
    num = num.replace(",", "")
    if not num:
        return 0.0
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", num):
        return float(num)
    m = re.fullmatch(r"([0-9]+)千([0-9]*)", num)
    if m:
        return float(m[1]) * 1000 + (float(m[2]) if m[2] else 0.0)
    return float(cn2an.cn2an(num, "smart"))


def read_compound(num: str) -> float:
    """Folds 亿 and 万 in, as mixed forms write them: 2万3000, 1亿2360万, 38万6千, 二亿三千万, 126万亿."""
    for mark, scale in (("亿", 10**8), ("万", 10**4)):
        if mark in num:
            high, _, low = num.rpartition(mark) if mark == "亿" else num.partition(mark)
            if mark == "亿" and "万" in high and not low:  # 126万亿
                return read_compound(high) * scale
            return read_compound(high) * scale + read_compound(low)
    return read_plain(num)


def read_gold_number(gold: str, unit_required: bool = False) -> tuple[float, str]:
    """(value with magnitude folded in, unit) of a gold text such as 18.61万个, 800余万元, 两千余名, 8.5%. A set
    whose golds all carry their unit passes `unit_required=True`; elsewhere a bare table cell, whose row label
    carries the unit (站点（个）), reads with unit ""."""
    text = T2S.convert(unicodedata.normalize("NFKC", re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)", "", gold)))
    end = 0
    while end < len(text) and text[end] in NUMBER_CHARS:
        end += 1
    num, unit = text[:end].replace("余", "").replace("多", ""), text[end:]
    if not num or not (num[0].isdigit() or num[0] in "零〇一二两三四五六七八九十"):
        raise ValueError(f"not a number: {gold}")
    if unit_required and not unit:
        raise ValueError(f"not a number + unit: {gold}")
    return read_compound(num), unit


def locate(body: str, gold: str, kind: str, numeric: bool, where: str) -> tuple[str, int]:
    """The gold text as written in `body` and its offset. `anchor||gold` pins a gold that occurs more than
    once: the anchor must be unique, and the gold is read inside it."""
    anchor, _, inner = gold.partition("||")
    anchor, inner = script(kind, anchor), script(kind, inner or anchor)
    at = body.find(anchor)
    assert at >= 0, (where, "not in text", anchor)
    assert body.find(anchor, at + 1) < 0 or not (numeric or "||" in gold), (where, "ambiguous, give an anchor", anchor)
    offset = anchor.find(inner)
    assert offset >= 0, (where, "gold not inside its anchor", inner, anchor)
    return inner, at + offset
