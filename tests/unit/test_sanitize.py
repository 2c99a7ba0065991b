"""The rich-text allow-list (rsi_case.documents.sanitize).

Every body passes through ``clean_html`` before it is stored, so these tests
pin down what a hostile or sloppy body turns into.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from rsi_case.documents.sanitize import clean_html, html_to_text

# --- what must go --------------------------------------------------------------


def test_script_element_and_its_content_are_removed():
    out = clean_html("<p>før<script>alert('x')</script>efter</p>")
    assert "<script" not in out.lower()
    assert "alert" not in out
    assert out == "<p>førefter</p>"


def test_script_in_odd_case_and_nested_in_svg_is_removed():
    out = clean_html("<SCRIPT>alert(1)</SCRIPT><svg><script>alert(2)</script></svg><p>ok</p>")
    assert "script" not in out.lower()
    assert "alert" not in out
    assert "<svg" not in out
    assert out == "<p>ok</p>"


@pytest.mark.parametrize("handler", ["onclick", "onmouseover", "onerror", "onload", "ONFOCUS"])
def test_event_handler_attributes_are_removed(handler):
    out = clean_html(f'<p {handler}="alert(1)">tekst</p><img src="https://example.dk/a.png" {handler}="alert(2)">')
    assert "alert" not in out
    assert handler.lower() not in out.lower()
    assert "<p>tekst</p>" in out
    # the harmless parts survive
    assert 'src="https://example.dk/a.png"' in out


@pytest.mark.parametrize("href", [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "jav&#x09;ascript:alert(1)",      # a tab hidden as a character reference
    "jav\tascript:alert(1)",
    "java\nscript:alert(1)",
    "&#x6a;avascript:alert(1)",       # the j as a character reference
    "&#106;&#97;&#118;&#97;script:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
])
def test_dangerous_link_urls_are_removed_but_the_link_text_stays(href):
    out = clean_html(f'<p><a href="{href}">klik her</a></p>')
    assert "href" not in out
    assert "script" not in out.lower()
    assert "alert" not in out and "msgbox" not in out
    assert "klik her" in out


def test_iframe_object_embed_and_form_are_removed():
    out = clean_html('<iframe src="https://evil.example/"></iframe>'
                     '<object data="x.swf"></object><embed src="y.swf">'
                     '<form action="https://evil.example/"><input name="pw"></form><p>indhold</p>')
    for tag in ("iframe", "object", "embed", "form", "input"):
        assert f"<{tag}" not in out
    assert "evil.example" not in out
    assert out == "<p>indhold</p>"


def test_style_element_is_removed_with_its_css():
    out = clean_html("<style>p { display: none }</style><p>synlig</p>")
    assert "<style" not in out
    assert "display" not in out
    assert out == "<p>synlig</p>"


def test_style_attribute_is_removed_so_hidden_text_becomes_visible():
    out = clean_html('<p>Offentlig. <span style="display:none">Skjult betingelse.</span></p>'
                     '<p style="color:white;font-size:0">Hvid tekst</p>')
    assert "style" not in out
    assert "display" not in out
    assert "font-size" not in out
    # the text is kept, now visible to every reader
    assert "Skjult betingelse." in out
    assert "Hvid tekst" in out


def test_class_and_id_attributes_are_removed():
    out = clean_html('<p class="MsoNormal" id="x1" data-x="y">tekst</p>')
    assert out == "<p>tekst</p>"


def test_data_image_urls_are_removed():
    out = clean_html('<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="logo"></p>')
    assert "data:" not in out
    assert "base64" not in out
    assert "src=" not in out


def test_comments_are_removed():
    out = clean_html("<p>tekst<!-- intern kommentar --></p>")
    assert out == "<p>tekst</p>"


def test_unknown_layout_tags_are_dropped_but_their_text_kept():
    out = clean_html("<div><font color='red'>rød</font> og <section>mere</section></div>")
    assert "<div" not in out and "<font" not in out and "<section" not in out
    assert "rød" in out and "mere" in out


def test_target_attribute_is_dropped_and_links_get_rel_noopener():
    out = clean_html('<a href="https://example.dk/" target="_blank">x</a>')
    assert "target" not in out
    assert 'rel="noopener noreferrer"' in out


# --- what must stay ------------------------------------------------------------


def test_headings_paragraphs_and_emphasis_are_kept():
    html = "<h2>Baggrund</h2><p>Tekst med <strong>fed</strong>, <em>kursiv</em> og <u>understreget</u>.</p><h3>Under</h3>"
    assert clean_html(html) == html


def test_lists_are_kept_with_start_number():
    html = '<ul><li>en</li><li>to</li></ul><ol start="3"><li>tre</li></ol>'
    assert clean_html(html) == html


def test_tables_keep_header_cells_and_spans():
    out = clean_html('<table><thead><tr><th colspan="2" scope="col">Indsats</th></tr></thead>'
                     '<tbody><tr><td rowspan="2">A</td><td>B</td></tr></tbody></table>')
    assert '<th colspan="2" scope="col">Indsats</th>' in out
    assert '<td rowspan="2">A</td>' in out
    assert "<thead>" in out and "<tbody>" in out


def test_empty_table_cells_from_a_template_survive():
    # a template's empty table is structure, not an empty body
    out = clean_html("<table><tbody><tr><td></td><td></td></tr></tbody></table>")
    assert out.count("<td>") == 2


@pytest.mark.parametrize("href", ["https://www.regioner.dk/sundhed?a=1&amp;b=2", "http://example.dk/", "mailto:sekr@rsi.dk"])
def test_safe_links_are_kept(href):
    out = clean_html(f'<p><a href="{href}" title="Læs mere">link</a></p>')
    assert f'href="{href}"' in out
    assert 'title="Læs mere"' in out


def test_https_images_are_kept():
    out = clean_html('<img src="https://example.dk/figur.png" alt="Figur 1" width="100">')
    assert 'src="https://example.dk/figur.png"' in out
    assert 'alt="Figur 1"' in out


def test_escaped_markup_in_text_stays_escaped():
    out = clean_html("<p>a &lt;script&gt;alert(1)&lt;/script&gt; b</p>")
    assert "<script" not in out
    assert "&lt;script&gt;" in out


def test_cleaning_is_idempotent():
    html = ('<h2>Mål</h2><p>Tekst <a href="https://x.dk">l</a></p><table><tr><th colspan="2">h</th></tr></table>'
            '<ul><li>a</li></ul>')
    once = clean_html(html)
    assert clean_html(once) == once


# --- text hygiene ----------------------------------------------------------------


def test_nfd_is_normalised_to_nfc():
    out = clean_html("<p>Sundhedsvæsenet og fa\u0308lles ma\u030ale</p>")
    assert "f\u00e4lles" in out
    assert "m\u00e5le" in out
    assert "\u0308" not in out and "\u030a" not in out
    assert unicodedata.is_normalized("NFC", out)


def test_nfd_written_as_character_references_is_normalised_too():
    # "a" followed by a combining diaeresis, both as references: the parser
    # decodes them, and the stored text must still be NFC
    out = clean_html("<p>&#x61;&#x308;rlig og a&#776;ndring</p>")
    assert unicodedata.is_normalized("NFC", out), ascii(out)
    assert "\u00e4rlig" in out
    assert "\u00e4ndring" in out


def test_xml_invalid_control_characters_are_removed():
    out = clean_html("<p>a\x00b\x01c\x08d\x0be\x0cf\x1fg\ufffeh\uffffi</p>")
    assert out == "<p>abcdefghi</p>"


def test_tabs_and_newlines_are_not_control_garbage():
    out = clean_html("<p>tab\there\nny linje</p>")
    assert "\t" in out and "\n" in out


def test_xml_invalid_characters_written_as_references_are_removed_too():
    # &#1; and friends are decoded by the HTML parser after the first pass;
    # the Word export (XML 1.0) cannot hold them
    out = clean_html("<p>a&#1;b&#x0B;c&#x1F;d&#xFFFE;e</p>")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", out), ascii(out)
    assert "a" in out and "e" in out


@pytest.mark.parametrize("shell", [
    "<p>&nbsp;</p>",
    "<p>\u00a0</p>",
    "<p>&#160;</p>",
    "<p></p>",
    "<p> </p><p></p>",
    "<p><br></p>",
    "<p><br data-mce-bogus=\"1\"></p>",
    "   ",
    "",
    None,
])
def test_empty_editor_shell_becomes_empty(shell):
    assert clean_html(shell) == ""


def test_a_body_with_only_removed_content_becomes_empty():
    assert clean_html("<script>alert(1)</script><style>p{}</style>") == ""


def test_html_to_text_gives_plain_text_without_script_content():
    text = html_to_text("<h2>Overskrift</h2><p>a &amp; b</p><script>evil()</script><style>p{}</style>")
    assert "evil" not in text
    assert "p{}" not in text
    assert "a & b" in text
    assert "Overskrift" in text
    assert "<" not in text


def test_normalising_never_turns_text_into_markup():
    # U+0338 right after a tag's ">" would compose into "≯" under NFC; if the
    # sanitiser normalised its own output the text below would become an
    # attribute of a broken <p…> tag. Whatever comes out must parse into
    # allowed tags with no event handlers.
    import lxml.html

    from rsi_case.documents.sanitize import ATTRIBUTES, TAGS

    out = clean_html("<p>&#x338; onmouseover=alert(1) x</p><p>\u0338 onclick=alert(2)</p>")
    root = lxml.html.fragment_fromstring(out or "<p></p>", create_parent="div")
    for el in root.iter():
        if el is root:
            continue
        assert el.tag in TAGS, (el.tag, out)
        assert set(el.attrib) <= ATTRIBUTES.get(el.tag, set()), (el.attrib, out)
        assert not any(a.lower().startswith("on") for a in el.attrib)


# --- word boundaries at the edges of blocks (issue 13) -------------------------------

BLOCK_CASES = {
    "paragraphs": ("<p>alfa</p><p>beta</p>", ["alfa", "beta"]),
    "headings": ("<h2>alfa</h2><p>beta</p><h3>gamma</h3>delta", ["alfa", "beta", "gamma", "delta"]),
    "cells": ("<table><tr><td>Region</td><td>Hovedstaden</td></tr><tr><th>Sjælland</th><td>Syd</td></tr></table>",
              ["Region", "Hovedstaden", "Sjælland", "Syd"]),
    "list items": ("<ul><li>alfa</li><li>beta</li></ul><ol><li>gamma</li></ol>delta", ["alfa", "beta", "gamma", "delta"]),
    "line breaks": ("<p>alfa<br>beta<br/>gamma<br />delta</p>", ["alfa", "beta", "gamma", "delta"]),
    "nested blocks": ("<blockquote><p>alfa</p><p>beta</p></blockquote><ul><li><p>gamma</p><p>delta</p></li></ul>"
                      "<table><tr><td><p>epsilon</p><p>zeta</p></td></tr></table>",
                      ["alfa", "beta", "gamma", "delta", "epsilon", "zeta"]),
    "unknown blocks": ("<div>alfa</div><section>beta</section><o:p>gamma</o:p>", ["alfa", "beta", "gamma"]),
    "rule and image": ("alfa<hr>beta<img src='x.png'>gamma", ["alfa", "beta", "gamma"]),
}


@pytest.mark.parametrize("html,words", BLOCK_CASES.values(), ids=BLOCK_CASES.keys())
def test_html_to_text_keeps_a_word_boundary_at_every_block(html, words):
    assert html_to_text(html).split() == words
    # and so does the text stored bodies actually have (after the sanitiser)
    assert html_to_text(clean_html(html)).split() == words


@pytest.mark.parametrize("html,words", BLOCK_CASES.values(), ids=BLOCK_CASES.keys())
def test_element_text_keeps_the_same_boundaries(html, words):
    import lxml.html

    from rsi_case.documents.sanitize import element_text

    root = lxml.html.fragment_fromstring(html, create_parent="div")
    assert element_text(root).split() == words


def test_inline_markup_inside_a_word_does_not_split_it():
    html = "<p><strong>fælles</strong>udbud og <em>sund</em>heds-<a href='https://x.dk'>it</a> H<sub>2</sub>O</p>"
    assert html_to_text(html) == "fællesudbud og sundheds-it H2O"


def test_text_that_only_looks_like_a_tag_is_left_alone():
    assert html_to_text("<p>a &lt;p&gt;b og 3 &lt; 4</p>") == "a <p>b og 3 < 4"


def test_diff_blocks_of_a_table_row_have_its_cells_apart():
    from rsi_case.documents.versions import split_blocks

    blocks = split_blocks("<table><tr><td>Region</td><td>Hovedstaden</td></tr></table>"
                          "<ul><li><p>alfa</p><p>beta</p></li></ul><blockquote><p>gamma</p><p>delta</p></blockquote>")
    assert [b.text for b in blocks] == ["Region Hovedstaden", "alfa beta", "gamma delta"]
