"""Do places and numbers come out the same from a traditional-script passage and its simplified twin?

    python -m bench.script_agreement ../shared/bench/drcd-dev [--limit 1000]

Each passage of a BEIR corpus.jsonl (DRCD: traditional script) is read as a report would be (NFKC) and
compared with the same passage converted to simplified script with OpenCC t2s: the places of every line
(`paragraph_places`), the place names found (`Gazetteer.find`) and the number mentions (value, unit, kind, qualifier, subject, span) must be equal. t2s keeps
lengths, so spans are comparable as they stand. Prints the share of passages that agree, for each.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from index.normalize import normalize_text, to_simplified
from index.numbers import extract_numbers
from index.places import Gazetteer, paragraph_places


def _places(text: str, gazetteer: Gazetteer) -> list[tuple[int, int, tuple[str, ...]]]:
    return [(s, e, tuple(p.adcode for p in places)) for s, e, places in paragraph_places(text, gazetteer)]


def _mentions(text: str, gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.place.adcode) for m in gazetteer.find(text, strict=True)]


def _numbers(text: str) -> list[tuple[object, ...]]:
    return [(m.value, m.unit, m.kind, m.qualifier, m.subject, m.start, m.end) for m in extract_numbers(text)]


def measure(corpus: Path, limit: int) -> dict[str, object]:
    gazetteer = Gazetteer.default()
    rows = [json.loads(line) for line in corpus.read_text("utf-8").splitlines() if line.strip()][:limit]
    same_places = same_mentions = same_numbers = found_places = found_numbers = 0
    examples: list[str] = []
    started = time.perf_counter()
    for row in rows:
        traditional = normalize_text(row["text"])
        simplified = normalize_text(to_simplified(row["text"]))
        p_t, p_s = _places(traditional, gazetteer), _places(simplified, gazetteer)
        n_t, n_s = _numbers(traditional), _numbers(simplified)
        same_places += p_t == p_s
        same_mentions += _mentions(traditional, gazetteer) == _mentions(simplified, gazetteer)
        same_numbers += n_t == n_s
        found_places += any(p for *_, p in p_s)
        found_numbers += bool(n_s)
        if (p_t != p_s or n_t != n_s) and len(examples) < 5:
            examples.append(row["_id"])
    return {
        "passages": len(rows),
        "places_agree": same_places,
        "gazetteer_find_agree": same_mentions,
        "numbers_agree": same_numbers,
        "passages_with_places_simplified": found_places,
        "passages_with_numbers_simplified": found_numbers,
        "seconds": round(time.perf_counter() - started, 1),
        "first_disagreeing": examples,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a BEIR folder or its corpus.jsonl")
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args(argv)
    path = args.corpus / "corpus.jsonl" if args.corpus.is_dir() else args.corpus
    result = measure(path, args.limit)
    n = result["passages"]
    print(json.dumps(result, ensure_ascii=False))
    print(
        f"places agree on {result['places_agree']}/{n}, Gazetteer.find on {result['gazetteer_find_agree']}/{n}, numbers agree on {result['numbers_agree']}/{n}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
