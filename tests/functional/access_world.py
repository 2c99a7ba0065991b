"""A small world of cases, documents and users for the access matrix, the
CSRF tests and the GET crawl (tests/functional/test_access_matrix.py,
test_csrf.py, test_get_never_writes.py).

Not a test module (no ``test_`` prefix): the three test modules import
``world`` from here.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from rsi_case.cases.models import CaseGrant
from rsi_case.cases.services import create_case
from rsi_case.documents.filetypes import XLSX
from rsi_case.documents.services import add_attachment, create_document
from rsi_case.documents.versions import save_version, state_of
from rsi_case.security.models import Group, User
from tests.conftest import PASSWORD, Browser, add_user

PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
       b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

# titles that must never appear on a page shown to someone without access
CONFIDENTIAL_CASE_TITLE = "Fortrolig sag om afskedigelse af direktør"
CONFIDENTIAL_DOC_TITLE = "Fortroligt notat om fratrædelsesaftale"

# an agenda item about the confidential case: for everybody without access it is a closed item
# ("Lukket punkt"), its title and recommendation appear nowhere
CONFIDENTIAL_ITEM_TITLE = "Forhandling om fratrædelsesgodtgørelse"
CONFIDENTIAL_RECOMMENDATION = "Formanden bemyndiges til at aftale godtgørelsen."

# the title a final document gets in its new, unfinished draft version: the
# board reads the final version and must not see it anywhere
DRAFT_TITLE = "Arbejdstitel til ny strategi"

# the Danish title of the CSRF error page (errors.bad_csrf)
CSRF_TITLE = "Formularen er udløbet"

# logins of the two extra users; both have the role sekretariat
GRANTEE = "fortrolig-laeser"   # owner ("ejer") of the confidential case through a CaseGrant
OUTSIDER = "uden-adgang"       # no grant: the confidential case does not exist for them
REGIONAL = "regionsbruger"     # role bruger, in a group that may read the open case: sees that case only


def _doc(s, case, user, title, status, kind="notat"):
    return create_document(s, case=case, user=user, title=title, kind=kind, status=status,
                           doc_date=dt.date(2024, 2, 1), author_name="Test Sekretariat",
                           body_html="<p>Brødtekst.</p>")


def build_world(app, db, users) -> dict:
    """Create the cases, documents, attachments and users; return the values
    the URL templates of the tests are filled in with (``{open}``, ``{draft}`` ...)."""
    store = app.registry["rsi_case.blobs"]
    sha, size = store.put(io.BytesIO(PDF))
    with db() as s:
        admin = s.get(User, users["admin"])
        sekr = s.get(User, users["sekretariat"])
        grantee = add_user(s, GRANTEE, "sekretariat", full_name="Fortrolig Læser")
        outsider = add_user(s, OUTSIDER, "sekretariat", full_name="Uden Adgang")
        regional = add_user(s, REGIONAL, "bruger", full_name="Regional Projektleder")
        group = Group(name="regionsgruppe", title="Region Syddanmark — projektledere")
        group.members.append(regional)
        s.add(group)
        s.flush()

        def case(title, status, **kw):
            return create_case(s, user=admin, title=title, category="indkoeb", status=status,
                               opened_on=dt.date(2024, 1, 15), responsible_id=sekr.id, **kw)

        open_case = case("Fælles udbud af laboratoriesystem", "aaben")
        # the regional user reads this case (and only this one) through the group
        open_case.grants.append(CaseGrant(principal=f"group:{group.id}", role="laeser", granted_by_id=admin.id))
        draft = _doc(s, open_case, sekr, "Kladde til beslutningsoplæg", "kladde")
        final = _doc(s, open_case, sekr, "Endeligt notat om tidsplan", "endelig")
        # a final document with a new draft on top (version 1 final, version 2 draft):
        # the board keeps reading version 1
        revised = _doc(s, open_case, sekr, "Fælles strategi 2024-2027", "endelig", kind="strategi")
        save_version(s, revised, user=sekr, state={**state_of(revised), "status": "kladde", "title": DRAFT_TITLE},
                     body_html="<p>Ny kladde.</p>", base=revised.version)
        draft_att = add_attachment(s, draft, sha256=sha, size=size, content_type="application/pdf",
                                   filename="bilag.pdf", user=sekr)
        # an attached spreadsheet opens in Excel through a Word link (issue 17)
        final_xlsx = add_attachment(s, final, sha256=sha, size=size, content_type=XLSX, filename="budget.xlsx",
                                    user=sekr)

        closed_case = case("Lukket sag om konsolidering", "lukket")
        closed_draft = _doc(s, closed_case, sekr, "Kladde i lukket sag", "kladde")

        archived_case = case("Arkiveret sag om sikker mail", "arkiveret")
        archived_final = _doc(s, archived_case, sekr, "Endeligt referat i arkiveret sag", "endelig")

        conf_case = case(CONFIDENTIAL_CASE_TITLE, "aaben")
        conf_case.confidential = True
        conf_case.grants.append(CaseGrant(principal=f"user:{grantee.id}", role="ejer", granted_by_id=admin.id))
        conf_draft = _doc(s, conf_case, sekr, CONFIDENTIAL_DOC_TITLE, "kladde")
        conf_att = add_attachment(s, conf_draft, sha256=sha, size=size, content_type="application/pdf",
                                  filename="fortroligt-bilag.pdf", user=sekr)
        # both were scanned and OCR'd (issue 18): their searchable copies are read like the attachments
        import sqlalchemy as sa

        from rsi_case.ocr.models import OcrJob

        s.flush()
        s.execute(sa.update(OcrJob).where(OcrJob.attachment_id.in_([draft_att.id, conf_att.id]))
                  .values(state="done", sha256=sha, size=size, pages=1))
        # filed mails (issue 18): one in the open case, one in the confidential case, each with an
        # image of its body (``cid:``) kept as an attachment
        from rsi_case.mail.models import MailMessage

        def mail(case, title):
            doc = _doc(s, case, sekr, title, "endelig", kind="email")
            add_attachment(s, doc, sha256=sha, size=size, content_type="application/pdf", filename="logo.pdf",
                           user=sekr)
            s.add(MailMessage(document=doc, direction="indgaaende", sender_name="Region Sjælland",
                              sender_address="post@rsj.example", recipients={"to": [], "cc": []},
                              filename="svar.eml", content_type="message/rfc822", size=size, sha256=sha,
                              inline_images={"logo@rsj": sha}, notes=[]))
            return doc

        open_mail = mail(open_case, "Svar fra Region Sjælland")
        conf_mail = mail(conf_case, "Fortrolig mail om fratrædelse")
        # a mail of the journal mailbox waiting in the Indbakke (issue 18, point 3)
        # (and a second one, for a route sweep that files one and rejects the other)
        from rsi_case.mail.models import InboxMail

        def waiting_mail(uid, subject):
            raw = (f"From: Region Sjælland <post@rsj.example>\r\nTo: journal@rsi-sag.dk\r\nSubject: {subject}\r\n"
                   f"Message-ID: <indbakke-{uid}@rsj.example>\r\nDate: Tue, 1 Dec 2026 10:00:00 +0100\r\n\r\n"
                   f"Vi deltager.\r\n").encode()
            raw_sha, raw_size = store.put(io.BytesIO(raw))
            item = InboxMail(folder="INBOX", uidvalidity=1, uid=uid, sha256=raw_sha, size=raw_size, subject=subject,
                             sender_name="Region Sjælland", sender_address="post@rsj.example", status="venter",
                             reject_reason="")
            s.add(item)
            return item

        waiting = waiting_mail(1, "Svar uden sagsnummer")
        waiting_too = waiting_mail(2, "Endnu et svar uden sagsnummer")
        # a board meeting (in the year's meetings case) with two agenda items, and one filed
        # in the confidential case: a meeting is read by whoever reads its case
        from rsi_case.meetings import services as meetings
        from rsi_case.meetings.models import Meeting

        meeting = meetings.create_meeting(s, admin, title="Styregruppemøde",
                                          starts_at=dt.datetime(2026, 12, 10, 12, 0, tzinfo=dt.UTC), place="København")
        item = meetings.add_item(s, meeting, title="Fælles laboratoriesystem", case=open_case,
                                 recommendation="Sekretariatet indstiller, at styregruppen godkender udbuddet.")
        meetings.add_item(s, meeting, title="Eventuelt")
        meetings.set_papers(s, item, [final.id])
        # the pack as sent to the board: a final document in the meetings case, and its sending
        from rsi_case.meetings.models import PackSending

        sent = _doc(s, meeting.case, admin, "Mødemappe til Styregruppemøde 10-12-2026", "endelig", kind="dagsorden")
        sending = PackSending(meeting_id=meeting.id, kind="pack", sent_by_id=admin.id, document_id=sent.id,
                              sha256=sha, filename="mødemappe.docx", snapshot={"items": [], "papers": []})
        s.add(sending)
        conf_meeting = Meeting(case_id=conf_case.id, title="Fortroligt møde",
                               starts_at=dt.datetime(2026, 12, 11, 12, 0, tzinfo=dt.UTC))
        s.add(conf_meeting)
        # a held meeting with two numbered decisions: one about the open case, one about the
        # confidential case (read only by those who read that case, in the register, search and pages)
        held = meetings.create_meeting(s, admin, title="Styregruppemøde",
                                       starts_at=dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.UTC), place="København")
        held_item = meetings.add_item(s, held, title="Udbud af laboratoriesystem", case=open_case)
        meetings.set_papers(s, held_item, [final.id])
        conf_item = meetings.add_item(s, held, title=CONFIDENTIAL_ITEM_TITLE, case=conf_case,
                                      recommendation=CONFIDENTIAL_RECOMMENDATION)
        meetings.set_papers(s, conf_item, [conf_draft.id])
        held.state = "dagsorden_udsendt"
        decision = meetings.record_decision(s, held, held_item, "Styregruppen godkendte udbuddet.", admin)
        conf_decision = meetings.record_decision(s, held, conf_item, CONFIDENTIAL_CASE_TITLE + " blev drøftet.", admin)
        meetings.advance(s, held, admin)
        # actions of action plans: one in the open case (its "plan" is the revised strategy, whose
        # draft title the board must not see), one in the archived case, one in the confidential case
        from rsi_case.actions import services as actions

        def action(case, title, status, document_id=None):
            return actions.create_action(s, case, sekr, actions.Fields(
                title=title, description="", region="syddanmark", deadline=dt.date(2024, 6, 30),
                document_id=document_id, status=status))

        open_action = action(open_case, "Fælles kravspecifikation til laboratoriesystem", "i_gang", revised.id)
        archived_action = action(archived_case, "Udfasning af fax", "afsluttet")
        conf_action = action(conf_case, "Forhandling om fratrædelse", "i_gang")
        # requests for access (aktindsigt), each a case of its own: one about the open case, one
        # about the confidential case (registered by its owner, so confidential itself)
        from rsi_case.aktindsigt import services as aktindsigt

        def access_request(user, case):
            return aktindsigt.register(s, user, requester_name="Karen Mølgaard", requester_contact="km@avis.example",
                                       press=True, received_on=dt.date(2026, 12, 1),
                                       subject=f"Aktindsigt i {case.title}", cases=[case]).case

        request_case = access_request(sekr, open_case)
        conf_request_case = access_request(grantee, conf_case)
        s.flush()
        values = {
            "request": request_case.number.slug, "conf_request": conf_request_case.number.slug,
            "open": open_case.number.slug, "closed": closed_case.number.slug,
            "archived": archived_case.number.slug, "conf": conf_case.number.slug,
            "missing": "98-9999",
            "draft": draft.number.slug, "final": final.number.slug, "revised": revised.number.slug,
            "closed_draft": closed_draft.number.slug,
            "archived_final": archived_final.number.slug, "conf_draft": conf_draft.number.slug,
            "missing_doc": "99999-98",
            "draft_att": draft_att.id, "conf_att": conf_att.id, "final_xlsx": final_xlsx.id,
            "mail": open_mail.number.slug, "conf_mail": conf_mail.number.slug,
            "inbox_item": waiting.id, "inbox_item2": waiting_too.id, "missing_inbox": 999999,
            "user": outsider.id, "missing_user": 999999,
            "conf_no": str(conf_case.number), "conf_doc_no": str(conf_draft.number),
            "open_no": str(open_case.number), "draft_no": str(draft.number),
            "group_grant": open_case.grants[0].id,
            "sekretariat_id": sekr.id, "styregruppe_id": users["styregruppe"],
            "meeting": meeting.id, "conf_meeting": conf_meeting.id, "missing_meeting": 999999, "item": item.id,
            "held_meeting": held.id, "held_item": held_item.id, "conf_item": conf_item.id,
            "participant": meeting.participants[0].id,
            "decision": str(decision.number), "conf_decision": str(conf_decision.number),
            "sending": sending.id,
            "final_id": final.id,
            "action": open_action.id, "archived_action": archived_action.id, "conf_action": conf_action.id,
        }
    return values


@pytest.fixture
def world(app, db, users):
    return build_world(app, db, users)


def fill(template: str, values: dict) -> str:
    return template.format(**values)


def log_in(app, login: str | None) -> Browser:
    """A browser for ``login`` (None: anonymous, with a session and a CSRF token)."""
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    if login is None:
        b.get("/login")
    else:
        b.login(login, PASSWORD)
    return b


def token_of(b: Browser, anonymous: bool = False) -> str:
    """The CSRF token of the browser's current session."""
    page = b.get("/login" if anonymous else "/account")
    m = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert m, "no CSRF token on the page"
    return m.group(1)
