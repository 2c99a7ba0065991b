"""Compile (and, for developers, extract) the gettext catalogs.

    python -m rsi_case.scripts.catalogs compile   # .po -> .mo (make does this)
    python -m rsi_case.scripts.catalogs extract   # refresh rsi_case.pot (needs lingua)
    python -m rsi_case.scripts.catalogs update    # extract, merge into the Danish .po, list what is untranslated
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parents[1]
ROOT = PACKAGE.parent
LOCALE = PACKAGE / "locale"


def compile_catalogs(locale_dir: Path = LOCALE) -> list[Path]:
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=po_path.parts[-3])
        with mo_path.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


def extract(output: Path = LOCALE / "rsi_case.pot") -> None:
    cmd = [
        str(Path(sys.executable).with_name("pot-create")),
        "--package-name", "rsi_case", "-d", "rsi_case",
        "-o", str(output.relative_to(ROOT)), "rsi_case", "templates",
    ]
    subprocess.run(cmd, check=True, cwd=ROOT)


def update(locale_dir: Path = LOCALE) -> list[str]:
    """Merge the template into the Danish catalog; return the msgids still untranslated."""
    from babel.messages.pofile import write_po

    with (locale_dir / "rsi_case.pot").open("rb") as fh:
        template = read_po(fh)
    po_path = locale_dir / "da" / "LC_MESSAGES" / "rsi_case.po"
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale="da")
    catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)  # guesses were wrong more often than not
    with po_path.open("wb") as fh:
        write_po(fh, catalog, width=76, omit_header=False, ignore_obsolete=True)
    return [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["compile", "extract", "update"])
    args = parser.parse_args(argv)
    if args.action == "compile":
        for path in compile_catalogs():
            print(f"compiled {path.relative_to(ROOT)}")
    elif args.action == "extract":
        extract()
    else:
        extract()
        for msgid in update():
            print(f"untranslated: {msgid}")


if __name__ == "__main__":
    main()
