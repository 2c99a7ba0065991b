#!/usr/bin/env python
"""A judging aid for the held-out set: where do these word forms occur?

Reads only the memo sources and cases.json -- never the search index -- and
lists, for a regular expression (case-insensitive, matched inside words, so
``angreb`` also shows ``ransomwareangreb``), every memo and case that holds
it, how often, and whether in the title or a heading. The judge reads the
memos; this only makes sure none is forgotten.

    .venv/bin/python bench/heldout/judge_aid.py 'angreb'
    .venv/bin/python bench/heldout/judge_aid.py 'følg eller forklar' --context
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from memo_docx import load, plain_text  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pattern")
    ap.add_argument("--context", action="store_true", help="show each place")
    args = ap.parse_args(argv)
    rx = re.compile(args.pattern, re.I)
    for case in json.loads((HERE / "cases.json").read_text(encoding="utf-8"))["cases"]:
        text = f"{case['title']}\n{case['description']}"
        n = len(rx.findall(text))
        if n:
            print(f"case {case['number']:9} {n:3}  {'T' if rx.search(case['title']) else ' '}  {case['title']}")
    for memo in load():
        text = plain_text(memo)
        found = list(rx.finditer(text))
        if not found:
            continue
        heads = [p for k, p in memo.body if k in ("h1", "h2", "h3") and rx.search(p)]
        flag = ("T" if rx.search(memo.meta["title"]) else " ") + ("H" if heads else " ")
        print(f"doc  {memo.document_number:9} {len(found):3}  {flag} {memo.name}: {memo.meta['title'][:70]}")
        if args.context:
            for m in found[:6]:
                a, b = max(0, m.start() - 50), min(len(text), m.end() + 50)
                print("        …" + text[a:b].replace("\n", " ") + "…")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
