#!/usr/bin/env python
"""Choose the ranking parameters on both judged sets (issue 13).

The parameters: BM25F's K1 and its length normalisation B per field
(``rsi_case.search.service.WEIGHTING``), the weight of each field in a
query (``FIELD_BOOSTS``) and the weights of the fallbacks
(``rsi_case.search.fallback``: a hyphen group's parts, an unknown
compound's parts, the compounds an unknown word lives in). None of them
changes the index, so both corpora and their indexes are built once
(``bench/relevance.py --keep DIR``) and every candidate is scored on every
judged query of both sets through the real ``SearchService``.

Not searched: ``headings_B`` stays 0. Whoosh's average field length counts
the documents without headings too, so any document with headings looked
"long" in that field and a heading that names the subject was discounted
hardest in the long papers that have the most of them; on the judged sets
0 and 0.3 are within 0.002 of each other, and the founding-paper test in
tests/functional/test_search_queries.py needs 0.

Search: coordinate ascent from the current settings over a coarse grid of
round values, a value kept only when it raises the objective -- the mean
nDCG@10 of the two sets, each the mean over its queries -- by more than
``--min-gain``; then each set alone is tuned the same way and scored on the
other (does what one set teaches hold on the other?).

    .venv/bin/python bench/relevance.py --keep /tmp/rel      # once: builds the corpora
    .venv/bin/python bench/tune_relevance.py --dir /tmp/rel
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import relevance  # noqa: E402

GRID = {
    "idf": ("classic", "whoosh"),
    "K1": (0.6, 0.9, 1.2, 1.6, 2.0),
    "B": (0.3, 0.5, 0.75, 0.9),
    "title_B": (0.0, 0.3, 0.5, 0.75, 1.0),
    "body_B": (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75),
    "attachments_B": (0.1, 0.3, 0.5, 0.75, 1.0),
    "case_title_B": (0.0, 0.3, 0.5, 0.75, 1.0),
    "boost_title": (0.5, 0.75, 1.0, 1.5, 2.0),
    "boost_headings": (0.0, 0.25, 0.5, 1.0, 1.5, 2.0),
    "boost_body": (0.5, 0.75, 1.0, 1.25, 1.5),
    "boost_attachments": (0.1, 0.25, 0.5, 0.75, 1.0),
    "boost_case_title": (0.0, 0.25, 0.5, 0.75, 1.0),
    "hyphen_parts": (0.3, 0.5, 0.8, 1.0),
    "compound_parts": (0.3, 0.6, 0.8, 1.0),
    "compounds": (0.3, 0.6, 0.8, 1.0),
}


def current() -> dict:
    from rsi_case.search import fallback, service

    w = service.WEIGHTING
    params = {"idf": "classic" if isinstance(w, service.BM25FClassicIdf) else "whoosh", "K1": w.K1, "B": w.B}
    for field in service.TEXT_FIELDS:
        params[f"{field}_B"] = w._field_B.get(field, w.B)
        params[f"boost_{field}"] = service.FIELD_BOOSTS.get(field, 1.0)
    params.update(hyphen_parts=fallback.HYPHEN_PARTS_BOOST, compound_parts=fallback.PARTS_BOOST,
                  compounds=fallback.COMPOUNDS_BOOST)
    return params


@contextlib.contextmanager
def applied(params: dict):
    from whoosh import scoring

    from rsi_case.search import fallback, service

    saved = (service.WEIGHTING, dict(service.FIELD_BOOSTS), fallback.HYPHEN_PARTS_BOOST, fallback.PARTS_BOOST,
             fallback.COMPOUNDS_BOOST)
    weighting = service.BM25FClassicIdf if params.get("idf", "classic") == "classic" else scoring.BM25F
    service.WEIGHTING = weighting(B=params["B"], K1=params["K1"], **{
        f"{f}_B": params[f"{f}_B"] for f in service.TEXT_FIELDS})
    service.FIELD_BOOSTS = {f: params[f"boost_{f}"] for f in service.TEXT_FIELDS}
    fallback.HYPHEN_PARTS_BOOST = params["hyphen_parts"]
    fallback.PARTS_BOOST = params["compound_parts"]
    fallback.COMPOUNDS_BOOST = params["compounds"]
    try:
        yield
    finally:
        (service.WEIGHTING, service.FIELD_BOOSTS, fallback.HYPHEN_PARTS_BOOST, fallback.PARTS_BOOST,
         fallback.COMPOUNDS_BOOST) = saved


class Sets:
    """The judged sets with their built indexes (ours only)."""

    def __init__(self, workdir: Path):
        from rsi_case.search.index import IndexStore

        self.sets = {}
        for name, path in relevance.SETS.items():
            queries = json.loads(path.read_text(encoding="utf-8"))["queries"]
            store = IndexStore(workdir / name / "index-ours")
            if store.current_dir() is None:
                raise SystemExit(f"no index in {workdir / name}: run bench/relevance.py --keep {workdir} first")
            self.sets[name] = (store, queries)

    def scores(self, params: dict, names=None) -> dict:
        """{set: {tag: mean nDCG@10}, with "overall"}."""
        from rsi_case.search.service import SearchService

        out = {}
        with applied(params):
            for name, (store, queries) in self.sets.items():
                if names and name not in names:
                    continue
                service = SearchService(store)
                rows = [(q, relevance.score(relevance.ranked_numbers(service, q["query"]), relevance.gains(q)))
                        for q in queries]
                tags = {"overall": [s["nDCG@10"] for _q, s in rows]}
                for q, s in rows:
                    for tag in q["tags"]:
                        tags.setdefault(tag, []).append(s["nDCG@10"])
                out[name] = {tag: statistics.fmean(v) for tag, v in tags.items()}
        return out


def objective(scores: dict) -> float:
    return statistics.fmean(s["overall"] for s in scores.values())


def ascend(sets: Sets, start: dict, names=None, min_gain: float = 0.002, rounds: int = 3, log=print):
    params = dict(start)
    best = objective(sets.scores(params, names))
    log(f"start: {best:.4f}")
    for r in range(rounds):
        improved = False
        for key, values in GRID.items():
            for value in values:
                if value == params[key]:
                    continue
                trial = {**params, key: value}
                got = objective(sets.scores(trial, names))
                if got > best + min_gain:
                    log(f"  round {r + 1}: {key} {params[key]} -> {value}: {best:.4f} -> {got:.4f}")
                    params, best, improved = trial, got, True
        if not improved:
            break
    return params, best


def table(scores: dict) -> str:
    tags = ("stem", "compound", "hyphen", "phrase", "number", "decision", "long", "overall")
    lines = [f"{'tag':10} " + " ".join(f"{n:>9}" for n in scores)]
    for tag in tags:
        lines.append(f"{tag:10} " + " ".join(f"{s[tag]:9.3f}" if tag in s else f"{'–':>9}" for s in scores.values()))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", required=True, help="the --keep directory of bench/relevance.py")
    ap.add_argument("--min-gain", type=float, default=0.002)
    ap.add_argument("--no-cross", action="store_true", help="skip tuning each set alone")
    args = ap.parse_args(argv)
    sets = Sets(Path(args.dir))
    start = current()
    print("current settings:", json.dumps(start))
    print(table(sets.scores(start)))
    params, best = ascend(sets, start, min_gain=args.min_gain)
    print("\nchosen on both sets:", json.dumps(params))
    print(table(sets.scores(params)))
    if not args.no_cross:
        for name in sets.sets:
            other = [n for n in sets.sets if n != name]
            alone, _ = ascend(sets, start, names=[name], min_gain=args.min_gain, log=lambda *a: None)
            print(f"\ntuned on {name} alone:", json.dumps({k: v for k, v in alone.items() if v != start[k]}))
            print(table(sets.scores(alone)))
            print(f"  (on {other[0]}: {sets.scores(alone, other)[other[0]]['overall']:.3f}, "
                  f"with the settings chosen on both: {sets.scores(params, other)[other[0]]['overall']:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
