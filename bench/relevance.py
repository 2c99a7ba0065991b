#!/usr/bin/env python
"""Search relevance over the demo corpus (issue 5): our analyzer vs plain Snowball.

Loads the demo organisation (``rsi_case.demo``) into a fresh, migrated SQLite
database in a temporary directory and builds two Whoosh indexes of it with
the real ``Indexer.rebuild()``:

* **ours**: the application's schema (``rsi_case.search.index.make_schema``):
  Danish tokenizer that keeps numbers and hyphen groups, HyphenFilter, Danish
  stop words, DecompoundFilter with the corpus-learnt lexicon, Snowball;
* **baseline**: the same fields, boosts and entries, but every text field
  analysed by plain Snowball: ``RegexTokenizer | LowercaseFilter |
  StopFilter(Whoosh's Danish stop list) | StemFilter(lang="da")`` -- no
  hyphen or compound handling.

Every query of the judged set (``bench/relevance_set.json``) is run as an
archivist (principals ``["role:arkivar"]``) through the real
``SearchService.search`` (same query parser, number boosts, permissions) on
both, and scored with

* **recall@10**: relevant records in the first 10 hits / min(10, relevant);
* **MRR**: 1 / rank of the first relevant hit (0 if none is found);
* **nDCG@10**: graded gains from the judged order -- the first listed
  record has gain 3, the second 2, every further one 1; log2 discount.

Prints per-query and per-tag scores (a query counts in each of its tags) and
the overall means, then runs a board member's plain Danish question and
shows its top hits on both indexes.

    .venv/bin/python bench/relevance.py
    .venv/bin/python bench/relevance.py --set bench/relevance_set.json --show 5 --keep /tmp/rel
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import shutil
import statistics
import sys
import tempfile
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

QUESTION = "hvornår godkendte styregruppen aftalen om fælles telefoni"
ARCHIVIST = ["role:arkivar"]
TAGS = ("stem", "compound", "hyphen", "phrase", "number", "decision")
K = 10


def baseline_analyzer(lexicon=None):
    """Plain Snowball: no hyphen groups, no numbers kept whole, no compounds."""
    from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
    from whoosh.lang import stopwords_for_language

    return (RegexTokenizer() | LowercaseFilter()
            | StopFilter(stoplist=frozenset(stopwords_for_language("da"))) | StemFilter(lang="da"))


@contextlib.contextmanager
def baseline_schema():
    """While active, ``make_schema`` gives the application's fields with the
    baseline analyzer (the analyzer is stored in the index, so the searcher
    and the query parser use it afterwards)."""
    from rsi_case.search import index as index_mod

    original = index_mod.danish_analyzer
    index_mod.danish_analyzer = baseline_analyzer
    try:
        yield
    finally:
        index_mod.danish_analyzer = original


def build(workdir: Path):
    """Migrate, load the demo, build both indexes; returns (ours, baseline) services."""
    import io

    from rsi_case.db import get_engine
    from rsi_case.demo.loader import load_demo
    from rsi_case.documents.storage import BlobStore
    from rsi_case.scripts.initdb import migrate
    from rsi_case.search.index import IndexStore
    from rsi_case.search.indexer import Indexer
    from rsi_case.search.service import SearchService

    db_file = workdir / "demo.sqlite"
    settings = {"sqlalchemy.url": f"sqlite:///{db_file}", "rsi_case.blobs": str(workdir / "blobs")}
    engine = get_engine(settings)
    migrate(str(ROOT / "development.ini"), engine)
    with contextlib.redirect_stdout(io.StringIO()):
        load_demo(engine, settings)
    blobs = BlobStore(workdir / "blobs")
    services = []
    for name in ("ours", "baseline"):
        store = IndexStore(workdir / f"index-{name}")
        ctx = baseline_schema() if name == "baseline" else contextlib.nullcontext()
        with ctx:
            n = Indexer(engine, store, blobs, mode="off").rebuild()
        services.append(SearchService(store))
        print(f"index {name}: {n} records")
    return engine, services


def ranked_numbers(service, query: str, limit: int = 50) -> list[str]:
    from rsi_case.search.service import Filters

    result = service.search(query, ARCHIVIST, Filters(), pagelen=limit, facets=False)
    seen, out = set(), []
    for hit in result.hits:
        if hit.number not in seen:
            seen.add(hit.number)
            out.append(hit.number)
    return out


def gains(relevant: list[str]) -> dict[str, float]:
    return {num: (3.0 if i == 0 else 2.0 if i == 1 else 1.0) for i, num in enumerate(relevant)}


def score(ranked: list[str], relevant: list[str]) -> dict[str, float]:
    g = gains(relevant)
    top = ranked[:K]
    recall = sum(1 for n in top if n in g) / min(K, len(relevant))
    rr = next((1.0 / (i + 1) for i, n in enumerate(ranked) if n in g), 0.0)
    dcg = sum(g.get(n, 0.0) / math.log2(i + 2) for i, n in enumerate(top))
    ideal = sum(v / math.log2(i + 2) for i, v in enumerate(sorted(g.values(), reverse=True)[:K]))
    return {"recall@10": recall, "MRR": rr, "nDCG@10": dcg / ideal if ideal else 0.0}


METRICS = ("recall@10", "MRR", "nDCG@10")


def mean(rows, metric):
    return statistics.fmean(r[metric] for r in rows) if rows else float("nan")


def titles(engine) -> dict[str, str]:
    import sqlalchemy as sa

    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT year, seq, title FROM cases")).all()
        out = {f"{y % 100:02d}/{s:04d}": t for y, s, t in rows}
        rows = conn.execute(sa.text("SELECT year, seq, title FROM documents")).all()
        out.update({f"{s:05d}/{y % 100:02d}": t for y, s, t in rows})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default=str(ROOT / "bench" / "relevance_set.json"), help="the judged query set (JSON)")
    ap.add_argument("--show", type=int, default=0, help="also print the top N hits of each query (ours | baseline)")
    ap.add_argument("--only", default="", help="run only queries with this tag")
    ap.add_argument("--keep", default="", help="build in this directory and keep it (default: a temp dir, removed)")
    ap.add_argument("--markdown", action="store_true", help="print the per-tag table as Markdown too")
    args = ap.parse_args(argv)

    judged = json.loads(Path(args.set).read_text(encoding="utf-8"))
    queries = judged["queries"] if isinstance(judged, dict) else judged
    if args.only:
        queries = [q for q in queries if args.only in q["tags"]]
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="rsi-relevance-"))
    if args.keep and workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        engine, (ours, base) = build(workdir)
        known = titles(engine)
        missing = {n for q in queries for n in q["relevant"] if n not in known}
        if missing:
            print(f"ERROR: judged numbers not in the demo: {sorted(missing)}")
            return 2
        rows = []
        print(f"\n{len(queries)} queries, as {ARCHIVIST[0]}; scores ours / baseline\n")
        print(f"{'query':45} {'tags':22} {'#rel':>4}  {'R@10':>11}  {'RR':>11}  {'nDCG@10':>11}")
        for q in queries:
            r_ours, r_base = ranked_numbers(ours, q["query"]), ranked_numbers(base, q["query"])
            s_ours, s_base = score(r_ours, q["relevant"]), score(r_base, q["relevant"])
            for s_, r_ in ((s_ours, r_ours), (s_base, r_base)):
                if q.get("compound_only"):  # records where the word occurs only inside compounds
                    s_["compound-only found"] = sum(n in r_ for n in q["compound_only"]) / len(q["compound_only"])
            rows.append((q, s_ours, s_base))
            cells = "  ".join(f"{s_ours[m]:.2f} / {s_base[m]:.2f}" for m in METRICS)
            flag = "  <-- baseline better" if s_base["nDCG@10"] > s_ours["nDCG@10"] + 1e-9 else ""
            print(f"{q['query'][:45]:45} {','.join(q['tags'])[:22]:22} {len(q['relevant']):4}  {cells}{flag}")
            if args.show:
                for i in range(args.show):
                    a = r_ours[i] if i < len(r_ours) else ""
                    b = r_base[i] if i < len(r_base) else ""
                    ma = "*" if a in q["relevant"] else " "
                    mb = "*" if b in q["relevant"] else " "
                    print(f"      {i + 1:2}. {ma}{a:9} {known.get(a, '')[:48]:48} | {mb}{b:9} {known.get(b, '')[:40]}")
        print("\nPer tag (mean; a query counts in each of its tags)\n")
        header = f"{'tag':10} {'n':>3}  " + "  ".join(f"{m + ' ours':>14} {m + ' base':>14}" for m in METRICS)
        print(header)
        table = []
        for tag in (*TAGS, "overall"):
            sel = [r for r in rows if tag == "overall" or tag in r[0]["tags"]]
            if not sel:
                continue
            vals = [(mean([r[1] for r in sel], m), mean([r[2] for r in sel], m)) for m in METRICS]
            table.append((tag, len(sel), vals))
            print(f"{tag:10} {len(sel):3}  " + "  ".join(f"{a:14.3f} {b:14.3f}" for a, b in vals))
        if args.markdown:
            print("\n| tag | queries | recall@10 ours | recall@10 baseline | MRR ours | MRR baseline "
                  "| nDCG@10 ours | nDCG@10 baseline |")
            print("|---|---|---|---|---|---|---|---|")
            for tag, n, vals in table:
                name = f"**{tag}**" if tag == "overall" else tag
                print(f"| {name} | {n} | " + " | ".join(f"{a:.2f} | {b:.2f}" for a, b in vals) + " |")
        co = [r for r in rows if "compound-only found" in r[1]]
        if co:
            found_o = sum(round(r[1]["compound-only found"] * len(r[0]["compound_only"])) for r in co)
            found_b = sum(round(r[2]["compound-only found"] * len(r[0]["compound_only"])) for r in co)
            total_co = sum(len(r[0]["compound_only"]) for r in co)
            print(f"\nCompound-only records (the word occurs only inside compounds), found at any rank, "
                  f"{len(co)} queries: ours {found_o}/{total_co}, baseline {found_b}/{total_co}")
            for r in co:
                n = len(r[0]["compound_only"])
                print(f"  {r[0]['query']!r}: ours {round(r[1]['compound-only found'] * n)}/{n}, "
                      f"baseline {round(r[2]['compound-only found'] * n)}/{n}")
        worse = [(r[0]["query"], r[1]["nDCG@10"], r[2]["nDCG@10"]) for r in rows
                 if r[2]["nDCG@10"] > r[1]["nDCG@10"] + 1e-9]
        if worse:
            print("\nQueries where the baseline scores higher (nDCG@10 ours / baseline):")
            for text, a, b in worse:
                print(f"  {text!r}: {a:.2f} / {b:.2f}")

        print(f"\nA board member's question: {QUESTION!r}")
        from rsi_case.search.service import Filters

        for name, service in (("ours", ours), ("baseline", base)):
            result = service.search(QUESTION, ["role:styregruppe"], Filters(), pagelen=10, facets=False)
            print(f"  {name} ({result.total} hits):")
            for i, hit in enumerate(result.hits, 1):
                print(f"    {i}. {hit.number:9} {hit.title[:80]}")
        engine.dispose()
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
