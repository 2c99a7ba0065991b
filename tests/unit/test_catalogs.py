"""Every page is Danish: each message in the code and templates has a Danish
translation, and so has every colander message (colander ships none)."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "rsi_case" / "locale"


def _read(path):
    with open(path, "rb") as fh:
        return read_po(fh)


def test_every_ui_message_has_a_danish_translation(tmp_path):
    pot = tmp_path / "rsi_case.pot"
    subprocess.run([str(Path(sys.executable).with_name("pot-create")), "-d", "rsi_case", "-o", str(pot),
                    "rsi_case", "templates"], check=True, cwd=ROOT, capture_output=True)
    extracted = {m.id for m in _read(pot) if m.id}
    assert len(extracted) > 100
    danish = {m.id: m.string for m in _read(LOCALE / "da" / "LC_MESSAGES" / "rsi_case.po") if m.id}
    # a message with plural forms needs every form (its id and string are tuples)
    missing = sorted((i for i in extracted if not danish.get(i)
                      or (isinstance(i, tuple) and not (isinstance(danish[i], tuple) and all(danish[i])))), key=str)
    assert not missing, f"untranslated: {missing}"


def test_the_danish_catalog_has_plural_forms_and_uses_them():
    from rsi_case.scripts.catalogs import compile_catalogs

    catalog = _read(LOCALE / "da" / "LC_MESSAGES" / "rsi_case.po")
    assert catalog.num_plurals == 2 and catalog.plural_expr.replace(" ", "") in ("(n!=1)", "n!=1")
    compile_catalogs()
    import gettext

    t = gettext.translation("rsi_case", localedir=str(LOCALE), languages=["da"])
    assert [t.ngettext("${n} result", "${n} results", n) for n in (0, 1, 2)] == [
        "${n} resultater", "${n} resultat", "${n} resultater"]
    assert t.ngettext("${n} decision", "${n} decisions", 1) == "${n} beslutning"


def test_every_colander_message_has_a_danish_translation():
    import colander

    pot = Path(colander.__file__).parent / "locale" / "colander.pot"
    ours = {m.id: m.string for m in _read(LOCALE / "da" / "LC_MESSAGES" / "colander.po") if m.id}
    missing = [m.id for m in _read(pot) if m.id and not ours.get(m.id)]
    assert not missing


def test_catalogs_compile_and_translate():
    from rsi_case.scripts.catalogs import compile_catalogs

    compile_catalogs()
    import gettext

    t = gettext.translation("rsi_case", localedir=str(LOCALE), languages=["da"])
    assert t.gettext("Cases") == "Sager"
    c = gettext.translation("colander", localedir=str(LOCALE), languages=["da"])
    assert c.gettext("Required") == "Skal udfyldes"


def test_colander_required_message_is_danish_in_a_form(as_role):
    b = as_role("sekretariat")
    token = b.csrf_token("/cases/new")
    r = b.post("/cases/new", {"csrf_token": token, "save": "save"}, status=200)
    assert "Skal udfyldes" in r.text or "Giv sagen en titel" in r.text
    assert "Required" not in r.text
    assert "Der var et problem" in r.text  # deform's own Danish catalog
