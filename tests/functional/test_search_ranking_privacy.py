"""Ranking is computed from what the user may see (issue 12, the ranking side channel).

BM25 weighs a word by how many documents hold it and a document by how long it
is against the average. Taken over the whole index, those statistics include
confidential documents: a user who may not see a confidential case could
watch the scores (the API shows them) and the order of their own results move
when only that case changed, and learn how many hidden documents use a word.
The scorer takes the statistics over the user's own documents instead, so for
someone outside the case its documents — added, edited or removed — change
nothing at all.
"""

from __future__ import annotations

import pytest

from rsi_case.cases.models import CaseGrant
from rsi_case.cases.resources import find_case
from tests.conftest import Browser, add_user

QUERIES = ("laboratoriesystem", "fælles udbud", "udbud OR telefoni", "laboratoriesystem udbud regioner", "\"udbud af laboratoriesystem\"",
           "sag:24/2213 udbud", "titel:udbud")


@pytest.fixture
def world(make_case, make_document, db):
    lab = make_case(title="Fælles udbud af laboratoriesystem", number="24/2213")
    tel = make_case(title="Fælles telefoni", number="24/2214")
    bodies = [
        "<p>Laboratoriesystem og udbud.</p>",
        "<p>Et langt notat om udbud. " + "Regionerne drøfter tidsplanen for projektet. " * 30 + "</p>",
        "<p>Udbud af laboratoriesystem i alle regioner, laboratoriesystem igen.</p>",
        "<p>Telefoni og udbud af telefoni.</p>",
    ]
    for i, body in enumerate(bodies):
        make_document(lab if i < 3 else tel, title=f"Notat {i} om udbud", status="endelig", body=body)
    with db() as s:
        add_user(s, "ejer", "sekretariat")
    return lab


def ranking(app, login):
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login(login)
    out = {}
    for q in QUERIES:
        hits = b.get("/api/search", params={"q": q}).json["hits"]
        out[q] = [(h["number"], h["score"]) for h in hits]
    return out


def add_confidential_case(db, make_case, make_document, users):
    secret = make_case(title="Fortroligt udbud af laboratoriesystem", number="24/2299")
    for i in range(6):
        make_document(secret, title=f"Fortroligt notat {i} om udbud og laboratoriesystem", status="endelig",
                      body="<p>" + "Laboratoriesystem udbud regioner. " * (5 + 20 * i) + "</p>")
    with db() as s:
        case = find_case(s, secret)
        case.confidential = True
        owner = s.execute(__import__("sqlalchemy").text("SELECT id FROM users WHERE login = 'ejer'")).scalar_one()
        case.grants.append(CaseGrant(principal=f"user:{owner}", role="ejer"))
    return secret


@pytest.mark.parametrize("login", ["styregruppe", "arkivar", "sekretariat"])
def test_a_confidential_case_does_not_move_an_outsiders_scores_or_order(app, world, db, make_case, make_document,
                                                                       users, login):
    before = ranking(app, login)
    assert all(before[q] for q in QUERIES)  # real results to compare
    add_confidential_case(db, make_case, make_document, users)
    assert ranking(app, login) == before
    # the owner's ranking does change: the statistics are theirs, and they see more
    assert ranking(app, "ejer") != before


def test_scores_still_rank_sensibly(app, world):
    """Statistics from the user's documents are still BM25: the document saying
    laboratoriesystem twice beats the one saying it once; a rare word outweighs a common one."""
    hits = ranking(app, "arkivar")["laboratoriesystem"]
    assert len(hits) >= 3 and hits[0][1] >= hits[1][1] >= hits[-1][1] > 0
