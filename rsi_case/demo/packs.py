"""Demo: the board's meeting packs of 2026 as they were sent — a pack for
every meeting whose agenda has gone out, a week before it, and for the
September meeting an addendum two days before, after a late item."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

LATE_ITEM = ("Orientering om sikkerhedshændelse hos leverandør af integrationsplatform",
             "Sekretariatet orienterer om hændelsen og de tiltag, regionerne har iværksat. Til orientering.")


def demo_request(db, blobs, user):
    """What sending a pack needs of a request, outside one (no audit trail is written)."""
    from pyramid.i18n import make_localizer
    from pyramid.registry import Registry
    from pyramid.request import Request

    request = Request.blank("/", base_url="http://localhost")
    request.registry = Registry("demo")
    request.registry["rsi_case.blobs"] = blobs
    request.dbsession = db
    request.user = user
    request.localizer = make_localizer("da", [str(Path(__file__).resolve().parents[1] / "locale")])
    return request


def load(db, users: dict, blobs) -> int:
    from ..meetings import packs, services
    from ..meetings.models import Meeting

    request = demo_request(db, blobs, users["sekretariat"])
    meetings = db.execute(sa.select(Meeting).where(Meeting.state != "planlagt", Meeting.starts_at >= dt.datetime(
        2026, 1, 1, tzinfo=dt.UTC), Meeting.starts_at < dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
        .order_by(Meeting.starts_at)).scalars().all()
    n = 0
    for meeting in meetings:
        state, meeting.state = meeting.state, "dagsorden_udsendt"  # as it was when the pack went out
        sent = meeting.starts_at - dt.timedelta(days=7, hours=-1)  # a week before, at 14:00
        packs.send(request, meeting, now=sent)
        n += 1
        if meeting.starts_at.month == 9:
            item = services.add_item(db, meeting, title=LATE_ITEM[0], recommendation=LATE_ITEM[1])
            item.created_at = sent + dt.timedelta(days=4)
            packs.send(request, meeting, now=meeting.starts_at - dt.timedelta(days=2, hours=-1))
            n += 1
        meeting.state = state
    db.flush()
    return n
