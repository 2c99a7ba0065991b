"""A lease: who does one kind of background work now, and since when.

A row per kind of work and node (``search-index:<node>``). The holder renews its heartbeat
every few seconds; a lease whose heartbeat is older than its time to live
is free, so a worker killed with ``kill -9`` is replaced by a standby one
within that time. The row is also how ``/health`` on every web process
sees the worker. It is transient state, not the organisation's data:
backups leave it out and a restore does not count it (``info["transient"]``).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime


class WorkerLease(Base):
    __tablename__ = "worker_leases"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(sa.String(200), nullable=False)  # host:pid of the worker
    acquired_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    state: Mapped[str] = mapped_column(sa.String(20), nullable=False)  # running, rebuilding, stopped
    detail: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")  # the last error, if any

    __table_args__ = {"info": {"transient": True}}
