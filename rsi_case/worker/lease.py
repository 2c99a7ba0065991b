"""Take, renew, give back and read a lease (rsi_case.worker.models).

Portable SQL only: a conditional UPDATE decides. On PostgreSQL (READ
COMMITTED) a second UPDATE of the same row waits for the first to commit
and then re-checks its WHERE against the new row, so two workers never both
get ``rowcount == 1``; SQLite runs one writer at a time. Clocks of hosts
that share a lease must agree to well within the time to live (NTP)."""

from __future__ import annotations

import datetime as dt
import os
import socket

import sqlalchemy as sa

from ..db import utcnow, writer_engine
from .models import WorkerLease

SEARCH_INDEX = "search-index"  # + ":<node>": each node's index has its own worker
MAIL_INTAKE = "mail-intake"  # one process of the installation fetches the journal mailbox


def search_index(node: str) -> str:
    return f"{SEARCH_INDEX}:{node}"[:40]
TTL_SECONDS = 15.0

_t = WorkerLease.__table__


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def acquire(engine: sa.Engine, name: str, holder: str, ttl: float = TTL_SECONDS) -> bool:
    """Take the lease when it is free (never taken, given back, or expired)
    or already ours; True when we hold it now."""
    now = utcnow()
    free = sa.or_(_t.c.holder == holder, _t.c.state == "stopped",
                  _t.c.heartbeat_at < now - dt.timedelta(seconds=ttl))
    with writer_engine(engine).begin() as conn:
        taken = conn.execute(
            sa.update(_t).where(_t.c.name == name, free).values(
                acquired_at=sa.case((_t.c.holder == holder, _t.c.acquired_at), else_=now),
                holder=holder, heartbeat_at=now, state="running", detail="")).rowcount
        if taken == 1:
            return True
        if conn.execute(sa.select(_t.c.name).where(_t.c.name == name)).first() is not None:
            return False
    try:
        with writer_engine(engine).begin() as conn:
            conn.execute(sa.insert(_t).values(name=name, holder=holder, acquired_at=now, heartbeat_at=now,
                                              state="running", detail=""))
        return True
    except sa.exc.IntegrityError:  # another worker inserted it first
        return False


def renew(engine: sa.Engine, name: str, holder: str, state: str = "running", detail: str = "") -> bool:
    """Push our heartbeat; False when the lease is no longer ours (it expired
    and another worker took it): stop working at once."""
    with writer_engine(engine).begin() as conn:
        return conn.execute(sa.update(_t).where(_t.c.name == name, _t.c.holder == holder)
                            .values(heartbeat_at=utcnow(), state=state, detail=detail[:2000])).rowcount == 1


def release(engine: sa.Engine, name: str, holder: str) -> None:
    """Give the lease back (a clean stop): a standby worker takes it at once."""
    with writer_engine(engine).begin() as conn:
        conn.execute(sa.update(_t).where(_t.c.name == name, _t.c.holder == holder)
                     .values(state="stopped", heartbeat_at=utcnow()))


def status(conn, name: str, ttl: float = TTL_SECONDS) -> dict:
    """What /health says about the worker: ``running`` (or ``rebuilding``)
    with a fresh heartbeat, ``stale`` when the heartbeat is older than the
    time to live (the worker died or hangs), ``stopped``, or ``absent``."""
    row = conn.execute(sa.select(_t).where(_t.c.name == name)).mappings().first()
    if row is None:
        return {"state": "absent"}
    heartbeat = row["heartbeat_at"]
    if heartbeat.tzinfo is None:
        heartbeat = heartbeat.replace(tzinfo=dt.UTC)
    age = round((utcnow() - heartbeat).total_seconds(), 1)
    state = row["state"]
    if state != "stopped" and age > ttl:
        state = "stale"
    out = {"state": state, "holder": row["holder"], "heartbeat_seconds": age}
    if row["detail"]:
        out["last_error"] = row["detail"]
    return out
