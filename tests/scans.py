"""Files written for the OCR tests and benchmark: a "scanned" page (Danish
text rendered to an image, as a PDF with no text layer or as a PNG), and a
PDF that has a text layer of its own.

Not a test module (no ``test_`` prefix)."""

from __future__ import annotations

import io
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # fonts-dejavu-core, with LibreOffice

# words no demo document holds: found only when OCR read them
SCANNED_LINES = (
    "Afgørelse om ølbryggerhytten ved Kvædegården",
    "Grønkålsmarken må ikke bebygges før",
    "skærmbrætterne er flyttet fra åbrinken.",
)


def page_image(lines=SCANNED_LINES, dpi: int = 300):
    """An A4 page at ``dpi`` with ``lines`` in black on white, like a scan."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), int(dpi * 0.14))  # about 10 pt
    img = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(img)
    y = int(dpi * 1.2)
    for line in lines:
        draw.text((int(dpi * 0.8), y), line, fill=0, font=font)
        y += int(dpi * 0.28)
    return img


def scanned_pdf(pages=(SCANNED_LINES,), dpi: int = 300) -> bytes:
    """A PDF of page images only: no text layer (Pillow's PDF writer)."""
    images = [page_image(lines, dpi) for lines in pages]
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def scanned_png(lines=SCANNED_LINES, dpi: int = 300) -> bytes:
    out = io.BytesIO()
    page_image(lines, dpi).save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def transparent_png(lines, dpi: int = 200) -> bytes:
    """A scan exported with transparency: black text on a transparent page (RGBA)."""
    from PIL import Image

    page = page_image(lines, dpi)
    rgba = Image.new("RGBA", page.size, (0, 0, 0, 0))
    rgba.putalpha(page.point(lambda v: 255 - v))  # opaque where there is ink
    out = io.BytesIO()
    rgba.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def text_pdf(lines) -> bytes:
    """A one-page PDF whose text is real text (Helvetica, Latin-1), written by hand."""
    def esc(s: str) -> bytes:
        return s.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    content = b"BT /F1 12 Tf 72 760 Td 16 TL " + b" ".join(b"(" + esc(line) + b") '" for line in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
