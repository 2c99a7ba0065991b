"""Redaction removes: the passage's words are gone from the released body
(across inline tags, any white space, any case), a mark names the ground
where it was, and a passage that cannot be found or removed is an error."""

import pytest

from rsi_case.aktindsigt.redaction import Cut, RedactionError, redact_html, redact_text
from rsi_case.documents.sanitize import html_to_text

MARK = "[Undtaget, jf. offentlighedslovens § 30, nr. 1]"


def cut(passage):
    return Cut(passage, MARK)


def test_every_occurrence_removed_across_tags_space_and_case():
    body = ("<p>Medarbejderen <b>Karen</b>\n  Mølgaard er sygemeldt.</p>"
            "<ul><li>karen mølgaard vender tilbage</li></ul>"
            "<table><tr><td>Navn</td><td>Karen Mølgaard</td></tr></table>")
    out = redact_html(body, [cut("Karen Mølgaard")])
    text = html_to_text(out)
    assert "karen" not in text.lower() and "mølgaard" not in text.lower()
    assert text.count(MARK) == 3
    assert "Medarbejderen" in text and "er sygemeldt." in text and "vender tilbage" in text and "Navn" in text


def test_attributes_that_carry_the_passage_are_dropped():
    body = '<p>Karen Mølgaard: se <a href="https://x.dk/karen-mølgaard" title="Karen Mølgaard">profil</a></p>' \
           '<p><img src="/a.png" alt="Foto af Karen Mølgaard"></p>'
    out = redact_html(body, [cut("Karen Mølgaard")])
    assert "Karen" not in out and "karen" not in out.lower()
    assert "profil" in html_to_text(out)


def test_longer_passage_first_and_overlapping_cuts():
    body = "<p>Tilbud fra Nordisk Labdata ApS på 4,2 mio. kr.</p>"
    out = redact_html(body, [cut("Labdata"), cut("Nordisk Labdata ApS"), cut("4,2 mio. kr.")])
    text = html_to_text(out)
    for word in ("Nordisk", "Labdata", "ApS", "4,2"):
        assert word not in text
    assert text.startswith("Tilbud fra [Undtaget")


def test_passage_not_in_text_is_an_error_not_a_silent_release():
    with pytest.raises(RedactionError) as info:
        redact_html("<p>Intet navn her.</p>", [cut("Karen Mølgaard")])
    assert info.value.msgid == "redaction-not-found"


def test_too_short_passage_refused():
    with pytest.raises(RedactionError) as info:
        redact_html("<p>a b c</p>", [cut("a")])
    assert info.value.msgid == "redaction-too-short"


def test_no_cuts_is_the_body_unchanged_and_plain_text_redacts():
    assert redact_html("<p>alfa</p>", []) == "<p>alfa</p>"
    assert redact_text("Notat om Karen  Mølgaard", [cut("karen mølgaard")]) == f"Notat om {MARK}"


@pytest.mark.parametrize("body", [
    "<p>Jens Kjær&shy;gaard er sygemeldt.</p>",          # a soft hyphen (hyphenation in a browser or Word)
    "<p>Jens Kjær\u00adgaard er sygemeldt.</p>",
    "<p>Jens&nbsp;Kjærgaard er sygemeldt.</p>",          # a no-break space
    "<p>Jens\u200bKjærgaard er sygemeldt.</p>",          # a zero-width space between the words
    "<p>JENS <i>kjær</i>gaard er sygemeldt.</p>",
])
def test_invisible_characters_do_not_hide_a_passage(body):
    out = redact_html(body, [cut("Jens Kjærgaard")])
    text = html_to_text(out)
    assert "kjær" not in text.lower() and "gaard" not in text.lower() and "jens" not in text.lower()
    assert text.startswith(MARK) and "er sygemeldt." in text


def test_a_passage_typed_with_invisible_characters_or_decomposed_letters_is_stored_plain():
    from rsi_case.aktindsigt.redaction import normalise

    assert normalise("  Jens\u00ad  Kjæ\u200brgaard\n") == "Jens Kjærgaard"
    assert normalise("Ma\u030ane") == "Måne"  # NFD å -> NFC
