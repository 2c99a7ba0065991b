#!/usr/bin/env python
"""Phrases: a word-pair ("shingle") field against the positional check, on
the corpus of ``bench/search.py`` (issue 13 asks what each costs).

The application checks a phrase on word positions with numpy
(``rsi_case/search/phrases.py``). The alternative indexes every pair of
adjacent positions as one term of an extra field per text field: with our
analysis a position may hold several tokens (a compound's parts, a hyphen
group's parts and joined forms), so a pair is every token at p with every
token at p + 1 (``fæl udbud``). A two-word phrase without gaps or slop is then
one posting list; a stop word's gap, slop or a third word still need the
positions. To rank like the phrase query (the words' BM25F scores), the
pair path still reads each word's postings for the documents it matched.

For one database of an earlier ``bench/search.py --keep`` run (``--workdir``,
``--docs``) it rebuilds two index generations the way ``rsi-case-reindex``
does (same processes, in a subprocess each): the application's own, and the
same with pair fields for title, body, attachments and case title; prints
rebuild time, peak memory of all processes, and size; then times the
benchmark's phrases both ways, interleaved, and checks that the pair path
finds the same documents.

    .venv/bin/python bench/search.py --docs 10000 --workdir /tmp/sb --keep
    .venv/bin/python bench/phrase_pairs.py --workdir /tmp/sb --docs 10000
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import numpy as np  # noqa: E402
from whoosh import fields  # noqa: E402
from whoosh.analysis import Analyzer  # noqa: E402

PAIRED = ("title", "body", "attachments", "case_title")


class PairAnalyzer(Analyzer):
    """The Danish analysis' tokens → one token per pair of adjacent
    positions: every token at p with every token at p + 1 (stacked parts
    included), the text ``"a b"``."""

    def __init__(self, inner):
        self.inner = inner

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__ and self.inner == other.inner

    def __call__(self, value, **kwargs):
        kwargs["positions"] = True  # (a frequency-only field does not ask for them)
        previous_pos, previous = None, []
        pos, texts = None, []
        for t in self.inner(value, **kwargs):
            if t.pos != pos:
                previous_pos, previous = pos, texts
                pos, texts = t.pos, []
            texts.append(t.text)
            if previous_pos is not None and previous_pos == pos - 1:
                text = t.text
                for a in previous:
                    t.text = f"{a} {text}"
                    yield t
                t.text = text


def pair_schema(lexicon=None):
    from rsi_case.search.analysis import danish_analyzer
    from rsi_case.search.index import make_schema

    schema = make_schema(lexicon)
    analyzer = PairAnalyzer(danish_analyzer(lexicon))
    for name in PAIRED:
        schema.add(f"{name}_pairs", fields.TEXT(analyzer=analyzer, phrase=False))
    return schema


def _with_pairs(entry: dict) -> dict:
    for name in PAIRED:
        if entry.get(name):
            entry[f"{name}_pairs"] = entry[name]
    return entry


def patch_for_pairs() -> None:
    """Make the application's rebuild write the pair fields too."""
    from whoosh import index as whoosh_index

    from rsi_case.search import index as index_mod, indexer as indexer_mod

    def new_generation(self, lexicon=None):
        self.root.mkdir(parents=True, exist_ok=True)
        numbers = [int(p.name.split("-", 1)[1]) for p in self.root.glob("gen-*") if p.name.split("-", 1)[1].isdigit()]
        path = self.root / f"gen-{max(numbers, default=0) + 1}"
        path.mkdir()
        whoosh_index.create_in(str(path), pair_schema(lexicon if lexicon is not None else self.lexicon))
        return path

    index_mod.IndexStore.new_generation = new_generation
    case_entry, decision_entry, document_entries = (indexer_mod.case_entry, indexer_mod.decision_entry,
                                                    indexer_mod.document_entries)
    indexer_mod.case_entry = lambda *a, **k: _with_pairs(case_entry(*a, **k))
    indexer_mod.decision_entry = lambda *a, **k: _with_pairs(decision_entry(*a, **k))
    indexer_mod.document_entries = lambda *a, **k: [_with_pairs(e) for e in document_entries(*a, **k)]


def rebuild(db: Path, root: Path, pairs: bool) -> dict:
    shutil.rmtree(root, ignore_errors=True)
    args = [sys.executable, str(Path(__file__).resolve()), "--_rebuild", str(db), str(root)] + (
        ["--pairs"] if pairs else [])
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode:
        sys.stderr.write(out.stderr[-3000:])
        raise SystemExit("rebuild failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def pair_docs(searcher, q) -> tuple[np.ndarray, np.ndarray]:
    """(documents, scores) of a two-word phrase of adjacent words via the
    pair fields; scored as the phrase query scores (the words' BM25F), so
    the words' postings are read for the matched documents."""
    from rsi_case.search.docsets import read_postings
    from rsi_case.search.scoring import VectorScorer

    scorer = VectorScorer(searcher, {})
    ids_all, scores_all = [], []
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        seg_ids, seg_scores = [], []
        for phrase in q.subqueries:
            field = phrase.fieldname
            btext = f"{phrase.words[0]} {phrase.words[1]}".encode("utf-8")
            if (f"{field}_pairs", btext) not in reader:
                continue
            ids = read_postings(reader.postings(f"{field}_pairs", btext))[0]
            scores = np.zeros(len(ids))
            for word in phrase.words:
                wb = word.encode("utf-8")
                tids, weights, _v = read_postings(reader.postings(field, wb), weights=True, only=ids)
                scores += scorer._bm25(sub, field, wb, ids, weights[np.searchsorted(tids, ids)])
            seg_ids.append(ids)
            seg_scores.append(scores)
        if seg_ids:
            ids, inverse = np.unique(np.concatenate(seg_ids), return_inverse=True)
            ids_all.append(ids + offset)
            scores_all.append(np.bincount(inverse, weights=np.concatenate(seg_scores), minlength=len(ids)))
    return (np.concatenate(ids_all), np.concatenate(scores_all)) if ids_all else (np.zeros(0, int), np.zeros(0))


def analysis_cost(db: Path, lexicon, documents: int = 300, rounds: int = 5) -> tuple[float, float]:
    """Seconds (median of ``rounds``, interleaved) to analyse ``documents``
    bodies as the body field does, without and with its pair field."""
    import sqlite3

    from whoosh import formats

    from rsi_case.documents.sanitize import html_to_text
    from rsi_case.search.analysis import danish_analyzer

    con = sqlite3.connect(db)
    texts = [html_to_text(b) for (b,) in con.execute("SELECT body_html FROM documents ORDER BY id LIMIT ?",
                                                      (documents,))]
    con.close()
    words, pairs = formats.Positions(), formats.Frequency()
    analyzer, pair_analyzer = danish_analyzer(lexicon), PairAnalyzer(danish_analyzer(lexicon))
    plain, paired = [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for t in texts:
            list(words.word_values(t, analyzer))
        t1 = time.perf_counter()
        for t in texts:
            list(words.word_values(t, analyzer))
            list(pairs.word_values(t, pair_analyzer))
        plain.append(t1 - t0)
        paired.append(time.perf_counter() - t1)
    return statistics.median(plain), statistics.median(paired)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_rebuild"]:
        if "--pairs" in argv:
            patch_for_pairs()
        import search

        search.rebuild_child(argv[1], argv[2])
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, required=True, help="the --workdir of a bench/search.py --keep run")
    parser.add_argument("--docs", type=int, default=10000, help="its corpus size (default 10000)")
    parser.add_argument("--repeat", "-n", type=int, default=20, help="measured repetitions (default 20)")
    args = parser.parse_args(argv)
    import search as bench
    from rsi_case.search.index import IndexStore
    from rsi_case.search.scoring import VectorScorer
    from rsi_case.search.service import SearchService

    db = args.workdir / f"search-{args.docs}.sqlite"
    figures = {}
    for pairs in (False, True):
        root = args.workdir / f"pairs-experiment-{args.docs}-{'pairs' if pairs else 'plain'}"
        rb = rebuild(db, root, pairs)
        rb["index_mb"] = bench.dir_size(IndexStore(root).current_dir()) / 2**20
        figures[pairs] = (root, rb)
        print(f"{'with pair fields' if pairs else 'as the application'}: {rb['entries']} entries in "
              f"{rb['wall_s']:.1f} s, peak RSS of all processes {rb['tree_peak_rss_mb']:.0f} MB, "
              f"index {rb['index_mb']:.0f} MB", flush=True)
    plain = SearchService(IndexStore(figures[False][0]))
    lexicon = plain._current().schema["body"].analyzer
    lexicon = next((f.lexicon for f in getattr(lexicon, "items", []) if hasattr(f, "lexicon")), None)
    without, with_pairs = analysis_cost(db, lexicon)
    print(f"body analysis of 300 documents: {without:.2f} s, with the pair field {with_pairs:.2f} s "
          f"({with_pairs / without:.2f}×)", flush=True)
    paired = SearchService(IndexStore(figures[True][0]))
    principals = bench.STAFF_PRINCIPALS
    timings = {"positions": [], "pairs": []}
    checked = []
    phrases = [t for t in bench.PHRASE]
    for rep in range(args.repeat + 2):
        for i, typed in enumerate(phrases):
            for way in (("positions", "pairs") if (rep + i) % 2 else ("pairs", "positions")):
                if way == "positions":
                    t0 = time.perf_counter()
                    result = plain.search(typed, principals)
                    ms = (time.perf_counter() - t0) * 1000
                else:
                    searcher = paired._current()
                    columns = paired.columns(searcher)
                    t0 = time.perf_counter()
                    q, _text = paired.build_query(searcher.schema, typed)
                    mask, _set = columns.allowed(principals)
                    if type(q).__name__ == "Or" and all(len(getattr(p, "words", ())) == 2
                                                       and p._gaps() == [1] and p.slop == 1 for p in q.subqueries):
                        ids, scores = pair_docs(searcher, q)
                    else:  # one word left after the stop words: the ordinary term path
                        ids, scores = VectorScorer(searcher, {}).score(q, mask)
                    keep = mask[ids]
                    total = int(keep.sum())
                    columns.facets(ids[keep], ("kind", "year", "status", "category", "regions", "author"))
                    ms = (time.perf_counter() - t0) * 1000
                    if rep == 0:
                        checked.append((typed, total))
                if rep >= 2:
                    timings[way].append(ms)
                if rep == 0 and way == "positions":
                    checked.append((typed, result.total))
    for typed in phrases:
        totals = [t for p, t in checked if p == typed]
        assert len(set(totals)) == 1, f"pairs and positions differ for {typed}: {totals}"
    for way, values in timings.items():
        print(f"{way}: phrase median {statistics.median(values):.1f} ms, p95 {bench.percentile(values, 0.95):.1f} ms "
              f"({len(values)} queries)")
    return 0


if __name__ == "__main__":
    import phrase_pairs  # (the pair analyser pickled in the index's schema must come from the module, not __main__)

    sys.exit(phrase_pairs.main())
