#!/usr/bin/env python
"""Danish analysis: what does decompounding cost?

Takes the demo corpus (``rsi_case/demo/content.py``: case titles and
descriptions, document titles and bodies with the HTML stripped) and

* builds the compound lexicon from it (``Lexicon.build``): time, words,
  hyphenated forms, JSON size;
* measures analysis throughput (tokens/s, documents/s) of the Danish
  analyzer without and with the DecompoundFilter, over the corpus repeated
  to about 1 MB of text: the median of N runs on warm caches, and one cold
  run each (fresh lexicon caches, empty stem cache) -- the cold run is what
  a first reindex pays for a new vocabulary;
* builds a Whoosh index of the demo documents in a temporary directory with
  each analyzer and prints its size on disk, the number of distinct terms
  and of postings, and the time to index;
* prints examples of the splits found, and every split of a word of the
  corpus (for reading through: that is where false splits show).

    .venv/bin/python bench/search_analysis.py
    .venv/bin/python bench/search_analysis.py --runs 9 --mb 2 --all-splits
"""

from __future__ import annotations

import argparse
import html
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from whoosh.fields import ID, TEXT, Schema  # noqa: E402
from whoosh.filedb.filestore import FileStorage  # noqa: E402

from rsi_case.demo.content import CASES  # noqa: E402
from rsi_case.search import analysis  # noqa: E402
from rsi_case.search.analysis import TOKEN_PATTERN, Lexicon, danish_analyzer, normalize, stem  # noqa: E402

TAG = re.compile(r"<[^>]+>")


def demo_documents() -> list[str]:
    """One text per demo document (title + body) and per case (title +
    description), HTML stripped, entities decoded, normalised."""
    docs = []
    for case in CASES:
        docs.append(normalize(case["title"] + "\n" + case.get("description", "")))
        for d in case["documents"]:
            body = html.unescape(TAG.sub(" ", d["body"]))
            docs.append(normalize(d["title"] + "\n" + body))
    return docs


def count_tokens(analyzer, docs) -> int:
    n = 0
    for text in docs:
        for _ in analyzer(text, positions=True, chars=True, mode="index"):
            n += 1
    return n


def time_run(analyzer, docs) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = count_tokens(analyzer, docs)
    return time.perf_counter() - t0, n


def clear_caches(lexicon: Lexicon | None):
    stem.cache_clear()
    if lexicon is not None:
        lexicon._init_caches()


def build_index(analyzer, docs, path: Path) -> dict:
    schema = Schema(key=ID(stored=True, unique=True), body=TEXT(analyzer=analyzer, phrase=True))
    storage = FileStorage(str(path)).create()
    ix = storage.create_index(schema)
    t0 = time.perf_counter()
    with ix.writer() as w:
        for i, text in enumerate(docs):
            w.add_document(key=str(i), body=text)
    elapsed = time.perf_counter() - t0
    files = {p.name: p.stat().st_size for p in path.iterdir() if p.is_file()}
    with ix.reader() as r:
        terms = sum(1 for _ in r.lexicon("body"))
        postings = sum(r.doc_frequency("body", t) for t in r.lexicon("body"))
        tokens = r.field_length("body")
    toc = sum(size for name, size in files.items() if name.endswith(".toc"))
    ix.close()
    return {"bytes": sum(files.values()), "toc": toc, "terms": terms, "postings": postings,
            "tokens": tokens, "seconds": elapsed}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per analyzer (median)")
    parser.add_argument("--mb", type=float, default=1.0, help="text per run, in MB (the corpus repeated)")
    parser.add_argument("--min-count", type=int, default=2, help="lexicon: occurrences for a simple word")
    parser.add_argument("--min-part", type=int, default=4, help="lexicon: shortest compound part")
    parser.add_argument("--all-splits", action="store_true", help="print every split of a corpus word")
    args = parser.parse_args(argv)

    docs = demo_documents()
    corpus_bytes = sum(len(d.encode("utf-8")) for d in docs)
    print(f"platform: {platform.platform()}")
    print(f"cpu: {platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs")
    print(f"python: {platform.python_implementation()} {platform.python_version()}")
    print(f"demo corpus: {len(docs)} texts ({sum(len(c['documents']) for c in CASES)} documents + "
          f"{len(CASES)} cases), {corpus_bytes / 1024:.0f} KiB UTF-8")
    print()

    # -- lexicon --------------------------------------------------------------
    builds = []
    for _ in range(max(3, args.runs)):
        stem.cache_clear()
        t0 = time.perf_counter()
        lexicon = Lexicon.build(docs, min_count=args.min_count, min_part=args.min_part)
        builds.append(time.perf_counter() - t0)
    js = lexicon.to_json()
    print("## Lexicon")
    print(f"build (cold stem cache), median of {len(builds)}: {statistics.median(builds) * 1000:.0f} ms")
    print(f"simple words: {len(lexicon)}, hyphenated forms: {len(lexicon.hyphenated)}, "
          f"JSON: {len(js.encode('utf-8')) / 1024:.1f} KiB")
    print()

    # -- throughput -----------------------------------------------------------
    reps = max(1, round(args.mb * 1_000_000 / corpus_bytes))
    batch = docs * reps
    batch_bytes = corpus_bytes * reps
    plain = danish_analyzer()
    compound = danish_analyzer(lexicon)
    print("## Analysis throughput")
    print(f"{len(batch)} texts per run ({reps} x the corpus, {batch_bytes / 1e6:.2f} MB), "
          f"median of {args.runs} warm runs; cold = first pass with empty caches")
    print()
    print("| analyzer | tokens out | cold s | warm s (median) | MB/s | tokens/s | documents/s |")
    print("|---|---|---|---|---|---|---|")
    results = {}
    for name, an, lex in (("without DecompoundFilter", plain, None), ("with DecompoundFilter", compound, lexicon)):
        clear_caches(lex)
        cold, _ = time_run(an, docs)  # one pass of the corpus itself: every word new
        cold_rate = len(docs) / cold
        times, n = [], 0
        for _ in range(args.runs):
            t, n = time_run(an, batch)
            times.append(t)
        med = statistics.median(times)
        results[name] = med
        print(f"| {name} | {n:,} | {cold:.3f} ({cold_rate:,.0f} docs/s) | {med:.3f} | "
              f"{batch_bytes / 1e6 / med:.2f} | {n / med:,.0f} | {len(batch) / med:,.0f} |")
    base, dec = results["without DecompoundFilter"], results["with DecompoundFilter"]
    print()
    print(f"decompounding costs {100 * (dec / base - 1):+.0f}% analysis time (warm)")
    # what one new word costs: split() on the corpus vocabulary, caches empty
    token_re = re.compile(TOKEN_PATTERN)
    vocab = sorted({w for d in docs for m in token_re.finditer(d.lower()) for w in m.group(0).split("-") if w})
    clear_caches(lexicon)
    t0 = time.perf_counter()
    splits = {w: lexicon.split(w) for w in vocab}
    split_s = time.perf_counter() - t0
    print(f"split() of the corpus vocabulary, cold: {len(vocab)} words in {split_s * 1000:.0f} ms "
          f"({split_s / len(vocab) * 1e6:.0f} µs/word, stemming included)")
    print()

    # -- index size -----------------------------------------------------------
    print("## Index of the demo corpus (FileStorage in a temporary directory)")
    print()
    print("| analyzer | bytes on disk | of which TOC (schema incl. lexicon) | terms | postings | tokens | index s |")
    print("|---|---|---|---|---|---|---|")
    tmp = Path(tempfile.mkdtemp(prefix="rsi-bench-analysis-"))
    sizes = {}
    try:
        for name, an in (("without DecompoundFilter", plain), ("with DecompoundFilter", compound)):
            f = build_index(an, docs, tmp / name.replace(" ", "-"))
            sizes[name] = f
            print(f"| {name} | {f['bytes']:,} | {f['toc']:,} | {f['terms']:,} | {f['postings']:,} | "
                  f"{f['tokens']:,} | {f['seconds']:.2f} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    a, b = sizes["without DecompoundFilter"], sizes["with DecompoundFilter"]
    print()
    print(f"decompounding: index {100 * (b['bytes'] / a['bytes'] - 1):+.0f}% bytes "
          f"({100 * ((b['bytes'] - b['toc']) / (a['bytes'] - a['toc']) - 1):+.0f}% without the TOC), "
          f"{100 * (b['postings'] / a['postings'] - 1):+.0f}% postings, "
          f"{100 * (b['tokens'] / a['tokens'] - 1):+.0f}% tokens, {b['terms'] - a['terms']:+,} terms")
    print()

    # -- splits ---------------------------------------------------------------
    found = {w: p for w, p in splits.items() if p}
    print(f"## Splits: {len(found)} of {len(vocab)} distinct corpus words are split")
    examples = ["samarbejdsprojekter", "laboratoriesystemerne", "handlingsplaner", "sundhedsit",
                "cybersikkerhedsberedskab", "styregruppemøde", "beslutningsoplæg", "lederregionen",
                "regionerne", "strategi", "indsats", "behandlingen", "vurdering", "fremdrift"]
    for w in examples:
        parts = lexicon.split(w)
        shown = " + ".join(parts) if parts else "(not split)"
        print(f"  {w:28} {shown:40} -> {' '.join(analysis.analyze(compound, w))}")
    if args.all_splits:
        print()
        for w, p in sorted(found.items()):
            print(f"  {w} = {' + '.join(p)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
