"""Running OCRmyPDF (with Tesseract, Danish) on one untrusted file, bounded.

OCRmyPDF runs as its own process group, started through a tiny launcher
that first lowers its own limits — address space (``memory_mb``), CPU
seconds, no core files — which OCRmyPDF and the Tesseract processes it starts
inherit; the whole group is killed when the wall-clock limit passes. A
hostile file therefore costs at most the time limit and the memory limit,
and never the worker itself. Before that, the PDF's pages are counted and its
own text measured in a sandboxed child (rsi_case.sandbox): a file with a text
layer is not OCR'd, one with more pages than allowed is refused unread by OCR.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .. import sandbox


@dataclasses.dataclass(frozen=True)
class OcrSettings:
    enabled: bool = True
    seconds: float = 600.0  # per file, wall clock (a scanned 30-page decision takes a few minutes on one core)
    max_pages: int = 50
    memory_mb: int = 2048
    image_dpi: int = 300  # assumed for an image that does not say its resolution
    min_chars_per_page: int = 20  # below this the PDF counts as having no text layer
    language: str = "dan"
    max_attempts: int = 3  # a file that kills the worker itself is not tried for ever

    @classmethod
    def from_settings(cls, settings) -> OcrSettings:
        get = settings.get
        return cls(
            enabled=str(get("rsi_case.ocr.enabled", "true")).strip().lower() in ("1", "true", "yes", "on"),
            seconds=float(get("rsi_case.ocr.timeout_seconds", cls.seconds)),
            max_pages=int(get("rsi_case.ocr.max_pages", cls.max_pages)),
            memory_mb=int(get("rsi_case.ocr.memory_mb", cls.memory_mb)),
            image_dpi=int(get("rsi_case.ocr.image_dpi", cls.image_dpi)),
            min_chars_per_page=int(get("rsi_case.ocr.min_chars_per_page", cls.min_chars_per_page)),
            language=str(get("rsi_case.ocr.language", cls.language)),
        )


class OcrFailed(Exception):
    """``reason``: timeout, memory, too_many_pages, damaged, encrypted, unsupported, tool_missing, error."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail[:500]


# -- the PDF's pages and own text, in a sandboxed child ----------------------------------

def inspect_pdf_in_child(path: str, max_pages: int) -> dict:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    with open(path, "rb") as fh:
        reader = PdfReader(fh)
        if reader.is_encrypted:
            return {"encrypted": True}
        pages = len(reader.pages)
        chars = 0
        if pages <= max_pages:
            for page in reader.pages:
                chars += len("".join((page.extract_text() or "").split()))
    return {"pages": pages, "chars": chars}


sandbox.preload(__name__)


def inspect_pdf(path: Path, cfg: OcrSettings, limits: sandbox.Limits) -> dict:
    try:
        found = sandbox.run(inspect_pdf_in_child, str(path), cfg.max_pages, limits=limits,
                            wait=max(120.0, 6 * limits.seconds))
    except sandbox.Failed as exc:
        if exc.reason in ("busy", "unavailable"):
            raise  # this machine's trouble: the job is tried again
        raise OcrFailed("memory" if exc.reason == "memory" else "timeout" if exc.reason == "timeout" else "damaged",
                        exc.detail) from None
    if found.get("encrypted"):
        raise OcrFailed("encrypted")
    return found


# -- OCRmyPDF in a limited process group ---------------------------------------------------

_LAUNCHER = (
    "import os, resource, sys\n"
    "mem, cpu = int(sys.argv[1]), int(sys.argv[2])\n"
    "resource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"
    "resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))\n"
    "resource.setrlimit(resource.RLIMIT_AS, (mem, mem))\n"
    "args = sys.argv[3:]\n"
    # an image with transparency (a PNG screenshot or an exported scan) is refused by OCRmyPDF:
    # flattened onto white first, here, inside the same limits
    "if args[0] == '--rsi-flatten':\n"
    "    src, flat, args = args[1], args[2], args[3:]\n"
    "    from PIL import Image\n"
    "    try:\n"
    "        with Image.open(src) as im:\n"
    "            if im.mode in ('RGBA', 'LA', 'PA') or 'transparency' in im.info:\n"
    "                rgba = im.convert('RGBA')\n"
    "                page = Image.new('RGB', rgba.size, (255, 255, 255))\n"
    "                page.paste(rgba, mask=rgba.getchannel('A'))\n"
    "                dpi = im.info.get('dpi')\n"
    "                page.save(flat, 'PNG', **({'dpi': dpi} if dpi else {}))\n"
    "                args = [flat if a == src else a for a in args]\n"
    "    except Exception:\n"
    "        pass  # not an image Pillow reads: OCRmyPDF says what is wrong with it\n"
    "os.execv(sys.executable, [sys.executable, '-m', 'ocrmypdf', *args])\n"
)
EXIT_REASONS = {2: "unsupported", 3: "tool_missing", 8: "encrypted", 6: "not_needed"}


def _run(args: list[str], cfg: OcrSettings, workdir: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME", "TESSDATA_PREFIX")}
    env.update(OMP_THREAD_LIMIT="1", TMPDIR=workdir, PYTHONDONTWRITEBYTECODE="1")
    cmd = [sys.executable, "-I", "-c", _LAUNCHER, str(cfg.memory_mb * 1024 * 1024), str(int(cfg.seconds) + 1), *args]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env, cwd=workdir, start_new_session=True)  # its own group: killed as one
    try:
        _out, err = proc.communicate(timeout=cfg.seconds)
    except subprocess.TimeoutExpired:
        sandbox.kill_group(proc)
        raise OcrFailed("timeout", f"more than {cfg.seconds:g} s") from None
    finally:
        sandbox.kill_group(proc)  # Tesseract children left behind by a crash
    return proc.returncode, err.decode("utf-8", "replace")



def _last_line(err: str) -> str:
    lines = [line.strip() for line in err.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def ocr_file(src: Path, kind: str, out: Path, cfg: OcrSettings) -> None:
    """Write a PDF/A with a text layer for ``src`` (a PDF or an image) to ``out``;
    raises OcrFailed."""
    # --force-ocr: only files with (almost) no text of their own come here, and the copy may be
    # rasterised, as the original is kept (Debian's Ghostscript 10.0 is refused with --skip-text)
    base = ["-l", cfg.language, "--output-type", "pdfa", "--jobs", "1", "--force-ocr", "--optimize", "1",
            "--tesseract-timeout", str(int(cfg.seconds)), "--quiet"]
    with tempfile.TemporaryDirectory(prefix="rsi-ocr-") as work:
        first = ["--rsi-flatten", str(src), str(Path(work) / "flattened.png")] if kind == "image" else []
        code, err = _run([*first, *base, str(src), str(out)], cfg, work)
        if code == 2 and kind == "image" and "dpi" in err.lower():
            # an image that does not say (credibly) at which resolution it was scanned
            code, err = _run([*first, *base, "--image-dpi", str(cfg.image_dpi), str(src), str(out)], cfg, work)
    if code == 0 and out.is_file() and out.stat().st_size > 0:
        return
    if code < 0 and -code in (signal.SIGKILL, signal.SIGXCPU):
        raise OcrFailed("timeout", f"stopped by signal {-code}")
    if any(s in err.lower() for s in ("memoryerror", "cannot allocate memory", "failed to map segment")):
        raise OcrFailed("memory", f"more than {cfg.memory_mb} MB")
    if code == 3 or "no module named ocrmypdf" in err.lower():
        raise OcrFailed("tool_missing", _last_line(err))
    raise OcrFailed(EXIT_REASONS.get(code, "error"), f"exit code {code}: {_last_line(err)}")
