"""What the tests of the "not stated" rules build their inputs from: the words of a thing asked and a near number's
texts (`qa.place_scope.NearText`), from invented passages."""

from __future__ import annotations

from index.tokenize import Tokenizer
from qa.features import Needle
from qa.place_scope import NearText

_TOKENIZER = Tokenizer()


def thing_words(thing: str) -> tuple[str, ...]:
    """The content words of `thing` as the analysis reads a thing asked."""
    return Needle.of(thing, _TOKENIZER.cut, _TOKENIZER.pos).words


def near_text(
    passage: str, number: str, *, heading: str = "一、工作情况", title: str = "某县2024年工作总结", report: bool = True
) -> NearText:
    """`passage` as the statement of its first `number`, under `heading` of a report titled `title`."""
    at = passage.index(number)
    return NearText(passage, passage[:at], passage, heading, title, report=report)
