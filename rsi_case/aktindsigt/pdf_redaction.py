"""Redaction of PDF attachments that removes, not covers.

A black box drawn on a PDF page hides nothing: the words stay in the text
layer, under the box, where copy-and-paste and pdftotext find them. So a PDF
released in part is *rebuilt from pictures of its pages*:

1. Its words and their boxes are read with ``pdftotext -bbox-layout``; each
   passage is matched in the words of a page read in order, by the rules of
   redact_html (any run of white space -- a line break included -- matches any
   other, any case; a passage that starts or ends inside a word takes the
   whole word).
2. Each page is rasterised with ``pdftoppm`` (its resolution lowered for a
   page so large it would exceed ``max_pixels``), the matched words are
   painted over with opaque boxes, and a short mark ("Undtaget, § 30, nr. 1")
   is written inside each.
3. The pictures are put together as a new PDF: no text layer, no fonts, no
   annotations, attached files, forms or scripts, and none of the original's
   metadata (Title, Author, Subject, Keywords, XMP). The withheld words are no
   longer in the file in any form, so nothing can bring them back.
4. Optionally OCR (OCRmyPDF, Danish) gives the copy a new text layer read
   from the pictures, so the released PDF is searchable. The OCR'd text is
   then checked: a passage OCR can still read (one the text layer did not
   hold, e.g. in a scanned picture) refuses the release.

Steps 1-3 run in a limited child (rsi_case.sandbox: memory, CPU and wall-clock
limits), and poppler's tools run under it with their own time limit: the PDF
is untrusted input. A PDF with more than ``max_pages`` pages, encrypted or
damaged, is refused with a reason the view can put in words.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess  # fixed poppler binaries, argument lists, no shell
import tempfile
import time
from pathlib import Path

from .. import sandbox
from .redaction import MIN_PASSAGE, RedactionError, normalise, pattern

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@dataclasses.dataclass(frozen=True)
class PdfLimits:
    seconds: float = 120.0      # the whole job, in the child
    memory_mb: int = 1024
    max_pages: int = 100
    dpi: int = 150              # pictures of the pages
    max_pixels: int = 12_000_000  # per page (A4 at 150 dpi is 2.2 million)
    ocr: bool = True

    @classmethod
    def from_settings(cls, settings) -> PdfLimits:
        get = settings.get
        return cls(seconds=float(get("rsi_case.redaction.timeout_seconds", cls.seconds)),
                   memory_mb=int(get("rsi_case.redaction.memory_mb", cls.memory_mb)),
                   max_pages=int(get("rsi_case.redaction.max_pages", cls.max_pages)),
                   dpi=int(get("rsi_case.redaction.dpi", cls.dpi)),
                   max_pixels=int(get("rsi_case.redaction.max_pixels", cls.max_pixels)),
                   ocr=str(get("rsi_case.redaction.ocr", "true")).strip().lower() in ("1", "true", "yes", "on"))


DEFAULT_LIMITS = PdfLimits()


@dataclasses.dataclass(frozen=True)
class PdfCut:
    """A passage to withhold, and the short mark written in its box."""
    passage: str
    mark: str
    required: bool = True  # not found anywhere in the PDF: an error (False: withheld where it occurs)


# -- in the child ---------------------------------------------------------------------

_deadline = [float("inf")]  # in a child: when its whole job must be done (each tool gets what is left)


def _start(seconds: float) -> None:
    _deadline[0] = time.monotonic() + seconds


def _tool(args: list[str], seconds: float) -> bytes:
    """A poppler tool, stopped (killed) when the job's time is up -- before the sandbox kills
    the child, so no tool is left running behind it."""
    left = min(seconds, _deadline[0] - time.monotonic())
    if left <= 0:
        raise TimeoutError("no time left")
    result = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, timeout=max(0.5, left), check=False,
                            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    if result.returncode != 0:
        raise RuntimeError(f"{Path(args[0]).name} exit {result.returncode}: "
                           f"{result.stderr.decode('utf-8', 'replace').strip()[-200:]}")
    return result.stdout


def _page_count(path: str, seconds: float) -> int:
    out = _tool(["/usr/bin/pdfinfo", path], seconds).decode("utf-8", "replace")
    m = re.search(r"^Pages:\s+([0-9]{1,9})\s*$", out, re.MULTILINE)
    if not m:
        raise RuntimeError("pdfinfo: no page count")
    return int(m.group(1))


def _pages_words(path: str, seconds: float) -> list[dict]:
    """Per page: its size in points and its words in reading order with their boxes."""
    from lxml import etree

    xml = _tool(["/usr/bin/pdftotext", "-q", "-bbox-layout", "-enc", "UTF-8", path, "-"], seconds)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True)
    root = etree.fromstring(xml, parser)
    ns = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in root.iter(ns + "page"):
        words = []
        for number, line in enumerate(page.iter(ns + "line")):
            for word in line.iter(ns + "word"):
                text = (word.text or "").strip()
                if text:
                    words.append((text, float(word.get("xMin")), float(word.get("yMin")),
                                  float(word.get("xMax")), float(word.get("yMax")), number))
        pages.append({"width": float(page.get("width")), "height": float(page.get("height")), "words": words})
    return pages


def _flat(words, broken: str = "") -> tuple[str, list[tuple[int, int]]]:
    """A page's words joined by single spaces, and each word's span in that text. A word
    broken at the end of a line ("Kjær-" / "gaard", "CPR-" / "nummer") is joined to the
    next line's word with ``broken`` = "drop" (a hyphenation: "Kjærgaard") or "keep"
    (a hyphen of the word itself: "CPR-nummer"), so a passage matches across the break."""
    spans, pos, parts = [], 0, []
    for i, (text, *_box, line) in enumerate(words):
        glue = " "
        if broken and len(text) > 1 and text.endswith(("-", "\u00ad")) and i + 1 < len(words) \
                and words[i + 1][-1] != line:
            glue = ""
            if broken == "drop" or text.endswith("\u00ad"):
                text = text[:-1]
        spans.append((pos, pos + len(text)))
        parts.append(text + glue)
        pos += len(text) + len(glue)
    return "".join(parts).rstrip(" "), spans


def _texts(words) -> list[tuple[str, list[tuple[int, int]]]]:
    """The page read as it stands, and -- when a line ends in a broken word -- read with it
    joined both ways."""
    readings = [_flat(words)]
    for broken in ("drop", "keep"):
        reading = _flat(words, broken)
        if all(reading[0] != seen for seen, _s in readings):
            readings.append(reading)
    return readings


BREAK = "\n\x00\n"  # between the two readings of a page: no passage matches across it


def text_in_child(path: str, max_pages: int, seconds: float) -> dict:
    """The PDF's words, page by page (for checking that a passage is there)."""
    _start(seconds)
    pages = _page_count(path, seconds)
    if pages > max_pages:
        return {"too_many_pages": pages}
    return {"pages": [BREAK.join(t for t, _s in _texts(p["words"])) for p in _pages_words(path, seconds)]}


def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size=size)


def _paint(draw, box, mark: str) -> None:
    """An opaque box (light grey, dark edge: the mark stays legible to a reader and to OCR)
    with the mark in it; a box too small for the mark gets its first word, or none."""
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=(215, 215, 215), outline=(40, 40, 40), width=1)
    height, width = y1 - y0, x1 - x0
    for words in (mark, mark.split(",")[0]):
        size = max(6, int(height * 0.62))
        while True:
            font = _font(size)
            left, top, right, bottom = draw.textbbox((0, 0), words, font=font)
            if right - left <= width - 4 or size <= 6:
                break
            size -= 1
        if right - left <= width - 4:
            draw.text((x0 + (width - (right - left)) / 2 - left, y0 + (height - (bottom - top)) / 2 - top), words,
                      font=font, fill=(0, 0, 0))
            return


def redact_in_child(src: str, out: str, cuts: list[list], limits: dict) -> dict:
    """Pictures of the pages with the passages painted over, as a new PDF at ``out``."""
    from PIL import Image, ImageDraw

    Image.MAX_IMAGE_PIXELS = limits["max_pixels"] * 2
    seconds = limits["seconds"]
    _start(seconds)
    count = _page_count(src, seconds)
    if count > limits["max_pages"]:
        return {"too_many_pages": count}
    if count == 0:
        return {"damaged": "no pages"}
    pages = _pages_words(src, seconds)
    found = [0] * len(cuts)
    images = []
    work = Path(out).parent
    for number, page in enumerate(pages, start=1):
        boxes = []  # (x0, y0, x1, y1, mark) in points, one per word hit
        readings = _texts(page["words"])
        for index, (passage, mark, _required) in enumerate(cuts):
            hits = [(spans, m) for text, spans in readings for m in pattern(passage).finditer(text)]
            for spans, m in hits:
                found[index] += 1
                line_box = None
                for (start, end), (_w, x0, y0, x1, y1, _line) in zip(spans, page["words"]):
                    if end <= m.start() or start >= m.end():
                        continue
                    # words of one line become one box; a new line starts a new one
                    if line_box and abs(line_box[1] - y0) < 0.5 * (y1 - y0) and x0 >= line_box[2] - 1:
                        line_box = [line_box[0], min(line_box[1], y0), x1, max(line_box[3], y1), mark]
                        boxes[-1] = line_box
                    else:
                        line_box = [x0, y0, x1, y1, mark]
                        boxes.append(line_box)
        area = page["width"] * page["height"] / (72 * 72)
        dpi = limits["dpi"]
        if area * dpi * dpi > limits["max_pixels"]:
            dpi = max(20, int((limits["max_pixels"] / max(area, 1e-6)) ** 0.5))
        stem = work / f"p{number}"
        _tool(["/usr/bin/pdftoppm", "-q", "-r", str(dpi), "-f", str(number), "-l", str(number), "-singlefile",
               "-png", src, str(stem)], seconds)
        with Image.open(f"{stem}.png") as im:
            picture = im.convert("RGB")
        os.unlink(f"{stem}.png")
        sx, sy = picture.width / page["width"], picture.height / page["height"]
        draw = ImageDraw.Draw(picture)
        for x0, y0, x1, y1, mark in boxes:
            _paint(draw, (int((x0 - 1) * sx), int((y0 - 1.5) * sy), int((x1 + 1) * sx) + 1,
                          int((y1 + 1.5) * sy) + 1), mark)
        images.append((picture, dpi))
    if not images:
        return {"damaged": "no pages"}
    first, dpi = images[0]
    # Pillow writes the pictures as they are: no text, no metadata but its own page tree
    first.save(out, "PDF", save_all=True, append_images=[im for im, _d in images[1:]], resolution=float(dpi))
    return {"pages": len(images), "found": found}


def pdftext_in_child(path: str, seconds: float) -> dict:
    _start(seconds)
    return {"text": _tool(["/usr/bin/pdftotext", "-q", "-enc", "UTF-8", path, "-"], seconds).decode("utf-8", "replace")}


sandbox.preload(__name__)


# -- in the web process -------------------------------------------------------------------

def _sandbox_limits(limits: PdfLimits) -> sandbox.Limits:
    return sandbox.Limits(seconds=limits.seconds, memory_mb=limits.memory_mb)


def _inner(limits: PdfLimits) -> float:
    """The child's own time for its tools: a little less than the sandbox allows it, so the
    tools are stopped by the child, not left behind when the sandbox stops it."""
    return max(0.5, min(limits.seconds - 1.0, limits.seconds * 0.9))


def _failed(exc: sandbox.Failed) -> RedactionError:
    if exc.reason == "error" and "password" in exc.detail.lower():  # (a PDF with only an owner password is read)
        return RedactionError("redaction-pdf-encrypted")
    if exc.reason in ("timeout", "memory", "busy", "unavailable") or "Timeout" in exc.detail:
        return RedactionError("redaction-pdf-too-heavy")
    return RedactionError("redaction-pdf-unreadable")


def pdf_pages_text(pdf_bytes: bytes, limits: PdfLimits = DEFAULT_LIMITS) -> list[str]:
    """The words of each page as redact_pdf matches them (raises RedactionError); a page with
    a word broken over a line end holds both readings, separated by ``BREAK`` (show the first)."""
    with tempfile.TemporaryDirectory(prefix="rsi-redact-") as work:
        src = Path(work) / "in.pdf"
        src.write_bytes(pdf_bytes)
        try:
            result = sandbox.run(text_in_child, str(src), limits.max_pages, _inner(limits),
                                 limits=_sandbox_limits(limits))
        except sandbox.Failed as exc:
            raise _failed(exc) from None
    if "too_many_pages" in result:
        raise RedactionError("redaction-pdf-too-many-pages")
    return list(result["pages"])


def found_in_pdf(pdf_bytes: bytes, passage: str, limits: PdfLimits = DEFAULT_LIMITS) -> bool:
    pat = pattern(passage)
    return any(pat.search(text) for text in pdf_pages_text(pdf_bytes, limits))


def pdf_text(pdf_bytes: bytes, limits: PdfLimits = DEFAULT_LIMITS) -> str:
    """All the text pdftotext reads in a PDF (for checking a released copy)."""
    with tempfile.TemporaryDirectory(prefix="rsi-redact-") as work:
        src = Path(work) / "in.pdf"
        src.write_bytes(pdf_bytes)
        try:
            return sandbox.run(pdftext_in_child, str(src), _inner(limits), limits=_sandbox_limits(limits))["text"]
        except sandbox.Failed as exc:
            raise _failed(exc) from None


def redact_pdf(pdf_bytes: bytes, cuts: list[PdfCut], limits: PdfLimits = DEFAULT_LIMITS) -> bytes:
    """A new PDF made of pictures of ``pdf_bytes``' pages with every occurrence of every
    cut's passage painted over and marked; no text layer (unless OCR'd afresh) and no
    metadata of the original. Raises RedactionError: a required passage not found
    ("redaction-not-found"), still readable after OCR ("redaction-not-removable"),
    or a PDF that cannot be read within the limits."""
    for cut in cuts:
        if len(normalise(cut.passage)) < MIN_PASSAGE:
            raise RedactionError("redaction-too-short", cut.passage)
    with tempfile.TemporaryDirectory(prefix="rsi-redact-") as work:
        src, out = Path(work) / "in.pdf", Path(work) / "udleveret.pdf"
        src.write_bytes(pdf_bytes)
        settings = {"seconds": _inner(limits), "max_pages": limits.max_pages, "dpi": limits.dpi,
                    "max_pixels": limits.max_pixels}
        try:
            result = sandbox.run(redact_in_child, str(src), str(out),
                                 [[normalise(c.passage), c.mark, c.required] for c in cuts], settings,
                                 limits=_sandbox_limits(limits))
        except sandbox.Failed as exc:
            raise _failed(exc) from None
        if "too_many_pages" in result:
            raise RedactionError("redaction-pdf-too-many-pages")
        if "damaged" in result:
            raise RedactionError("redaction-pdf-unreadable")
        for cut, hits in zip(cuts, result["found"]):
            if cut.required and not hits:
                raise RedactionError("redaction-not-found", cut.passage)
        if limits.ocr:
            out = _ocr(out, Path(work), limits)
        data = out.read_bytes()
    # the check that matters: the released file's own text holds no passage
    text = pdf_text(data, limits)
    for cut in cuts:
        if pattern(cut.passage).search(text):
            raise RedactionError("redaction-not-removable", cut.passage)
    return data


def _ocr(flat: Path, work: Path, limits: PdfLimits) -> Path:
    from ..ocr.engine import OcrFailed, OcrSettings, ocr_file

    out = work / "ocr" / "udleveret.pdf"
    out.parent.mkdir()
    cfg = OcrSettings(seconds=max(60.0, limits.seconds * 2), max_pages=limits.max_pages, memory_mb=2048)
    try:
        ocr_file(flat, "pdf", out, cfg)
    except OcrFailed:
        return flat  # not searchable, still released: the pictures alone carry the words
    return out
