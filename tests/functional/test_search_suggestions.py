""""Mente du …?" comes only from what the asking user may see (issue 12).

A word that exists only in a confidential case, or only in a draft the board
may not read, must never come back as a suggestion to someone who may not
read it — not alone, and not next to a misspelled public word. The owners
(positive control) do get it: the word is in the index and the corrector
would find it.
"""

from __future__ import annotations

import pytest

from rsi_case.search.analysis import stem

from rsi_case.cases.models import CaseGrant
from rsi_case.cases.resources import find_case
from tests.conftest import Browser, add_user

SECRET = "Ravnsborgaftalen"      # only in the confidential case
DRAFT_ONLY = "Kvistbjergmodellen"  # only in a draft of an ordinary case
PUBLIC = "Telefoniplatformen"     # in a final document everyone may read


def _has(word: str, text: str | None) -> bool:
    """Whether ``text`` holds ``word`` as the index knows it (its stem)."""
    return stem(word.lower()) in (text or "").lower()


def _misspell(word: str) -> str:
    """One letter changed in the middle: within the corrector's reach."""
    i = len(word) // 2
    return word[:i] + ("x" if word[i] != "x" else "y") + word[i + 1:]


@pytest.fixture
def world(app, db, users, make_case, make_document):
    open_case = make_case(title="Fælles telefoni", number="24/2213")
    other = make_case(title="Sikker mail", number="24/2214")
    make_document(open_case, title="Aftale om platform", status="endelig",
                  body=f"<p>{PUBLIC} skal udbydes i fællesskab.</p>")
    make_document(open_case, title="Udkast", status="kladde", body=f"<p>{DRAFT_ONLY} drøftes.</p>")
    secret = make_case(title="Fortrolig personalesag", number="24/2215")
    make_document(secret, title="Notat", status="endelig", body=f"<p>{SECRET} om fratrædelse.</p>")
    with db() as s:
        owner = add_user(s, "ejer", "sekretariat", full_name="Ejer Af Sagen")
        add_user(s, "kollega", "sekretariat", full_name="Kollega Uden Adgang")
        external = add_user(s, "ekstern", "bruger", full_name="Ekstern Projektleder")
        case = find_case(s, secret)
        case.confidential = True
        case.grants.append(CaseGrant(principal=f"user:{owner.id}", role="ejer"))
        for number in (other, open_case):
            shared = find_case(s, number)
            shared.grants.append(CaseGrant(principal=f"user:{external.id}", role="laeser"))
    return {"open": open_case, "secret": secret}


def _suggestion(app, login, q):
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login(login)
    api = b.get("/api/search", {"q": q}).json
    page = b.get("/search", {"q": q})
    return api["suggestion"], page.text


@pytest.mark.parametrize("login", ["styregruppe", "arkivar", "kollega", "ekstern"])
def test_a_word_only_the_confidential_case_holds_is_never_suggested(app, world, login):
    for q in (_misspell(SECRET), f"{_misspell(SECRET)} {_misspell(PUBLIC)}", f"{_misspell(PUBLIC)} {_misspell(SECRET)}"):
        suggestion, page = _suggestion(app, login, q)
        assert not _has(SECRET, suggestion), (login, q, suggestion)
        assert not _has(SECRET, page)
        if _misspell(PUBLIC) in q:
            # the public word next to it is still corrected: suggestions work, just not from the case
            assert _has(PUBLIC, suggestion), (login, q, suggestion)
            assert _misspell(SECRET).lower() in suggestion.lower()  # left as the user typed it


@pytest.mark.parametrize("login", ["ejer", "admin"])
def test_those_who_may_read_the_case_get_its_word_suggested(app, world, login):
    suggestion, _page = _suggestion(app, login, f"{_misspell(SECRET)} {_misspell(PUBLIC)}")
    assert suggestion is not None
    assert _has(SECRET, suggestion) and _has(PUBLIC, suggestion)
    # written as the user wrote the word (its ending and capital), not as a bare stem
    assert suggestion == f"{SECRET} {PUBLIC}"


def test_a_word_only_in_a_draft_is_not_suggested_to_the_board(app, world):
    suggestion, page = _suggestion(app, "styregruppe", f"{_misspell(DRAFT_ONLY)} {_misspell(PUBLIC)}")
    assert not _has(DRAFT_ONLY, suggestion)
    assert not _has(DRAFT_ONLY, page)
    assert _has(PUBLIC, suggestion)
    # the secretariat reads drafts, and gets it
    suggestion, _page = _suggestion(app, "sekretariat", _misspell(DRAFT_ONLY))
    assert _has(DRAFT_ONLY, suggestion)


@pytest.mark.parametrize("login", ["styregruppe", "kollega"])
def test_the_answer_is_the_same_as_if_the_case_did_not_exist(app, world, db, login):
    """A word the user may not see counts as a word nobody wrote: typing it
    correctly gives the same answer (no hits, same suggestion) as a word that
    does not exist at all."""
    hidden_api = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    hidden_api.login(login)
    known = hidden_api.get("/api/search", {"q": f"{SECRET} {_misspell(PUBLIC)}"}).json
    unknown = hidden_api.get("/api/search", {"q": f"Zzyqwbjergaftalen {_misspell(PUBLIC)}"}).json
    assert known["total"] == unknown["total"] == 0
    assert known["suggestion"] is not None and unknown["suggestion"] is not None
    assert known["suggestion"].replace(SECRET, "W") == unknown["suggestion"].replace("Zzyqwbjergaftalen", "W")
