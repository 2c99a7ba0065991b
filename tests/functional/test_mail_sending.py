"""Sending a document from its case (issue 18, point 5): through a real SMTP
server on loopback (aiosmtpd), and what was sent filed in the case as an
outgoing e-mail."""

from __future__ import annotations

import email
import email.policy
import io
import socket

import docx
import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from tests.functional.test_attachments import PDF


class Sink:
    def __init__(self, refuse=()):
        self.mails, self.refuse = [], set(refuse)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.mails.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app):
    sink = Sink(refuse={"ukendt@rm.example"})
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.registry.settings.update({"rsi_case.mail.smtp_host": "127.0.0.1", "rsi_case.mail.smtp_port": str(controller.port),
                                  "rsi_case.mail.from_address": "sekretariat@rsi-sag.dk",
                                  "rsi_case.mail.from_name": "RSI Sekretariatet"})
    yield sink
    controller.stop()


@pytest.fixture
def doc(app, make_case, make_document, db, users):
    from rsi_case.documents.resources import find_document
    from rsi_case.documents.services import add_attachment
    from rsi_case.security.models import User

    case = make_case(title="Fælles telefoni", number="24/2213")
    number = make_document(case, title="Beslutningsoplæg om telefoni", status="endelig",
                           body="<p>Sekretariatet indstiller, at styregruppen godkender udbuddet.</p>")
    sha, size = app.registry["rsi_case.blobs"].put(io.BytesIO(PDF))
    with db() as s:
        add_attachment(s, find_document(s, number), sha256=sha, size=size, content_type="application/pdf",
                       filename="Økonomi.pdf", user=s.get(User, users["sekretariat"]))
    return case, number


def rows(engine, sql):
    with engine.connect() as conn:
        return conn.execute(sa.text(sql)).mappings().all()


def send_form(b, number):
    page = b.get(f"/documents/{number.slug}/send")
    return page.forms[[k for k in page.forms if "to" in page.forms[k].fields][0]]


def test_a_document_is_sent_as_word_and_filed_as_an_outgoing_mail(as_role, doc, smtp, engine, app, settings):
    case, number = doc
    b = as_role("sekretariat")
    assert b.get(f"/documents/{number.slug}").html.select_one(f'a[href$="/documents/{number.slug}/send"]')
    form = send_form(b, number)
    assert form["subject"].value == f"Beslutningsoplæg om telefoni ({number})"
    form["to"] = "post@rsj.example, aase@rm.example"
    form["cc"] = "jens@rsyd.example"
    form["text"] = "Kære regioner\n\nHermed beslutningsoplægget til orientering.\n\nVenlig hilsen\nSekretariatet"
    form.get("checkbox", index=0).checked = True  # (deform names the boxes of a set "checkbox")
    page = form.submit("send").follow()
    (mail_from, rcpt, content), = smtp.mails
    assert mail_from == "sekretariat@rsi-sag.dk"
    assert sorted(rcpt) == ["aase@rm.example", "jens@rsyd.example", "post@rsj.example"]
    sent = email.message_from_bytes(content, policy=email.policy.default)
    assert sent["Subject"] == f"Beslutningsoplæg om telefoni ({number})"
    assert "Test Sekretariat" in sent["From"] and sent["Reply-To"].addresses[0].addr_spec == "sekretariat@example.dk"
    files = {part.get_filename(): part.get_content() for part in sent.iter_attachments()}
    assert set(files) == {f"{number.slug} Beslutningsoplæg om telefoni.docx", "Økonomi.pdf"}
    word = docx.Document(io.BytesIO(files[f"{number.slug} Beslutningsoplæg om telefoni.docx"]))
    assert any("godkender udbuddet" in p.text for p in word.paragraphs)
    # filed in the case as what left, outgoing
    (filed,) = rows(engine, "SELECT d.title, d.kind, d.case_id, m.direction, m.message_id, m.recipients "
                            "FROM documents d JOIN mail_messages m ON m.document_id = d.id")
    assert filed["kind"] == "email" and filed["direction"] == "udgaaende"
    assert filed["title"] == f"Beslutningsoplæg om telefoni ({number})"
    assert filed["message_id"] == sent["Message-ID"].strip("<>")
    assert "blev sendt til post@rsj.example, aase@rm.example, jens@rsyd.example og journaliseret som" in page.text
    assert "udgående" in page.html.select_one(".mail-headers").get_text()
    assert "Hermed beslutningsoplægget til orientering." in page.html.select_one("article.memo").get_text()


def test_bad_addresses_keep_what_was_typed(as_role, doc, smtp):
    _case, number = doc
    b = as_role("sekretariat")
    form = send_form(b, number)
    form["to"] = "post@rsj.example, ikke-en-adresse"
    form["text"] = "Min tekst, som ikke må gå tabt."
    page = form.submit("send", status=400)
    assert "Ikke en e-mailadresse: ikke-en-adresse." in page.text
    assert page.forms[[k for k in page.forms if "to" in page.forms[k].fields][0]]["text"].value == \
        "Min tekst, som ikke må gå tabt."
    assert smtp.mails == []


def test_a_server_that_does_not_answer_sends_nothing_and_files_nothing(as_role, doc, app, engine):
    _case, number = doc
    app.registry.settings.update({"rsi_case.mail.smtp_host": "127.0.0.1", "rsi_case.mail.smtp_port": str(free_port())})
    b = as_role("sekretariat")
    form = send_form(b, number)
    form["to"] = "post@rsj.example"
    form["text"] = "Bliver stående."
    page = form.submit("send", status=502)
    assert "Mailen kunne ikke sendes" in page.html.select_one(".alert-danger").get_text()
    assert "Bliver stående." in page.text
    assert rows(engine, "SELECT id FROM mail_messages") == []


def test_a_refused_recipient_is_reported_and_the_mail_to_the_others_filed(as_role, doc, smtp, engine):
    _case, number = doc
    b = as_role("sekretariat")
    form = send_form(b, number)
    form["to"] = "post@rsj.example, ukendt@rm.example"
    page = form.submit("send").follow()
    assert len(smtp.mails) == 1 and smtp.mails[0][1] == ["post@rsj.example"]
    assert "ukendt@rm.example" in " ".join(a.get_text() for a in page.html.select(".alert-danger"))
    assert len(rows(engine, "SELECT id FROM mail_messages")) == 1


def test_without_a_mail_server_nothing_offers_to_send(as_role, doc, app):
    _case, number = doc
    del app.registry.settings["rsi_case.mail.smtp_host"]
    b = as_role("sekretariat")
    assert b.get(f"/documents/{number.slug}").html.select_one(f'a[href$="/send"]') is None
    b.get(f"/documents/{number.slug}/send", status=404)


def test_the_board_may_not_send(as_role, doc, smtp):
    _case, number = doc
    board = as_role("styregruppe")
    assert board.get(f"/documents/{number.slug}").html.select_one(f'a[href$="/send"]') is None
    board.get(f"/documents/{number.slug}/send", status=403)
