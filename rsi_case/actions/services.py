"""Action plans: reading and checking what the user typed, saving actions and
progress notes, "overdue", and the overview's query across projects.

Overdue (overskredet) means the deadline has passed and the action is not
completed — whatever its status says: an action still "in progress" a week
after its deadline is overdue even if nobody remembered to mark it delayed.
The deadline day itself is not overdue.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa

from ..cases.models import Case
from ..cases.resources import visible_cases_clause
from ..documents.models import Document
from ..documents.resources import as_read_by, visible_documents_clause
from ..i18n import _, parse_date_input, today as danish_today
from ..parsing import ascii_int
from ..vocab import ACTION_STATUSES, CASE_CATEGORIES, CASE_STATUSES, REGIONS
from .models import Action, ActionNote

MAX_TITLE = 300
MAX_TEXT = 5000
SECRETARIAT = "sekretariat"  # the region filter's value for actions no region carries
PLAN_KIND = "handlingsplan"
MAX_ROWS = 2000


def today() -> dt.date:
    """Today in Denmark (the day a deadline is measured against)."""
    return danish_today()


def is_overdue(action: Action, on: dt.date) -> bool:
    return action.status != "afsluttet" and action.deadline < on


def overdue_clause(on: dt.date):
    return sa.and_(Action.status != "afsluttet", Action.deadline < on)


class Stale(Exception):
    """The action was changed by someone else after the page was shown."""


# -- reading a form --------------------------------------------------------------------

@dataclasses.dataclass
class Fields:
    title: str
    description: str
    region: str | None
    deadline: dt.date
    document_id: int | None
    status: str = "ikke_startet"


def _date_problem(raw: str):
    return _("date-invalid", default="“${value}” is not a date. Write day-month-year, e.g. 15-12-2009.",
             mapping={"value": raw.strip()[:40]})


def clean(value, limit) -> str:
    """Text typed into a form: NFC, no control characters, trimmed (and cut
    at twice the limit, so a too-long text is still shown back and refused)."""
    from ..export.builder import clean_text
    import unicodedata

    return unicodedata.normalize("NFC", clean_text(value or "")).strip()[:limit * 2]


def read_action(post, plan_ids, with_status: bool) -> tuple[dict, Fields | None, dict]:
    """(what was typed, the fields if they are all right, field -> message)."""
    typed = {"title": clean(post.get("title"), MAX_TITLE), "description": clean(post.get("description"), MAX_TEXT),
             "region": str(post.get("region", "")).strip()[:40], "deadline": str(post.get("deadline", ""))[:40].strip(),
             "document": str(post.get("document", "")).strip()[:20],
             "status": str(post.get("status", "ikke_startet")).strip()[:40]}
    errors = {}
    if not typed["title"]:
        errors["title"] = _("action-title-needed", default="Write what is to be done.")
    elif len(typed["title"]) > MAX_TITLE:
        errors["title"] = _("action-title-long", default="The title is too long (at most ${n} characters).",
                            mapping={"n": MAX_TITLE})
    if len(typed["description"]) > MAX_TEXT:
        errors["description"] = _("action-text-long", default="The text is too long (at most ${n} characters).",
                                  mapping={"n": MAX_TEXT})
    if typed["region"] and typed["region"] not in REGIONS:
        errors["region"] = _("action-region-unknown", default="Choose one of the five regions, or the secretariat.")
    deadline = parse_date_input(typed["deadline"]) if typed["deadline"] else None
    if not typed["deadline"]:
        errors["deadline"] = _("action-deadline-needed", default="Write the deadline (dd-mm-yyyy).")
    elif deadline is None or not 2000 <= deadline.year <= 2100:
        errors["deadline"] = _date_problem(typed["deadline"])
        deadline = None
    document_id = None
    if typed["document"]:
        document_id = ascii_int(typed["document"])
        if document_id not in plan_ids:
            errors["document"] = _("action-plan-unknown", default="Choose one of the case's action plans.")
    if with_status and typed["status"] not in ACTION_STATUSES:
        errors["status"] = _("action-status-unknown", default="Choose one of the statuses.")
    if errors:
        return typed, None, errors
    return typed, Fields(title=typed["title"], description=typed["description"], region=typed["region"] or None,
                         deadline=deadline, document_id=document_id,
                         status=typed["status"] if with_status else "ikke_startet"), {}


def read_note(post, on: dt.date) -> tuple[dict, tuple | None, dict]:
    """A progress note: (typed, (date, text, status), errors)."""
    typed = {"noted_on": str(post.get("noted_on", ""))[:40].strip(), "text": clean(post.get("text"), MAX_TEXT),
             "status": str(post.get("status", "")).strip()[:40]}
    errors = {}
    noted_on = parse_date_input(typed["noted_on"]) if typed["noted_on"] else on
    if typed["noted_on"] and (noted_on is None or not 2000 <= noted_on.year <= 2100):
        errors["noted_on"] = _date_problem(typed["noted_on"])
    elif noted_on > on:
        errors["noted_on"] = _("action-note-future", default="A progress note cannot be dated in the future.")
    if typed["status"] and typed["status"] not in ACTION_STATUSES:
        errors["status"] = _("action-status-unknown", default="Choose one of the statuses.")
    if len(typed["text"]) > MAX_TEXT:
        errors["text"] = _("action-text-long", default="The text is too long (at most ${n} characters).",
                           mapping={"n": MAX_TEXT})
    if errors:
        return typed, None, errors
    return typed, (noted_on, typed["text"], typed["status"] or None), {}


# -- saving -------------------------------------------------------------------------------

def _stamp(action: Action, user) -> None:
    action.updated_at = dt.datetime.now(dt.UTC)
    action.updated_by_id = user.id if user is not None else None


def create_action(db, case: Case, user, fields: Fields) -> Action:
    position = db.execute(sa.select(sa.func.coalesce(sa.func.max(Action.position), 0))
                          .where(Action.case_id == case.id)).scalar_one() + 1
    action = Action(case_id=case.id, document_id=fields.document_id, title=fields.title,
                    description=fields.description, region=fields.region, deadline=fields.deadline,
                    status=fields.status, position=position, version=1,
                    created_by_id=user.id if user is not None else None)
    _stamp(action, user)
    db.add(action)
    db.flush()
    return action


def edit_action(action: Action, user, fields: Fields, base_version: int | None) -> list[str]:
    """Change what, who, when and the plan; returns the names of the fields changed."""
    if base_version != action.version:
        raise Stale()
    changed = [name for name in ("title", "description", "region", "deadline", "document_id")
               if getattr(action, name) != getattr(fields, name)]
    for name in changed:
        setattr(action, name, getattr(fields, name))
    if changed:
        action.version += 1
        _stamp(action, user)
    return changed


def add_note(db, action: Action, user, noted_on: dt.date, text: str, status: str | None,
             base_version: int | None) -> ActionNote | None:
    """A dated progress note, and the status it sets (if it changes it).
    A status change from a stale page is refused; a note alone is never stale."""
    new_status = status if status and status != action.status else None
    if new_status is not None and base_version != action.version:
        raise Stale()
    if not text and new_status is None:
        return None
    note = ActionNote(action_id=action.id, noted_on=noted_on, text=text,
                      old_status=action.status if new_status else None, new_status=new_status,
                      author_id=user.id if user is not None else None)
    db.add(note)
    if new_status is not None:
        action.status = new_status
        action.version += 1
    _stamp(action, user)
    db.flush()
    return note


# -- reading -----------------------------------------------------------------------------------

def case_actions(db, case: Case) -> list[Action]:
    return db.execute(sa.select(Action).where(Action.case_id == case.id)
                      .order_by(Action.position, Action.id)).scalars().all()


def plan_documents(db, case: Case, user) -> list:
    """The case's action plans (documents of kind handlingsplan, and any other
    document an action already points to) the user may see, as the user reads
    them (the board: a final version's title)."""
    linked = sa.select(Action.document_id).where(Action.case_id == case.id, Action.document_id.is_not(None))
    docs = db.execute(sa.select(Document).where(Document.case_id == case.id,
                                                sa.or_(Document.kind == PLAN_KIND, Document.id.in_(linked)),
                                                visible_documents_clause(user))
                      .order_by(Document.year, Document.seq)).scalars().all()
    return as_read_by(db, user, docs)


def visible_plans(db, user, actions) -> dict:
    """Of the plans the actions point to, those the user may see: id -> document as read."""
    ids = {a.document_id for a in actions if a.document_id}
    if not ids:
        return {}
    docs = db.execute(sa.select(Document).where(Document.id.in_(ids), visible_documents_clause(user))).scalars().all()
    return {d.id: d for d in as_read_by(db, user, docs)}


def latest_notes(db, action_ids) -> dict[int, ActionNote]:
    """The newest progress note of each action (by its date, then as written)."""
    out = {}
    ids = list(action_ids)
    for start in range(0, len(ids), 500):
        for note in db.execute(sa.select(ActionNote).where(ActionNote.action_id.in_(ids[start:start + 500]))
                               .order_by(ActionNote.action_id, ActionNote.noted_on.desc(),
                                         ActionNote.id.desc())).scalars():
            out.setdefault(note.action_id, note)
    return out


class Selection:
    """The overview's (and the status report's) filters, read leniently:
    a value that makes no sense is dropped, never an error."""

    def __init__(self, params):
        def pick(name, allowed, default=""):
            value = str(params.get(name, default))[:40]
            return value if value in allowed else default

        self.status = pick("status", ACTION_STATUSES)
        self.region = pick("region", (*REGIONS, SECRETARIAT))
        self.category = pick("category", CASE_CATEGORIES)
        self.cases = pick("cases", (*CASE_STATUSES, "alle"), "aaben")
        self.overdue = str(params.get("overdue", "")) in ("1", "on", "ja")

    def params(self) -> dict:
        out = {k: v for k, v in (("status", self.status), ("region", self.region), ("category", self.category),
                                 ("cases", self.cases)) if v}
        if self.overdue:
            out["overdue"] = "1"
        return out

    def base(self, user):
        """Every filter but status and overdue (the totals count within it)."""
        where = [visible_cases_clause(user)]
        if self.region == SECRETARIAT:
            where.append(Action.region.is_(None))
        elif self.region:
            where.append(Action.region == self.region)
        if self.category:
            where.append(Case.category == self.category)
        if self.cases != "alle":
            where.append(Case.status == self.cases)
        return where

    def where(self, user, on: dt.date):
        where = self.base(user)
        if self.status:
            where.append(Action.status == self.status)
        if self.overdue:
            where.append(overdue_clause(on))
        return where


def overview(db, user, selection: Selection, on: dt.date) -> list[Action]:
    """The actions the selection finds in cases the user may see, by deadline."""
    return db.execute(sa.select(Action).join(Case, Case.id == Action.case_id)
                      .where(*selection.where(user, on))
                      .order_by(Action.deadline, Case.year, Case.seq, Action.position, Action.id)
                      .limit(MAX_ROWS)).scalars().all()


def totals(db, user, selection: Selection, on: dt.date) -> dict[str, int]:
    """Actions per status, and overdue ones, within the selection's region,
    category and cases (only cases the user may see are counted)."""
    base = sa.select(Action.status, sa.func.count()).join(Case, Case.id == Action.case_id).where(
        *selection.base(user))
    counts = {code: 0 for code in ACTION_STATUSES}
    for status, n in db.execute(base.group_by(Action.status)):
        counts[status] = n
    counts["overdue"] = db.execute(sa.select(sa.func.count()).select_from(Action).join(Case, Case.id == Action.case_id)
                                   .where(*selection.base(user), overdue_clause(on))).scalar_one()
    counts["all"] = sum(counts[c] for c in ACTION_STATUSES)
    return counts


def case_card(db, case: Case, on: dt.date) -> dict:
    """What the case page shows of the case's action plan."""
    actions = case_actions(db, case)
    return {"actions": actions, "overdue": {a.id for a in actions if is_overdue(a, on)}}
