import lxml.html
import pytest

from rsi_case.documents.diff import counts, diff_blocks, word_diff
from rsi_case.documents.versions import join_blocks, split_blocks

BODY = ("<h2>Baggrund</h2><p>Tekst med <strong>fed</strong> og <em>kursiv</em>.</p>"
        "<ol><li>Et</li><li>To</li></ol><table><thead><tr><th>Indsats</th><th>Frist</th></tr></thead>"
        "<tbody><tr><td>Udbud</td><td>2026</td></tr></tbody></table><p>Slut.</p>")


def text(html):
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


def test_blocks_are_paragraphs_headings_items_and_rows():
    blocks = split_blocks(BODY)
    assert [b.kind for b in blocks] == ["h2", "p", "li", "li", "tr", "tr", "p"]
    assert blocks[1].html == "<p>Tekst med <strong>fed</strong> og <em>kursiv</em>.</p>"
    assert blocks[2].html == "<ol><li>Et</li></ol>"


def test_joining_blocks_gives_back_the_same_document():
    joined = join_blocks([b.html for b in split_blocks(BODY)])
    assert text(joined) == text(BODY)
    assert joined.count("<ol>") == 1 and joined.count("<table>") == 1  # lists and tables merged again


@pytest.mark.parametrize("html", ["", "   ", "Løs tekst uden tags", "<p>a</p>tail & mere", "<p>æøå</p>"])
def test_odd_bodies(html):
    joined = join_blocks([b.html for b in split_blocks(html)])
    assert text(joined or "<p></p>") == text(html or "<p></p>")


def test_word_diff_marks_only_the_changed_words():
    ops = word_diff("Den samlede ramme er 120 mio. kr.", "Den samlede ramme er 135 mio. kr.")
    assert ("delete", "120") in ops and ("insert", "135") in ops
    assert "".join(t for op, t in ops if op != "insert") == "Den samlede ramme er 120 mio. kr."


def test_diff_counts_and_kinds():
    old = split_blocks("<h2>A</h2><p>Første afsnit om indkøb.</p><p>Slettes.</p><h2>B</h2><p>Flyttes.</p>")
    new = split_blocks("<h2>B</h2><p>Flyttes.</p><h2>A</h2><p>Første afsnit om fælles indkøb.</p><p>Nyt.</p>")
    changes = diff_blocks(old, new)
    ops = [c.op for c in changes]
    assert "change" in ops or "moved-change" in ops
    assert counts(changes)["moved"] >= 1
    assert any(c.op == "insert" and c.new.text == "Nyt." for c in changes)
    assert any(c.op == "delete" and c.old.text == "Slettes." for c in changes)
    html = "".join(c.html() for c in changes)
    assert "<ins>fælles </ins>" in html


def test_diff_output_escapes_text():
    changes = diff_blocks(split_blocks("<p>a &lt;script&gt; b</p>"), split_blocks("<p>a &lt;script&gt; c</p>"))
    assert "<script>" not in "".join(c.html() for c in changes)
