"""Questions the reports cannot answer, made mechanically from questions they answer: is the refusal kept?

    python -m eval.counterfactual make OUTCOMES.jsonl… --out=VARIANTS.jsonl [--cap=40]
    python -m eval.counterfactual score VARIANTS.jsonl SCORED.jsonl [--split=train]
    python -m eval.counterfactual summary SCORED.jsonl [BEFORE_SCORED.jsonl]

(The twentieth session's figures: `make` over the outcomes of every training set and seed file, `--cap=40`, 4,174
variants; docs/answering.md, branch swap20.) `make` reads `eval.question_outcomes run` files (the per-question outcomes
of the training sets and the seed files)
and, from every question answered right with a number there (`found` and every check right), makes variants the
reports of its set cannot answer, each of one kind:

- `place_sibling`, `place_province`, `place_level`: the places the question names (read with the gazetteer,
  `index.places`) replaced by another place of the same level in the same province, one of the same level in another
  province, and one of another level (a province, a city, a county, or a town: a county's stem + 镇);
- `place_enclosing`, `place_inside`: the place replaced by its own province or city, or by a city or county inside it
  (the reports' figures of the place are then near, but they are a part's or the whole's);
- `town_swap`: a town, street or township the question names (X镇, X街道, X乡: a local place of the analysis)
  replaced by another of the same suffix no text names;
- `place_added`: a question naming no place, extent or town gets one (after its opening year, if any);
- `wider_national`, `wider_province`: a province's, city's or county's question asked of 全国, a city's or county's of
  全省 — kept only where no document of the corpus is about that extent by its title and no sentence of the corpus
  saying the extent (全国/我国, 全省/我省/本省) says the thing's head noun or half of its words; `wider_our_province`:
  the same as 我省 or 本省 (a province's user's word for 全省);
- `year_swap` (only where the documents answering the source state some year: an undated text may be of any year):
  the year the question asks replaced by the nearest year no text of the corpus mentions at all;
- `year_added`: a question with no year or time word opened on a year after every year the corpus mentions.

A place put in is one no text of the set's corpus names (its full name, suffixed and short names, looked for in the
simplified view and as written), written in the question's script (traditional where it is), and that the gazetteer reads back from the new question. The random choices use a
fixed seed; `--cap` keeps at most that many variants per set and kind (a fixed sample). Each row has the source set,
id and split (`eval.splits.split_of` of the source id), the kind, the question and the original.

`score` asks every variant (one assistant per set, `--split` to ask one split's only) and writes its outcome; a
variant is right when it is refused (`found: false`). `summary` prints the refusal rate per kind and split, and the
TRAIN-split variants answered (held-out ones are counted, never listed); with a second file, what moved.
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from eval.datasets import EvalQuestion, load_set
from eval.splits import split_of
from eval.variant_args import split_argv
from index.normalize import match_view, to_simplified
from index.numbers import calendar_years
from index.places import Gazetteer, Place, PlaceMention, _names, _nations
from qa.analysis import Question

SEED = 20
SETS = Path("eval/sets")
SEED_CORPUS = Path("corpus")
KINDS = (
    "place_sibling",
    "place_province",
    "place_level",
    "place_enclosing",
    "place_inside",
    "town_swap",
    "place_added",
    "wider_national",
    "wider_province",
    "wider_our_province",
    "year_swap",
    "year_added",
)
# Outside the mainland table's provinces (Taiwan, Hong Kong, Macau): their places are put in only for their own.
_OUTER = ("71", "81", "82")
_NATIONAL_TITLE = re.compile(r"全国|国家|中华人民共和国|中国|全总|国务院|中央")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_OPENING = re.compile(r"^\s*(?:截至|截止)?(?:(?:19|20)\d{2}|1[01]\d)年(?:度|底|末|初)?[，,]?\s*")
# Words that date a question already (今年, 去年, 上半年, 目前): a year put before them would contradict them.
_RELATIVE_TIME = re.compile(r"今年|去年|前年|明年|上年|本年|当年|目前|现在|截至|以来|年度|季度|上半年|下半年|\d+月")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Corpus:
    """A set's texts, as written and in the simplified matching view, its documents' titles and ids."""

    texts: tuple[str, ...]
    views: tuple[str, ...]
    titles: tuple[str, ...]
    ids: tuple[str, ...] = ()

    def names(self, word: str) -> bool:
        return any(word in t for t in self.views) or any(word in t for t in self.texts)

    def dated(self, relevant: Callable[[str], bool]) -> bool:
        """Every document `relevant` picks (at least one) states a calendar year: a text that states none may be of
        any year, so a year put in its question is doubtful."""
        views = [v for doc_id, v in zip(self.ids, self.views) if relevant(doc_id)]
        return bool(views) and all(calendar_years(v) for v in views)


def _documents(set_name: str) -> list[tuple[str, str, str]]:
    """(id, title, text) of every document of a set's corpus: a BEIR set's corpus.jsonl, else the seed corpus folder
    (ids: file stems)."""
    corpus = SETS / set_name / "corpus.jsonl"
    if corpus.is_file():
        rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [(str(r.get("_id", "")), r.get("title", ""), r.get("text", "")) for r in rows]
    out = []
    for path in sorted(SEED_CORPUS.iterdir()):
        if path.suffix in (".txt", ".md") and path.name != "README.md":
            text = path.read_text(encoding="utf-8-sig", errors="replace")
            out.append((path.stem, text.splitlines()[0] if text else "", text))
    return out


def load_corpus(set_name: str) -> Corpus:
    docs = _documents(set_name)
    texts = tuple(f"{title}\n{text}" for _, title, text in docs)
    views = tuple(match_view(t).text for t in texts)
    return Corpus(texts, views, tuple(match_view(t).text for _, t, _ in docs), tuple(d for d, _, _ in docs))


def aliases(place: Place) -> list[tuple[str, bool]]:
    """(name, short) of a place: its full name, suffixed and short names."""
    return [(name, short) for name, short, _ in _names(place, _nations())]


def unnamed(place: Place, corpus: Corpus) -> bool:
    """No text of the corpus names the place by any of its names."""
    return not any(corpus.names(name) for name, _ in aliases(place))


def _chains(mentions: list[PlaceMention]) -> list[tuple[int, int, PlaceMention]]:
    """Runs of adjacent place mentions ("广东省深圳市"): (start, end, the last, most specific mention)."""
    out: list[tuple[int, int, PlaceMention]] = []
    for m in mentions:
        if out and out[-1][1] == m.start:
            out[-1] = (out[-1][0], m.end, m)
        else:
            out.append((m.start, m.end, m))
    return out


@lru_cache(maxsize=1)
def _s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def in_script_of(question: str, name: str) -> str:
    """`name` in traditional script where the question is written in it (a user writes one script)."""
    return _s2t().convert(name) if to_simplified(question) != question else name


def _province(place: Place) -> str:
    return place.adcode[:2]


def _town_name(place: Place) -> str | None:
    """A town named after a county's stem (甲山 → 甲山镇): a town's name, whatever place it is in."""
    shorts = [name for name, short in aliases(place) if short]
    return shorts[0] + "镇" if shorts else None


class Maker:
    """Variants of one set's questions (see the module's docstring)."""

    def __init__(self, set_name: str, gazetteer: Gazetteer, rng: random.Random) -> None:
        self.set_name = set_name
        self.gazetteer = gazetteer
        self.rng = rng
        self.corpus = load_corpus(set_name)
        self.places = [p for p in gazetteer.places() if not p.name.endswith(("市辖区",))]
        self._unnamed: dict[str, bool] = {}
        years: set[int] = set()
        for view in self.corpus.views:
            years.update(y for y, _, _ in calendar_years(view))
            years.update(int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", view))
        self.years = years
        self.national_titles = any(
            _NATIONAL_TITLE.search(t) or not gazetteer.find_normalized(t) for t in self.corpus.titles
        )
        self.province_titles = any(
            min((m.place.level for m in gazetteer.find_normalized(t)), default=9) == 0 for t in self.corpus.titles
        )

    def _free(self, place: Place) -> bool:
        if place.adcode not in self._unnamed:
            self._unnamed[place.adcode] = unnamed(place, self.corpus)
        return self._unnamed[place.adcode]

    def _written(self, place: Place, short: bool) -> str:
        names = aliases(place)
        if short:
            shorts = [n for n, s in names if s]
            if shorts:
                return shorts[0]
        return names[0][0] if names else place.name

    def _pick(self, pool: Iterable[Place], question: str, start: int, end: int, short: bool) -> tuple[str, str] | None:
        """(new question, the name put in) with a place of `pool` no text names, read back by the gazetteer."""
        pool = list(pool)
        self.rng.shuffle(pool)
        for place in pool[:60]:
            if not self._free(place):
                continue
            name = in_script_of(question, self._written(place, short))
            new = question[:start] + name + question[end:]
            if place in {m.place for m in self.gazetteer.find(new)}:
                return new, name
        return None

    def place_variants(self, question: str) -> Iterator[tuple[str, str, str]]:
        """(kind, question, the name put in) for the place the question names (its last run of names)."""
        chains = _chains(self.gazetteer.find(question))
        if len(chains) != 1:
            return  # no place, or several (a comparison, a list): one swap would not make a clean question
        start, end, mention = chains[0]
        place = mention.place
        short = all(s for n, s in aliases(place) if n == match_view(mention.surface).text)
        same_level = [p for p in self.places if p.level == place.level and p != place]
        inside = _province(place) in _OUTER
        sibling = [p for p in same_level if _province(p) == _province(place)]
        if place.level > 0 and (made := self._pick(sibling, question, start, end, short)):
            yield "place_sibling", *made
        other = [p for p in same_level if _province(p) != _province(place) and (_province(p) in _OUTER) == inside]
        if made := self._pick(other, question, start, end, short):
            yield "place_province", *made
        levels = [lv for lv in (0, 1, 2, 3) if lv != place.level]
        level = self.rng.choice(levels)
        if level == 3:  # a town: a county's stem + 镇, which no text names
            counties = [p for p in self.places if p.level == 2 and _province(p) not in _OUTER]
            self.rng.shuffle(counties)
            for county in counties[:60]:
                town = _town_name(county)
                if town and self._free(county) and not self.corpus.names(town):
                    town = in_script_of(question, town)
                    yield "place_level", question[:start] + town + question[end:], town
                    break
        else:
            pool = [p for p in self.places if p.level == level and _province(p) not in _OUTER]
            if made := self._pick(pool, question, start, end, False):
                yield "place_level", *made
        # the place's own province or city, or a place inside it: another level, but the reports' figures are near
        # (not a territory's whole: a district's text says 全港, a county's 全国, of Hong Kong's or Taiwan's whole)
        enclosing = [p for p in self.gazetteer.parents(place) if _province(p) not in _OUTER]
        if made := self._pick(enclosing, question, start, end, False):
            yield "place_enclosing", *made
        parts = [p for p in self.places if p.level == place.level + 1 and self.gazetteer.within(p, place)]
        if made := self._pick(parts, question, start, end, False):
            yield "place_inside", *made

    def added(self, question: str) -> tuple[str, str] | None:
        opening = _OPENING.match(question)
        at = opening.end() if opening else 0
        name = match_view(question[at : at + 2]).text
        if any(name in title for title in self.corpus.titles):
            return None  # the question opens on its report's own name (a town, a body): a place before it is odd
        level = self.rng.choice((0, 1, 2))
        pool = [p for p in self.places if p.level == level and _province(p) not in _OUTER]
        return self._pick(pool, question, at, at, False)

    def wider(self, question: str, thing: str, extent: str) -> str | None:
        """The city's or county's question asked of `extent` (全国, 全省), where the corpus cannot give it."""
        chains = _chains(self.gazetteer.find(question))
        place = chains[0][2].place if len(chains) == 1 else None
        if place is None or extent != "全国" and (place.level == 0 or _province(place) in _OUTER):
            return None  # a province's question asked of 全国 (not of 全省: the province itself; Hong Kong has none)
        if extent == "全国" and self.national_titles or extent != "全国" and self.province_titles:
            return None
        words = [w for w in _thing_words(thing) if len(w) >= 2]
        if not words:
            return None
        said = ("全国", "我国", "国家") if extent == "全国" else ("全省", "我省", "本省")
        for view in self.corpus.views:
            for sentence in _SENTENCE.findall(view):
                if not any(s in sentence for s in said):
                    continue
                hits = sum(w in sentence for w in words)
                if words[-1] in sentence or 2 * hits >= len(words):
                    return None  # the extent may be stated for the thing: doubtful, dropped
        start, end, _ = chains[0]
        return question[:start] + extent + question[end:]

    def variants(self, text: str, q: Question, dated: bool = True) -> list[tuple[str, str, str]]:
        """(kind, question, what was put in) of every variant of one question (`q`: its analysis); `dated`: its
        documents state years (else no year is put in)."""
        out = []
        if q.places:
            out += list(self.place_variants(text))
            # a province's, a city's or a county's question asked of the nation, a city's or a county's of its province
            ours = self.rng.choice(("我省", "本省"))  # a province's user's word for 全省
            for extent, kind in (("全国", "wider_national"), ("全省", "wider_province"), (ours, "wider_our_province")):
                if not q.scope and (wider := self.wider(text, q.head or q.target, extent)):
                    out.append((kind, wider, extent))
        elif q.local_places and (town := self.town_swap(text, q.local_places)):
            out.append(("town_swap", *town))
        elif not q.local_places and not q.scope and not q.document and (added := self.added(text)):
            out.append(("place_added", *added))
        if not dated:
            return out
        if q.year is not None and (swapped := self.year_swap(text, q.year)):
            out.append(("year_swap", *swapped))
        elif q.year is None and not calendar_years(text) and not _RELATIVE_TIME.search(text):
            out.append(("year_added", *self.year_added(text)))
        return out

    def town_swap(self, question: str, names: tuple[str, ...]) -> tuple[str, str] | None:
        """A town, street or township the question names (`Question.local_places`: 甲溪镇) replaced by another of the
        same suffix that no text names (a county's stem + the suffix)."""
        simplified = to_simplified(question)
        for name in names:
            suffix = next((x for x in ("街道", "镇", "乡") if name.endswith(x)), None)
            at = simplified.find(name)
            if suffix is None or at < 0:
                continue
            counties = [p for p in self.places if p.level == 2 and _province(p) not in _OUTER]
            self.rng.shuffle(counties)
            for county in counties[:60]:
                stems = [n for n, short in aliases(county) if short]
                town = stems[0] + suffix if stems else None
                if town and self._free(county) and not self.corpus.names(town):
                    town = in_script_of(question, town)
                    return question[:at] + town + question[at + len(name) :], town
        return None

    def year_added(self, question: str) -> tuple[str, str]:
        """The question opened on a year no text mentions: the nearest such year after the corpus's latest (a user
        asking a year the reports have not reached), or before its earliest."""
        latest = max((y for y in self.years if y <= 2035), default=2024)
        after = [y for y in range(latest + 1, 2040) if y not in self.years]
        year = self.rng.choice(after[:2]) if after else 1989
        return f"{year}年" + question, str(year)

    def year_swap(self, question: str, asked: int) -> tuple[str, str] | None:
        """The question with the year it asks (`asked`) replaced by the nearest year no text mentions."""
        found = [y for y in calendar_years(question) if y[0] == asked]
        if not found:
            return None
        year, start, end = found[0]
        written = question[start:end]
        candidates = [y for y in range(1990, 2036) if y not in self.years and y != year]
        candidates = [y for y in candidates if not self.corpus.names(f"{y - 1911}年")]
        if not candidates:
            return None
        nearest = sorted(candidates, key=lambda y: (abs(y - year), y))[:2]
        new_year = self.rng.choice(nearest)
        if re.match(r"(?:19|20)\d{2}", written):
            new_written = str(new_year) + written[4:]
        else:
            roc = re.match(r"(民国)?(\d{1,3})", written)
            if roc is None:
                return None
            new_written = (roc.group(1) or "") + str(new_year - 1911) + written[roc.end() :]
        return question[:start] + new_written + question[end:], str(new_year)


def _thing_words(thing: str) -> list[str]:
    from index.tokenize import jieba_module

    return [w for w in jieba_module().lcut(thing) if _HAN.search(w)]


def _relevant(question: EvalQuestion, doc_id: str) -> bool:
    """The document answers the question: a BEIR set's qrels, a question file's document prefix."""
    if question.relevant_ids:
        return doc_id in question.relevant_ids
    return bool(question.relevant_prefix) and doc_id.startswith(question.relevant_prefix or "")


def _right(row: dict[str, Any]) -> bool:
    checks = row.get("checks") or {}
    numeric = "number" in checks or "numeric_top_right" in checks  # a number asked and given
    return bool(row.get("found")) and numeric and all(checks.values())


def sources(outcomes: list[Path]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(set, its right-answered numeric rows) of every training set and seed file whose run finished (a totals row: a
    set half run would be sampled otherwise), from `eval.question_outcomes run` files; never-tuned sets and CMRC/DRCD
    left out."""
    rows_by_set: dict[str, list[dict[str, Any]]] = defaultdict(list)
    complete: set[str] = set()
    for path in outcomes:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if "totals" in row:
                complete.add(row["set"])
            elif _right(row) and not row["set"].startswith("reports-heldout"):
                rows_by_set[row["set"]].append(row)
    for set_name in sorted(set(rows_by_set) & complete):
        if not set_name.startswith(("cmrc", "drcd")):
            yield set_name, rows_by_set[set_name]


def make(outcomes: list[Path], out: Path, cap: int) -> None:
    from qa.analysis import analyze

    gazetteer = Gazetteer.default()
    out.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = defaultdict(int)
    with out.open("w", encoding="utf-8") as f:
        for set_name, rows in sources(outcomes):
            rng = random.Random(f"{SEED}:{set_name}")
            maker = Maker(set_name, gazetteer, rng)
            questions = {q.id: q for q in load_set(_set_path(set_name)).questions}
            made: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in rows:
                text = row["question"]
                base = {"set": set_name, "source": row["id"], "split": split_of(row["id"]), "original": text}
                source = questions.get(row["id"])
                dated = source is not None and maker.corpus.dated(partial(_relevant, source))
                for kind, question, put in maker.variants(text, analyze(text, gazetteer), dated):
                    made[kind].append(base | {"kind": kind, "question": question, "put": put})
            for kind in KINDS:
                chosen = made[kind]
                if len(chosen) > cap:
                    chosen = random.Random(f"{SEED}:{set_name}:{kind}").sample(chosen, cap)
                for variant in chosen:
                    f.write(json.dumps(variant, ensure_ascii=False) + "\n")
                counts[f"{set_name} {kind}"] += len(chosen)
            print(set_name, {k: len(made[k]) for k in KINDS}, flush=True)
    print(f"wrote {sum(counts.values())} variants to {out}")


def _set_path(name: str) -> Path:
    directory = SETS / name
    return directory if directory.is_dir() else SETS / f"{name}.jsonl"


def score(variants: Path, out: Path, split: str | None) -> None:
    from eval.runner import prepare_index
    from qa.answer import Assistant
    from qa.config import Settings

    rows = [json.loads(line) for line in variants.read_text(encoding="utf-8").splitlines() if line.strip()]
    if split:
        rows = [r for r in rows if r["split"] == split]
    by_set: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_set[r["set"]].append(r)
    settings = Settings()
    with out.open("w", encoding="utf-8") as f:
        for name, variants_of_set in by_set.items():
            started = time.perf_counter()
            eval_set = load_set(_set_path(name))
            assistant = Assistant.load(settings, prepare_index(eval_set, settings))
            refused = 0
            for r in variants_of_set:
                answer = assistant.ask(r["question"], 5)
                top = (
                    answer.reason or ""
                    if not answer.found
                    else (f"{answer.numbers[0].text}" if answer.numbers else answer.answer[:60])
                )
                refused += int(not answer.found)
                f.write(json.dumps(r | {"refused": not answer.found, "top": top}, ensure_ascii=False) + "\n")
            f.flush()
            took = time.perf_counter() - started
            print(f"{name}: {refused}/{len(variants_of_set)} refused ({took:.0f} s)", flush=True)


def _read(path: Path) -> dict[tuple[str, str, str, str], dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(r["set"], r["source"], r["kind"], r["question"]): r for r in rows}


def summary(path: Path, before_path: Path | None, kinds: Sequence[str] = KINDS) -> None:
    rows = _read(path)
    before = _read(before_path) if before_path else {}
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    old_table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for key, r in rows.items():
        table[r["kind"]][r["split"]][0] += int(r["refused"])
        table[r["kind"]][r["split"]][1] += 1
        if key in before:
            old_table[r["kind"]][r["split"]][0] += int(before[key]["refused"])
            old_table[r["kind"]][r["split"]][1] += 1
    for kind in kinds:
        cells = []
        for split in ("train", "heldout"):
            right, total = table[kind][split]
            cell = f"{split} {right}/{total}"
            if before:
                cell = f"{split} {old_table[kind][split][0]}→{right}/{total}"
            cells.append(cell)
        print(f"{kind:16} " + " · ".join(cells))
    for key, r in sorted(rows.items()):
        if r["split"] != "train":
            continue  # held-out variants are scored, never read
        old = before.get(key)
        if before and old is not None and old["refused"] != r["refused"]:
            print(f"{'+' if r['refused'] else '−'} {r['set']} {r['source']} {r['kind']}: {r['question']}  [{r['top']}]")
        elif not before and not r["refused"]:
            print(f"answered {r['set']} {r['source']} {r['kind']}: {r['question']}  ← {r['original']}  [{r['top']}]")


def main(argv: list[str]) -> None:
    args, options = split_argv(argv)
    if args[:1] == ["make"] and len(args) >= 2:
        out = Path(options.get("out") or "var/eval/counterfactual_variants.jsonl")
        make([Path(a) for a in args[1:]], out, int(options.get("cap") or 40))
    elif args[:1] == ["score"] and len(args) == 3:
        score(Path(args[1]), Path(args[2]), options.get("split") or None)
    elif args[:1] == ["summary"] and len(args) in (2, 3):
        summary(Path(args[1]), Path(args[2]) if len(args) == 3 else None)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
