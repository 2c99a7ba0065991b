"""The mail-in address (issue 18, point 3), against a real IMAP server on
loopback (a private dovecot, tests/mail/imap.py): mails naming a case are
filed there and moved to the filed folder; the rest wait in the Indbakke
and in the mailbox until someone files or rejects them; unreadable, too
large and duplicate mails are reported, never lost, never filed twice."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from rsi_case.mail.intake import Mailbox, fetch_round
from tests.conftest import add_user
from tests.mail import samples
from tests.mail.imap import Dovecot

MALFORMED = b"Bare noget tekst uden nogen brevhoved\r\n"


@pytest.fixture
def dovecot():
    with Dovecot() as server:
        yield server


@pytest.fixture
def settings(settings, dovecot):
    settings.update(dovecot.settings(**{"rsi_case.mail.journal_user": "journal"}))
    return settings


@pytest.fixture
def journal(db, users):
    with db() as s:
        return add_user(s, "journal", "sekretariat", full_name="Journalpostkassen", email="journal@rsi-sag.dk").id


@pytest.fixture
def case(make_case):
    return make_case(title="Udbud af røntgenudstyr", number="25/0418")


def rows(engine, sql, **params):
    """Rows as dicts; a ``reason`` (JSON) as data on both databases."""
    with engine.connect() as conn:
        out = [dict(r) for r in conn.execute(sa.text(sql), params).mappings()]
    for row in out:
        if isinstance(row.get("reason"), str):
            row["reason"] = json.loads(row["reason"])
    return out


def fetch(app):
    report = fetch_round(app.registry)
    assert not report.error, report.error
    return report


def subjects(mails: list[bytes]) -> list[str]:
    import email

    return [str(email.message_from_bytes(m).get("Subject", "")) for m in mails]


def gmail(subject, body="Her er svaret.", message_id=None):
    data = samples.gmail_base64(subject=subject, body=body)
    if message_id:
        data = data.replace(b"<CAH+Xq9k2f0B1pY@mail.gmail.com>", f"<{message_id}>".encode())
    return data


def test_a_round_files_by_case_number_and_leaves_the_rest_waiting(app, dovecot, engine, journal, case, make_case):
    make_case(title="Arkiveret sag", number="24/0007", status="arkiveret")
    dovecot.append(
        samples.outlook_eml(),                                   # "SV: … (sag 25/0418)", PDF + Word
        gmail("[Sag 25/0418] Spørgsmål om tidsplanen", message_id="a1@gmail.example"),
        samples.thunderbird_reply(),                             # "Re: SV: …" without a number
        samples.apple_forward(),                                 # a forward without a number
        gmail("Sag 24/0007 er arkiveret", message_id="a2@gmail.example"),  # an archived case: waits
        MALFORMED,
    )
    report = fetch(app)
    assert (report.seen, report.filed, report.waiting, report.failed, report.duplicates) == (6, 2, 3, 1, 0)

    docs = rows(engine, "SELECT d.title, c.year, c.seq, m.direction FROM documents d JOIN cases c ON c.id = d.case_id "
                        "JOIN mail_messages m ON m.document_id = d.id ORDER BY d.id")
    assert [(d["title"], d["year"], d["seq"], d["direction"]) for d in docs] == [
        ("SV: Tidsplan for udbud af røntgenudstyr (sag 25/0418)", 2025, 418, "indgaaende"),
        ("[Sag 25/0418] Spørgsmål om tidsplanen", 2025, 418, "indgaaende")]
    assert [a["filename"] for a in rows(engine, "SELECT filename FROM attachments ORDER BY id")] == [
        "image001.png", "Bemærkninger til økonomien.pdf", "Svar fra Region Midtjylland.docx"]

    items = rows(engine, "SELECT subject, status, attachments, moved_to, reason FROM mail_inbox ORDER BY uid")
    assert [(i["status"], i["moved_to"]) for i in items] == [
        ("journaliseret", "Journaliseret"), ("journaliseret", "Journaliseret"), ("venter", None), ("venter", None),
        ("venter", None), ("fejl", None)]
    assert items[0]["attachments"] == 2  # the PDF and the Word file; the inline logo is part of the body
    assert items[5]["reason"]["msgid"] == "mail-unreadable"

    # on the server: the filed ones moved, the rest still in the inbox, nothing deleted
    assert subjects(dovecot.contents("Journaliseret")) == [
        "=?iso-8859-1?Q?SV:_Tidsplan_for_udbud_af_r=F8ntgenudstyr_=28sag_25/0418=29?=",
        subjects([gmail("[Sag 25/0418] Spørgsmål om tidsplanen")])[0]]
    inbox = dovecot.contents("INBOX")
    assert len(inbox) == 4 and inbox[-1] == MALFORMED

    # the next round reads nothing again
    again = fetch(app)
    assert (again.seen, again.filed) == (0, 0)
    assert len(rows(engine, "SELECT id FROM mail_messages")) == 2


def test_a_mail_already_filed_is_reported_and_not_filed_twice(app, dovecot, engine, journal, case):
    dovecot.append(samples.outlook_eml())
    fetch(app)
    dovecot.append(samples.outlook_eml(), samples.outlook_eml(docx_text="Gemt igen: samme Message-ID"))
    report = fetch(app)
    assert (report.seen, report.filed, report.duplicates) == (2, 0, 2)
    assert len(rows(engine, "SELECT id FROM mail_messages")) == 1
    items = rows(engine, "SELECT status, reason, moved_to FROM mail_inbox ORDER BY uid")
    assert [i["status"] for i in items] == ["journaliseret", "dublet", "dublet"]
    assert all(i["reason"]["msgid"] == "mail-inbox-already-filed" for i in items[1:])
    assert items[1]["reason"]["mapping"]["case"] == "25/0418"
    assert len(dovecot.contents("Journaliseret")) == 3 and dovecot.contents("INBOX") == []


def test_a_mail_over_the_limit_waits_with_the_reason_and_the_round_goes_on(app, dovecot, engine, journal, case):
    big = gmail("Sag 25/0418: stort bilag", body="x" * (3 * 1024 * 1024), message_id="big@gmail.example")
    dovecot.append(big, gmail("Sag 25/0418 efter det store", message_id="after@gmail.example"))
    report = fetch(app)
    assert (report.seen, report.failed, report.filed) == (2, 1, 1)
    (item,) = rows(engine, "SELECT subject, sender_address, status, reason, sha256 FROM mail_inbox WHERE status = 'fejl'")
    assert item["subject"] == "Sag 25/0418: stort bilag" and item["sender_address"] == "bent.borger@gmail.example"
    assert item["reason"]["msgid"] == "mail-inbox-too-large" and item["sha256"] is None
    assert len(dovecot.contents("INBOX")) == 1  # the big one stays


def test_a_server_that_cannot_be_reached_is_reported_and_changes_nothing(app, engine, journal, settings):
    from tests.mail.imap import free_port

    box = Mailbox.from_settings({**settings, "rsi_case.mail.imap_port": str(free_port())})
    report = fetch_round(app.registry, box)
    assert report.error and report.seen == 0
    assert rows(engine, "SELECT id FROM mail_inbox") == []


def test_without_a_journal_user_nothing_is_taken_in(app, dovecot, engine, case):
    dovecot.append(samples.outlook_eml())
    report = fetch_round(app.registry)
    assert "journal" in report.error
    assert rows(engine, "SELECT id FROM mail_inbox") == [] and len(dovecot.contents("INBOX")) == 1


# -- the Indbakke ---------------------------------------------------------------------------------

def inbox_rows(page):
    return {el.select_one("h2").get_text(" ", strip=True): el for el in page.html.select(".mail-inbox article")}


def test_the_inbox_lists_waiting_mails_and_files_one_with_one_click(app, dovecot, engine, journal, case, as_role):
    dovecot.append(samples.thunderbird_reply(), MALFORMED)
    fetch(app)
    b = as_role("sekretariat")
    home = b.get("/")
    link = home.html.select_one('nav a[href$="/mail/inbox"]')
    assert link is not None and "2" in link.get_text()  # the count of waiting mails
    page = b.get("/mail/inbox")
    found = inbox_rows(page)
    reply = found["Re: SV: Tidsplan for udbud af røntgenudstyr"]
    text = reply.get_text(" ", strip=True)
    assert "Mette Holm" in text and "sekretariat@rsi-sag.dk" in text and "04-12-2026" in text
    # suggested by the subject's words: the case about røntgenudstyr
    (choice,) = reply.select('input[name="case"]')
    assert choice["value"] == "25/0418" and choice.has_attr("checked")
    assert "kunne ikke læses" in found["(uden emne)"].get_text(" ", strip=True)  # the malformed one, with why

    form = page.forms[[f.action for f in page.forms.values()].index(reply.select_one("form")["action"])]
    done = form.submit(status=303).follow()
    assert any("blev journaliseret som" in m.get_text() for m in done.html.select(".alert"))
    (doc,) = rows(engine, "SELECT d.title, c.seq FROM documents d JOIN cases c ON c.id = d.case_id")
    assert doc == {"title": "Re: SV: Tidsplan for udbud af røntgenudstyr", "seq": 418}
    item = rows(engine, "SELECT status, moved_to, handled_by_id FROM mail_inbox WHERE status = 'journaliseret'")
    assert item[0]["moved_to"] == "Journaliseret"
    assert dovecot.contents("Journaliseret") == [samples.thunderbird_reply()]
    assert dovecot.contents("INBOX") == [MALFORMED]
    assert rows(engine, "SELECT action FROM audit_log WHERE action = 'mail_inbox_file'")


def form_for(page, action_suffix):
    (form,) = [f for f in page.forms.values() if f.action.endswith(action_suffix)]
    return form


def waiting_id(engine):
    (row,) = rows(engine, "SELECT id FROM mail_inbox WHERE status = 'venter'")
    return row["id"]


def test_rejecting_needs_a_reason_and_moves_the_mail_to_the_rejected_folder(app, dovecot, engine, journal, case,
                                                                            as_role):
    dovecot.append(samples.apple_forward())
    fetch(app)
    item = waiting_id(engine)
    b = as_role("admin")
    page = b.get("/mail/inbox")
    form = form_for(page, f"/mail/inbox/{item}/reject")
    form["reason"] = "   "
    again = form.submit(status=400)
    assert "Skriv hvorfor" in again.html.select_one(f"#mail-{item} .alert-danger").get_text()
    form = form_for(again, f"/mail/inbox/{item}/reject")
    form["reason"] = "Reklame fra en leverandør, ikke en sag"
    done = form.submit(status=303).follow()
    assert any("blev afvist" in m.get_text() for m in done.html.select(".alert"))
    (row,) = rows(engine, "SELECT status, reject_reason, moved_to FROM mail_inbox")
    assert row == {"status": "afvist", "reject_reason": "Reklame fra en leverandør, ikke en sag", "moved_to": "Afvist"}
    assert dovecot.contents("INBOX") == [] and dovecot.contents("Afvist") == [samples.apple_forward()]
    assert rows(engine, "SELECT id FROM documents") == []
    # handled once: a second click says so and changes nothing
    token = b.csrf_token("/mail/inbox")
    b.post(f"/mail/inbox/{item}/file", {"csrf_token": token, "case_number": "25/0418"}, status=303)
    assert rows(engine, "SELECT id FROM documents") == []


def test_a_typed_number_that_is_wrong_keeps_what_was_typed(app, dovecot, engine, journal, case, as_role):
    dovecot.append(samples.apple_forward())
    fetch(app)
    item = waiting_id(engine)
    b = as_role("sekretariat")
    for typed, says in (("62947/09", "ligner et dokumentnummer"), ("26/9999", "Der er ingen sag 26/9999"),
                        ("noget", "er ikke et sagsnummer")):
        token = b.csrf_token("/mail/inbox")
        page = b.post(f"/mail/inbox/{item}/file", {"csrf_token": token, "case_number": typed}, status=400)
        assert says in page.html.select_one(f"#mail-{item} .alert-danger").get_text(), typed
        assert page.html.select_one(f"#mail-{item}-number")["value"] == typed
    assert rows(engine, "SELECT id FROM documents") == [] and len(dovecot.contents("INBOX")) == 1


def test_the_intake_and_the_inbox_never_offer_a_confidential_case(app, dovecot, engine, journal, make_case, users,
                                                                  as_role, db):
    from rsi_case.cases.models import CaseGrant
    from rsi_case.cases.resources import find_case
    from rsi_case.numbering import CaseNumber

    secret = make_case(title="Fortroligt udbud af røntgenudstyr", number="25/0500", confidential=True)
    with db() as s:
        owner = add_user(s, "ejeren", "sekretariat")
        s.add(CaseGrant(case=find_case(s, secret), principal=f"user:{owner.id}", role="ejer"))
    dovecot.append(gmail("Sag 25/0500 røntgenudstyr tilbud", message_id="c1@gmail.example"),
                   gmail("Tilbud på røntgenudstyr", message_id="c2@gmail.example"))
    report = fetch(app)
    assert report.filed == 0 and report.waiting == 2  # the journal user may not add to it: it waits
    page = as_role("sekretariat").get("/mail/inbox")
    assert "25/0500" not in " ".join(i["value"] for i in page.html.select('input[name="case"]'))
    assert "Fortroligt" not in page.text
    b = as_role("sekretariat")
    token = b.csrf_token("/mail/inbox")
    item = rows(engine, "SELECT id FROM mail_inbox ORDER BY uid")[0]["id"]
    refused = b.post(f"/mail/inbox/{item}/file", {"csrf_token": token, "case_number": "25/0500"}, status=400)
    assert "Der er ingen sag 25/0500" in refused.text and "Fortroligt" not in refused.text
    # its owner is offered it, and files there
    owner_b = as_role("ejeren")
    page = owner_b.get("/mail/inbox")
    assert "25/0500" in [i["value"] for i in page.html.select(f'#mail-{item} input[name="case"]')]
    form_for(page, f"/mail/inbox/{item}/file").submit(status=303)
    (doc,) = rows(engine, "SELECT c.seq FROM documents d JOIN cases c ON c.id = d.case_id")
    assert doc["seq"] == 500


@pytest.mark.parametrize("role", ["styregruppe", "arkivar"])
def test_other_roles_have_no_inbox(app, dovecot, engine, journal, case, as_role, role):
    dovecot.append(samples.apple_forward())
    fetch(app)
    item = waiting_id(engine)
    b = as_role(role)
    assert b.get("/").html.select_one('nav a[href$="/mail/inbox"]') is None
    b.get("/mail/inbox", status=403)
    b.get(f"/mail/inbox/{item}/original", status=403)
    b.get("/mail/inbox/999999/original", status=403)  # alike: nothing said about which exist
    token = b.csrf_token("/")
    b.post(f"/mail/inbox/{item}/file", {"csrf_token": token, "case_number": "25/0418"}, status=403)
    b.post(f"/mail/inbox/{item}/reject", {"csrf_token": token, "reason": "nej"}, status=403)
    assert rows(engine, "SELECT status FROM mail_inbox") == [{"status": "venter"}]
    assert len(dovecot.contents("INBOX")) == 1


def test_filing_without_the_csrf_token_is_refused(app, dovecot, engine, journal, case, as_role):
    dovecot.append(samples.apple_forward())
    fetch(app)
    item = waiting_id(engine)
    b = as_role("sekretariat")
    b.post(f"/mail/inbox/{item}/file", {"case_number": "25/0418"}, status=400)
    b.post(f"/mail/inbox/{item}/reject", {"reason": "spam"}, status=400)
    assert rows(engine, "SELECT status FROM mail_inbox") == [{"status": "venter"}]


def test_the_original_can_be_read_before_filing_and_the_journal_user_is_named_in_the_trail(app, dovecot, engine,
                                                                                          journal, case, as_role):
    dovecot.append(samples.apple_forward(), samples.outlook_eml())
    fetch(app)
    item = waiting_id(engine)
    assert as_role("sekretariat").get(f"/mail/inbox/{item}/original").body == samples.apple_forward()
    (event,) = rows(engine, "SELECT login, case_ref FROM audit_log WHERE action = 'mail_intake_file'")
    assert event == {"login": "journal", "case_ref": "25/0418"}


def test_a_filing_whose_move_the_server_did_not_take_is_moved_next_round(app, dovecot, engine, journal, case,
                                                                        as_role, settings):
    dovecot.append(samples.apple_forward())
    fetch(app)
    item = waiting_id(engine)
    port = app.registry.settings["rsi_case.mail.imap_port"]
    from tests.mail.imap import free_port

    app.registry.settings["rsi_case.mail.imap_port"] = str(free_port())  # the server away while filing
    b = as_role("sekretariat")
    token = b.csrf_token("/mail/inbox")
    b.post(f"/mail/inbox/{item}/file", {"csrf_token": token, "case_number": "25/0418"}, status=303)
    assert rows(engine, "SELECT status, moved_to FROM mail_inbox") == [{"status": "journaliseret", "moved_to": None}]
    assert len(dovecot.contents("INBOX")) == 1  # filed, not yet moved: still there
    app.registry.settings["rsi_case.mail.imap_port"] = port
    assert fetch(app).moved == 1
    assert dovecot.contents("INBOX") == [] and len(dovecot.contents("Journaliseret")) == 1


# -- rsi-case-mail-fetch and rsi-case-worker ----------------------------------------------------

def test_the_operators_command_runs_one_round_and_waits_for_the_worker(app, dovecot, engine, journal, case, settings):
    from rsi_case.scripts.mail_fetch import run
    from rsi_case.worker import lease

    dovecot.append(samples.outlook_eml(), samples.apple_forward())
    assert lease.acquire(engine, lease.MAIL_INTAKE, "the-worker:1")  # the worker is at it
    status, text = run(settings, registry=app.registry)
    assert status == 3 and "allerede" in text and rows(engine, "SELECT id FROM mail_inbox") == []
    lease.release(engine, lease.MAIL_INTAKE, "the-worker:1")
    status, text = run(settings, registry=app.registry)
    assert status == 0 and text.startswith("2 nye mails: 1 journaliseret, 1 i Indbakken")
    assert run({k: v for k, v in settings.items() if k != "rsi_case.mail.imap_host"})[0] == 2  # intake off
    # /health says how the mail-in address's worker is (here: the command gave its lease back)
    from webtest import TestApp

    health = TestApp(app, extra_environ={"HTTP_HOST": "localhost"}).get("/health").json
    assert health["mail_intake"]["state"] == "stopped"


def test_the_worker_fetches_under_its_lease_and_reports_a_server_away(app, dovecot, engine, journal, case, settings):
    import threading

    from rsi_case.mail.intake import IntakeTask
    from rsi_case.worker import lease
    from rsi_case.worker.runner import Worker

    dovecot.append(samples.outlook_eml())
    box = Mailbox.from_settings(settings)
    worker = Worker(engine, None, name=lease.MAIL_INTAKE, ttl=5)
    worker.indexer = IntakeTask(app.registry, box, worker.stop)
    assert worker.work_once() == 1
    assert dovecot.contents("INBOX") == [] and len(dovecot.contents("Journaliseret")) == 1
    # the server away: the round raises, so the lease's detail (and /health) can say so
    from tests.mail.imap import free_port

    away = Worker(engine, None, name=lease.MAIL_INTAKE, ttl=5)
    away.indexer = IntakeTask(app.registry, Mailbox.from_settings({**settings, "rsi_case.mail.imap_port":
                                                                    str(free_port())}), away.stop)
    with pytest.raises(RuntimeError):
        away.work_once()
    # the loop itself: takes the lease, works, gives the lease back when stopped
    dovecot.append(samples.apple_forward())
    thread = threading.Thread(target=worker.run)
    thread.start()
    try:
        for _ in range(100):
            if rows(engine, "SELECT id FROM mail_inbox WHERE status = 'venter'"):
                break
            threading.Event().wait(0.1)
    finally:
        worker.stop.set()
        thread.join(30)
    assert rows(engine, "SELECT status FROM mail_inbox ORDER BY uid") == [{"status": "journaliseret"},
                                                                          {"status": "venter"}]
    with engine.connect() as conn:
        assert lease.status(conn, lease.MAIL_INTAKE)["state"] == "stopped"


def test_a_mail_from_a_known_sender_suggests_the_case_his_mails_are_filed_in(app, dovecot, engine, journal, case,
                                                                             make_case, as_role):
    make_case(title="Telefoniaftale", number="26/0003")
    dovecot.append(samples.outlook_eml())  # from aase.oestergaard@rm.example, filed in 25/0418
    fetch(app)
    hello = samples.gmail_base64(subject="Hej igen", body="Kort hilsen.").replace(
        b"Borger Bent <bent.borger@gmail.example>", b"Aase <aase.oestergaard@rm.example>")
    dovecot.append(hello)
    fetch(app)
    page = as_role("sekretariat").get("/mail/inbox")
    (article,) = page.html.select(".mail-inbox article")
    assert [i["value"] for i in article.select('input[name="case"]')] == ["25/0418"]


def test_a_connection_lost_mid_round_leaves_the_mail_for_the_next_round(app, dovecot, engine, journal, case,
                                                                        monkeypatch):
    import imaplib

    from imapclient import IMAPClient

    dovecot.append(samples.outlook_eml(), samples.apple_forward())
    real_fetch = IMAPClient.fetch

    def dropping(self, messages, data, *a, **kw):
        if "BODY.PEEK[]" in data and not getattr(IMAPClient, "_dropped", False):
            IMAPClient._dropped = True
            raise imaplib.IMAP4.abort("socket error: EOF")
        return real_fetch(self, messages, data, *a, **kw)

    monkeypatch.setattr(IMAPClient, "fetch", dropping)
    monkeypatch.setattr(IMAPClient, "_dropped", False, raising=False)
    report = fetch_round(app.registry)
    assert "EOF" in report.error and report.seen == 0
    assert rows(engine, "SELECT id FROM mail_inbox") == []  # not recorded as a failed mail
    again = fetch(app)
    assert (again.seen, again.filed, again.waiting) == (2, 1, 1)


def _decoded(mails: list[bytes]) -> list[str]:
    import email
    from email.header import decode_header, make_header

    return [str(make_header(decode_header(email.message_from_bytes(m).get("Subject", "")))) for m in mails]


def test_a_folder_the_server_renumbers_keeps_its_mails_rows(app, dovecot, engine, journal, case, as_role):
    """A new UIDVALIDITY (a restored or rebuilt mailbox) makes every mail in
    the folder look new: a mail waiting in the Indbakke, and one filed whose
    move has not happened, are the same mails -- their rows follow them to
    their new UIDs instead of new duplicate rows, and filing and moving reach
    them by the new UIDs."""
    import subprocess

    from tests.mail.imap import USER, free_port

    dovecot.append(gmail("Tidsplan for udbuddet"), gmail("Indkaldelse til styregruppen", body="Se vedlagte."),
                   samples.apple_forward())
    assert fetch(app).waiting == 3
    ids = {r["subject"]: r["id"] for r in rows(engine, "SELECT id, subject FROM mail_inbox")}
    # one is filed from the Indbakke while the server is away: filed, not moved
    port = app.registry.settings["rsi_case.mail.imap_port"]
    app.registry.settings["rsi_case.mail.imap_port"] = str(free_port())
    b = as_role("sekretariat")
    (forward,) = [i for s, i in ids.items() if s not in ("Tidsplan for udbuddet", "Indkaldelse til styregruppen")]
    b.post(f"/mail/inbox/{forward}/file", {"csrf_token": b.csrf_token("/mail/inbox"), "case_number": "25/0418"},
           status=303)
    app.registry.settings["rsi_case.mail.imap_port"] = port
    before = rows(engine, "SELECT uidvalidity FROM mail_inbox")
    renumber = subprocess.run([dovecot.doveadm, "-c", str(dovecot.conf), "mailbox", "update", "-u", USER,
                               "--uid-validity", "4242", "INBOX"], capture_output=True, text=True, timeout=30)
    assert renumber.returncode == 0, renumber.stderr
    report = fetch(app)
    after = rows(engine, "SELECT id, uidvalidity, status, moved_to FROM mail_inbox ORDER BY id")
    assert {r["uidvalidity"] for r in before} != {4242}
    assert [r["id"] for r in after] == sorted(ids.values())  # no new rows: no duplicates
    assert {r["uidvalidity"] for r in after} == {4242}
    assert report.moved == 1 and len(dovecot.contents("Journaliseret")) == 1  # the filed one went, by its new UID
    assert sorted(_decoded(dovecot.contents("INBOX"))) == ["Indkaldelse til styregruppen", "Tidsplan for udbuddet"]
    # the next round sees nothing new, and a waiting one filed now leaves the folder
    assert fetch(app).seen == 0
    b.post(f"/mail/inbox/{ids['Indkaldelse til styregruppen']}/file",
           {"csrf_token": b.csrf_token("/mail/inbox"), "case_number": "25/0418"}, status=303)
    assert _decoded(dovecot.contents("INBOX")) == ["Tidsplan for udbuddet"]
