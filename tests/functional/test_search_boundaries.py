"""Words at the edges of blocks are words (issue 13).

mammoth writes ``<p>alfa</p><p>beta</p>`` with nothing between the blocks,
and so does an API client or a script that saves a body. Every block edge —
paragraph, heading, list item, table cell, line break — must stay a word
boundary in the text the index, the snippets and the lexicon are made of.

The probe words are invented (``Zorbaxi`` …) and occur once each, so a
glued pair (``zorbaxiquendel``) can never be found through a compound split:
only a real boundary finds them.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import webtest

from rsi_case.demo.wordmemo import build_memo

# one pair of probe words per block: (first word, last word)
PROBES = {
    "h2": ("Zorbaxi", "Quendelo"),
    "p1": ("Vrimpel", "Skarvot"),
    "p2": ("Glemtra", "Pulvek"),
    "bullet1": ("Trasko", "Mirvel"),
    "bullet2": ("Fnuglo", "Brakvi"),
    "number1": ("Kvastro", "Dremsel"),
    "cell-a": ("Snorvik", "Hjulpa"),
    "cell-b": ("Plaskim", "Terbold"),
    "p3": ("Yxtorp", "Ulvesko"),
}


def probe_memo() -> bytes:
    w = PROBES
    return build_memo(
        title="Notat om grænser mellem afsnit", date=dt.date(2025, 3, 4), case_number="25/0101",
        document_number="04321/25", author="Test Forfatter",
        paragraphs=[
            ("h2", f"{w['h2'][0]} og {w['h2'][1]}"),
            ("p", f"{w['p1'][0]} står først i afsnittet, og sidst står {w['p1'][1]}"),
            ("p", f"{w['p2'][0]} indleder næste afsnit, som slutter med {w['p2'][1]}."),
            ("bullet", f"{w['bullet1'][0]} i første punkt {w['bullet1'][1]}"),
            ("bullet", f"{w['bullet2'][0]} i andet punkt {w['bullet2'][1]}"),
            ("number", f"{w['number1'][0]} i en nummereret liste {w['number1'][1]}"),
            ("table", f"{w['cell-a'][0]} celle {w['cell-a'][1]};{w['cell-b'][0]} celle {w['cell-b'][1]}"),
            ("p", f"{w['p3'][0]} afslutter notatet med {w['p3'][1]}"),
        ])


def import_memo(b, case_slug: str, data: bytes, name: str = "notat.docx") -> str:
    form = b.get(f"/cases/{case_slug}/import").forms["deform"]
    form["upload"] = webtest.Upload(name, data)
    page = form.submit("read", status=200)
    created = page.forms["deform"].submit("create", status=303)
    return created.location.rsplit("/", 1)[1]


def found(b, word: str) -> list[str]:
    return [h["number"] for h in b.get("/api/search", {"q": word}).json["hits"]]


def test_a_memo_imported_from_word_is_found_by_the_first_and_last_word_of_every_block(as_role, make_case, engine):
    import sqlalchemy as sa

    make_case(title="Grænser", number="25/0101")
    slug = import_memo(as_role("admin"), "25-0101", probe_memo())  # (an administrator keeps the memo's number)
    assert slug == "04321-25"
    with engine.connect() as conn:
        body = conn.execute(sa.text("SELECT body_html FROM documents")).scalar_one()
    # the premise: the stored body has no whitespace between its blocks (mammoth's output)
    assert "</p><p>" in body and "</li><li>" in body and "</td><td>" in body
    b = as_role("arkivar")
    for first, last in PROBES.values():
        for word in (first, last):
            assert "04321/25" in found(b, word), word
            # in the body itself, not only in the Word file kept as an attachment
            assert "04321/25" in found(b, f"tekst:{word}"), word
    # the snippet shows the two words of neighbouring blocks apart, each marked
    hit = b.get("/api/search", {"q": PROBES["p1"][1]}).json["hits"][0]
    assert re.search(rf"<mark>{PROBES['p1'][1]}</mark>\W+{PROBES['p2'][0]}", hit["highlight"]), hit["highlight"]


def test_a_body_saved_without_newlines_is_searchable_within_two_seconds(app, as_role, make_case, make_document):
    """As an API client or a script sends it: one line, a paragraph added at the end."""
    cn = make_case(title="Grænser", number="25/0102")
    number = make_document(cn, title="Notat uden linjeskift", status="kladde",
                           body="<p>Første afsnit slutter med Grimsvald</p>")
    indexer = app.registry["search.indexer"]
    indexer.mode = "background"
    indexer.start()
    try:
        b = as_role("sekretariat")
        form = b.get(f"/documents/{number.slug}/edit").forms["deform"]
        form["body"] = ("<p>Første afsnit slutter med Grimsvald</p><p>Nyt afsnit om Harpelund</p>"
                        "<table><tr><td>Region</td><td>Hovedstaden</td></tr></table>")
        start = time.monotonic()
        form.submit("save", status=303)
        wanted = {"Grimsvald", "Harpelund", "Hovedstaden"}
        seen = set()
        while time.monotonic() - start < 2.0 and seen != wanted:
            seen = {w for w in wanted if str(number) in found(b, w)}
            time.sleep(0.05)
        assert seen == wanted, f"after {time.monotonic() - start:.2f} s only {sorted(seen)}"
    finally:
        indexer._stop = True
