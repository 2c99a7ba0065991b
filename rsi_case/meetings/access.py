"""Closed items (lukkede punkter): the one rule for what a reader sees of an
agenda item.

An item about a case is *open* to a reader who may open that case (the case's
own ACL, ``cases:view``); to everyone else it is a *closed item*: it keeps its
place and number on the agenda ("4. Lukket punkt") and shows nothing else —
no title, recommendation, case, papers, decision number or decision text. An
item about no case is open to everyone who reads the meeting.

Every rendering of an item asks a ``Reader``: the meeting page and the Word
exports a user downloads ask with the user's eyes, a pack as sent with a
plain board member's, and the records filed in the meetings case (the
minutes, the packs as sent and their addenda) with the eyes of *everyone who
reads the meetings case* — those documents are read, exported and indexed for
all of them, so an item is open there only if each of them may open its case.
Changing an item (its title, case, recommendation, papers, withdrawal or
decision) is for those it is open to; for the others it does not exist (404).
"""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from pyramid.authorization import ACLHelper, Authenticated, Everyone
from sqlalchemy.orm import aliased

from ..cases.models import Case
from ..cases.resources import CaseResource, visible_cases_clause
from ..documents.resources import DocumentResource
from ..i18n import _
from ..security.permissions import (ROLE_ADMIN, ROLE_ARKIVAR, ROLE_BRUGER, ROLE_SEKRETARIAT, ROLE_STYREGRUPPE,
                                    Permission as P)
from .models import Decision, Meeting

CLOSED_TITLE = _("agenda-closed-item", default="Closed item")
ROLES = (ROLE_SEKRETARIAT, ROLE_STYREGRUPPE, ROLE_ARKIVAR, ROLE_ADMIN, ROLE_BRUGER)


class Reader:
    """Whose eyes an item, a pack or the minutes are rendered with: the
    request's user (``principal_sets`` None), or a fixed group of people, each
    given by their principals, who together read only what *every one* of
    them may read."""

    def __init__(self, request, principal_sets=None):
        self.request = request
        self.principal_sets = principal_sets

    def may(self, permission, context) -> bool:
        if self.principal_sets is None:
            return bool(self.request.has_permission(permission, context))
        helper = ACLHelper()
        return bool(self.principal_sets) and all(
            helper.permits(context, principals, permission) for principals in self.principal_sets)

    def sees(self, item) -> bool:
        """Whether ``item`` is open to this reader (the rule of this module)."""
        return item.case is None or self.may(P.CASE_VIEW, CaseResource(self.request, item.case))

    def closed_ids(self, meeting) -> set[int]:
        """The ids of the meeting's items (withdrawn ones too) that are closed to this reader."""
        return {item.id for item in meeting.items if not self.sees(item)}


def _alone(principal) -> list:
    return [Everyone, Authenticated, principal]


def case_readers(case) -> list[list]:
    """Everyone who may open ``case``, as principal sets (one per kind of
    reader): each role alone; each group granted on the case alone (as its
    weakest member would be: a member's role may add nothing); and each user
    granted on it with all their own principals (a secretariat user holding a
    grant still reads the ordinary cases by role). A user may open a case
    exactly when one of their principals may (``case_acl`` grants before it
    denies), so "every set here may" means "every user who reads ``case`` may"."""
    from sqlalchemy.orm import object_session

    from ..parsing import ascii_int
    from ..security.models import User
    from ..security.policy import user_principals

    db = object_session(case)
    sets = [_alone(role) for role in ROLES]
    for grant in case.grants:
        kind, _sep, ident = grant.principal.partition(":")
        uid = ascii_int(ident, 1) if kind == "user" else None
        user = db.get(User, uid) if uid is not None and db else None
        sets.append([Everyone, Authenticated, *user_principals(user)] if user is not None else _alone(grant.principal))
    resource, helper = CaseResource(None, case), ACLHelper()
    return [principals for principals in sets if helper.permits(resource, principals, P.CASE_VIEW)]


def meeting_readers(request, meeting) -> Reader:
    """Everyone who reads the meeting's case (the meetings case): the eyes of
    the records filed there — the minutes, the packs as sent, the addenda."""
    return Reader(request, case_readers(meeting.case))


def sent_pack_reader(request, meeting) -> Reader:
    """The pack as sent: its papers as a plain board member reads them (final
    versions, nothing confidential), its items as everyone who reads the
    meetings case may see them (the sent pack is filed there)."""
    return Reader(request, [_alone(ROLE_STYREGRUPPE), *case_readers(meeting.case)])


def visible_decisions(user, principals=None):
    """A query of the numbered decisions (and the aliased case of their item):
    numbered decisions whose meeting the user may see and, when a decision
    is about a case, whose case the user may see too (the same rule as the
    search index's ``decision_readers`` and the decision page).
    ``principals``: as in :func:`visible_cases_clause`."""
    meeting_case, item_case = aliased(Case), aliased(Case)
    stmt = (sa.select(Decision).join(Meeting, Meeting.id == Decision.meeting_id)
            .join(meeting_case, meeting_case.id == Meeting.case_id)
            .outerjoin(item_case, item_case.id == Decision.case_id)
            .where(Decision.seq.isnot(None), visible_cases_clause(user, meeting_case, principals),
                   sa.or_(Decision.case_id.is_(None), visible_cases_clause(user, item_case, principals))))
    return stmt, item_case


# -- the papers of an item, as a reader meets them (the meeting page, the packs, the minutes) --

@dataclasses.dataclass
class Annex:
    """One paper of an agenda item as a reader meets it: its label ("2.3"),
    whether the reader may read it, and whether it is *awaited* — a draft
    never made final, which the board does not read yet and which follows
    (an addendum sends it once it is final)."""
    label: str
    document: object
    resource: DocumentResource
    readable: bool
    awaited: bool


def awaited(document) -> bool:
    """A draft that has never been final: the board reads nothing of it yet (documents' ACL)."""
    return document.status == "kladde" and document.final_version is None


def annexes(request, item, number: int, reader: Reader) -> list[Annex]:
    """The papers of an item open to ``reader``, labelled by their place among
    the item's papers, so that "Bilag 2.3" is the same paper for the
    secretariat and for the board. A paper the reader may not read is kept
    (by its label only) when it is awaited, and dropped otherwise — it does
    not follow, and its place is not shown (in an item open to the reader
    every unreadable paper is an awaited draft: the item's case is one the
    reader may open)."""
    rows = []
    for paper in item.papers:
        doc = paper.document
        resource = DocumentResource(request, doc)
        readable = reader.may(P.DOCUMENT_VIEW, resource)
        if not readable and not awaited(doc):
            continue
        rows.append(Annex(label=f"{number}.{len(rows) + 1}", document=doc, resource=resource, readable=readable,
                          awaited=awaited(doc)))
    return rows
