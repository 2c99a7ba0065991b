"""The worker's OCR step: claim one queued file, decide whether it lacks a
text layer, OCR it within the limits of rsi_case.ocr.engine, store the
searchable copy beside the original and mark the job done — which puts the
document in the search change log, so its words are found.

A job is claimed with a conditional UPDATE, so two workers (two nodes) never
OCR the same file; a job left ``running`` by a worker that died is taken
again once older than the time limit, and given up after ``max_attempts``."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import threading
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .. import sandbox
from ..db import utcnow
from .engine import OcrFailed, OcrSettings, inspect_pdf, ocr_file
from .models import OcrJob
from .queue import ocr_kind

log = logging.getLogger(__name__)


class OcrRunner:
    def __init__(self, engine, store, cfg: OcrSettings, *, holder: str = "",
                 parse_limits: sandbox.Limits = sandbox.DEFAULT_LIMITS):
        self.engine = engine
        self.store = store
        self.cfg = cfg
        self.holder = holder or "worker"
        self.parse_limits = parse_limits

    # -- claiming ------------------------------------------------------------------

    def _stale_before(self) -> dt.datetime:
        return utcnow() - dt.timedelta(seconds=self.cfg.seconds + 120)

    def claim(self) -> int | None:
        """The id of a job now ours, or None when nothing waits."""
        table = OcrJob.__table__
        stale = self._stale_before()
        waiting = sa.or_(table.c.state == "queued", sa.and_(table.c.state == "running", table.c.started_at < stale))
        with self.engine.begin() as conn:
            # a file that took the worker down with it max_attempts times is given up
            conn.execute(sa.update(table).where(table.c.state == "running", table.c.started_at < stale,
                                                table.c.attempts >= self.cfg.max_attempts)
                         .values(state="failed", reason="gave_up", finished_at=utcnow(),
                                 detail=f"stopped {self.cfg.max_attempts} times without an answer"))
            ids = conn.execute(sa.select(table.c.id).where(waiting).order_by(table.c.id).limit(5)).scalars().all()
        for job_id in ids:
            with self.engine.begin() as conn:
                got = conn.execute(sa.update(table).where(table.c.id == job_id, waiting).values(
                    state="running", claimed_by=self.holder, started_at=utcnow(), attempts=table.c.attempts + 1))
            if got.rowcount == 1:
                return job_id
        return None

    # -- the work ------------------------------------------------------------------

    def work_once(self) -> int:
        """One queued file, if any: 1 when one was worked off, else 0."""
        if not self.cfg.enabled:
            return 0
        job_id = self.claim()
        if job_id is None:
            return 0
        with Session(self.engine) as db:
            job = db.get(OcrJob, job_id)
            source, filename = job.source_sha256, job.filename
        try:
            result = self._ocr(source, filename)
        except sandbox.Failed as exc:  # busy or unavailable: this machine's trouble, not the file's
            log.warning("OCR of %r put back in the queue: %s", filename, exc)
            self._finish(job_id, state="queued", started_at=None)
            return 0
        except OcrFailed as exc:
            log.warning("OCR of %r (%s…) failed: %s", filename, source[:12], exc)
            self._finish(job_id, state="failed", reason=exc.reason, detail=exc.detail)
            return 1
        except Exception as exc:
            log.exception("OCR of %r (%s…) failed", filename, source[:12])
            self._finish(job_id, state="failed", reason="error", detail=f"{type(exc).__name__}: {exc}")
            return 1
        self._finish(job_id, **result)
        return 1

    def _ocr(self, source: str, filename: str) -> dict:
        kind = ocr_kind(filename)
        if kind is None:
            return {"state": "not_needed"}
        if not self.store.exists(source):
            raise OcrFailed("missing", "the file is not in the attachment store")
        src = self.store.path(source)
        pages = 1
        if kind == "pdf":
            found = inspect_pdf(src, self.cfg, self.parse_limits)
            pages = found["pages"]
            if pages > self.cfg.max_pages:
                raise OcrFailed("too_many_pages", f"{pages} > {self.cfg.max_pages}")
            if pages == 0:
                raise OcrFailed("damaged", "no pages")
            if found["chars"] >= self.cfg.min_chars_per_page * pages:
                return {"state": "not_needed", "pages": pages}
        with tempfile.TemporaryDirectory(prefix="rsi-ocr-out-") as tmp:
            out = Path(tmp) / "ocr.pdf"
            ocr_file(src, kind, out, self.cfg)
            with out.open("rb") as fh:
                sha, size = self.store.put(fh)
        return {"state": "done", "sha256": sha, "size": size, "pages": pages}

    def _finish(self, job_id: int, **values) -> None:
        """Record the outcome, if the job is still ours (another worker may have
        taken it as stale); through the ORM, so a done job reaches the search
        change log and the document is indexed again with the copy's text."""
        with Session(self.engine) as db, db.begin():
            job = db.get(OcrJob, job_id)
            if job is None or job.state != "running" or job.claimed_by != self.holder:
                return
            values.setdefault("reason", "")
            values.setdefault("detail", "")
            if values["state"] != "queued":
                values["finished_at"] = utcnow()
            for key, value in values.items():
                setattr(job, key, value)

    # -- in a thread of the worker ---------------------------------------------------

    def loop(self, stop: threading.Event, holding, poll: float = 2.0) -> None:
        """Work off the queue while ``holding()`` (the worker has its lease)."""
        while not stop.is_set():
            done = 0
            if holding():
                try:
                    done = self.work_once()
                except Exception:  # the database away: the queue keeps the work
                    log.exception("OCR step failed; retrying")
            if not done:
                stop.wait(poll)


def runner_from_settings(settings, engine, holder: str = "") -> OcrRunner:
    from ..documents.storage import store_from_settings

    return OcrRunner(engine, store_from_settings(settings), OcrSettings.from_settings(settings), holder=holder,
                     parse_limits=sandbox.Limits.from_settings(settings))
