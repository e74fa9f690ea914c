"""Named features of non-numeric answer candidates (who / what / where / why / how questions).

Two steps, each a logistic model of `qa.scorer` fitted by `eval.train_scorer`:
- **sentences** (model "span"): every sentence of the passages retrieved is a candidate; the answer text is
  the best one. Features: the question's content words found in the sentence, weighted by their general
  inverse document frequency (jieba's idf table: a rare name counts more than 问题), in its neighbours and
  relative to the best sentence of the question and of its passage; whether the sentence holds what the
  question word asks for (谁 → a person's or organisation's name, 哪里 → a place, 何时 → a time, 为什么 → a
  reason, 如何 → a means) in the words the question does not already say; the question's characters its page's
  title does not say, weighted by how few of its sentences hold them; retrieval rank; position; length;
  and, for the few sentences saying most of the question, the cosine of its e5 vector (after its document's
  title) with the question's (`dense_features`: the question's words said otherwise).
- **clauses** (model "clause"): inside the chosen sentence, the comma clause that is highlighted — the one
  that holds the answer, usually beside the words asked, adding what the question does not say.

Every function reads the matching view (`index.normalize.match_view`: NFKC, simplified script), so
traditional-script passages are matched like simplified ones. Nothing here names a report or a question.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from qa.analysis import Question
from qa.features import Needle, Passage, bigram_precision, place_named, scope_fit, year_fit

# -- what the question word asks for ------------------------------------------------------------------------

# Kinds of titled works (general nouns; a one-character noun not where it starts a longer word: 书写, 片区, 歌手).
_WORK_NOUNS = (
    r"著作|作品|书籍|书(?![写法记店院面签])|小说|电影|影片|片(?![区段刻面名])|电视剧|话剧|戏剧|歌剧|剧集|剧(?![院场团本情烈])|歌曲|"
    r"歌(?![手唱舞星词])|专辑|唱片|法律|法规|法令|法案|条约|条例|协定|规约|杂志|报纸|报刊|期刊|刊物|节目|游戏|诗集|"
    r"诗(?![人歌句])|论文|漫画|动画"
)
_WORK_LISTED = r"著作|作品|代表作|专辑|书籍|小说|电影"

# General Chinese interrogatives (after t2s), not phrases of any set. Order matters: the first that matches.
_ASKS = (
    ("reason", re.compile(r"为什么|为何|何故|什么原因|原因是|原因为|何以|为了什么|目的是|目的为")),
    ("way", re.compile(r"如何|怎样|怎么|通过什么|用什么方法|什么方法|什么方式|什么手段|哪种方式")),
    (
        "time",
        re.compile(r"何时|什么时候|什么时间|哪一?年|何年|哪一?天|几月|几号|哪一?个?(?:时期|时代|朝代|世纪|年代|朝)"),
    ),
    ("person", re.compile(r"谁|哪一?位|何人|什么人|哪些人|哪一?个人|哪一?名")),
    (
        "place",
        re.compile(
            r"哪里|哪儿|何处|何地|什么地方|什么地区|哪些地区|"
            r"哪一?[个座条片]?(?:国家|国|地区|城市|省|州|县|市|地方|岛|山|河|湖|洲|海|区域|港)"
        ),
    ),
    (
        "org",
        re.compile(r"哪一?[个家所]?(?:公司|组织|机构|大学|学校|学院|单位|部门|政党|党|球队|队|企业|银行|集团)"),
    ),
    # A titled work: a book, film, album, law or treaty asked by its kind ("哪一部小说", "什么条约", "作品有哪些") is
    # answered by its title in 《》, which a sentence restating the question with 此书/该片 does not give.
    (
        "work",
        re.compile(
            rf"(?:哪些|哪一?|什么|何)[个本部首篇张套份项条种]?(?:{_WORK_NOUNS})|"
            rf"(?:{_WORK_NOUNS})(?:是|为)哪一?[个本部首篇张套份项条种]|(?:{_WORK_LISTED})有哪些"
        ),
    ),
)
ANSWER_TYPES = ("person", "org", "place", "time", "reason", "way", "work", "thing")

# What a span holding each type looks like: part-of-speech flags (jieba) and, where text alone says it,
# general markers (a reason's 因为/由于, a means' 通过/利用, a time's 1703年/世纪, a place's suffix).
_POS_OF = {
    "person": ("nr", "nrfg", "nrt"),
    "org": ("nt",),
    "place": ("ns", "nsf"),
    "time": ("t", "tg"),
}
_MARKERS = {
    "reason": re.compile(r"因为|由于|为了|所以|因此|因而|导致|以致|以免|以便|原因|目的|旨在|为的是"),
    "way": re.compile(r"通过|利用|采用|采取|借助|使用|依靠|凭借|经由|以.{1,8}方式|的方法"),
    "time": re.compile(r"\d{1,4}年|\d{1,2}月|\d{1,2}日|世纪|年代|时期|时代|[春夏秋冬]季|朝|初年|末年"),
    "place": re.compile(
        r"[\u4e00-\u9fff](?:省|州|县|市|区|国|岛|山|河|江|湖|海|洲|港|城|村|镇|路|街)(?![\u4e00-\u9fff]{0,1}[长员])"
    ),
    "org": re.compile(r"[\u4e00-\u9fff](?:公司|组织|机构|大学|学院|委员会|协会|集团|政府|银行|党|局|部|署|会)"),
    # a title the question does not say (its words are blanked by `Terms.novel`, so "《 》" is not one)
    "work": re.compile(r"《[^》\s][^》]{0,40}》|〈[^〉\s][^〉]{0,40}〉"),
}
_DEFINITION = re.compile(r"^.{0,20}?(?:是什么|是指什么|指的是什么|指什么|是谁)[?？]?$|^什么是")
_PRONOUN_LEAD = re.compile(r"^(?:它|其|他|她|它们|他们|该|此|这)")
# A sentence that goes on from the one before it: a connective or a pronoun first.
_CONTINUES = re.compile(
    r"^(?:但是?|可是|然而|不过|而且?|并且?|且|因此|所以|故|于是|因而|从而|此外|另外|同时|其中|更|又|也|还|"
    r"它们|他们|她们|它|他|她|其|这|此|该)"
)
_HEADING_LIKE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\d+[.、]|[(（][一二三四五六七八九十\d]+[)）])")
_QUESTION_PARTS = re.compile(r"什么|哪|谁|何|怎|吗|呢|为什么|如何|多少|几")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# The noun a 哪/什么 question names ("哪一个山脉", "什么制度"): the answer is an instance of it (…山脉, …制).
_ASKED_HEAD = re.compile(
    r"(?:哪一?|什么|何)(?:个|种|类|家|位|条|座|所|项|部|支|场|本|篇|首|间|名|届|次|样|些)?([\u4e00-\u9fff]{2,4})"
)
# Where the question word stands: the words either side of it frame the answer in the sentence that states it
# ("X位于哪里" → "X位于Y"; "由谁设计" → "由Y设计").
_WH = re.compile(
    r"(?:为什么|为何|如何|怎样|怎么|什么时候|什么|哪一?[个种类家位条座所项部支场本篇首间名届次样些年天里儿]?|"
    r"谁|何[处时地人种年]?)"
)
_FRAME_GAP = 24  # at most this many characters of answer between the two sides of the frame
_PUNCT_OR_SPACE = re.compile(r"[\s?？!！。,，、:：;；\"“”'‘’()（）]")


def answer_type(question: str) -> str:
    """What the question word asks for: person, org, place, time, reason, way, or thing (a noun phrase)."""
    for name, pattern in _ASKS:
        if pattern.search(question):
            return name
    return "thing"


# -- the question's words, weighted by how rare they are -----------------------------------------------------


@lru_cache(maxsize=1)
def _idf_table() -> tuple[dict[str, float], float]:
    """jieba's general idf table (words of a large simplified-Chinese corpus): the word weights of every
    question, so a word's weight does not depend on the few reports a user has indexed. A word it lacks is
    a rare one (a name, a term): it gets the table's 3rd quartile.

    The file (jieba/analyse/idf.txt) is read as jieba's IDFLoader reads it, line by line, but without importing
    jieba.analyse: its __init__ builds a TFIDF of its own that parses the same 350k lines again (~0.4 s of the
    first who/what question a process answers)."""
    import jieba

    content = (Path(jieba.__file__).parent / "analyse" / "idf.txt").read_bytes().decode("utf-8")
    table: dict[str, float] = {}
    for line in content.splitlines():
        word, freq = line.strip().split(" ")
        table[word] = float(freq)
    values = sorted(table.values())
    return table, values[3 * len(values) // 4] if values else 10.0


def idf(word: str) -> float:
    table, unknown = _idf_table()
    return table.get(word, unknown)


@dataclass(frozen=True, slots=True)
class Terms:
    """The question's content words (jieba, without interrogatives and stopwords) and their idf weights."""

    words: tuple[str, ...]
    weights: tuple[float, ...]
    text: str  # the question as matched (simplified)
    type: str  # answer_type
    definition: bool  # 什么是 X / X 是什么: often answered by a passage's first sentence
    head: str = ""  # the noun the question word names (哪一个山脉 → 山脉), "" for none
    head_said: int = 0  # how often the question itself says it elsewhere
    left: str = ""  # the two characters before the question word ("" when it starts the question)
    right: str = ""  # the two after it ("" when it ends the question)
    near: tuple[str, ...] = ()  # its characters close to its question word (`near_chars`)

    @classmethod
    def of(cls, question: str, cut: Callable[[str], list[str]], stopwords: frozenset[str] = frozenset()) -> Terms:
        words: list[str] = []
        for word in cut(question):
            word = word.strip().lower()
            if len(word) < 2 or word in stopwords or _QUESTION_PARTS.search(word) or word in words:
                continue
            if not (_HAN.search(word) or word.isalnum()):
                continue
            words.append(word)
        head = ""
        asked = _ASKED_HEAD.search(question)
        if asked:
            first = next((w for w in cut(asked.group(1)) if w.strip()), "")
            head = first if len(first) >= 2 and not _QUESTION_PARTS.search(first) else ""
        plain = _PUNCT_OR_SPACE.sub("", question.lower())
        wh = _WH.search(plain)
        left = plain[max(0, wh.start() - 2) : wh.start()] if wh else ""
        right = plain[wh.end() : wh.end() + 2] if wh else ""
        return cls(
            tuple(words),
            tuple(idf(w) for w in words),
            question.lower(),
            answer_type(question),
            bool(_DEFINITION.search(question)),
            head,
            question.count(head) - 1 if head else 0,
            left if len(left) == 2 else "",
            right if len(right) == 2 else "",
            near_chars(question),
        )

    def frame(self, text: str) -> tuple[float, float]:
        """(the words just before the question word are in `text`; they are, and what follows the question
        word comes 1–24 characters after them — or, for a question ending at its question word, some words
        do): the gap is where the answer stands."""
        if not self.left:
            return 0.0, 0.0
        at = text.find(self.left)
        if at < 0:
            return 0.0, 0.0
        after = at + len(self.left)
        if not self.right:
            return 1.0, float(len(_PUNCT_OR_SPACE.sub("", text[after : after + 4])) >= 2)
        right = text.find(self.right, after + 1, after + 1 + _FRAME_GAP + len(self.right))
        return 1.0, float(right > after)

    def right_in(self, text: str) -> float:
        """Are the two characters after the question word in `text` ("…以什么为食" ↔ "…以小鱼为食")?"""
        return float(bool(self.right) and self.right in text)

    def beyond(self, topic: str) -> Terms:
        """The words `topic` (the passage's document title: what every sentence of it is about) does not say:
        the attribute asked ("X的花是什么颜色" about a page titled X: 花, 颜色), which the sentence stating it
        holds, while the page's opening sentence holds the topic."""
        topic = topic.lower()
        kept = [(w, x) for w, x in zip(self.words, self.weights) if w not in topic]
        return replace(self, words=tuple(w for w, _ in kept), weights=tuple(x for _, x in kept))

    def local(self, sentences: Sequence[str]) -> Terms:
        """The same words weighted also by how few of `sentences` (the question's candidates) hold each: the
        topic every sentence names (the passage's subject) then counts less than the attribute asked."""
        n = len(sentences)
        held = [sum(word in text for text in sentences) for word in self.words]
        weights = tuple(w * math.log(1.0 + n / (1.0 + k)) for w, k in zip(self.weights, held))
        return replace(self, weights=weights)

    def names_head(self, text: str) -> float:
        """Does `text` say the noun the question word names more often than the question does elsewhere (an
        instance of it: "…山脉" for 哪一个山脉)?"""
        return float(bool(self.head) and text.count(self.head) > self.head_said)

    def cover(self, text: str) -> float:
        """Idf-weighted share of the question's words found in `text` (lower-cased matching view)."""
        total = sum(self.weights)
        if not total:
            return 0.0
        return sum(w for word, w in zip(self.words, self.weights) if word in text) / total

    def rarest_in(self, text: str) -> float:
        if not self.words:
            return 0.0
        rarest = max(zip(self.weights, self.words))[1]
        return float(rarest in text)

    def novel(self, text: str) -> str:
        """`text` without the question's words: where the answer's own words are."""
        for word in sorted(self.words, key=len, reverse=True):
            text = text.replace(word, " ")
        return text


def new_noun(terms: Terms, tagged: Sequence[tuple[str, str]] | None) -> float:
    """A noun (of two characters or more) the question does not say: what a 什么 question is answered by."""
    if tagged is None:
        return 0.0
    return float(any(flag.startswith("n") and len(w) > 1 and w not in terms.text for w, flag in tagged))


def type_match(terms: Terms, text: str, tagged: Sequence[tuple[str, str]] | None) -> float:
    """Does `text` (words the question does not say) hold what a typed question word (谁, 哪里, 何时, 为什么,
    如何…) asks for? Markers read the text; names read the part-of-speech tags (`tagged`, None when the
    sentence was not tagged). 0 for a 什么 question: `new_noun` is its feature."""
    kind = terms.type
    if kind == "thing":
        return 0.0
    marker = _MARKERS.get(kind)
    if marker is not None and marker.search(terms.novel(text)):
        return 1.0
    flags = _POS_OF.get(kind)
    if flags and tagged is not None:
        return float(any(flag in flags and w not in terms.text for w, flag in tagged))
    return 0.0


def continues(text: str) -> bool:
    """Does the sentence go on from the one before it (a connective or a pronoun first)?"""
    return bool(_CONTINUES.match(text.lstrip()))


# -- what the question asks that no passage names: refusing rather than giving an unrelated sentence ---------

_WH_TOKEN = re.compile(r"^(?:谁|什么|哪.{0,2}|何[人物]?)$")
_ROLE_FLAGS = ("n", "nz", "l")  # common nouns, other proper nouns, set phrases (主席, 会长, 主要职责); not places
# A passage that ranks things: a superlative, or first place in words.
RANKING = re.compile(r"最(?:多|少|高|低|大|小|快|慢|早|晚)|第一|首位|居首|之首|榜首|名列|位列|位居|排名|冠军")
_TAIL = frozenset("? ？ 呢 啊 ! ！ 。".split())
_COPULAS = frozenset("是 为 叫 叫做 称为 名为 担任 出任 现任 任".split())


def asked_role(tagged: Sequence[tuple[str, str]]) -> str:
    """The role whose bearer the question asks (`tagged`: its jieba words and flags): the noun right before a
    closing "是谁/为何人/是哪一位" ("X的主席是谁" → 主席), or the noun closing a question that opens "谁是/谁担任"
    ("谁担任X的会长" → 会长). "" for any other frame: "X是谁发明的" asks the agent of a verb, not a role."""
    words = [(w.strip(), f) for w, f in tagged if w.strip()]
    while words and words[-1][0] in _TAIL:
        words.pop()
    if len(words) < 3:
        return ""
    first, last = words[0], words[-1]
    if _WH_TOKEN.match(last[0]) and last[1].startswith("r") and words[-2][0] in _COPULAS:
        word, flag = words[-3]
    elif _WH_TOKEN.match(first[0]) and first[1].startswith("r") and words[1][0] in _COPULAS:
        word, flag = last
    else:
        return ""
    return word if flag in _ROLE_FLAGS and len(word) >= 2 else ""


def role_named(role: str, texts: Sequence[str], cut: Callable[[str], list[str]]) -> bool:
    """Is the role (or its last word of two characters or more, else its last two characters: 首任会长 → 会长,
    主要职责 → 职责) said in any of `texts`?"""
    parts = [w for w in cut(role) if len(w) >= 2]
    head = parts[-1] if len(parts) > 1 else role[-2:]
    return any(role in text or head in text for text in texts)


NAME_IDF = 8.0  # a word jieba tags as a person's name is taken for one when rarer than this (智慧, 会员 are not)


def bearer_named(tagged: Sequence[tuple[str, str]], question: str) -> bool:
    """Do these words (jieba words and flags) name a person the question does not? jieba tags some common words
    as names, so a name must also be rare in general text (its idf) or a transliteration (·)."""
    return any(
        flag in _POS_OF["person"] and len(w) >= 2 and w not in question and ("·" in w or idf(w) >= NAME_IDF)
        for w, flag in tagged
    )


_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def near(text: str, word: str, reach: int) -> list[str]:
    """The windows of `text` around each mention of `word`, `reach` characters either side within its sentence."""
    out, at = [], text.find(word)
    while at >= 0:
        left = text[max(0, at - reach) : at]
        right = text[at + len(word) : at + len(word) + reach]
        left = _SENTENCE_END.split(left)[-1]
        right = _SENTENCE_END.split(right)[0]
        out.append(left + word + right)
        at = text.find(word, at + 1)
    return out


def common_run(question: str, text: str) -> float:
    """The longest run of characters the question and `text` share, as a share of the question (at most 1):
    a question is often the answer sentence's own words with the answer taken out."""
    letters = _PUNCT_OR_SPACE.sub("", question)
    if not letters or not text:
        return 0.0
    return min(1.0, longest_shared_run(letters, text) / min(len(letters), 16))


def longest_shared_run(short: str, text: str) -> int:
    """The length of the longest substring of `short` that `text` holds: what difflib's `find_longest_match`
    (no junk) gives, by substring search — a run of length L starting at i holds all its prefixes, so each start
    only tries to beat the best so far (≈ 20× faster on a question against a sentence)."""
    best = 0
    for i in range(len(short)):
        if i + best >= len(short):
            break
        while i + best < len(short) and short[i : i + best + 1] in text:
            best += 1
    return best


# -- the question's characters: its words however the sentence was cut -------------------------------------

_FUNCTION_CHARS = frozenset("的了是在和与及或而也都就又之其被把将对为以于从由到等个这那有")


def question_chars(question: str) -> tuple[str, ...]:
    """The question's distinct Han characters, without its question word's and common function characters:
    matched one by one, they read the question's words however jieba cut the sentence (a name cut otherwise,
    a word in another form: 女儿 ↔ 之女, 追溯到 ↔ 追溯至)."""
    skip = set("".join(_QUESTION_PARTS.findall(question) + _WH.findall(question))) | _FUNCTION_CHARS
    return tuple(dict.fromkeys(c for c in question if _HAN.match(c) and c not in skip))


def char_weights(chars: Sequence[str], sentences: Sequence[str]) -> tuple[float, ...]:
    """Each character's weight by how few of `sentences` (the question's candidates) hold it: a character of
    the page's topic, in every sentence, counts little; one of the attribute asked counts much."""
    n = len(sentences)
    return tuple(math.log(1.0 + n / (1.0 + sum(c in text for text in sentences))) for c in chars)


def char_cover(chars: Sequence[str], weights: Sequence[float], text: str) -> float:
    """The weighted share of `chars` found in `text`."""
    total = sum(weights)
    if not total:
        return 0.0
    return sum(w for c, w in zip(chars, weights) if c in text) / total


def char_features(text: str, chars: Sequence[str], weights: Sequence[float], best: float) -> dict[str, float]:
    """The characters of the question its passage's document title does not say (`weights`: `char_weights` with
    the title's characters at 0 — the page's topic, which its opening sentence holds, against the attribute
    asked) in the sentence (lower-cased matching view), and against the best such cover among the question's
    sentences (`best`)."""
    free = char_cover(chars, weights, text)
    return {"char_topic_free": free, "char_topic_free_rel": free / best if best else 0.0}


# -- the question's characters near its question word: where a clause answers -----------------------------

_QUOTES = re.compile(r"[\"“”'‘’()（）《》「」『』]")
_NEAR_CHARS = 4  # the question's characters this close to its question word say what is asked of what


def near_chars(question: str) -> tuple[str, ...]:
    """The question's characters (`question_chars`) within 4 of its question word: what is asked of what
    ("X的首都是哪里" → 首, against the topic X further away)."""
    plain = _QUOTES.sub("", question.lower())
    wh = _WH.search(plain)
    if not wh:
        return ()
    window = plain[max(0, wh.start() - _NEAR_CHARS) : wh.end() + _NEAR_CHARS]
    return tuple(c for c in question_chars(plain) if c in window)


def near_share(near: Sequence[str], text: str) -> float:
    """The share of `near` (the question's characters close to its question word) found in `text`: the clause
    that restates what is asked of what holds them, and the answer stands in it."""
    return sum(c in text for c in near) / len(near) if near else 0.0


# -- sentence candidates -----------------------------------------------------------------------------------

SENTENCE_FEATURES = (
    "idf_cover",
    "idf_cover_context",
    "local_cover",
    "idf_cover_prev",
    "idf_cover_next",
    "idf_cover_rel",
    "idf_cover_passage_rel",
    "is_best",
    "prev_is_best",
    "next_is_best",
    "common_run",
    "bigram_cover",
    "rarest_in",
    "novelty",
    "type_match",
    "type_asked",
    "new_noun",
    "names_head",
    "ask_left",
    "ask_frame",
    "cover_order",
    "topic_free_cover",
    "topic_free_rel",
    "ask_right",
    "definition_first",
    "pronoun_lead",
    "passage_cover",
    "rank",
    "fused",
    "length",
    "is_heading",
    "position",
    "first",
    "place_in_sentence",
    "scope_match",
    "scope_other",
    "year_match",
    "year_conflict",
    "dense",
    "dense_gap",
    "dense_best",
    "dense_missing",
    "char_topic_free",
    "char_topic_free_rel",
)


def dense_features(similarity: float | None, best: float | None) -> dict[str, float]:
    """The sentence's meaning against the question's (cosine of their e5 vectors, "query: " / "passage: "),
    for the few sentences that say most of the question (`similarity` None for the rest): its value, its gap
    to the closest sentence of the question (≤ 0) and whether it is that one. Words the question says in other
    terms (a synonym, a paraphrase, another script) count here, where the lexical features miss them."""
    if similarity is None or best is None:
        return {"dense": 0.0, "dense_gap": 0.0, "dense_best": 0.0, "dense_missing": 1.0}
    return {
        "dense": similarity,
        "dense_gap": similarity - best,
        "dense_best": float(similarity >= best),
        "dense_missing": 0.0,
    }


@dataclass(frozen=True, slots=True)
class SentenceSite:
    """One sentence of a passage (matching view) and its neighbours."""

    text: str
    prev: str
    next: str
    index: int  # 0-based in its passage


def sentence_features(
    q: Question,
    terms: Terms,
    needle: Needle,
    site: SentenceSite,
    passage: Passage,
    place_names: tuple[str, ...],
    best_cover: float,
    passage_best: float,
    passage_cover: float,
    tagged: Sequence[tuple[str, str]] | None,
    covers_above: int = 0,
    local: Terms | None = None,
    dense: dict[str, float] | None = None,
    topic_free: tuple[float, float] = (0.0, 0.0),
    chars: tuple[Sequence[str], Sequence[float], float] = ((), (), 0.0),
) -> dict[str, float]:
    """The features of one sentence as the answer; `best_cover` / `passage_best` are the highest
    `terms.cover` of any sentence of the question's passages / of this passage, `covers_above` how many of
    the question's sentences cover more of it, `local` the question's words weighted by how few of its
    candidate sentences hold them (`Terms.local`), `dense` its `dense_features` (none: not encoded),
    `topic_free` the cover of the question's words its document's title does not say (`Terms.beyond`) in the
    sentence and the best such cover among the question's sentences, `chars` the question's characters, their
    weights without its document title's and the best such cover among the question's sentences
    (`char_features`)."""
    text, prev, nxt = site.text.lower(), site.prev.lower(), site.next.lower()
    cover, prev_cover, next_cover = terms.cover(text), terms.cover(prev), terms.cover(nxt)
    return {
        "idf_cover": cover,
        "idf_cover_context": terms.cover(f"{prev}{text}{nxt}"),
        "local_cover": (local or terms).cover(text),
        "idf_cover_prev": prev_cover,
        "idf_cover_next": next_cover,
        "idf_cover_rel": cover / best_cover if best_cover else 0.0,
        "idf_cover_passage_rel": cover / passage_best if passage_best else 0.0,
        "is_best": float(best_cover > 0 and cover >= best_cover),
        # The sentence that restates the question is often followed (or preceded) by the one that answers.
        "prev_is_best": float(best_cover > 0 and prev_cover >= best_cover),
        "next_is_best": float(best_cover > 0 and next_cover >= best_cover),
        "common_run": common_run(terms.text, text),
        "bigram_cover": needle.share_in(text),
        "rarest_in": terms.rarest_in(text),
        "novelty": 1.0 - bigram_precision(text, terms.text),
        "type_match": type_match(terms, text, tagged),
        "type_asked": float(terms.type != "thing"),
        "new_noun": new_noun(terms, tagged),
        "names_head": terms.names_head(text),
        **dict(zip(("ask_left", "ask_frame"), terms.frame(text))),
        "cover_order": 1.0 / (1.0 + covers_above),
        "topic_free_cover": topic_free[0],
        "topic_free_rel": topic_free[0] / topic_free[1] if topic_free[1] else 0.0,
        "ask_right": terms.right_in(text),
        "definition_first": float(terms.definition and site.index == 0),
        "pronoun_lead": float(bool(_PRONOUN_LEAD.match(text))),
        "passage_cover": passage_cover,
        "rank": 1.0 / (1.0 + passage.rank),
        "fused": passage.fused,
        "length": math.log1p(len(text)) / 5.0,
        "is_heading": float(bool(_HEADING_LIKE.match(text)) or not re.search(r"[。！？；!?;]", text[-2:])),
        "position": 1.0 / (1.0 + site.index),
        "first": float(site.index == 0),
        "place_in_sentence": place_named(place_names, site.text),
        **{k: v for k, v in scope_fit(q, site.text).items() if k in ("scope_match", "scope_other")},
        **year_fit(q, site.text, passage),
        **(dense or dense_features(None, None)),
        **char_features(text, *chars),
    }


# -- clause candidates inside the chosen sentence ----------------------------------------------------------

CLAUSE_FEATURES = (
    "idf_cover",
    "idf_cover_rel",
    "bigram_cover",
    "is_best",
    "after_best",
    "before_best",
    "distance",
    "novelty",
    "type_match",
    "type_asked",
    "new_noun",
    "names_head",
    "ask_left",
    "ask_frame",
    "length",
    "first",
    "last",
    "only",
    "restates",
    "near_cover",
)


def clause_features(
    terms: Terms,
    needle: Needle,
    clauses: Sequence[str],
    index: int,
    tagged: Sequence[tuple[str, str]] | None,
) -> dict[str, float]:
    """The features of clause `clauses[index]` of the answer sentence as the part to highlight: the answer
    clause sits at or beside the clause that says most of the question, and adds words it does not say."""
    covers = [terms.cover(c.lower()) for c in clauses]
    best = max(covers) if covers else 0.0
    at = covers.index(best) if best > 0 else -1
    text = clauses[index].lower()
    own = covers[index]
    return {
        "idf_cover": own,
        "idf_cover_rel": own / best if best else 0.0,
        "bigram_cover": needle.share_in(text),
        "is_best": float(index == at),
        "after_best": float(at >= 0 and index == at + 1),
        "before_best": float(at >= 0 and index == at - 1),
        "distance": 1.0 / (1.0 + abs(index - at)) if at >= 0 else 0.0,
        "novelty": 1.0 - bigram_precision(text, terms.text),
        "type_match": type_match(terms, text, tagged),
        "type_asked": float(terms.type != "thing"),
        "new_noun": new_noun(terms, tagged),
        "names_head": terms.names_head(text),
        **dict(zip(("ask_left", "ask_frame"), terms.frame(text))),
        "length": math.log1p(len(text)) / 5.0,
        "first": float(index == 0),
        "last": float(index == len(clauses) - 1),
        "only": float(len(clauses) == 1),
        "restates": float(needle.share_in(text) > 0.8),
        "near_cover": near_share(terms.near, text),
    }
