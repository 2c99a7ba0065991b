"""Saving the regions' participation in a joint project, with the rule of
"follow or explain": a region that waits (afventer) says why and from when;
one that stays out (afstår) says why."""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa

from ..cases.models import Case
from ..i18n import _
from ..vocab import REGIONS
from .models import ParticipationChange, RegionParticipation

JOINT_CATEGORIES_EXCLUDED = ("egen_drift", "aktindsigt")  # own business and requests for access: not joint projects


@dataclasses.dataclass
class Entry:
    state: str
    reason: str = ""
    expected_on: dt.date | None = None


def problems(entry: Entry) -> dict[str, object]:
    """Field → message for an entry that breaks the rule (empty when it holds)."""
    out = {}
    if entry.state in ("afventer", "afstaar") and not (entry.reason or "").strip():
        out["reason"] = (_("participation-reason-afventer", default="Write why the region waits.")
                         if entry.state == "afventer" else
                         _("participation-reason-afstaar", default="Write why the region stays out: a region that does not take part must explain why."))
    if entry.state == "afventer" and entry.expected_on is None:
        out["expected_on"] = _("participation-expected-needed", default="Write when the region expects to join (dd-mm-yyyy).")
    return out


def current(db, case: Case) -> dict[str, RegionParticipation]:
    rows = db.execute(sa.select(RegionParticipation).where(RegionParticipation.case_id == case.id)).scalars()
    return {r.region: r for r in rows}


def save(db, case: Case, user, entries: dict[str, Entry]) -> list[ParticipationChange]:
    """Store the states that changed; returns the changes (one per region changed).

    The case's participating regions follow: the regions that take part."""
    have = current(db, case)
    changes = []
    for region in REGIONS:
        entry = entries.get(region)
        if entry is None:
            continue
        if problems(entry):
            raise ValueError(f"{region}: {problems(entry)}")
        reason = (entry.reason or "").strip() if entry.state != "deltager" else ""
        expected = entry.expected_on if entry.state == "afventer" else None
        row = have.get(region)
        if row is not None and (row.state, row.reason, row.expected_on) == (entry.state, reason, expected):
            continue
        change = ParticipationChange(case_id=case.id, region=region, old_state=row.state if row else None,
                                     state=entry.state, reason=reason, expected_on=expected,
                                     changed_by_id=user.id if user else None)
        if row is None:
            row = RegionParticipation(case_id=case.id, region=region)
            db.add(row)
        row.state, row.reason, row.expected_on = entry.state, reason, expected
        row.updated_by_id = user.id if user else None
        row.updated_at = change.changed_at = dt.datetime.now(dt.UTC)
        db.add(change)
        changes.append(change)
    if changes:
        states = {**{r: p.state for r, p in have.items()}, **{c.region: c.state for c in changes}}
        taking_part = [r for r in REGIONS if states.get(r) == "deltager"]
        if sorted(case.participating_regions or []) != sorted(taking_part):
            case.participating_regions = taking_part
        db.flush()
    return changes


def history(db, case: Case, limit: int = 100) -> list[ParticipationChange]:
    return db.execute(sa.select(ParticipationChange).where(ParticipationChange.case_id == case.id)
                      .order_by(ParticipationChange.changed_at.desc(), ParticipationChange.id.desc())
                      .limit(limit)).scalars().all()


def is_joint_project(case: Case) -> bool:
    return case.category not in JOINT_CATEGORIES_EXCLUDED


def follow_ticks(db, case: Case, user, ticked) -> list[tuple[str, str | None, str | None]]:
    """Make the follow-or-explain states agree with the regions ticked on the
    case form: a ticked region takes part (deltager; a reason it gave for
    waiting or staying out goes to the history), and a region that took part
    but is no longer ticked is not decided any more (its row goes: "ikke
    afklaret" — it must now take part or explain). Regions that wait or stay
    out and are not ticked keep their reason. Returns (region, old, new) for
    each region changed (new None: not decided)."""
    ticked = [r for r in REGIONS if r in set(ticked or ())]
    have = current(db, case)
    entries = {r: Entry("deltager") for r in ticked if have.get(r) is None or have[r].state != "deltager"}
    done = [(c.region, c.old_state, c.state) for c in save(db, case, user, entries)]
    for region, row in have.items():
        if row.state == "deltager" and region not in ticked:
            db.delete(row)
            done.append((region, "deltager", None))
    if list(case.participating_regions or []) != ticked:  # (in the regions' own order, as the box has them)
        case.participating_regions = ticked
    db.flush()
    return done
