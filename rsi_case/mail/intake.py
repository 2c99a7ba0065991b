"""The mail-in address: the journal mailbox, fetched over IMAP.

The organisation forwards or copies mails to one mailbox
(``rsi_case.mail.imap_*``). A round (``fetch_round``; every
``rsi_case.mail.imap_poll_seconds`` in ``rsi-case-worker``, or once with
``rsi-case-mail-fetch``) reads each mail of the inbox folder it has not
seen (by UIDVALIDITY and UID) once:

- its subject names exactly one case (``25/0418``, ``[Sag 25/0418]``,
  ``SV: … (sag 25/0418)``) the journal user (``rsi_case.mail.journal_user``)
  may add documents to: it is filed there (rsi_case.mail.filing) and moved
  to the filed folder on the server;
- the same mail already filed: recorded as a duplicate and moved to the
  filed folder, never filed twice;
- otherwise it waits in the Indbakke (rsi_case.mail.inbox_views), and in the
  server's inbox folder, until someone files or rejects it; a mail that
  cannot be read, or is larger than the upload limit, waits there too with
  the reason (status ``fejl``).

The database is committed before the server is told anything: a mail leaves
the inbox folder only once its filing (or rejection) is committed; a move
the server did not take is done again in the next round. Nothing is ever
deleted on the server. Each mail is its own transaction, and whatever one
mail does (a 60 MB mail, a MIME bomb, a crash of the reading child) is
recorded against that mail only; a server that cannot be reached is logged
and tried again next round.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import imaplib
import io
import logging
import os
import shutil
import ssl as ssl_module
import types
from pathlib import Path

import sqlalchemy as sa
from pyramid.request import Request
from pyramid.scripting import prepare
from pyramid.settings import asbool

from ..cases.resources import CaseResource, find_case
from ..db import utcnow
from ..documents.services import blob_store, max_upload_bytes, spool_upload
from ..documents.storage import TooLarge
from ..numbering import case_numbers_in
from ..security.audit import audit
from ..security.models import User
from ..security.permissions import Permission as P
from .filing import AlreadyFiled, MailRefused, file_parsed, parse, parts_folder
from .models import InboxMail
from .parse import HEADER_LIMIT, read_headers

log = logging.getLogger(__name__)

SEEN = b"\\Seen"


class Busy(Exception):
    """The mail could not be read now (every reading child busy): next round."""
FETCH_BATCH = 200  # sizes asked for per FETCH command


@dataclasses.dataclass(frozen=True)
class Mailbox:
    """The journal mailbox of ``rsi_case.mail.imap_*`` (docs/operations.md)."""

    host: str
    port: int
    ssl: bool
    user: str
    password: str
    folder: str
    filed_folder: str
    rejected_folder: str
    journal_user: str
    poll_seconds: float
    timeout: float

    @classmethod
    def from_settings(cls, settings) -> Mailbox | None:
        """None when no ``rsi_case.mail.imap_host`` is set: the intake is off."""
        host = (settings.get("rsi_case.mail.imap_host") or "").strip()
        if not host:
            return None
        use_ssl = asbool(settings.get("rsi_case.mail.imap_ssl", "true"))
        return cls(
            host=host, port=int(settings.get("rsi_case.mail.imap_port") or (993 if use_ssl else 143)), ssl=use_ssl,
            user=settings.get("rsi_case.mail.imap_user", ""), password=settings.get("rsi_case.mail.imap_password", ""),
            folder=settings.get("rsi_case.mail.imap_folder") or "INBOX",
            filed_folder=settings.get("rsi_case.mail.imap_filed_folder") or "Journaliseret",
            rejected_folder=settings.get("rsi_case.mail.imap_rejected_folder") or "Afvist",
            journal_user=settings.get("rsi_case.mail.journal_user", ""),
            poll_seconds=float(settings.get("rsi_case.mail.imap_poll_seconds", 60)),
            timeout=float(settings.get("rsi_case.mail.imap_timeout_seconds", 30)),
        )

    def connect(self):
        """A logged-in IMAPClient (imported here: only the intake needs it)."""
        from imapclient import IMAPClient

        context = ssl_module.create_default_context() if self.ssl else None
        client = IMAPClient(self.host, port=self.port, ssl=self.ssl, ssl_context=context, timeout=self.timeout)
        try:
            client.login(self.user, self.password)
        except Exception:
            _logout(client)
            raise
        return client


@dataclasses.dataclass
class Round:
    """What one round did (printed by rsi-case-mail-fetch, logged by the worker)."""

    seen: int = 0
    filed: int = 0
    waiting: int = 0
    failed: int = 0
    duplicates: int = 0
    moved: int = 0
    error: str = ""

    def __str__(self) -> str:
        text = (f"{self.seen} nye mails: {self.filed} journaliseret, {self.waiting} i Indbakken, "
                f"{self.failed} med fejl, {self.duplicates} dubletter; {self.moved} flyttet på serveren")
        return text + (f" — fejl: {self.error}" if self.error else "")


# -- a request for work outside HTTP ----------------------------------------------

class Journal:
    """A request made by the intake, as the journal user: the filing code
    (permissions, the store, the audit trail, the localizer) works as in a
    web request; ``close`` writes the audit events."""

    def __init__(self, registry, login: str):
        request = Request.blank("/", base_url=registry.settings.get("rsi_case.public_url") or "http://localhost")
        request.method = "POST"  # a session that writes (rsi_case.db)
        self.env = prepare(request=request, registry=registry)
        self.request = request
        self.closed = False
        request.tm.begin()
        user = request.dbsession.execute(sa.select(User).where(User.login == login)).scalar_one_or_none()
        if user is None or not user.active:
            self.close(commit=False)
            raise LookupError(f"rsi_case.mail.journal_user = {login!r}: no active user of that login")
        request.user = user

    def close(self, commit: bool = True) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            if commit:
                self.request.tm.commit()
            else:
                self.request.tm.abort()
        finally:
            self.env["closer"]()


def _logout(client) -> None:
    try:
        client.logout()
    except Exception:  # noqa: BLE001 - the connection is gone already
        pass


# -- choosing the case ----------------------------------------------------------------------

def case_of_subject(request, subject: str):
    """The one case the subject names that the journal user may add documents
    to (not closed, not archived, not confidential to them); None when it
    names none, or several."""
    cases = []
    for number in case_numbers_in(subject):
        case = find_case(request.dbsession, number)
        if case is not None and request.has_permission(P.DOCUMENT_CREATE, CaseResource(request, case)):
            cases.append(case)
    return cases[0] if len({c.id for c in cases}) == 1 else None


def note(msgid: str, default: str, **mapping) -> dict:
    return {"msgid": msgid, "default": default, "mapping": {k: str(v) for k, v in mapping.items()}}


# -- one round ------------------------------------------------------------------------------

def fetch_round(registry, box: Mailbox | None = None) -> Round:
    """Read what is new in the journal mailbox; never raises."""
    box = box or Mailbox.from_settings(registry.settings)
    report = Round()
    if box is None:
        report.error = "rsi_case.mail.imap_host is not set"
        return report
    try:
        client = box.connect()
    except Exception as exc:  # noqa: BLE001 - refused, timed out, wrong password: logged, tried next round
        log.warning("mail intake: cannot reach %s:%s as %s: %r", box.host, box.port, box.user, exc)
        report.error = repr(exc)[:500]
        return report
    try:
        for folder in (box.filed_folder, box.rejected_folder):
            if not client.folder_exists(folder):
                client.create_folder(folder)
        selected = client.select_folder(box.folder)
        uidvalidity = int(selected[b"UIDVALIDITY"])
        report.moved += move_pending(registry, client, box, uidvalidity)
        uids = sorted(client.search(["ALL"]))
        known = _known(registry, box.folder, uidvalidity)
        new = [uid for uid in uids if uid not in known]
        for start in range(0, len(new), FETCH_BATCH):
            batch = new[start:start + FETCH_BATCH]
            sizes = {uid: data.get(b"RFC822.SIZE", 0) for uid, data in client.fetch(batch, ["RFC822.SIZE"]).items()}
            for uid in batch:
                if uid in sizes:  # (gone meanwhile: moved by someone else)
                    _one(registry, client, box, uidvalidity, uid, int(sizes[uid]), report)
    except Exception as exc:  # noqa: BLE001 - the server went away mid-round: the rest waits for the next
        log.exception("mail intake: the round stopped")
        report.error = repr(exc)[:500]
    finally:
        _logout(client)
    if report.seen or report.error:
        log.info("mail intake: %s", report)
    return report


def _known(registry, folder: str, uidvalidity: int) -> set[int]:
    with registry["db.engine"].connect() as conn:
        return set(conn.execute(sa.select(InboxMail.uid).where(
            InboxMail.folder == folder, InboxMail.uidvalidity == uidvalidity)).scalars())


def _one(registry, client, box: Mailbox, uidvalidity: int, uid: int, size: int, report: Round) -> None:
    """One new mail, in its own transaction; whatever it does stays with it."""
    try:
        outcome, target = _receive(registry, client, box, uidvalidity, uid, size)
    except LookupError as exc:  # no journal user: nothing can be filed; every mail waits on the server
        raise RuntimeError(str(exc)) from None
    except Busy:  # the reading children are all busy: read again next round
        log.info("mail intake: UID %s waits for the next round (the server is busy reading files)", uid)
        return
    except (OSError, imaplib.IMAP4.error):  # the connection, not the mail: the round stops, the mail is read again
        raise
    except Exception:  # noqa: BLE001 - a bug or a database error: recorded, the round goes on
        log.exception("mail intake: UID %s could not be taken in; it stays in %s", uid, box.folder)
        outcome, target = "fejl", None
        _record_failure(registry, box, uidvalidity, uid, size)
    report.seen += 1
    counter = {"journaliseret": "filed", "venter": "waiting", "fejl": "failed", "dublet": "duplicates"}[outcome]
    setattr(report, counter, getattr(report, counter) + 1)
    if target is not None:
        report.moved += move(registry, client, target, uidvalidity, uid, box.folder)


def _record_failure(registry, box, uidvalidity, uid, size) -> None:
    try:
        with registry["db.engine"].begin() as conn:
            conn.execute(sa.insert(InboxMail.__table__).values(
                folder=box.folder, uidvalidity=uidvalidity, uid=uid, size=size, subject="", sender_name="",
                sender_address="", attachments=0, status="fejl", reject_reason="", received_at=utcnow(),
                reason=note("mail-inbox-internal-error", "The mail could not be taken in because of an error in "
                                                         "the system; it is still in the mailbox.")))
    except Exception:  # noqa: BLE001 - the database is away: the mail is read again next round
        log.exception("mail intake: could not record UID %s", uid)


def _receive(registry, client, box, uidvalidity, uid, size) -> tuple[str, str | None]:
    """(status, folder to move the mail to or None)."""
    journal = Journal(registry, box.journal_user)
    request = journal.request
    item = InboxMail(folder=box.folder, uidvalidity=uidvalidity, uid=uid, size=size, status="venter",
                     reject_reason="")
    request.dbsession.add(item)
    target = None
    path = None
    try:
        if size > max_upload_bytes(request):
            head = client.fetch([uid], ["BODY.PEEK[HEADER]"]).get(uid, {}).get(b"BODY[HEADER]", b"")
            _headers(item, read_headers(head[:HEADER_LIMIT]))
            item.status = "fejl"
            item.reason = note("mail-inbox-too-large", "The mail is larger than the limit of ${limit} MB; it is "
                                                       "still in the mailbox.",
                               limit=max_upload_bytes(request) // (1024 * 1024))
        else:
            raw = client.fetch([uid], ["BODY.PEEK[]"]).get(uid, {}).get(b"BODY[]", b"")
            try:
                spooled, _size, sha256 = spool_upload(request, types.SimpleNamespace(file=io.BytesIO(raw)),
                                                      prefix=".mail-in-")
            except TooLarge:  # the server said less than it sent
                spooled, sha256 = None, None
                item.status = "fejl"
                item.reason = note("mail-inbox-too-large", "The mail is larger than the limit of ${limit} MB; it "
                                                           "is still in the mailbox.",
                                   limit=max_upload_bytes(request) // (1024 * 1024))
                _headers(item, read_headers(raw[:HEADER_LIMIT]))
            if spooled is not None:
                path = spooled
                known = _renumbered(request, item, sha256)
                if known is not None:  # a mail taken in before the server renumbered the folder
                    item, target = known, _target_after_renumbering(box, known)
                else:
                    target = _take_in(request, box, item, path, sha256, raw)
        status = item.status
        if status == "venter":
            client.add_flags([uid], [SEEN])
        journal.close(commit=True)
    except Exception:
        journal.close(commit=False)
        raise
    finally:
        if path is not None and os.path.exists(path):
            os.unlink(path)
    return status, target


def _renumbered(request, item: InboxMail, sha256: str) -> InboxMail | None:
    """The row of this same mail taken in under an earlier UIDVALIDITY of the
    folder and still there (not moved on the server), now given the mail's
    new UID -- or None. When the server renumbers a folder (a restore, a
    rebuilt index, another server: a new UIDVALIDITY) every mail in it looks
    new; a mail waiting in the Indbakke, or filed or rejected but not yet
    moved, is the same mail, not a duplicate, and its row must follow it so
    that filing, rejecting and moving it reach the mail by its new UID."""
    db = request.dbsession
    with db.no_autoflush:
        earlier = db.execute(sa.select(InboxMail).where(
            InboxMail.folder == item.folder, InboxMail.uidvalidity != item.uidvalidity, InboxMail.sha256 == sha256,
            InboxMail.moved_to.is_(None)).order_by(InboxMail.id).limit(1)).scalar_one_or_none()
    if earlier is None:
        return None
    db.expunge(item)  # (not yet written: the earlier row takes its place)
    log.info("mail intake: %s UID %s/%s is now UID %s/%s (the server renumbered the folder)", item.folder,
             earlier.uidvalidity, earlier.uid, item.uidvalidity, item.uid)
    earlier.uidvalidity, earlier.uid = item.uidvalidity, item.uid
    return earlier


def _target_after_renumbering(box: Mailbox, item: InboxMail) -> str | None:
    """Where a renumbered mail goes now: a filed or rejected one is moved (its move had not happened)."""
    if item.status == "dublet" and item.document_id is None:
        return None  # (a copy of a waiting mail stays beside it, as before)
    return target_of(box, item.status)


def _headers(item: InboxMail, headers: dict) -> None:
    sender = headers["from"][0] if headers.get("from") else {"name": "", "address": ""}
    item.subject = (headers.get("subject") or "")[:300]
    item.sender_name, item.sender_address = sender["name"][:200], sender["address"][:254]
    item.message_id = headers.get("message_id")
    if headers.get("date"):
        item.sent_at = dt.datetime.fromisoformat(headers["date"])


def _take_in(request, box: Mailbox, item: InboxMail, path, sha256: str, raw: bytes) -> str | None:
    """Read the mail once; file it, or leave it waiting. Returns the folder to move it to."""
    store = blob_store(request)
    with open(path, "rb") as fh:
        item.sha256, item.size = store.put(fh)
    _headers(item, read_headers(raw[:HEADER_LIMIT]))
    request.dbsession.flush()
    twin = request.dbsession.execute(
        sa.select(InboxMail).where(InboxMail.sha256 == sha256, InboxMail.status.in_(("venter", "fejl")),
                                   InboxMail.id != item.id)).scalars().first()
    if twin is not None:
        item.status = "dublet"
        item.reason = note("mail-inbox-twin", "The same mail already waits in the Indbakke (received ${date}); "
                                              "this copy stays in the mailbox.",
                           date=twin.received_at.strftime("%d-%m-%Y"))
        return None
    filename = f"mail-{item.uidvalidity}-{item.uid}.eml"
    workdir = parts_folder(request)
    try:
        try:
            mail = parse(request, Path(path), filename, workdir)
        except MailRefused as exc:
            if str(exc.message) == "import-busy":
                raise Busy() from None
            item.status = "fejl"
            item.reason = {"msgid": str(exc.message), "default": getattr(exc.message, "default", str(exc.message)),
                           "mapping": {k: str(v) for k, v in exc.mapping.items()}}
            return None
        item.subject = (" ".join((mail["subject"] or "").split()))[:300]
        sender = mail["from"][0] if mail["from"] else {"name": "", "address": ""}
        item.sender_name, item.sender_address = sender["name"][:200], sender["address"][:254]
        item.message_id = mail["message_id"]
        item.attachments = sum(1 for a in mail["attachments"] if not a["inline"])
        case = case_of_subject(request, item.subject)
        if case is None:
            return None
        try:
            filed = file_parsed(request, case, Path(path), filename, sha256, mail)
        except AlreadyFiled as exc:
            return _duplicate(item, exc.document, box)
        item.status, item.document = "journaliseret", filed.document
        item.handled_at = utcnow()
        audit(request, "mail_intake_file", object_type="document", object_ref=str(filed.document.number),
              case=case, subject=item.subject, sender=item.sender_address, message_id=item.message_id or "",
              attachments=filed.attached)
        return box.filed_folder
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _duplicate(item: InboxMail, document, box: Mailbox) -> str:
    item.status, item.document = "dublet", document
    item.handled_at = utcnow()
    item.reason = note("mail-inbox-already-filed", "Already filed in ${case} as ${number}.",
                       case=str(document.case.number), number=str(document.number))
    return box.filed_folder


# -- moving on the server -----------------------------------------------------------------------

def move(registry, client, target: str, uidvalidity: int, uid: int, folder: str) -> int:
    """Move one committed mail on the server and record that it went; 0 when
    the server did not take it (the next round tries again)."""
    try:
        client.move([uid], target)
    except Exception as exc:  # noqa: BLE001 - kept for the next round
        log.warning("mail intake: could not move UID %s to %s: %r", uid, target, exc)
        return 0
    with registry["db.engine"].begin() as conn:
        conn.execute(sa.update(InboxMail.__table__).where(
            InboxMail.folder == folder, InboxMail.uidvalidity == uidvalidity, InboxMail.uid == uid)
            .values(moved_to=target))
    return 1


def target_of(box: Mailbox, status: str) -> str | None:
    return {"journaliseret": box.filed_folder, "dublet": box.filed_folder, "afvist": box.rejected_folder}.get(status)


def move_pending(registry, client, box: Mailbox, uidvalidity: int) -> int:
    """Mails filed or rejected (from the Indbakke, or in a round whose move
    failed) that are still in the inbox folder: moved now. A ``dublet`` of a
    waiting mail has no document and stays."""
    with registry["db.engine"].connect() as conn:
        rows = conn.execute(sa.select(InboxMail.uid, InboxMail.status).where(
            InboxMail.folder == box.folder, InboxMail.uidvalidity == uidvalidity, InboxMail.moved_to.is_(None),
            sa.or_(InboxMail.status.in_(("journaliseret", "afvist")),
                   sa.and_(InboxMail.status == "dublet", InboxMail.document_id.isnot(None))))).all()
    if not rows:
        return 0
    present = set(client.search(["ALL"]))
    moved = 0
    for uid, status in rows:
        if uid in present:
            moved += move(registry, client, target_of(box, status), uidvalidity, uid, box.folder)
    return moved


def move_now(registry, item_id: int) -> bool:
    """After a filing or rejection in the Indbakke: move the mail on the
    server at once if it can be reached (else the worker's next round does)."""
    box = Mailbox.from_settings(registry.settings)
    if box is None:
        return False
    with registry["db.engine"].connect() as conn:
        row = conn.execute(sa.select(InboxMail.__table__).where(InboxMail.id == item_id)).mappings().first()
    target = target_of(box, row["status"]) if row is not None else None
    if target is None or row["moved_to"] is not None or row["folder"] != box.folder:
        return False
    try:
        client = box.connect()
    except Exception as exc:  # noqa: BLE001 - the next round moves it
        log.warning("mail intake: cannot reach %s to move a mail: %r", box.host, exc)
        return False
    try:
        selected = client.select_folder(box.folder)
        if int(selected[b"UIDVALIDITY"]) != row["uidvalidity"]:
            return False
        for folder in (target,):
            if not client.folder_exists(folder):
                client.create_folder(folder)
        return move(registry, client, target, row["uidvalidity"], row["uid"], box.folder) == 1
    except Exception as exc:  # noqa: BLE001
        log.warning("mail intake: could not move mail %s: %r", item_id, exc)
        return False
    finally:
        _logout(client)


# -- in rsi-case-worker ---------------------------------------------------------------------------

class IntakeTask:
    """The intake as work for rsi_case.worker.runner.Worker (which holds the
    ``mail-intake`` lease, so one process of the installation fetches): a
    round every ``poll_seconds``; a round that could not reach the server
    raises, so the lease's detail (and /health) shows the last error."""

    state = "running"

    def __init__(self, registry, box: Mailbox, stop):
        self.registry, self.box, self.stop = registry, box, stop

    def rebuild_if_requested(self) -> None:
        pass

    def prune_now_and_then(self) -> None:
        pass

    def drain(self) -> int:
        report = fetch_round(self.registry, self.box)
        if report.error:
            raise RuntimeError(report.error)
        return report.seen

    def wait_for_changes(self, seconds: float) -> None:
        self.stop.wait(self.box.poll_seconds)


def intake_app(settings: dict):
    """The application's registry for the intake outside the web server.
    It never drains the search outbox itself (the web processes or the
    worker do), except in tests (``inline``)."""
    from .. import main

    settings = dict(settings)
    if settings.get("rsi_case.search.mode", "background") != "inline":
        settings["rsi_case.search.mode"] = "worker"
    return main({}, **settings).registry
