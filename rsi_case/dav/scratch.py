"""The scratch folder of a Word link: temporary files and folders a client
keeps beside the document (rsi_case.dav.models.DavScratch says which clients
do and why).

Bounded on every side:

* per token: at most ``rsi_case.word_scratch_entries`` (100) files and
  folders, at most ``rsi_case.word_scratch_mb`` (the upload limit) bytes in
  all, each file at most the upload limit; paths at most 8 deep and 400
  characters; a write past a bound is 507 Insufficient Storage (413 for one
  file over the upload limit) and nothing is kept;
* in time: the folder belongs to the token — when the token expires the
  folder is unreachable (404 like the document) and the next write by anyone
  removes it;
* in reach: only the token's user sees it (the token is in the path), only
  an edit token writes it, and the document's rules stand in front of it
  (the route factory's 404 for a hidden document, archived and frozen are
  read-only).

Nothing here is part of the case: no version, no search, no audit entry —
except a MOVE or COPY onto the document's own name, which is a save of the
document through the same code as a PUT (rsi_case.dav.views).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .models import DavProperty, DavScratch, WordToken

MAX_DEPTH = 8
MAX_PATH = 400


class BadPath(ValueError):
    pass


class NoRoom(Exception):
    """A write would pass one of the folder's bounds."""


class Limits:
    def __init__(self, settings, max_upload: int):
        self.entries = int(settings.get("rsi_case.word_scratch_entries", 100))
        mb = settings.get("rsi_case.word_scratch_mb")
        self.total_bytes = int(float(mb) * 1024 * 1024) if mb else max_upload
        self.file_bytes = min(max_upload, self.total_bytes)


def normalize(name: str) -> str:
    """A scratch path as stored: segments joined by '/', no leading or
    trailing slash; BadPath for '.', '..', empty segments, or too long."""
    trimmed = name.rstrip("/")
    if not trimmed:
        return ""
    parts = trimmed.split("/")
    if len(parts) > MAX_DEPTH or len(trimmed) > MAX_PATH:
        raise BadPath(name)
    for part in parts:
        if part in ("", ".", "..") or any(ord(ch) < 32 for ch in part):
            raise BadPath(name)
    return trimmed


def parent_of(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def rows(db, token) -> dict[str, DavScratch]:
    """The token's whole folder (at most ``entries`` rows), by path."""
    return {r.path: r for r in db.execute(sa.select(DavScratch).where(DavScratch.token_id == token.id)).scalars()}


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def lock_active(row: DavScratch, now: dt.datetime) -> bool:
    return row.lock_token is not None and row.lock_expires is not None and _aware(row.lock_expires) > now


def ancestors(path: str):
    while path:
        path = parent_of(path)
        if path:
            yield path


def covering(folder: dict[str, DavScratch], path: str, now: dt.datetime) -> list[DavScratch]:
    """The rows whose active lock covers ``path``: its own, and its folders' with depth infinity."""
    found = []
    own = folder.get(path)
    if own is not None and lock_active(own, now):
        found.append(own)
    for up in ancestors(path):
        row = folder.get(up)
        if row is not None and lock_active(row, now) and row.lock_depth == "infinity":
            found.append(row)
    return found


def within(folder: dict[str, DavScratch], path: str) -> list[DavScratch]:
    """``path`` and everything under it."""
    return [r for p, r in folder.items() if p == path or p.startswith(path + "/")]


def members(folder: dict[str, DavScratch], path: str) -> list[DavScratch]:
    """What is directly in the folder ``path`` ('' is the link's folder)."""
    prefix = f"{path}/" if path else ""
    return sorted((r for p, r in folder.items() if p.startswith(prefix) and "/" not in p[len(prefix):]),
                  key=lambda r: r.path)


def make_room(folder: dict[str, DavScratch], limits: Limits, *, entries: int = 0, size: int = 0,
              replacing: list[DavScratch] = ()) -> None:
    """NoRoom unless ``entries`` more rows and ``size`` more bytes (less what
    ``replacing`` frees) fit in the folder's bounds."""
    gone = {r.id for r in replacing}
    count = sum(1 for r in folder.values() if r.id not in gone) + entries
    used = sum(r.size for r in folder.values() if r.id not in gone) + size
    if count > limits.entries or used > limits.total_bytes:
        raise NoRoom()


def etag(row: DavScratch) -> str:
    return f'"s{row.id}-{row.serial}"'


def remove(db, victims: list[DavScratch]) -> None:
    ids = [r.id for r in victims]
    if ids:
        db.execute(sa.delete(DavProperty).where(DavProperty.scratch_id.in_(ids)))
        db.execute(sa.delete(DavScratch).where(DavScratch.id.in_(ids)))
        db.expire_all()


def purge_expired(db, now: dt.datetime) -> None:
    """Remove the folders of tokens that have expired (a write does this, never a read)."""
    dead = sa.select(WordToken.id).where(WordToken.expires_at <= now).scalar_subquery()
    doomed = sa.select(DavScratch.id).where(DavScratch.token_id.in_(dead)).scalar_subquery()
    db.execute(sa.delete(DavProperty).where(DavProperty.scratch_id.in_(doomed)))
    db.execute(sa.delete(DavScratch).where(DavScratch.token_id.in_(dead)))


def includeme(config):
    config.registry["rsi_case.word_scratch_limits"] = Limits(
        config.get_settings(), config.registry["rsi_case.max_upload_bytes"])
