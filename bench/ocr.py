#!/usr/bin/env python
"""OCR of scanned papers (issue 18): pages per minute on this machine.

Renders Danish text (æøå) to A4 page images at 300 dpi (tests/scans.py), wraps
them in PDFs with no text layer, and OCRs them exactly as the worker does
(rsi_case.ocr.engine.ocr_file: ocrmypdf + Tesseract, Danish, one job, PDF/A
out, in its limited process group):

* a 1-page scan, ``--repeat`` times (the fixed cost of a file: starting
  OCRmyPDF, PDF/A);
* a ``--pages``-page scan, ``--repeat`` times: the pages per minute of a
  real scanned decision.

Prints the median (and min/max) of each and pages per minute of the median.
Every run is checked: the copy's text (pdftotext) must hold the page's
words, or the benchmark stops — a benchmark of a failure is worthless.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LINES = [
    "Styregruppen godkender, at regionerne i fællesskab",
    "udbyder et nyt laboratoriesystem. Region Sjælland",
    "afventer, indtil den nuværende kontrakt udløber.",
    "Sekretariatet følger op på økonomien og tidsplanen,",
    "og forelægger en statusrapport på næste møde.",
    "Beslutningen blev truffet enstemmigt den 12-03-1998.",
]


def page_lines(n: int) -> list[str]:
    return [f"Side {n + 1}: afgørelse nr. {4711 + n}", *LINES, *LINES[::-1]]


def run(ocr_file, cfg, pdf: bytes, tmp: Path, expect: str) -> float:
    src, out = tmp / "scan.pdf", tmp / "ocr.pdf"
    src.write_bytes(pdf)
    out.unlink(missing_ok=True)
    start = time.perf_counter()
    ocr_file(src, "pdf", out, cfg)
    took = time.perf_counter() - start
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    if expect not in text:
        raise SystemExit(f"OCR did not read {expect!r}: {text[:300]!r}")
    return took


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=5, help="pages of the multi-page scan (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default 3)")
    args = parser.parse_args(argv)

    from rsi_case.ocr.engine import OcrSettings, ocr_file
    from tests.scans import scanned_pdf

    cfg = OcrSettings()
    one = scanned_pdf(pages=(page_lines(0),))
    many = scanned_pdf(pages=tuple(page_lines(i) for i in range(args.pages)))
    print(f"machine: {os.cpu_count()} cores (shared), load {os.getloadavg()[0]:.2f}; "
          f"1-page scan {len(one) // 1024} KB, {args.pages}-page scan {len(many) // 1024} KB (300 dpi)")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        run(ocr_file, cfg, one, tmp, "laboratoriesystem")  # warm-up: the disk cache, Tesseract's model
        singles, multis = [], []
        for _ in range(args.repeat):
            singles.append(run(ocr_file, cfg, one, tmp, "Sjælland afventer"))
            multis.append(run(ocr_file, cfg, many, tmp, f"Side {args.pages}: afgørelse nr. {4711 + args.pages - 1}"))
    for name, times, pages in (("1 page", singles, 1), (f"{args.pages} pages", multis, args.pages)):
        med = statistics.median(times)
        print(f"{name:>9}: median {med:6.2f} s (min {min(times):.2f}, max {max(times):.2f}) "
              f"= {60 * pages / med:5.1f} pages/min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
