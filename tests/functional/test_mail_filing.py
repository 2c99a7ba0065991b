"""Filing mails into a case (issue 18, points 1 and 2): .eml and Outlook .msg
files become e-mail documents with their attachments and the original, a
mail is filed once, and bad mails are refused or filed with notes — never a
500, never a leak of where a confidential copy is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests import bombs
from tests.functional.test_attachments import PDF, png_bytes
from tests.mail import samples
from tests.mail.msgfile import write_msg


@pytest.fixture
def case(make_case):
    return make_case(title="Udbud af røntgenudstyr", number="25/0418")


def file_mails(b, case_number, *files, status=303):
    token = b.csrf_token(f"/cases/{case_number.slug}")
    return b.post(f"/cases/{case_number.slug}/mail", {"csrf_token": token}, upload_files=list(files), status=status)


def rows(engine, sql, **params):
    with engine.connect() as conn:
        return conn.execute(sa.text(sql), params).mappings().all()


def messages(page):
    return [el.get_text(" ", strip=True) for el in page.html.select(".alert")]


def the_document(engine):
    (row,) = rows(engine, "SELECT d.year, d.seq, d.kind, d.title, d.status, d.doc_date, d.author_name, "
                          "d.author_email, m.* FROM documents d JOIN mail_messages m ON m.document_id = d.id")
    return row


def doc_url(row):
    return f"/documents/{row['seq']:05d}-{row['year'] % 100:02d}"


def test_an_outlook_mail_becomes_an_email_document_with_its_attachments(as_role, case, engine, settings):
    b = as_role("sekretariat")
    data = samples.outlook_eml()
    page = file_mails(b, case, ("file", "SV Tidsplan.eml", data)).follow()
    row = the_document(engine)
    assert row["kind"] == "email" and row["status"] == "endelig"
    assert row["title"] == "SV: Tidsplan for udbud af røntgenudstyr (sag 25/0418)"
    assert row["author_name"] == "Åse Ærø Østergård" and row["author_email"] == "aase.oestergaard@rm.example"
    assert str(row["doc_date"]) == "2026-12-03"
    assert row["direction"] == "indgaaende"
    assert row["message_id"] == "DB9PR07MB8842A1B2C3@DB9PR07MB8842.eurprd07.prod.outlook.com"
    assert any(f"{row['seq']:05d}/{row['year'] % 100:02d}" in m and "SV: Tidsplan" in m for m in messages(page))
    names = [a["filename"] for a in rows(engine, "SELECT filename FROM attachments ORDER BY id")]
    assert names == ["image001.png", "Bemærkninger til økonomien.pdf", "Svar fra Region Midtjylland.docx"]

    view = b.get(doc_url(row))
    panel = view.html.select_one(".mail-headers").get_text(" ", strip=True)
    for text in ("Fra", "Åse Ærø Østergård", "aase.oestergaard@rm.example", "Til", "Sekretariatet for fælles sundheds-it",
                 "Cc", "Bæk, Søren", "jens@rsyd.example", "Sendt", "03-12-2026", "indgående"):
        assert text in panel, text
    body = view.html.select_one("article.memo")
    assert "godkender tidsplanen for udbuddet af røntgenudstyr" in body.get_text(" ")
    assert "alert(" not in view.text  # the mail's script is gone
    (img,) = body.select("img")
    assert img["src"].startswith(f"{doc_url(row)}/mail/inline/")
    assert b.get(img["src"]).body == png_bytes()  # the inline image stays with the body
    original = b.get(view.html.select_one(f'a[href$="{doc_url(row)}/mail/original"]')["href"])
    assert original.body == data and "attachment" in original.headers["Content-Disposition"]
    assert list(Path(settings["rsi_case.blobs"]).rglob(row["sha256"])), "the original is in the attachment store"


def test_words_of_the_body_and_of_the_attachments_are_found(as_role, case, engine):
    b = as_role("sekretariat")
    file_mails(b, case, ("file", "svar.eml", samples.outlook_eml()))
    row = the_document(engine)
    for query in ("røntgenudstyr", "kvartalsopfølgningen"):  # the body; the Word attachment
        results = b.get("/search", params={"q": query})
        assert row["title"] in results.text, query


def test_a_reply_from_our_own_address_is_outgoing_and_plain_text_keeps_its_paragraphs(as_role, case, engine, db,
                                                                                          users):
    from rsi_case.security.models import User
    with db() as s:
        s.get(User, users["sekretariat"]).email = "mette.holm@rsi-sag.dk"
    b = as_role("sekretariat")
    file_mails(b, case, ("file", "Re.eml", samples.thunderbird_reply(sender="Mette.Holm@rsi-sag.dk")))
    row = the_document(engine)
    assert row["direction"] == "udgaaende"
    view = b.get(doc_url(row))
    paragraphs = [p.get_text(" ", strip=True) for p in view.html.select("article.memo p")]
    assert "Kære Åse" in paragraphs
    assert any(p.startswith("Tak for svaret.") for p in paragraphs)
    assert any("> Region Midtjylland godkender tidsplanen." in p for p in paragraphs)
    assert "udgående" in view.html.select_one(".mail-headers").get_text()


def test_the_organisations_own_domain_makes_a_mail_outgoing(app, as_role, case, engine):
    app.registry.settings["rsi_case.mail.own_domains"] = "rsi-sag.dk"
    file_mails(as_role("sekretariat"), case, ("file", "Re.eml", samples.thunderbird_reply(sender="ny@rsi-sag.dk")))
    assert the_document(engine)["direction"] == "udgaaende"


def test_an_outlook_msg_file_with_transport_headers(as_role, case, engine, tmp_path):
    headers = ("Received: from EX01.regionh.example\r\nFrom: =?utf-8?q?S=C3=B8ren_B=C3=A6k?= "
               "<soren.baek@regionh.example>\r\nTo: Sekretariatet <sekretariat@rsi-sag.dk>\r\n"
               "Cc: =?utf-8?q?J=C3=B8rgen_=C3=98lgaard?= <jorgen@rn.example>\r\nSubject: Svar: Deltagelse\r\n"
               "Date: Wed, 02 Dec 2026 14:05:00 +0100\r\nMessage-ID: <AM0PR01MB1234@eurprd01.prod.outlook.com>\r\n\r\n")
    path = tmp_path / "Svar Deltagelse.msg"
    write_msg(path, subject="Svar: Deltagelse i fælles telefoniudbud", sender_name="Søren Bæk",
              sender_email="soren.baek@regionh.example", headers=headers,
              body="Kære sekretariat\r\n\r\nRegion Hovedstaden deltager i telefoniudbuddet.\r\n",
              html="<html><body><p>Kære sekretariat</p><p>Region Hovedstaden deltager i telefoniudbuddet.</p>"
                   "<p><img src=\"cid:image001.png@01DA\"></p></body></html>",
              to=[("Sekretariatet", "sekretariat@rsi-sag.dk")], cc=[("Jørgen Ølgaard", "jorgen@rn.example")],
              attachments=[{"filename": "Deltagelse Region Hovedstaden.pdf", "data": PDF, "mimetype": "application/pdf"},
                           {"filename": "image001.png", "data": png_bytes(), "mimetype": "image/png",
                            "content_id": "image001.png@01DA", "hidden": True}],
              message_id="<AM0PR01MB1234@eurprd01.prod.outlook.com>")
    b = as_role("sekretariat")
    file_mails(b, case, ("file", path.name, path.read_bytes()))
    row = the_document(engine)
    assert row["title"] == "Svar: Deltagelse i fælles telefoniudbud"
    assert row["sender_name"] == "Søren Bæk" and row["message_id"] == "AM0PR01MB1234@eurprd01.prod.outlook.com"
    recipients = json.loads(row["recipients"]) if isinstance(row["recipients"], str) else row["recipients"]
    assert recipients == {"to": [{"name": "Sekretariatet", "address": "sekretariat@rsi-sag.dk"}],
                          "cc": [{"name": "Jørgen Ølgaard", "address": "jorgen@rn.example"}]}
    assert str(row["doc_date"]) == "2026-12-02" and row["content_type"] == "application/vnd.ms-outlook"
    view = b.get(doc_url(row))
    assert "Jørgen Ølgaard" in view.html.select_one(".mail-headers").get_text()
    assert "deltager i telefoniudbuddet" in view.html.select_one("article.memo").get_text()
    assert b.get(view.html.select_one("article.memo img")["src"]).body == png_bytes()
    names = [a["filename"] for a in rows(engine, "SELECT filename FROM attachments ORDER BY id")]
    assert names == ["Deltagelse Region Hovedstaden.pdf", "image001.png"]


def test_an_msg_from_the_sent_folder_without_transport_headers(as_role, case, engine, tmp_path):
    path = tmp_path / "sendt.msg"
    write_msg(path, subject="Indkaldelse til styregruppemøde", sender_name="Mette Holm",
              sender_email="mette.holm@rsi-sag.dk", body="Hermed indkaldelse.\r\n",
              to=[("Region Sjælland", "post@rsj.example")])
    file_mails(as_role("sekretariat"), case, ("file", path.name, path.read_bytes()))
    row = the_document(engine)
    assert row["title"] == "Indkaldelse til styregruppemøde" and row["sender_address"] == "mette.holm@rsi-sag.dk"


def test_several_mails_at_once_and_a_forward_with_the_original_attached(as_role, case, engine):
    b = as_role("sekretariat")
    page = file_mails(b, case, ("file", "a.eml", samples.apple_forward()), ("file", "b.eml", samples.gmail_base64())
                      ).follow()
    titles = sorted(r["title"] for r in rows(engine, "SELECT title FROM documents WHERE kind = 'email'"))
    assert titles == ["Fwd: Tilbud på vedligeholdelse", "Spørgsmål om mødet"]
    forward = rows(engine, "SELECT m.notes FROM mail_messages m JOIN documents d ON d.id = m.document_id "
                           "WHERE d.title LIKE 'Fwd%'")[0]["notes"]
    notes = json.loads(forward) if isinstance(forward, str) else forward
    assert [n["mapping"] for n in notes if n["msgid"] == "mail-note-forwarded"] == [
        {"subject": "Tilbud på vedligeholdelse"}]
    assert len([m for m in messages(page) if "blev journaliseret som" in m]) == 2


def test_a_mail_is_filed_once_by_its_bytes_or_its_message_id(as_role, case, make_case, engine, tmp_path):
    b = as_role("sekretariat")
    file_mails(b, case, ("file", "svar.eml", samples.outlook_eml()))
    row = the_document(engine)
    number = f"{row['seq']:05d}/{row['year'] % 100:02d}"
    other = make_case(title="Et andet udbud", number="26/0001")
    again = file_mails(b, other, ("file", "svar igen.eml", samples.outlook_eml())).follow()
    assert f"»svar igen.eml« er allerede journaliseret i 25/0418 som {number}." in messages(again)
    # the same mail saved again (other bytes, same Message-ID)
    resaved = samples.outlook_eml(docx_text="En anden fil")
    again = file_mails(b, other, ("file", "gemt igen.eml", resaved)).follow()
    assert any("allerede journaliseret i 25/0418" in m for m in messages(again))
    assert len(rows(engine, "SELECT id FROM mail_messages")) == 1


def test_a_copy_in_a_confidential_case_is_not_revealed(as_role, make_case, engine, users, db):
    from rsi_case.cases.models import CaseGrant
    from rsi_case.cases.resources import find_case
    from rsi_case.numbering import CaseNumber
    secret = make_case(title="Personalesag", number="25/0999", confidential=True, responsible_id=users["admin"])
    with db() as s:
        c = find_case(s, CaseNumber.parse("25/0999"))
        c.grants.append(CaseGrant(principal=f"user:{users['admin']}", role="ejer"))
    file_mails(as_role("admin"), secret, ("file", "fortroligt.eml", samples.gmail_base64()))
    assert as_role("sekretariat").get(f"/cases/{secret.slug}", status=404)
    open_case = make_case(title="Åben sag", number="25/0420")
    b = as_role("sekretariat")
    page = file_mails(b, open_case, ("file", "samme.eml", samples.gmail_base64())).follow()
    text = " ".join(messages(page))
    assert "25/0999" not in text and "allerede" not in text and "blev journaliseret som" in text
    assert len(rows(engine, "SELECT id FROM mail_messages")) == 2


@pytest.mark.parametrize("name,data,says", [
    ("tom.eml", b"", "er tom"),
    ("støj.eml", b"\x00\x01\x02 ikke en mail \xff" * 50, "kunne ikke læses som en mail"),
    ("tekst.eml", b"Bare noget tekst uden nogen brevhoved\r\n", "kunne ikke læses som en mail"),
    ("ødelagt.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "kunne ikke læses som en mail"),
    ("notat.pdf", PDF, "er ikke en mailfil"),
])
def test_what_is_not_a_readable_mail_is_refused_in_danish(as_role, case, engine, name, data, says):
    page = file_mails(as_role("sekretariat"), case, ("file", name, data)).follow()
    assert any(says in m and name in m for m in messages(page)), messages(page)
    assert rows(engine, "SELECT id FROM documents") == []


def test_a_mail_over_the_upload_limit_is_refused(as_role, case, engine, settings):
    big = samples.outlook_eml(extra_attachments=[("stor.pdf", "application/pdf", PDF + b"0" * (3 * 1024 * 1024))])
    page = file_mails(as_role("sekretariat"), case, ("file", "stor.eml", big), status=(303, 413)).maybe_follow()
    assert "større end" in page.text or "for stor" in page.text
    assert rows(engine, "SELECT id FROM documents") == []


def test_blocked_and_bomb_attachments_are_left_out_and_the_rest_filed(as_role, case, engine):
    exe = b"MZ\x90\x00" + b"\x00" * 60
    bomb = bombs.flat_bomb(64)
    data = samples.outlook_eml(extra_attachments=[("opdatering.exe", "application/octet-stream", exe),
                                                  ("makro.js", "text/javascript", b"WScript.Echo(1)"),
                                                  ("bombe.docx", "application/octet-stream", bomb)])
    b = as_role("sekretariat")
    file_mails(b, case, ("file", "farlig.eml", data))
    row = the_document(engine)
    names = [a["filename"] for a in rows(engine, "SELECT filename FROM attachments ORDER BY id")]
    assert names == ["image001.png", "Bemærkninger til økonomien.pdf", "Svar fra Region Midtjylland.docx"]
    panel = b.get(doc_url(row)).html.select_one(".mail-headers").get_text(" ", strip=True)
    assert "»opdatering.exe« blev ikke vedhæftet: programmer og scripts vedhæftes aldrig" in panel
    assert "»makro.js« blev ikke vedhæftet" in panel and "»bombe.docx« blev ikke vedhæftet" in panel
    assert "Den er gemt i den oprindelige mail." in panel


def test_remote_images_are_not_fetched(as_role, case, engine):
    data = ("From: nyhedsbrev@leverandoer.example\r\nTo: sekretariat@rsi-sag.dk\r\nSubject: Nyhedsbrev\r\n"
            "Date: Tue, 1 Dec 2026 10:00:00 +0100\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
            "<p>Nyt fra os <img src=\"https://track.example/p.gif?id=42\" width=1 height=1>"
            "<img src=\"http://cdn.example/logo.png\" alt=\"Leverandørens logo\"></p>").encode()
    b = as_role("sekretariat")
    file_mails(b, case, ("file", "nyhed.eml", data))
    view = b.get(doc_url(the_document(engine)))
    body = str(view.html.select_one("article.memo"))
    assert "track.example" not in body and "cdn.example" not in body and "[Leverandørens logo]" in body
    assert "2 billeder i mailen lå på afsenderens webserver; de hentes ikke" in view.html.select_one(".mail-headers").get_text()


def test_a_mail_without_date_or_sender_and_with_a_broken_charset_is_filed_with_notes(as_role, case, engine):
    data = ("To: sekretariat@rsi-sag.dk\r\nSubject: Uden afsender\r\n"
            "Content-Type: text/plain; charset=x-ukendt-tegnsaet\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            "Økonomien er gået i orden.\r\n").encode("cp1252")
    b = as_role("sekretariat")
    file_mails(b, case, ("file", "uden.eml", data))
    row = the_document(engine)
    assert row["sent_at"] is None and row["doc_date"] is not None
    view = b.get(doc_url(row))
    assert "Økonomien er gået i orden." in view.html.select_one("article.memo").get_text()
    panel = view.html.select_one(".mail-headers").get_text(" ", strip=True)
    assert "Mailen nævner ingen afsender." in panel and "ingen læsbar dato" in panel and "x-ukendt-tegnsaet" in panel


def test_mails_without_subject_get_a_title_and_a_winmail_dat_is_explained(as_role, case, engine):
    data = ("From: a@b.example\r\nTo: c@d.example\r\nDate: Tue, 1 Dec 2026 10:00:00 +0100\r\n"
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
            "Content-Type: text/plain\r\n\r\nSe vedhaeftet.\r\n--B\r\nContent-Type: application/ms-tnef; name=winmail.dat\r\n"
            "Content-Disposition: attachment; filename=winmail.dat\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            "eJ8+IgAAAQ==\r\n--B--\r\n").encode()
    b = as_role("sekretariat")
    file_mails(b, case, ("file", "x.eml", data))
    row = the_document(engine)
    assert row["title"] == "(uden emne)"
    assert rows(engine, "SELECT id FROM attachments") == []
    assert "winmail.dat" in b.get(doc_url(row)).html.select_one(".mail-headers").get_text()


def test_only_who_may_add_documents_files_mail(as_role, case, make_case, engine):
    board = as_role("styregruppe")
    assert board.get(f"/cases/{case.slug}").html.select_one("#journaliser") is None
    token = board.csrf_token(f"/cases/{case.slug}")
    board.post(f"/cases/{case.slug}/mail", {"csrf_token": token}, upload_files=[("file", "a.eml", samples.gmail_base64())],
               status=(403, 404))
    archived = make_case(title="Arkiveret", number="20/0001", status="arkiveret")
    b = as_role("sekretariat")
    b.post(f"/cases/{archived.slug}/mail", {"csrf_token": b.csrf_token("/")},
           upload_files=[("file", "a.eml", samples.gmail_base64())], status=(403, 404))
    b.post(f"/cases/{case.slug}/mail", upload_files=[("file", "a.eml", samples.gmail_base64())], status=(400, 403))
    assert rows(engine, "SELECT id FROM documents") == []


def test_a_mail_document_is_not_offered_as_a_new_kind_but_keeps_its_kind_when_revised(as_role, case, engine):
    b = as_role("sekretariat")
    chooser = b.get(f"/cases/{case.slug}/documents/new")
    assert "kind=email" not in chooser.text
    b.get(f"/cases/{case.slug}/documents/new", params={"kind": "email"})  # no form for it: the chooser again
    file_mails(b, case, ("file", "svar.eml", samples.gmail_base64()))
    row = the_document(engine)
    b.post(doc_url(row) + "/new-version", {"csrf_token": b.csrf_token(doc_url(row)), "base_version": 1})
    options = [o["value"] for o in b.get(doc_url(row) + "/edit").html.select("select[name=kind] option")]
    assert "email" in options and "notat" in options


def test_the_case_page_offers_the_upload_and_drop(as_role, case):
    page = as_role("sekretariat").get(f"/cases/{case.slug}")
    form = page.html.select_one("#journaliser form.mail-drop")
    assert form["action"].endswith(f"/cases/{case.slug}/mail") and form["data-drop-label"]
    field = form.select_one("input[type=file][name=file][multiple]")
    assert ".eml" in field["accept"] and ".msg" in field["accept"]
    assert form.select_one(f"label[for={field['id']}]") is not None


def test_a_filed_mail_goes_to_word_with_its_text(as_role, case, engine):
    import io

    import docx

    b = as_role("sekretariat")
    file_mails(b, case, ("file", "svar.eml", samples.outlook_eml()))
    row = the_document(engine)
    exported = b.get(doc_url(row) + "/export.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(exported.body)).paragraphs)
    assert "godkender tidsplanen for udbuddet af røntgenudstyr" in text
    assert row["title"] in text


def test_fra_and_til_find_mails_by_their_parties(as_role, case, engine):
    b = as_role("sekretariat")
    file_mails(b, case, ("file", "svar.eml", samples.outlook_eml()), ("file", "re.eml", samples.thunderbird_reply()))
    outlook = "SV: Tidsplan for udbud af røntgenudstyr (sag 25/0418)"
    reply = "Re: SV: Tidsplan for udbud af røntgenudstyr"

    def found(q):
        page = b.get("/search", params={"q": q})
        return {a.get_text(strip=True) for a in page.html.select(".search-results a.fs-5")}

    assert found("fra:Østergård") == {outlook}
    assert found("fra:rm.example") == {outlook}
    assert found("fra:aase.oestergaard@rm.example") == {outlook}
    assert found("til:aase.oestergaard@rm.example") == {reply}
    assert found("til:regionh.example") == {outlook}  # a Cc is a recipient too
    assert found("afsender:sekretariat@rsi-sag.dk") == {reply}
    assert found("fra:ukendt.example") == set()
    assert found("røntgenudstyr fra:rsi-sag.dk") == {reply}
    assert found("fra:rsi-sag.dk røntgenudstyr") == {reply}
    assert found("Østergård") >= {reply}  # without a field, names are text of the body as ever


def test_the_case_page_lists_the_parties_of_its_mails(as_role, case, make_case, engine):
    b = as_role("sekretariat")
    assert b.get(f"/cases/{case.slug}").html.select_one("#parter") is None  # no mails, no parties
    regional = samples.outlook_eml().replace(b"aase.oestergaard@rm.example", b"aase.oestergaard@rm.dk")
    reply = samples.thunderbird_reply().replace(b"aase.oestergaard@rm.example", b"aase.oestergaard@rm.dk")
    file_mails(b, case, ("file", "svar.eml", regional), ("file", "re.eml", reply))
    card = b.get(f"/cases/{case.slug}").html.select_one("#parter")
    assert card.find("h2").get_text(strip=True) == "Parter (4)"  # Åse, the secretariat (one address, two names), Søren, Jens
    parties = {li.find("a").get_text(strip=True): li for li in card.select("li")}
    aase = parties["Åse Ærø Østergård"]
    assert "aase.oestergaard@rm.dk" in aase.get_text() and "Region Midtjylland" in aase.get_text()
    assert "afsender (1) · modtager (1)" in aase.get_text()
    assert "fra%3Aaase.oestergaard%40rm.dk" in aase.find("a")["href"]
    assert "kopi (1)" in parties["Bæk, Søren"].get_text() and "regionh.example" in parties["Bæk, Søren"].get_text()
    # the board reads the case: the same parties (mails are final); another case has none of them
    assert b.get(f"/cases/{make_case(title='Andet', number='26/0002').slug}").html.select_one("#parter") is None


def test_the_aktliste_lists_a_mails_parties_and_who_filed_it_not_its_sender_as_case_worker(as_role, case, engine,
                                                                                             make_document):
    """The case page's document list and the case file in Word: a mail's Fra
    and Til under its title; its case worker (Sagsbehandler) is who filed it."""
    import io

    import docx

    make_document(case, title="Notat om tidsplan", author_name="Mette Sekretær")
    b = as_role("sekretariat")  # full name "Test Sekretariat"
    file_mails(b, case, ("file", "svar.eml", samples.outlook_eml()))
    row = the_document(engine)
    page = b.get(f"/cases/{case.slug}")
    lines = {tr.find("a").get_text(strip=True): tr for tr in page.html.select("table.aktliste tbody tr")}
    mail_row = lines[f"{row['seq']:05d}/{row['year'] % 100:02d}"]
    cells = [td.get_text(" ", strip=True) for td in mail_row.find_all("td")]
    parties = " ".join(mail_row.select_one(".parties").get_text().split())
    assert "Fra: Åse Ærø Østergård <aase.oestergaard@rm.example>" in parties
    assert "Til:" in parties and "@" in parties.split("Til:")[1]
    assert cells[4] == "Test Sekretariat"  # the Sagsbehandler column: who filed it
    assert "Åse" not in cells[4]
    memo_row = next(tr for tr in lines.values() if "Notat om tidsplan" in tr.get_text())
    assert memo_row.select_one(".parties") is None and "Mette Sekretær" in memo_row.get_text()

    exported = docx.Document(io.BytesIO(b.get(f"/cases/{case.slug}/export.docx").body))
    aktliste = exported.tables[1]  # after the cover's table
    text = {r.cells[1].text: r.cells[3].text for r in aktliste.rows[1:]}
    mail_cell = text[f"{row['seq']:05d}/{row['year'] % 100:02d}"]
    assert row["title"] in mail_cell and "Fra: Åse Ærø Østergård <aase.oestergaard@rm.example>" in mail_cell
    assert "Til: " in mail_cell
    # the mail's header block in the case file: its parties, and the filer as Sagsbehandler
    blocks = ["\n".join(" | ".join(c.text for c in r.cells) for r in t.rows) for t in exported.tables[2:]]
    mail_block = next(bl for bl in blocks if f"{row['seq']:05d}/{row['year'] % 100:02d}" in bl)
    assert "Fra | Åse Ærø Østergård" in mail_block and "Sagsbehandler | Test Sekretariat" in mail_block
    assert "aase.oestergaard@rm.example" not in mail_block.split("Sagsbehandler")[1]


def tnef(files, *, break_checksum: bool = False) -> bytes:
    """A minimal Outlook winmail.dat (TNEF, [MS-OXTNEF]) holding ``files``
    ((name, bytes) pairs), written here by hand: tnefparse only reads."""
    import struct

    def attribute(level, attr_id, attr_type, data):
        checksum = (sum(data) + (1 if break_checksum else 0)) & 0xFFFF
        return struct.pack("<BHHI", level, attr_id, attr_type, len(data)) + data + struct.pack("<H", checksum)

    out = struct.pack("<IH", 0x223E9F78, 0x0001)  # signature, legacy key
    out += attribute(1, 0x9006, 0x0008, struct.pack("<I", 0x00010000))  # attTnefVersion
    out += attribute(1, 0x9007, 0x0006, struct.pack("<II", 1252, 0))  # attOemCodepage
    for name, data in files:
        out += attribute(2, 0x9002, 0x0006, struct.pack("<HiiI", 1, -1, 0, 0))  # attAttachRendData: a new attachment
        out += attribute(2, 0x8010, 0x0001, name.encode("utf-8") + b"\x00")  # attAttachTitle
        out += attribute(2, 0x800F, 0x0006, data)  # attAttachData
    return out


def _mail_with_winmail(winmail: bytes) -> bytes:
    import base64

    encoded = base64.encodebytes(winmail).decode().replace("\n", "\r\n")
    return ("From: Outlook Bruger <bruger@rm.example>\r\nTo: sekretariat@rsi-sag.dk\r\nSubject: Bilag fra Outlook\r\n"
            "Date: Tue, 1 Dec 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nSe vedhæftede.\r\n--B\r\n"
            "Content-Type: application/ms-tnef; name=winmail.dat\r\n"
            "Content-Disposition: attachment; filename=winmail.dat\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + encoded + "--B--\r\n").encode()


def test_an_outlook_winmail_dat_is_unpacked_into_the_mails_attachments(as_role, case, engine):
    memo = "Referat: Øresundsbroen og hjertekirurgien drøftet.".encode()
    b = as_role("sekretariat")
    file_mails(b, case, ("file", "outlook.eml", _mail_with_winmail(tnef([
        ("Referat fra mødet.txt", memo), ("Tidsplan.pdf", PDF), ("værktøj.exe", b"MZ\x90\x00" + b"\x00" * 60)]))))
    row = the_document(engine)
    names = {r["filename"]: r for r in rows(engine, "SELECT filename, size FROM attachments")}
    assert set(names) == {"Referat fra mødet.txt", "Tidsplan.pdf"}  # the program is left out, as in any mail
    assert names["Referat fra mødet.txt"]["size"] == len(memo)
    panel = b.get(doc_url(row)).html.select_one(".mail-headers").get_text(" ")
    assert "værktøj.exe" in panel and "winmail.dat" not in panel
    assert f"/documents/{doc_url(row).rsplit('/', 1)[1]}" in b.get("/search", params={"q": "Øresundsbroen"}).text


def test_an_unreadable_winmail_dat_is_kept_with_its_note(as_role, case, engine):
    b = as_role("sekretariat")
    file_mails(b, case, ("file", "outlook.eml", _mail_with_winmail(tnef([("a.txt", b"hej")], break_checksum=True))))
    row = the_document(engine)
    assert rows(engine, "SELECT id FROM attachments") == []
    assert "winmail.dat" in b.get(doc_url(row)).html.select_one(".mail-headers").get_text()
