"""The attachment store checked against the database: every file a row
refers to must be there with the bytes its name promises; files no row
refers to (orphans: an upload whose request failed, a store shared with a
restored installation) are listed, and removed on request once they are
old enough that no request still in flight can be about to refer to them.
"""

from __future__ import annotations

import dataclasses
import time

import sqlalchemy as sa

from ..documents.storage import AttachmentStore, FilesystemStore, valid_hash
from ..models import Base

DAY = 24 * 3600


def reference_columns(metadata: sa.MetaData = Base.metadata) -> list[sa.Column]:
    """Every column that names a stored file: by convention, columns called ``sha256``."""
    return [t.c.sha256 for t in metadata.sorted_tables if "sha256" in t.c]


def referenced(conn) -> dict[str, list[str]]:
    """sha256 -> where it is referred to ("attachments#12", …)."""
    refs: dict[str, list[str]] = {}
    for col in reference_columns():
        table = col.table
        key = table.primary_key.columns.values()[0]
        for pk, sha in conn.execute(sa.select(key, col).where(col.isnot(None))):  # NULL: no file (a mail too large to fetch, an OCR copy not made yet)
            refs.setdefault(sha, []).append(f"{table.name}#{pk}")
    return refs


@dataclasses.dataclass
class Report:
    referenced: int = 0
    checked_bytes: int = 0
    missing: dict[str, list[str]] = dataclasses.field(default_factory=dict)   # sha -> rows
    damaged: dict[str, list[str]] = dataclasses.field(default_factory=dict)   # sha -> rows
    orphans: list = dataclasses.field(default_factory=list)                   # Stored
    leftovers: list = dataclasses.field(default_factory=list)                 # unfinished temp files
    pruned: list = dataclasses.field(default_factory=list)                    # hashes removed

    @property
    def ok(self) -> bool:
        return not self.missing and not self.damaged


def verify(engine, store: AttachmentStore, *, rehash: bool = True) -> Report:
    """Check every referenced file (present, and — with ``rehash`` — its bytes hash
    to its name) and list the orphans."""
    report = Report()
    with engine.connect() as conn:
        refs = referenced(conn)
    report.referenced = len(refs)
    for sha, rows in sorted(refs.items()):
        if not valid_hash(sha) or not store.exists(sha):
            report.missing[sha] = rows
            continue
        if rehash:
            report.checked_bytes += store.stat(sha).size
            if not store.matches(sha):
                report.damaged[sha] = rows
    report.orphans = [s for s in store.stored() if s.sha256 not in refs]
    if isinstance(store, FilesystemStore):
        report.leftovers = store.leftovers(older_than_seconds=DAY)
    return report


def prune_orphans(engine, store: AttachmentStore, report: Report, older_than_days: float) -> list[str]:
    """Remove the report's orphans last modified more than ``older_than_days`` ago.

    Each is checked again just before it goes — still unreferenced in the
    database, still old — so a file that an upload has just stored again
    (which renews its time) or a row has just come to refer to stays."""
    cutoff = time.time() - older_than_days * DAY
    removed = []
    for orphan in report.orphans:
        try:
            if store.stat(orphan.sha256).modified > cutoff:
                continue
        except FileNotFoundError:
            continue
        with engine.connect() as conn:
            if any(conn.execute(sa.select(sa.func.count()).where(col == orphan.sha256)).scalar()
                   for col in reference_columns()):
                continue
        store.delete(orphan.sha256)
        removed.append(orphan.sha256)
    for leftover in report.leftovers:
        if leftover.stat().st_mtime <= cutoff:
            leftover.unlink(missing_ok=True)
    report.pruned = removed
    return removed
