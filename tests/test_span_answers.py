"""Non-numeric answers: what the question word asks for, idf-weighted question words, the sentence and
clause features, the bounded answer text and the highlighted clause (examples invented, not from any set)."""

from __future__ import annotations

from typing import Any

import pytest

from qa.answer import ANSWER_CHARS, JOIN_GAP, Assistant, answer_window, joined_sentences
from qa.scorer import Scorer
from qa.span_features import (
    CLAUSE_FEATURES,
    RANKING,
    SENTENCE_FEATURES,
    SentenceSite,
    Terms,
    answer_type,
    asked_role,
    bearer_named,
    clause_features,
    dense_features,
    idf,
    near,
    role_named,
    type_match,
)


def _cut(text: str) -> list[str]:
    import jieba

    return list(jieba.cut(text))


@pytest.mark.parametrize(
    "question, kind",
    [
        ("这座桥是谁设计的", "person"),
        ("该乐团由哪位指挥家创立", "person"),
        ("这种鸟主要分布在哪里", "place"),
        ("该河流最终注入哪一个湖", "place"),
        ("这座城堡建于什么时候", "time"),
        ("佛教在哪一个时代传入该国", "time"),
        ("他为什么辞去了职务", "reason"),
        ("该病毒是如何传播的", "way"),
        ("这部小说由哪家公司出版", "org"),
        ("这种植物的叶片有什么作用", "thing"),
    ],
)
def test_answer_type_follows_the_question_word(question: str, kind: str) -> None:
    assert answer_type(question) == kind


def test_rare_question_words_weigh_more() -> None:
    assert idf("根部") > idf("作用") and idf("某个没有收录的词语") > idf("中国")
    terms = Terms.of("大果木瓜的根部有什么作用", _cut)
    assert "什么" not in terms.words and "根部" in terms.words
    # A sentence naming the rare word scores above one naming only the common one.
    assert terms.cover("它的根部可用作药材") > terms.cover("这种植物的作用很多")
    assert terms.cover("") == 0.0 and Terms.of("什么", _cut).cover("什么都有") == 0.0


def test_the_idf_table_is_jiebas_own() -> None:
    """The table is read without jieba.analyse (whose import parses it once more): the very words and weights
    jieba's IDFLoader reads, and the 3rd quartile for a word it lacks."""
    from jieba.analyse.tfidf import DEFAULT_IDF, IDFLoader

    from qa.span_features import _idf_table

    table, unknown = _idf_table()
    theirs, _median = IDFLoader(DEFAULT_IDF).get_idf()
    assert table == theirs and len(table) > 100_000
    values = sorted(theirs.values())
    assert unknown == values[3 * len(values) // 4] == idf("某个没有收录的词语")


def test_type_match_reads_the_words_the_question_does_not_say() -> None:
    why = Terms.of("他为什么辞去了职务", _cut)
    assert type_match(why, "由于健康原因,他辞去了职务", None) == 1.0
    assert type_match(why, "他在三年后辞去了职务", None) == 0.0
    who = Terms.of("这座桥是谁设计的", _cut)
    assert type_match(who, "这座桥由工程师张伟设计", [("这座", "r"), ("张伟", "nr"), ("设计", "v")]) == 1.0
    assert type_match(who, "这座桥很长", [("这座", "r"), ("桥", "n"), ("很长", "a")]) == 0.0
    when = Terms.of("这座城堡建于什么时候", _cut)
    assert type_match(when, "城堡建于1620年", None) == 1.0


def test_sentence_features_are_named_and_bounded() -> None:
    from qa.analysis import analyze
    from qa.features import Needle, Passage

    q = analyze("这种植物的根部有什么作用")
    terms = Terms.of(q.text, _cut)
    needle = Needle.of(q.target, _cut)
    site = SentenceSite("它的根部可用作药材。", "这种植物生长在山地。", "", 1)
    passage = Passage(view="这种植物生长在山地。它的根部可用作药材。", heading="", rank=0, fused=1.0)
    values = _sentence(q, terms, needle, site, passage)
    assert set(values) == set(SENTENCE_FEATURES)
    assert all(0.0 <= v <= 1.0 for v in values.values())
    assert values["idf_cover_context"] >= values["idf_cover"] > 0
    assert values["is_best"] == 1.0 and values["pronoun_lead"] == 1.0


def _sentence(q, terms, needle, site, passage):  # type: ignore[no-untyped-def]
    from qa.span_features import sentence_features

    cover = terms.cover(site.text)
    return sentence_features(q, terms, needle, site, passage, (), cover, cover, cover, None)


def test_dense_features_compare_each_sentence_with_the_closest() -> None:
    assert dense_features(None, None) == {"dense": 0.0, "dense_gap": 0.0, "dense_best": 0.0, "dense_missing": 1.0}
    assert dense_features(None, 0.9)["dense_missing"] == 1.0  # not encoded: no value, whatever the best
    best, other = dense_features(0.9, 0.9), dense_features(0.8, 0.9)
    assert best["dense_best"] == 1.0 and best["dense_gap"] == 0.0 and best["dense_missing"] == 0.0
    assert other["dense_best"] == 0.0 and other["dense_gap"] == pytest.approx(-0.1) and other["dense"] == 0.8


def test_sentence_meaning_is_read_by_the_shipped_model_once_per_text(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real e5 model: a sentence answering the question in other words is closer to it than an unrelated
    one; a sentence is encoded once (memo), and the memo stays bounded."""
    question = "这种候鸟冬天去哪里"
    said_otherwise = "每年秋季它们向南迁徙，在温暖的湖泊湿地越冬。"
    unrelated = "该市的地铁线路总长超过三百公里。"
    engine = assistant.retriever.embedder._model[0]
    assistant._sentence_vectors.clear()
    first = assistant._similarities(question, [said_otherwise, unrelated])
    assert first[0] > first[1] and all(-1.0 <= s <= 1.0 for s in first)
    calls = engine.calls
    again = assistant._similarities(question, [unrelated, said_otherwise, unrelated])
    assert engine.calls == calls and again == [first[1], first[0], first[1]]
    monkeypatch.setattr("qa.answer.SENTENCE_VECTORS", 2)
    assistant._similarities(question, ["第一句话。", "第二句话。", "第三句话。"])
    assert len(assistant._sentence_vectors) <= 2


def test_a_span_question_encodes_a_bounded_number_of_sentences(assistant: Assistant) -> None:
    from qa.answer import DENSE_SENTENCES

    q = assistant.analyse("平湖是如何推进工会改革的")
    _, _, candidates = assistant.candidates(q)
    encoded = [c for c in candidates if not c.features["dense_missing"]]
    assert 0 < len(encoded) <= DENSE_SENTENCES < len(candidates)
    assert sum(c.features["dense_best"] for c in encoded) >= 1
    assert all(c.features["dense_gap"] <= 0.0 for c in encoded)


def test_clause_features_place_the_clause_beside_the_words_asked() -> None:
    from qa.features import Needle

    terms = Terms.of("该病毒是如何传播的", _cut)
    clauses = ["该病最早发现于1980年", "病毒主要通过蚊虫叮咬传播", "潜伏期约一周"]
    rows = [clause_features(terms, Needle.of("病毒传播", _cut), clauses, i, None) for i in range(3)]
    assert all(set(r) == set(CLAUSE_FEATURES) for r in rows)
    assert rows[1]["is_best"] == 1.0 and rows[2]["after_best"] == 1.0 and rows[0]["before_best"] == 1.0
    assert rows[1]["type_match"] == 1.0 and rows[2]["type_match"] == 0.0


def test_answer_window_keeps_a_short_sentence_and_bounds_a_long_one() -> None:
    short = "●该馆收藏古籍三千余册,另有碑帖二百件。"
    assert answer_window(short, 0, len(short), 1, 10) == short.lstrip("●")
    clauses = [f"第{i}项内容说明了某件事情的一个方面" for i in range(12)]
    long = ",".join(clauses) + "。"
    focus = long.index("第7项")
    text = answer_window(long, 0, len(long), focus, focus + len(clauses[7]))
    assert clauses[7] in text and len(text) <= ANSWER_CHARS + 2
    assert text.startswith("…") and text.endswith("…")
    # One clause longer than the limit: its part from the focus on, still bounded.
    endless = "甲" * 400 + "。"
    assert len(answer_window(endless, 0, len(endless), 200, 210)) <= ANSWER_CHARS + 2


def test_weights_hold_the_sentence_and_clause_models() -> None:
    scorer = Scorer.load()
    assert scorer.model("span").features == SENTENCE_FEATURES
    assert scorer.model("clause").features == CLAUSE_FEATURES


def test_span_answer_is_its_sentence_with_the_clause_highlighted(assistant: Assistant) -> None:
    answer = assistant.ask("平湖是如何推进工会改革的", explain=True)
    assert answer.kind == "how" and answer.explain
    top = answer.explain[0]
    assert top.type in ("span", "none")
    if top.type == "span":
        assert set(top.features) == set(SENTENCE_FEATURES)
    if answer.found:
        assert answer.span is not None and not answer.numbers
        cited = {c.id: c for c in answer.citations}[answer.span.citation]
        assert cited.text[answer.span.start : answer.span.end] == answer.span.text
        # The highlight is a clause of the answer text, and the answer is bounded.
        assert answer.span.text.strip("●■◆▲★·•-— \t") in answer.answer.replace("…", "")
        assert len(answer.answer) <= ANSWER_CHARS + 2


def _clause_answer(passage_start: int) -> tuple[Any, Any]:
    """A who-answer whose highlight is the second clause of its one cited passage (at `passage_start` in its
    document), and that citation."""
    from qa.schemas import Answer, CitationOut, SpanOut

    text = "该馆建于清代,由当地商会出资修建。"
    cited = CitationOut(
        id=1, doc_id="d", title="T", chunk_id="d#1", text=text, score=0.5, start=passage_start, end=passage_start + 17
    )
    span = SpanOut(citation=1, start=7, end=16, text=text[7:16])
    answer = Answer(
        question="q", found=True, answer=text, numbers=[], citations=[cited], took_ms=1.0, span=span, kind="who"
    )
    return cited, answer


def test_the_page_marks_the_clause_of_an_answer_with_no_number() -> None:
    from qa.schemas import NumberOut
    from web.view import citation_pieces, passage_href

    cited, clause = _clause_answer(100)
    assert [p.text for p in citation_pieces(clause, cited) if p.marked] == ["由当地商会出资修建"]
    assert "mark=107-116" in passage_href(cited, clause)
    # With a number, the number alone is marked, as before.
    number = NumberOut(value=1, unit="个", text="清代", qualifier=None, subject="", citation=1, start=4, end=6)
    counted = clause.model_copy(update={"numbers": [number]})
    assert [p.text for p in citation_pieces(counted, cited) if p.marked] == ["清代"]


def test_the_question_frames_its_answer() -> None:
    where = Terms.of("这种鸟分布在哪些地区", _cut)
    assert where.frame("这种鸟分布在南美洲北部地区") == (1.0, 1.0)  # 分布在 … 地区: the gap holds the answer
    assert where.frame("这种鸟分布在地区") == (1.0, 0.0)  # no room for an answer between them
    assert where.frame("这种鸟以昆虫为食") == (0.0, 0.0)
    ends = Terms.of("这种游戏的目标是什么", _cut)
    assert ends.frame("游戏的目标是收集全部宝石") == (1.0, 1.0)
    range_ = Terms.of("这条山脉最东到达哪一个山脉", _cut)
    assert range_.head == "山脉"
    assert range_.names_head("这条山脉东至某某山脉") == 1.0 and range_.names_head("这条山脉很高") == 0.0


def test_the_terminal_highlights_the_clause_of_an_answer_with_no_number() -> None:
    import io

    from rich.console import Console

    from qa.render import render_answer

    _, answer = _clause_answer(0)
    out = io.StringIO()
    render_answer(Console(file=out, force_terminal=True, width=200, color_system="standard"), answer)
    shown = out.getvalue()
    marked = shown[shown.index("该馆建于清代,") :]
    assert "\x1b[1;7m由当地商会出资修建" in marked  # bold reverse on the clause, inside the passage


def test_the_words_the_title_does_not_say_are_the_attribute_asked() -> None:
    terms = Terms.of("某某草的花是什么颜色", _cut)
    attribute = terms.beyond("某某草")
    assert "花" not in attribute.words or "颜色" in attribute.words
    assert all(w not in "某某草" for w in attribute.words) and attribute.words
    # The page's opening sentence names the topic only; the sentence stating the colour holds the attribute.
    assert attribute.cover("某某草是一种多年生草本植物。") < attribute.cover("花的颜色为淡紫色。")
    assert terms.beyond("").words == terms.words
    eats = Terms.of("这种鱼以什么为食", _cut)
    assert eats.right_in("它以小虾为食") == 1.0 and eats.right_in("它生活在浅海") == 0.0


def test_two_adjacent_sentences_ranked_close_are_one_answer() -> None:
    text = "该会成立于某年。首任会长为某某。会址在城东。"
    first, second, third = (0, 8), (8, 16), (16, 22)
    assert joined_sentences(text, (*second, 2.0), (*first, 2.0 - JOIN_GAP / 2)) == (0, 16)
    assert joined_sentences(text, (*first, 2.0), (*second, 1.9)) == (0, 16)
    assert joined_sentences(text, (*first, 2.0), (*second, 2.0 - 2 * JOIN_GAP)) is None  # the model is sure
    assert joined_sentences(text, (*first, 2.0), (*third, 1.9)) is None  # not next to each other
    assert joined_sentences(text, (*first, 2.0), (*second, 1.9), limit=10) is None  # too long together


def test_an_open_date_question_is_answered_by_a_sentence_when_no_number_answers(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the number model's cut out of reach, 什么时候 gets the sentence model's answer (a period or an event
    may answer it); 哪一年 asks a date only, so it gets none."""
    from dataclasses import replace

    fitted = assistant.scorer
    unreachable = replace(fitted.models["number"], abstain=float("inf"))
    monkeypatch.setattr(assistant, "scorer", replace(fitted, models={**fitted.models, "number": unreachable}))
    opened = assistant.ask("平湖是什么时候推进工会改革的", explain=True)
    assert opened.kind == "date" and opened.found and not opened.numbers
    assert opened.span is not None and opened.explain and opened.explain[0].type == "span"
    cited = {c.id: c for c in opened.citations}[opened.span.citation]
    assert cited.text[opened.span.start : opened.span.end] == opened.span.text
    assert not assistant.ask("平湖是哪一年推进工会改革的").found


def test_a_sentence_lacking_what_the_question_word_asks_is_joined_with_the_neighbour_that_holds_it() -> None:
    from qa.answer import Candidate, neighbour_join

    text = "某某是一名学者。他曾任该馆首任馆长。该馆建于某年。"
    named, restated, other = (0, 8), (8, 18), (18, 25)

    def cand(span: tuple[int, int], score: float, typed: float, chunk: int = 0) -> Candidate:
        features = {"type_asked": 1.0, "type_match": typed}
        return Candidate("span", score, features, chunk, 0, span[0], span[1])

    best = cand(restated, 5.0, 0.0)  # restates "谁是该馆首任馆长" by a pronoun: no name
    far_below = cand(named, 5.0 - 3 * JOIN_GAP, 1.0)  # names a person, ranked far below
    assert neighbour_join(text, best, [best, cand(other, 4.9, 0.0), far_below]) == (0, 18)
    # Not joined: the best sentence holds the type asked; the neighbour is in another passage; it lacks the type.
    typed_best = cand(restated, 5.0, 1.0)
    assert neighbour_join(text, typed_best, [typed_best, cand(other, 1.0, 0.0), far_below]) is None
    assert neighbour_join(text, best, [best, cand(named, 1.0, 1.0, chunk=1)]) is None
    assert neighbour_join(text, best, [best, cand(named, 1.0, 0.0)]) is None
    # A 哪/什么 question naming its noun: the neighbour saying it (names_head) when the best sentence does not.
    untyped = Candidate("span", 5.0, {"type_asked": 0.0, "names_head": 0.0}, 0, 0, *restated)
    heads = Candidate("span", 1.0, {"type_asked": 0.0, "names_head": 1.0}, 0, 0, *named)
    assert neighbour_join(text, untyped, [untyped, cand(other, 1.0, 0.0), heads]) == (0, 18)
    # The next-ranked adjacent sentence within JOIN_GAP is still joined, as before.
    assert neighbour_join(text, typed_best, [typed_best, cand(other, 4.9, 0.0)]) == (8, 25)


def test_an_adjacent_sentence_within_the_gap_is_joined_though_another_passage_ranks_between() -> None:
    """The neighbour need not be the second-ranked candidate: a sentence of another passage ranked between them
    does not make the neighbour any less likely the answer's other half; past `JOIN_GAP` nothing is joined."""
    from qa.answer import Candidate, neighbour_join

    text = "该会成立于某年。首任会长为某某。会址在城东。"
    first, second, third = (0, 8), (8, 16), (16, 22)

    def cand(span: tuple[int, int], score: float, chunk: int = 0) -> Candidate:
        return Candidate("span", score, {"type_asked": 0.0, "names_head": 1.0}, chunk, 0, span[0], span[1])

    best = cand(first, 5.0)
    elsewhere = cand((0, 8), 4.8, chunk=1)  # another passage's sentence, ranked second
    assert neighbour_join(text, best, [best, elsewhere, cand(second, 4.5)]) == (0, 16)
    # The best-ranked neighbour within the gap, not a sentence further on in the passage.
    assert neighbour_join(text, best, [best, elsewhere, cand(third, 4.6), cand(second, 4.4)]) == (0, 16)
    # Beyond the gap: the model is sure of its first sentence.
    assert neighbour_join(text, best, [best, elsewhere, cand(second, 5.0 - 1.5 * JOIN_GAP)]) is None
    # Too long together: not joined, whatever the score.
    long_text = "该会成立于某年。" + "首" * (ANSWER_CHARS + 1) + "。"
    assert neighbour_join(long_text, best, [best, cand((8, len(long_text)), 4.9)]) is None


@pytest.mark.parametrize(
    "question, role",
    [
        ("某协会的秘书长是谁", "秘书长"),
        ("谁担任该乐团的首任会长", "首任会长"),
        ("这座桥由谁设计", ""),  # framed by its verb: no role asked
        ("这种鸟分布在哪里", ""),
    ],
)
def test_the_role_a_who_question_asks_is_the_noun_beside_its_question_word(question: str, role: str) -> None:
    import jieba.posseg

    tagged = [(w.word, w.flag) for w in jieba.posseg.cut(question)]
    got = asked_role(tagged)
    assert got == role or (role and got and got in role)  # jieba may cut a compound role in two


def test_a_role_is_named_by_itself_or_its_last_word_and_its_bearer_beside_it() -> None:
    import jieba.posseg

    assert role_named("主要职责", ["该会的职责是协调各方。"], _cut)
    assert not role_named("秘书长", ["该会下设三个部门。"], _cut)
    # The bearer is looked for only in the sentence holding the role, a few characters either side.
    text = "会议由理事长主持。秘书长韩立峰作了报告。"
    windows = near(text, "秘书长", 10)
    assert windows == ["秘书长韩立峰作了报告"]
    tagged = [(w.word, w.flag) for w in jieba.posseg.cut(windows[0])]
    assert bearer_named(tagged, "某协会的秘书长是谁")
    # A common word jieba tags as a name is not one; nor is a person the question itself names.
    assert not bearer_named([("智慧", "nr")], "某协会的秘书长是谁")
    assert not bearer_named([("韩立峰", "nr")], "韩立峰担任什么职务")


def test_a_who_question_whose_role_no_passage_names_with_a_person_is_refused(assistant: Assistant) -> None:
    """The seed reports speak of 工会主席 (their duties, their reviews) but name no city union's chairperson:
    an unrelated sentence is no answer."""
    answer = assistant.ask("江门市总工会主席是谁")
    assert not answer.found and answer.reason and "主席" in answer.reason and answer.span is None
    assert answer.citations  # the nearest passages are still cited


def test_which_place_ranks_first_is_refused_when_no_passage_ranks_places(assistant: Assistant) -> None:
    answer = assistant.ask("哪个市的爱心驿站最多")
    assert not answer.found and answer.reason and "排名" in answer.reason
    # Within a place named, its report's list of districts' figures may answer: not refused for ranking.
    within = assistant.ask("江门哪个区的爱心驿站最多")
    assert not (within.reason or "").startswith("检索到的段落没有对各地")
    assert RANKING.search("该市的驿站数量居全省首位") and not RANKING.search("全市现有驿站27个")


def test_an_answer_opening_with_a_pronoun_takes_the_sentence_naming_it_and_one_going_on_from_it() -> None:
    from qa.answer import continued

    text = "●某馆建于清代。他随后扩建了东厅。该馆藏书三千册。另有碑帖二百件。"
    at = text.index("他随后")
    start, end = continued(text, at, text.index("该馆"))
    assert text[start:end] == "某馆建于清代。他随后扩建了东厅。该馆藏书三千册。"
    # A sentence naming its own subject is left alone, and nothing grows past the limit.
    plain = text.index("另有")
    assert continued(text, plain, len(text)) == (plain, len(text))
    assert continued(text, at, text.index("该馆"), limit=10) == (at, text.index("该馆"))
    # Traditional script reads the same (the check reads the simplified view).
    trad = "某館建於清代。這座館後來擴建了東廳。"
    assert trad[slice(*continued(trad, trad.index("這"), len(trad)))] == trad


def test_question_characters_weigh_by_how_few_candidates_hold_them() -> None:
    from qa.span_features import char_cover, char_weights, question_chars

    chars = question_chars("黄山松的针叶是什么颜色")
    assert "什" not in chars and "么" not in chars and "的" not in chars and "针" in chars
    sentences = ["黄山松生长在山顶。", "黄山松的针叶呈深绿色。", "黄山松是松科植物。"]
    weights = char_weights(chars, sentences)
    # 黄山松 is in every sentence, 针叶 in one: a sentence with the rare characters covers more
    assert weights[chars.index("针")] > weights[chars.index("黄")]
    assert char_cover(chars, weights, sentences[1]) > char_cover(chars, weights, sentences[0]) > 0.0
    assert char_cover((), (), "任何文字") == 0.0
    # the question's word said in another form still matches by its characters
    assert "女" in question_chars("王某是谁的女儿") and "谁" not in question_chars("王某是谁的女儿")


def test_character_features_leave_the_page_topic_out() -> None:
    from qa.span_features import char_features, char_weights, question_chars

    question = "黄山松的针叶是什么颜色"
    sentences = ["黄山松是松科植物。", "黄山松的针叶呈深绿色。"]
    chars = question_chars(question)
    weights = char_weights(chars, sentences)
    free = tuple(0.0 if c in "黄山松" else w for c, w in zip(chars, weights))  # the page is titled 黄山松
    opening, stating = (char_features(s, chars, free, 0.5) for s in sentences)
    assert opening["char_topic_free"] == 0.0 < stating["char_topic_free"]  # the topic alone says nothing asked
    assert stating["char_topic_free_rel"] == stating["char_topic_free"] / 0.5
    assert char_features("", (), (), 0.0) == {"char_topic_free": 0.0, "char_topic_free_rel": 0.0}


def test_a_question_s_sentences_carry_bounded_character_features(assistant: Assistant) -> None:
    analysed = assistant.analyse("职工服务站有什么作用")
    _, _, candidates = assistant.candidates(analysed)
    spans = [c for c in candidates if c.mention is None]
    assert spans
    names = ("char_topic_free", "char_topic_free_rel")
    assert all(0.0 <= c.features[name] <= 1.0 for c in spans for name in names)
    assert max(c.features["char_topic_free_rel"] for c in spans) == 1.0


def test_the_question_s_characters_near_its_question_word() -> None:
    from qa.span_features import near_chars, near_share

    near = near_chars("这座桥由谁设计")
    assert set(near) == set("座桥设计")  # 由 is a function character, 谁 the question word
    assert near_chars("某岛的首府是哪里") == ("首", "府") and near_chars("你好") == ()
    # only the characters within 4 of the question word: the topic further away is left out
    assert near_chars("这座博物馆收藏的最古老的青铜器是什么") == ("青", "铜", "器")
    assert near_share(near, "由一位本地工程师设计") == 0.5 and near_share((), "任何文字") == 0.0
    assert Terms.of("这座桥由谁设计", _cut).near == near


def test_the_clause_restating_what_is_asked_carries_near_cover() -> None:
    from qa.features import Needle

    clauses = ["这座桥建于1950年", "由一位本地工程师设计", "全长八百米"]
    terms = Terms.of("这座桥由谁设计", _cut)
    rows = [clause_features(terms, Needle.of("这座桥由谁设计", _cut), clauses, i, None) for i in range(3)]
    assert "near_cover" in CLAUSE_FEATURES
    assert rows[0]["near_cover"] == rows[1]["near_cover"] == 0.5 and rows[2]["near_cover"] == 0.0


def test_clauses_of_an_answer_carry_near_cover(assistant: Assistant) -> None:
    analysed = assistant.analyse("职工服务站有什么作用")
    _, _, candidates = assistant.candidates(analysed)
    spans = [c for c in candidates if c.mention is None]
    assert spans
    clauses = assistant.clause_candidates(analysed, spans[0])
    assert clauses and all(0.0 <= values["near_cover"] <= 1.0 for _, _, values, _ in clauses)
