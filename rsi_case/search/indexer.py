"""The single writer of one index: applies the change log to it, and
rebuilds it from the database when it is missing, damaged or too far behind
(the log was pruned past its cursor), or on demand.

The change log (``search_outbox``) is append-only and shared: every node
applies it to its own index and keeps its own cursor with it
(``cursor.py``); rows older than ``rsi_case.search.log_days`` are pruned."""

from __future__ import annotations

import logging
import threading
import time

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..documents.models import Document
from . import cursor as cursors
from . import extract
from ..meetings.models import Decision, Meeting
from ..ocr.models import OcrJob
from .index import (IndexStore, IndexUnavailable, attachment_text, case_entry, decision_entry, document_entries,
                    load_cases, load_decisions, load_documents)
from .models import SearchOutbox

log = logging.getLogger(__name__)

CHECKPOINT = "rebuild-checkpoint.json"
REBUILD_REQUESTED = "rebuild-requested"  # left in the index folder by a web process in worker mode
LOG_DAYS = 7  # the change log keeps this many days: a node down longer rebuilds its index
PRUNE_EVERY = 3600.0  # seconds between prunings of the log
CHANNEL = "rsi_search_changes"  # PostgreSQL NOTIFY channel: a change was committed


class OcrCopy:
    """The searchable PDF made of a scanned attachment, read in its place."""

    def __init__(self, sha256: str, filename: str):
        self.sha256 = sha256
        self.filename = filename.rsplit(".", 1)[0] + ".pdf"


def ocr_copies(db: Session, attachment_ids: list[int]) -> dict[tuple[int, str], str]:
    """(attachment id, its file's sha256) -> the OCR copy's sha256, for the
    attachments among ``attachment_ids`` whose file was OCR'd."""
    out: dict[tuple[int, str], str] = {}
    for i in range(0, len(attachment_ids), 500):
        chunk = attachment_ids[i:i + 500]
        rows = db.execute(sa.select(OcrJob.attachment_id, OcrJob.source_sha256, OcrJob.sha256)
                          .where(OcrJob.attachment_id.in_(chunk), OcrJob.state == "done")).all()
        out.update({(aid, src): sha for aid, src, sha in rows if sha})
    return out


class TooFarBehind(Exception):
    """The log no longer holds every change after this index's cursor."""
REBUILD_BATCH = 20000  # records per commit and checkpoint of a rebuild (a few segments, never merged)
READ_CHUNK = 500  # records per database read
BASE_LEXICON = __import__("pathlib").Path(__file__).with_name("lexicon_base.json")


class Indexer:
    def __init__(self, engine, store: IndexStore, blobs, mode: str = "background", rebuild_procs: int = 1,
                 parse_limits=None, zip_limits=None, log_days: float = LOG_DAYS):
        self.engine = engine
        # attachments' text is read in a limited child process (rsi_case.sandbox)
        self.parse_limits = parse_limits or extract.sandbox.DEFAULT_LIMITS
        self.zip_limits = zip_limits or extract.zipguard.DEFAULT_LIMITS
        self.log_days = log_days
        self._pruned_at = 0.0
        self._listener = None
        self.rebuild_procs = max(1, rebuild_procs)  # analysis processes of a full rebuild
        self.store = store
        self.blobs = blobs
        # "background" (a thread of this process), "inline" (right after commit), "worker" (never here:
        # rsi-case-worker drains and rebuilds), "off"
        self.mode = mode
        self.state = "unknown"  # ok, rebuilding, unavailable
        self.last_error = None
        self._wake = threading.Event()
        self._thread = None
        self._stop = False

    # -- writing ---------------------------------------------------------------

    def _entries_for_documents(self, db: Session, docs) -> list[dict]:
        docs = list(docs)
        copies = ocr_copies(db, [att.id for doc in docs for att in doc.attachments])

        def text(store, att):
            # a scanned file is read through its searchable copy (rsi_case.ocr)
            copy = copies.get((att.id, att.sha256))
            return self._attachment_text(store, OcrCopy(copy, att.filename) if copy else att)

        out = []
        for doc in docs:
            out.extend(document_entries(db, doc, attachment_text(self.blobs, doc, text)))
        return out

    def _attachment_text(self, store, att) -> str:
        return extract.cached_text(store, att, self.store.root / "text", limits=self.parse_limits,
                                   zip_limits=self.zip_limits)

    def _apply(self, writer, db: Session, kinds: dict[str, set[int]]) -> None:
        case_ids = kinds.get("case", set())
        doc_ids = set(kinds.get("document", set()))
        decision_ids = set(kinds.get("decision", set()))
        if case_ids:
            found = {c.id: c for c in load_cases(db, case_ids)}
            for cid in case_ids:
                if cid in found:
                    writer.update_document(**case_entry(found[cid]))
                else:
                    writer.delete_by_term("uid", f"case:{cid}")
            doc_ids |= set(db.execute(sa.select(Document.id).where(Document.case_id.in_(case_ids))).scalars())
            # a decision carries its case's and its meetings case's access, category and regions
            decision_ids |= set(db.execute(sa.select(Decision.id).join(Meeting, Meeting.id == Decision.meeting_id)
                                           .where(sa.or_(Decision.case_id.in_(case_ids),
                                                         Meeting.case_id.in_(case_ids)))).scalars())
        if decision_ids:
            found = {d.id: d for d in load_decisions(db, decision_ids)}
            for did in decision_ids:
                if did in found:
                    writer.update_document(**decision_entry(found[did]))
                else:  # gone, or not numbered (yet)
                    writer.delete_by_term("uid", f"decision:{did}")
        if doc_ids:
            docs = {d.id: d for d in load_documents(db, doc_ids)}
            for did in doc_ids:
                writer.delete_by_term("uid", f"doc:{did}:final")  # re-added below when it still applies
                if did not in docs:
                    writer.delete_by_term("uid", f"doc:{did}")
            for entry in self._entries_for_documents(db, docs.values()):
                writer.update_document(**entry)

    def drain(self, limit: int = 500) -> int:
        """Apply the log's changes after this index's cursor; returns how many
        were applied. Does nothing if another process or thread is writing."""
        with self.store.writer_lock() as mine:
            if not mine:
                return 0
            try:
                if self.store.outdated():
                    # built by an older version of the analysis or schema: its
                    # entries would answer queries wrongly; the old generation
                    # serves until the new one replaces it
                    raise IndexUnavailable("outdated: built in another index format")
                # the table of contents only: opening every segment to check it was
                # 40 % of a save's index time at 100,000 documents; a damaged
                # segment shows itself while writing, and is checked for then
                return self._drain_locked(self.store.open(check=False), limit)
            except (IndexUnavailable, TooFarBehind) as exc:
                damage = exc
            except Exception:
                try:
                    self.store.open()
                except IndexUnavailable as exc:
                    damage = exc
                else:
                    raise  # not the index: the save is done, the outbox keeps the work
            self.state = "rebuilding"
            log.warning("search index unavailable (%s): rebuilding from the database", damage)
            self._rebuild_locked()
            return 0

    def _drain_locked(self, ix, limit: int) -> int:
        done = 0
        cur = self._cursor_checked(ix)
        while True:
            with Session(self.engine) as db:
                rows = db.execute(sa.select(SearchOutbox.id, SearchOutbox.kind, SearchOutbox.object_id)
                                  .where(_after(cur)).order_by(SearchOutbox.id).limit(limit)).all()
                if not rows:
                    break
                kinds: dict[str, set[int]] = {}
                for _id, kind, oid in rows:
                    kinds.setdefault(kind, set()).add(oid)
                writer = ix.writer(limitmb=64)
                try:
                    self._apply(writer, db, kinds)
                    advanced = cur.advanced([row[0] for row in rows])
                    # the cursor of the generation this commit makes, written before it (cursor.py)
                    cursors.write(ix.storage.folder, writer.generation, advanced)
                    writer.commit()
                except BaseException:
                    writer.cancel()
                    raise
            cur = advanced
            done += len(rows)
        self.state = "ok"
        return done

    def _cursor_checked(self, ix) -> cursors.Cursor:
        """The index's cursor; TooFarBehind when the log was pruned past it."""
        cur = cursors.read(ix) or cursors.Cursor()  # an index from before the log: from its start
        with self.engine.connect() as conn:
            oldest = conn.execute(sa.select(sa.func.min(SearchOutbox.id))).scalar()
        if oldest is not None and cur.high < oldest - 1:
            raise TooFarBehind(f"the log starts at {oldest}, the index has read up to {cur.high}")
        return cur

    def prune_now_and_then(self) -> None:
        """Rows older than ``log_days`` go (every node prunes by the same rule);
        the newest row always stays, so ids are never handed out again. Only
        from the background thread or the worker, never inside a request: on
        SQLite a DELETE takes the write lock even when nothing matches."""
        if time.monotonic() - self._pruned_at < PRUNE_EVERY or not self.log_days:
            return
        self._pruned_at = time.monotonic()
        from ..db import utcnow

        import datetime as dt

        newest = sa.select(sa.func.max(SearchOutbox.id)).scalar_subquery()
        cutoff = utcnow() - dt.timedelta(days=self.log_days)
        with self.engine.begin() as conn:
            conn.execute(sa.delete(SearchOutbox).where(SearchOutbox.created_at < cutoff, SearchOutbox.id < newest))

    def cursor(self) -> cursors.Cursor | None:
        """The cursor of the index in use; None when there is no index."""
        try:
            ix = self.store.open(check=False)
        except IndexUnavailable:
            return None
        try:
            return cursors.read(ix) or cursors.Cursor()
        finally:
            ix.close()

    def rebuild(self, progress=None, batch: int = REBUILD_BATCH, resume: bool = False) -> int:
        """Build a new generation from the database and switch to it. With
        ``resume``, an interrupted rebuild continues where its checkpoint says."""
        with self.store.writer_lock(blocking=True):
            return self._rebuild_locked(progress, batch, resume)

    def _rebuild_locked(self, progress=None, batch: int = REBUILD_BATCH, resume: bool = False) -> int:
        import json

        from whoosh import index as whoosh_index

        self.state = "rebuilding"
        checkpoint = {}
        path = self.store.unfinished_generation() if resume else None
        if path is not None:
            checkpoint = json.loads((path / CHECKPOINT).read_text())
        with Session(self.engine) as db:
            start_outbox = checkpoint.get("outbox") or db.execute(sa.select(sa.func.max(SearchOutbox.id))).scalar() or 0
            # ids below the start not committed yet (a transaction still open): applied once they appear
            oldest = db.execute(sa.select(sa.func.min(SearchOutbox.id))).scalar() or 1
            window = range(max(oldest, start_outbox - cursors.GAP_SPAN + 1), start_outbox + 1)
            there = set(db.execute(sa.select(SearchOutbox.id).where(SearchOutbox.id >= window.start)).scalars())
            gaps = {i: time.time() for i in window if i not in there}
            n_cases = db.execute(sa.select(sa.func.count(Case.id))).scalar()
            n_docs = db.execute(sa.select(sa.func.count(Document.id))).scalar()
            n_decisions = db.execute(sa.select(sa.func.count(Decision.id))).scalar()
        total = n_cases + n_docs + n_decisions
        if path is None:
            path = self.store.new_generation(self._lexicon(min(batch, READ_CHUNK)))
        ix = whoosh_index.open_dir(str(path))
        done = checkpoint.get("done", 0)
        phases = ((Case, "case"), (Document, "document"), (Decision, "decision"))
        reached = [kind for _m, kind in phases].index(checkpoint.get("phase", "case"))
        for n_phase, (model, kind) in enumerate(phases):
            if n_phase < reached:
                continue  # finished before the interruption
            last = checkpoint.get("last", 0) if checkpoint.get("phase") == kind else 0
            while True:
                # one commit (and checkpoint) per ``batch`` records: fewer, larger
                # segments to merge than a commit per read; the database is read
                # in chunks with a fresh session each, so memory stays bounded
                writer, added = None, 0
                while added < batch:
                    with Session(self.engine) as db:
                        ids = db.execute(sa.select(model.id).where(model.id > last).order_by(model.id)
                                         .limit(min(batch - added, READ_CHUNK))).scalars().all()
                        if not ids:
                            break
                        writer = writer or self._rebuild_writer(ix)
                        if kind == "case":
                            for case in load_cases(db, ids):
                                writer.add_document(**case_entry(case))
                        elif kind == "decision":
                            for decision in load_decisions(db, ids):
                                writer.add_document(**decision_entry(decision))
                        else:
                            for entry in self._entries_for_documents(db, load_documents(db, ids)):
                                writer.add_document(**entry)
                    last = ids[-1]
                    added += len(ids)
                if writer is None:
                    break
                # no merging while rebuilding: merging the growing segments again and again
                # was most of a large rebuild's time; a rebuild ends with a few big segments
                writer.commit(merge=False)
                done += added
                # a checkpoint after every committed batch: --resume continues from here
                tmp = path / (CHECKPOINT + ".tmp")
                tmp.write_text(json.dumps({"phase": kind, "last": last, "done": done, "outbox": start_outbox}))
                tmp.replace(path / CHECKPOINT)
                if progress:
                    progress(done, total)
                if added < batch:
                    break
        (path / CHECKPOINT).unlink(missing_ok=True)
        # what the log held when the rebuild began is in it, but for the gaps
        cursors.write(path, ix.latest_generation(), cursors.Cursor(start_outbox, gaps, time.time()))
        self.store.publish(path)
        self.state = "ok"
        return done

    def _rebuild_writer(self, ix):
        if self.rebuild_procs > 1:
            # Whoosh's multiprocessing writer: the analysis (most of the time) runs in
            # rebuild_procs processes, each writing its own segment (no merge at commit).
            # Only for rsi-case-reindex: the web process, with its threads, never forks.
            return ix.writer(procs=self.rebuild_procs, multisegment=True, limitmb=max(16, 64 // self.rebuild_procs))
        return ix.writer(limitmb=64)

    def _lexicon(self, batch: int):
        """The compound lexicon, learnt from the corpus itself (streamed in batches)."""
        from ..documents.sanitize import html_to_text
        from .analysis import Lexicon

        def texts():
            for model, columns in ((Case, (Case.title, Case.description)), (Document, (Document.title, Document.body_html))):
                last = 0
                while True:
                    with Session(self.engine) as db:
                        rows = db.execute(sa.select(model.id, *columns).where(model.id > last)
                                          .order_by(model.id).limit(batch)).all()
                    if not rows:
                        break
                    for _id, title, body in rows:
                        yield f"{title}\n{html_to_text(body) if model is Document else body}"
                    last = rows[-1][0]

        corpus = Lexicon.build(texts())
        # the words of this organisation's field (built from the demo corpus,
        # shipped with the code) join the corpus' own: a young database still
        # splits "telefoniprojekt", and new documents between rebuilds too
        base = Lexicon.load(BASE_LEXICON)
        # a corpus word that is a compound of base words stays a compound
        # ("samarbejdsprojekt" = samarbejds + projekt), or "projekt" would not find it
        words = base.words | {w for w in corpus.words if not base.split(w)}
        return Lexicon(words, {**base.hyphenated, **corpus.hyphenated}, min_part=corpus.min_part)

    # -- when to write -----------------------------------------------------------

    def request_rebuild(self) -> None:
        """The index is missing or damaged: rebuild it — in the background
        thread, never inside a request (a GET does not write); in worker mode
        the worker is asked, through a file in the index folder it watches."""
        if self.mode == "background":
            self.start()
            self._wake.set()
        elif self.mode == "worker":
            try:
                (self.store.root / REBUILD_REQUESTED).touch()
            except OSError:  # the worker still rebuilds a missing index by itself
                log.warning("could not ask the worker to check the search index", exc_info=True)

    def rebuild_if_requested(self) -> bool:
        """The worker's side of ``request_rebuild``: open every segment of the
        index, and rebuild it when that fails. True when it rebuilt."""
        marker = self.store.root / REBUILD_REQUESTED
        if not marker.exists():
            return False
        with self.store.writer_lock(blocking=True):
            marker.unlink(missing_ok=True)
            try:
                self.store.open(check=True).close()
                return False
            except IndexUnavailable as exc:
                log.warning("search index unavailable (%s): rebuilding from the database", exc)
                self._rebuild_locked()
                return True

    def notify(self) -> None:
        if self.mode == "inline":
            try:
                self.drain()
            except Exception:  # the save is done; the index catches up later
                log.exception("search index update failed; it will be retried")
        elif self.mode == "background":
            self.start()
            self._wake.set()

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="search-indexer", daemon=True)
            self._thread.start()

    def wait_for_changes(self, timeout: float) -> None:
        """Until a change is committed anywhere, or ``timeout``: on PostgreSQL
        woken by its NOTIFY (every save sends one at commit), elsewhere by this
        process's own saves, and by polling for other processes' and nodes'."""
        if self.engine.dialect.name == "postgresql":
            if self._listener is None:
                self._listener = ChangeListener(self.engine)
            if self._listener.wait(timeout):
                return
        self._wake.wait(timeout=timeout)
        self._wake.clear()

    def _run(self) -> None:
        while not self._stop:
            self.wait_for_changes(1.0)
            try:
                self.prune_now_and_then()
            except Exception:
                log.exception("search change log: pruning failed; retried later")
            try:
                self.drain()
                self.last_error = None
            except Exception as exc:
                self.last_error = repr(exc)
                log.exception("search indexer failed; retrying")
                time.sleep(2)

    def lag(self) -> dict:
        """How far this node's index is behind the log: changes not yet applied
        (``queued``), the age of the oldest, and the cursor."""
        cur = self.cursor() or cursors.Cursor()
        with Session(self.engine) as db:
            count, oldest = db.execute(sa.select(sa.func.count(SearchOutbox.id), sa.func.min(SearchOutbox.created_at))
                                       .where(_after(cur))).one()
        age = None
        if oldest is not None:
            from ..db import utcnow

            if oldest.tzinfo is None:
                import datetime as dt

                oldest = oldest.replace(tzinfo=dt.UTC)
            age = round((utcnow() - oldest).total_seconds(), 1)
        return {"queued": count, "oldest_seconds": age, "cursor": cur.high}


def _after(cur: cursors.Cursor):
    """The log's rows this cursor has not applied."""
    pending = cur.pending_ids()
    newer = SearchOutbox.id > cur.high
    return sa.or_(newer, SearchOutbox.id.in_(pending)) if pending else newer


class ChangeListener:
    """A connection of its own that LISTENs for committed changes."""

    def __init__(self, engine):
        self.engine = engine
        self.conn = None
        self._failed_at = 0.0

    def _connect(self):
        import psycopg

        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        self.conn.execute(f"LISTEN {CHANNEL}")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def wait(self, timeout: float) -> bool:
        """True when woken by a notification (or the wait was spent trying);
        False when listening is not possible now (the caller polls instead)."""
        try:
            if self.conn is None or self.conn.closed:
                if time.monotonic() - self._failed_at < 30:
                    return False
                self._connect()
            for _ in self.conn.notifies(timeout=timeout, stop_after=1):
                pass
            return True
        except Exception:  # the server went away: poll until it is back
            log.warning("search indexer: LISTEN failed; polling meanwhile", exc_info=True)
            self._failed_at = time.monotonic()
            try:
                if self.conn is not None:
                    self.conn.close()
            except Exception:
                pass
            self.conn = None
            return False
