"""What goes into an index entry besides the body text (issue 13)."""

from __future__ import annotations

import pytest

from rsi_case.search.index import headings_text, index_format


@pytest.mark.parametrize("html,expected", [
    ("<h2>Baggrund</h2><p>Tekst.</p><h3>Del <em>to</em></h3>", ["Baggrund", "Del to"]),
    # memos written without heading styles mark their sections with bold lines
    ("<p><strong>Resultater efter otte måneder</strong></p><p>140 gravide har deltaget.</p>",
     ["Resultater efter otte måneder"]),
    # bold inside a sentence, a bold label before text, a long bold paragraph: not headings
    ("<p>Det er <strong>vigtigt</strong> nu.</p><p><strong>Til stede:</strong> Formanden.</p>"
     f"<p><strong>{'ord ' * 40}</strong></p>", []),
    ("", []), (None, []), ("bare tekst", []),
])
def test_headings_are_the_headings_and_the_bold_lines(html, expected):
    text = headings_text(html)
    assert (text.split("\n") if text else []) == expected


def test_the_index_format_is_stable_and_follows_the_schema(monkeypatch):
    from whoosh import fields

    from rsi_case.search import index as index_mod

    first = index_format()
    assert first == index_format() and len(first) == 16
    original = index_mod.make_schema

    def with_a_field(lexicon=None):
        schema = original(lexicon)
        schema.add("extra", fields.TEXT())
        return schema

    index_format.cache_clear()
    try:
        monkeypatch.setattr(index_mod, "make_schema", with_a_field)
        assert index_format() != first  # a field added: another format, the index is rebuilt
    finally:
        index_format.cache_clear()
        monkeypatch.setattr(index_mod, "make_schema", original)
    assert index_format() == first
