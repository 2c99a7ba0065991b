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
