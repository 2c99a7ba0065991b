"""The meeting pack beyond the whole-meeting .docx: one item as Word, sending
the pack to the board (kept as sent, as the board reads it), an addendum
with exactly what changed on sending again, and who may do what."""

from __future__ import annotations

import re

import sqlalchemy as sa

from tests.conftest import count
from tests.functional.test_meetings import meeting_id, new_meeting, post
from tests.office import check_package, flat, pdf_text, read_back, to_pdf


def new_version(db, users, number, body, status="endelig"):
    """A new version of a document (a new final text, or a draft on top of a final one)."""
    from rsi_case.documents.resources import find_document
    from rsi_case.documents.versions import save_version, state_of
    from rsi_case.security.models import User

    with db() as s:
        doc = find_document(s, number)
        state = dict(state_of(doc), status=status)
        save_version(s, doc, user=s.get(User, users["sekretariat"]), state=state, body_html=body, base=doc.version)


def ids(engine, table, key="title"):
    with engine.connect() as conn:
        return dict(conn.execute(sa.text(f"SELECT {key}, id FROM {table}")).all())


def set_papers(b, mid, item, *documents):
    data = [("csrf_token", b.csrf_token(f"/meetings/{mid}")), ("papers", "1"), ("item", str(item))]
    b.post(f"/meetings/{mid}", data + [("document", str(d)) for d in documents], status=303)


def send(b, mid):
    """Press "Send mødemappen" / "Send ændringerne" on the meeting page as it is now; the flash shown after."""
    page = b.get(f"/meetings/{mid}")
    form = page.forms["send-pack-form"]
    r = form.submit("send_pack", status=303)
    return flash(r.follow())


def flash(page) -> str:
    return " ".join(a.get_text(" ", strip=True) for a in page.html.select(".alert:not(#awaited-papers)"))


def styles(d, name):
    return [p.text for p in d.paragraphs if p.style.name == name]


def everything(d) -> str:
    return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])


def a_meeting(as_role, make_case, make_document, engine, db, users):
    """A meeting about telephony with a final paper, a draft paper, a final paper with a draft
    on top, an item about a confidential case (a board member holds a grant on it; the secretariat
    user does not: a closed item for them) and one without papers."""
    from rsi_case.cases.models import CaseGrant
    from rsi_case.cases.resources import find_case
    from rsi_case.documents.resources import find_document
    from rsi_case.meetings import services
    from rsi_case.meetings.models import Meeting

    case = make_case(title="Fælles telefoni")
    docs = {
        "paper": make_document(case, title="Beslutningsoplæg om telefoni", status="endelig",
                               body="<p>Aftalen koster 4 mio. kr.</p>"),
        "plan": make_document(case, title="Tidsplan for telefoni", status="endelig", body="<p>Tidsplan, første udgave.</p>"),
        "draft": make_document(case, title="Udkast til kontrakt", status="kladde", body="<p>Udkast.</p>"),
        "risks": make_document(case, title="Notat om risici", status="endelig", body="<p>Risici som vedtaget.</p>"),
        "later": make_document(case, title="Notat om support", status="endelig", body="<p>Support døgnet rundt.</p>"),
    }
    new_version(db, users, docs["risks"], "<p>Hemmeligt nyt udkast om risici.</p>", status="kladde")
    secret = make_case(title="Hemmelig fusion af datacentre", confidential=True)
    docs["secret"] = make_document(secret, title="Fortroligt oplæg om fusion", status="endelig",
                                   body="<p>Fusionen er hemmelig.</p>")
    sek = as_role("sekretariat")
    mid = meeting_id(new_meeting(sek))
    post(sek, mid, add_item="1", title="Godkendelse af dagsorden", case="", recommendation="")
    post(sek, mid, add_item="1", title="Aftalen om fælles telefoni", case=str(case),
         recommendation="Det indstilles, at styregruppen godkender aftalen.")
    post(sek, mid, add_item="1", title="Eventuelt", case="", recommendation="")
    items = ids(engine, "agenda_items")
    with db() as s:
        doc_ids = {k: find_document(s, n).id for k, n in docs.items()}
        meeting = s.get(Meeting, mid)
        closed = services.add_item(s, meeting, title="Forhandling om fusion", case=find_case(s, secret),
                                   recommendation="Formanden bemyndiges til at forhandle.")
        services.set_papers(s, closed, [doc_ids["secret"]])
        secret_case = find_case(s, secret)
        secret_case.grants.append(CaseGrant(principal=f"user:{users['styregruppe']}", role="laeser"))
        items["closed"] = closed.id
    set_papers(sek, mid, items["Aftalen om fælles telefoni"], doc_ids["paper"], doc_ids["plan"], doc_ids["draft"],
               doc_ids["risks"])
    return sek, mid, items, docs, doc_ids


def test_an_item_exports_alone_with_its_papers_as_numbered_annexes(as_role, make_case, make_document, engine, db,
                                                                    users):
    sek, mid, items, docs, _ids = a_meeting(as_role, make_case, make_document, engine, db, users)
    item = items["Aftalen om fælles telefoni"]
    page = sek.get(f"/meetings/{mid}").text
    # (the closed item has no Word file of its own for those who may not open its case)
    assert page.count("Punktet til Word") == 3 and f"/meetings/{mid}/items/{item}.docx" in page
    assert f"/meetings/{mid}/items/{items['closed']}.docx" not in page
    r = sek.get(f"/meetings/{mid}/items/{item}.docx")
    check_package(r.body)
    assert "punkt 2.docx" in r.headers["Content-Disposition"]
    d = read_back(r.body)
    assert styles(d, "Title") == ["Punkt 2: Aftalen om fælles telefoni"]
    assert styles(d, "RSI Dokumentstart") == ["Bilag 2.1: Beslutningsoplæg om telefoni", "Bilag 2.2: Tidsplan for telefoni",
                                              "Bilag 2.3: Udkast til kontrakt", "Bilag 2.4: Notat om risici"]
    text = everything(d)
    assert "Det indstilles, at styregruppen godkender aftalen." in text and "Fælles telefoni" in text
    assert "Godkendelse af dagsorden" not in text and "Hemmeligt nyt udkast om risici." in text  # the secretariat reads drafts
    # the board's item: final versions only
    board = as_role("styregruppe")
    b = read_back(board.get(f"/meetings/{mid}/items/{item}.docx").body)
    # (the same labels as the secretariat's: the draft keeps its place as a paper that follows, untitled)
    assert styles(b, "RSI Dokumentstart") == ["Bilag 2.1: Beslutningsoplæg om telefoni",
                                              "Bilag 2.2: Tidsplan for telefoni", "Bilag 2.4: Notat om risici"]
    assert "Risici som vedtaget." in everything(b) and "Hemmeligt" not in everything(b)
    assert styles(b, "List Paragraph") == [
        f"Bilag 2.1: {docs['paper']} Beslutningsoplæg om telefoni", f"Bilag 2.2: {docs['plan']} Tidsplan for telefoni",
        "Bilag 2.3 eftersendes (det er endnu en kladde).", f"Bilag 2.4: {docs['risks']} Notat om risici"]
    assert "Udkast til kontrakt" not in everything(b) and "Ingen bilag" not in everything(b)
    # the secretariat's own list says which paper the board gets later
    assert f"Bilag 2.3: {docs['draft']} Udkast til kontrakt (kladde: eftersendes til styregruppen, når det er " \
           "endeligt)" in styles(d, "List Paragraph")
    # an item about a confidential case: for those who may not open the case it has no export (as an unknown
    # item); the board member with a grant gets it with its case and paper
    closed = items["closed"]
    for who in ("arkivar", "sekretariat"):
        r = as_role(who).get(f"/meetings/{mid}/items/{closed}.docx", status=404)
        assert "Siden blev ikke fundet" in r.text and "fusion" not in r.text.lower()
    granted = everything(read_back(board.get(f"/meetings/{mid}/items/{closed}.docx").body))
    assert "Fortroligt oplæg om fusion" in granted and "Forhandling om fusion" in granted
    # an item that is not on this agenda (withdrawn, another meeting's, unknown, not a number): the not-found page
    post(sek, mid, withdraw="1", item=str(items["Eventuelt"]))
    other = meeting_id(new_meeting(sek, date="11-12-2026"))
    post(sek, other, add_item="1", title="Andet møde", case="", recommendation="")
    foreign = ids(engine, "agenda_items")["Andet møde"]
    for bad in (items["Eventuelt"], foreign, 999999, "x", "1" * 12):
        r = sek.get(f"/meetings/{mid}/items/{bad}.docx", status=404)
        assert "Siden blev ikke fundet" in r.text
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'export'") == 3  # (the 404s export nothing)


def test_sending_keeps_the_pack_as_the_board_reads_it_in_the_meetings_case(as_role, make_case, make_document, engine,
                                                                           db, users):
    sek, mid, items, docs, _ids = a_meeting(as_role, make_case, make_document, engine, db, users)
    assert "Mødemappen er ikke udsendt til styregruppen endnu." in sek.get(f"/meetings/{mid}").text
    board = as_role("styregruppe")
    assert 'name="send_pack"' not in board.get(f"/meetings/{mid}").text
    assert post(board, mid, send_pack="1", last="").status_int == 403
    message = send(sek, mid)
    assert re.match(r"Mødemappen er udsendt og gemt som dokument \d{5}/\d{2}\.", message)
    with engine.connect() as conn:
        row = conn.execute(sa.text(
            "SELECT d.id, d.kind, d.status, d.title, c.title, a.sha256, a.filename, s.kind, s.sha256, s.snapshot, "
            "m.state FROM pack_sendings s JOIN documents d ON d.id = s.document_id JOIN cases c ON c.id = d.case_id "
            "JOIN attachments a ON a.document_id = d.id JOIN meetings m ON m.id = s.meeting_id")).one()
    (doc_id, kind, status, title, case_title, sha, filename, sending_kind, sending_sha, snapshot, state) = row
    assert (kind, status, title, case_title) == ("dagsorden", "endelig", "Mødemappe til Styregruppemøde 10-12-2026",
                                                "Styregruppemøder 2026")
    assert sending_kind == "pack" and sha == sending_sha and filename.endswith("Mødemappe til Styregruppemøde 10-12-2026.docx")
    assert state == "dagsorden_udsendt"  # the agenda went out with the pack
    import json

    snapshot = snapshot if isinstance(snapshot, dict) else json.loads(snapshot)  # PostgreSQL's driver decodes JSON
    assert [(i["number"], i["title"], bool(i["case"])) for i in snapshot["items"]] == [
        (1, "Godkendelse af dagsorden", False), (2, "Aftalen om fælles telefoni", True), (3, "Eventuelt", False),
        (4, "", False)]  # the closed item: its number, nothing else
    assert [i.get("closed", False) for i in snapshot["items"]] == [False, False, False, True]
    assert "fusion" not in json.dumps(snapshot, ensure_ascii=False).lower()
    assert [(p["annex"], p["title"], p["version_number"]) for p in snapshot["papers"]] == [
        ("2.1", "Beslutningsoplæg om telefoni", 1), ("2.2", "Tidsplan for telefoni", 1), ("2.4", "Notat om risici", 1)]
    assert all(p["version"] for p in snapshot["papers"])
    # the page lists the sending; the board downloads exactly the bytes sent
    page = board.get(f"/meetings/{mid}")
    line = page.html.select_one("#mappe li").get_text(" ", strip=True)
    assert re.match(r"Mødemappe udsendt \d\d-\d\d-\d{4} kl\. \d\d:\d\d af Test Sekretariat", line)
    link = page.html.select_one("#mappe a[href*='/sendings/']")["href"]
    sent = board.get(link)
    assert sent.content_type.endswith("wordprocessingml.document") and "attachment" in sent.headers["Content-Disposition"]
    import hashlib

    assert hashlib.sha256(sent.body).hexdigest() == sha
    check_package(sent.body)
    d = read_back(sent.body)
    text = everything(d)
    assert "Udsendt til styregruppen" in text and "Udskrevet" not in text
    assert styles(d, "RSI Dokumentstart") == [
        "Dagsorden", "Punkt 1: Godkendelse af dagsorden", "Punkt 2: Aftalen om fælles telefoni",
        "Bilag 2.1: Beslutningsoplæg om telefoni", "Bilag 2.2: Tidsplan for telefoni", "Bilag 2.4: Notat om risici",
        "Punkt 3: Eventuelt", "Punkt 4: Lukket punkt"]
    assert "Bilag 2.3 eftersendes (det er endnu en kladde)." in styles(d, "List Paragraph")
    # no draft, no draft text, nothing confidential — although the sender reads drafts and a board member has a grant
    assert "Udkast til kontrakt" not in text and "Hemmeligt" not in text and "Risici som vedtaget." in text
    assert "Hemmelig fusion" not in text and "Fortroligt oplæg" not in text and "dagsorden udsendt" in text
    assert "Forhandling om fusion" not in text and "bemyndiges" not in text
    # the board member's own download: what they may read, the closed item (they hold a grant) included
    own = everything(read_back(board.get(f"/meetings/{mid}/pack.docx").body))
    assert "Fortroligt oplæg om fusion" in own and "Forhandling om fusion" in own
    # the stored document: in the meetings case, final, readable by the board with the file attached
    doc_page = board.get(page.html.select_one("#mappe a.number")["href"]).text
    assert "Mødemappe til Styregruppemøde 10-12-2026" in doc_page and "Aftalen om fælles telefoni" in doc_page
    # later edits do not change what was sent
    new_version(db, users, docs["plan"], "<p>Tidsplan, anden udgave.</p>")
    post(sek, mid, add_item="1", title="Orientering om cyberangreb", case="", recommendation="")
    assert board.get(link).body == sent.body
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT sha256 FROM attachments WHERE document_id = :d"), {"d": doc_id}).scalar() == sha
    # the sent pack is locked: no one edits it, starts a new version of it or attaches another file
    admin = as_role("admin")
    doc_url = page.html.select_one("#mappe a.number")["href"]
    assert "låst" in admin.get(doc_url).text
    admin.get(doc_url + "/edit", status=403)
    admin.post(doc_url + "/new-version", {"csrf_token": admin.csrf_token(doc_url)}, status=403)
    actions = [a for (a,) in engine.connect().execute(sa.text(
        "SELECT action FROM audit_log WHERE action IN ('meeting_state', 'meeting_pack_send', 'document_create') "
        "ORDER BY id")).all()]
    assert actions == ["meeting_state", "document_create", "meeting_pack_send"]


def test_sending_again_sends_an_addendum_with_exactly_what_changed(as_role, make_case, make_document, engine, db,
                                                                   users, tmp_path):
    from rsi_case.meetings.models import AgendaItem

    sek, mid, items, docs, doc_ids = a_meeting(as_role, make_case, make_document, engine, db, users)
    send(sek, mid)
    first = ids(engine, "pack_sendings", key="kind")["pack"]
    # nothing new for the board: a new draft of a paper is not something it reads
    new_version(db, users, docs["paper"], "<p>Et udkast, styregruppen ikke ser.</p>", status="kladde")
    assert send(sek, mid).startswith("Intet er ændret siden mødemappen udsendt ")
    assert count(engine, "SELECT COUNT(*) FROM pack_sendings") == 1
    # the changes: a new final version, a paper removed and one added, a withdrawn item, a changed
    # recommendation, a late item with its own paper
    new_version(db, users, docs["plan"], "<p>Tidsplan, anden udgave: go-live i marts.</p>")
    telefoni = items["Aftalen om fælles telefoni"]
    set_papers(sek, mid, telefoni, doc_ids["plan"], doc_ids["risks"], doc_ids["later"])  # 2.1 out, support in
    post(sek, mid, withdraw="1", item=str(items["Godkendelse af dagsorden"]))
    with db() as s:
        s.get(AgendaItem, items["Eventuelt"]).recommendation = "Intet at bemærke."
    case = make_case(title="Sikkerhed efter cyberangreb")
    late_paper = make_document(case, title="Orientering om cyberangreb", status="endelig", body="<p>Angrebet blev afværget.</p>")
    post(sek, mid, add_item="1", title="Cyberangreb", case=str(case), recommendation="Til orientering.")
    late = ids(engine, "agenda_items")["Cyberangreb"]
    set_papers(sek, mid, late, ids(engine, "documents")["Orientering om cyberangreb"])
    message = send(sek, mid)
    assert re.match(r"Ændringerne er udsendt som et tillæg, gemt som dokument \d{5}/\d{2}\.", message)
    with engine.connect() as conn:
        sha, kind, title, doc_kind = conn.execute(sa.text(
            "SELECT s.sha256, s.kind, d.title, d.kind FROM pack_sendings s JOIN documents d ON d.id = s.document_id "
            "WHERE s.id != :first"), {"first": first}).one()
    assert kind == "addendum" and doc_kind == "dagsorden"
    assert re.match(r"Tillæg til mødemappe til Styregruppemøde 10-12-2026: ændringer siden \d\d-\d\d-\d{4}$", title)
    page = sek.get(f"/meetings/{mid}")
    assert [li.get_text(" ", strip=True).split(" udsendt")[0] for li in page.html.select("#mappe li")] == [
        "Mødemappe", "Tillæg"]
    data = sek.get(page.html.select("#mappe a[href*='/sendings/']")[1]["href"]).body
    check_package(data)
    d = read_back(data)
    assert d.paragraphs[1].text.startswith("Ændringer siden mødemappen af ")
    sections = {}
    current = None
    for p in d.paragraphs:
        if p.style.name == "Heading 1":
            current = sections.setdefault(p.text, [])
        elif p.style.name == "List Paragraph" and current is not None:
            current.append(p.text)
        elif p.style.name == "Heading 2":
            current = None
    assert sections == {
        "Nye punkter": ["Punkt 4: Cyberangreb (tilføjet efter udsendelse af dagsordenen)"],
        "Trukne punkter": ["Punkt 1: Godkendelse af dagsorden er trukket"],
        "Ændrede punkter": ["Punkt 2: Eventuelt (ændret: Ny indstilling)"],
        "Omnummererede punkter": ["Punkt 2 er nu punkt 1: Aftalen om fælles telefoni",
                                  "Punkt 3 er nu punkt 2: Eventuelt", "Punkt 4 er nu punkt 3: Lukket punkt"],
        "Nye bilag": [f"Bilag 1.3: {docs['later']} Notat om support"],
        "Udgåede bilag": [f"Bilag 2.1: {docs['paper']} Beslutningsoplæg om telefoni indgår ikke længere i mødemappen"],
        "Bilag i ny version": [f"Bilag 1.1: {docs['plan']} Tidsplan for telefoni, version 2 (før version 1)"],
    }
    # only the new and changed texts follow, each from a new page
    assert styles(d, "RSI Dokumentstart") == [
        "Punkt 4: Cyberangreb", "Bilag 4.1: Orientering om cyberangreb", "Bilag 1.3: Notat om support",
        "Bilag 1.1: Tidsplan for telefoni (version 2)"]
    text = everything(d)
    assert "Intet at bemærke." in text and "go-live i marts" in text and "Angrebet blev afværget." in text
    assert "Aftalen koster 4 mio. kr." not in text and "Risici som vedtaget." not in text  # unchanged: not again
    assert "Et udkast, styregruppen ikke ser." not in text and "Hemmelig" not in text and str(late_paper)
    pdf = pdf_text(to_pdf(data, tmp_path, "tillaeg"))
    assert "Ændringer siden mødemappen af" in flat(pdf) and "go-live i marts" in flat(pdf)
    # the next addendum compares with this one: nothing has changed since
    assert send(sek, mid).startswith("Intet er ændret siden mødemappen udsendt ")
    # a stale page (sent meanwhile by someone else) sends nothing
    r = post(sek, mid, send_pack="1", last=str(first))
    assert "Mødemappen var blevet udsendt imens" in flash(r.follow())
    assert count(engine, "SELECT COUNT(*) FROM pack_sendings") == 2
    assert count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'meeting_pack_send'") == 2
    # once the meeting is held, the pack is what it was
    post(sek, mid, advance="1", **{"from": "dagsorden_udsendt"})
    assert 'name="send_pack"' not in sek.get(f"/meetings/{mid}").text
    last = ids(engine, "pack_sendings", key="kind")["addendum"]
    r = post(sek, mid, send_pack="1", last=str(last))
    assert "Mødet er afholdt: det kan ikke længere ændres." in flash(r.follow())
    assert count(engine, "SELECT COUNT(*) FROM pack_sendings") == 2 and sha


def test_an_empty_agenda_is_not_sent_and_the_meeting_stays_planned(as_role, engine):
    sek = as_role("sekretariat")
    mid = meeting_id(new_meeting(sek))
    assert send(sek, mid) == "Dagsordenen har ingen punkter: der er ingen mødemappe at udsende."
    assert count(engine, "SELECT COUNT(*) FROM meetings WHERE state = 'planlagt'") == 1
    assert count(engine, "SELECT COUNT(*) FROM documents") == 0


def test_a_sent_pack_is_refused_to_those_who_may_not_read_it(as_role, make_case, make_document, engine, db, users):
    sek, mid, items, docs, _ids = a_meeting(as_role, make_case, make_document, engine, db, users)
    send(sek, mid)
    sending = ids(engine, "pack_sendings", key="kind")["pack"]
    as_role("arkivar").get(f"/meetings/{mid}/sendings/{sending}.docx", status=200)
    other = meeting_id(new_meeting(sek, date="11-12-2026"))
    for url in (f"/meetings/{other}/sendings/{sending}.docx", f"/meetings/{mid}/sendings/999999.docx",
                f"/meetings/{mid}/sendings/x.docx"):
        sek.get(url, status=404)


def test_papers_still_drafts_are_named_as_following_and_sending_warns_first(as_role, make_case, make_document,
                                                                            engine, db, users):
    """Issue 16, point 2: a draft paper is not silently missing from the board's pack. Every reader's pack
    (the page and Word) says that "Bilag 2.3" follows — with its title only for those who may read it —
    and pressing Send with drafts the sender has not been shown sends nothing and says which they are."""
    from rsi_case.documents.resources import find_document
    from rsi_case.meetings import services
    from rsi_case.meetings.models import AgendaItem

    sek, mid, items, docs, doc_ids = a_meeting(as_role, make_case, make_document, engine, db, users)
    # a draft in the confidential case, laid before the board under the closed item
    hidden = make_document(find_document_case(db, docs["secret"]), title="Fortroligt udkast om datacentre", status="kladde",
                           body="<p>Hemmeligt udkast.</p>")
    with db() as s:
        services.set_papers(s, s.get(AgendaItem, items["closed"]), [doc_ids["secret"], find_document(s, hidden).id])
    item = items["Aftalen om fælles telefoni"]
    # the page: the secretariat sees the draft as a draft that follows; the board its label only
    page = sek.get(f"/meetings/{mid}")
    lines = [li.get_text(" ", strip=True) for li in page.html.select(".agenda .card-body ul.small li")]
    assert f"Bilag 2.3: {docs['draft']} Udkast til kontrakt kladde: eftersendes til styregruppen" in lines
    board = as_role("styregruppe")
    archivist = as_role("arkivar")
    for who in (board, archivist):  # (the archivist reads drafts: its list names the draft)
        text = who.get(f"/meetings/{mid}").html.select_one(".agenda").get_text(" ", strip=True)
        assert "Fortroligt udkast" not in text and "Hemmeligt" not in text
    board_lines = [li.get_text(" ", strip=True) for li in
                   board.get(f"/meetings/{mid}").html.select(".agenda .card-body ul.small li")]
    assert "Bilag 2.3 eftersendes." in board_lines and "Udkast til kontrakt" not in " ".join(board_lines)
    # (the board member holds a grant on the confidential case: the closed item is open to them, its draft follows)
    assert "Bilag 4.2 eftersendes." in board_lines
    # the warning by the button: the drafts the board's pack will lack — not the closed item's
    warning = page.html.select_one("#awaited-papers")
    assert [li.get_text(" ", strip=True) for li in warning.select("li")] == [
        f"Bilag 2.3: {docs['draft']} Udkast til kontrakt"]
    assert "kladder" in warning.get_text() and "Send mødemappen uden kladderne" in page.text
    # pressing Send without having been shown them (an old page, a hand-made request): nothing is sent
    for seen in ("", "0123456789abcdef"):
        r = post(sek, mid, send_pack="1", last="", awaited=seen)
        message = flash(r.follow())
        assert message.startswith("Intet blev udsendt: Bilag 2.3 er kladder") and "4.2" not in message
    assert count(engine, "SELECT COUNT(*) FROM pack_sendings") == 0
    # a draft added after the page was shown: the token no longer fits
    shown = sek.get(f"/meetings/{mid}").forms["send-pack-form"]
    late_draft = make_document(find_document_case(db, docs["paper"]), title="Sent udkast", status="kladde", body="<p>Sent.</p>")
    with db() as s:
        services.set_papers(s, s.get(AgendaItem, item), [doc_ids[k] for k in ("paper", "plan", "draft", "risks")]
                            + [find_document(s, late_draft).id])
    r = shown.submit("send_pack", status=303)
    assert flash(r.follow()).startswith("Intet blev udsendt: Bilag 2.3, Bilag 2.5 er kladder")
    assert count(engine, "SELECT COUNT(*) FROM pack_sendings") == 0
    # with the list shown, pressing it sends; the pack says which papers follow, and names none of them
    assert send(sek, mid).startswith("Mødemappen er udsendt")
    link = board.get(f"/meetings/{mid}").html.select_one("#mappe a[href*='/sendings/']")["href"]
    sent = read_back(board.get(link).body)
    listed = styles(sent, "List Paragraph")
    assert "Bilag 2.3 eftersendes (det er endnu en kladde)." in listed
    assert "Bilag 2.5 eftersendes (det er endnu en kladde)." in listed
    text = everything(sent)
    assert "Udkast til kontrakt" not in text and "Sent udkast" not in text and "Fortroligt udkast" not in text
    assert "4.2" not in text and "Ingen bilag" not in text.split("Punkt 2: Aftalen")[1].split("Punkt 3:")[0]
    # the draft made final follows in the addendum under the label the pack promised
    new_version(db, users, docs["draft"], "<p>Kontrakten som endelig.</p>")
    send(sek, mid)
    addendum = read_back(board.get(board.get(f"/meetings/{mid}").html.select("#mappe a[href*='/sendings/']")[1]
                                   ["href"]).body)
    assert f"Bilag 2.3: {docs['draft']} Udkast til kontrakt" in styles(addendum, "List Paragraph")
    assert "Bilag 2.3: Udkast til kontrakt" in styles(addendum, "RSI Dokumentstart")


def find_document_case(db, number):
    from rsi_case.documents.resources import find_document

    with db() as s:
        return find_document(s, number).case.number


def test_the_minutes_name_papers_as_everyone_who_reads_the_meetings_case_reads_them(as_role, make_case, make_document,
                                                                                      engine, db, users):
    """The minutes are filed in the meetings case and read by the whole board: a draft paper
    keeps its place with no title, and a final paper with a new draft on top is named by the
    title of its final version, not the draft's (the packs' rule)."""
    from rsi_case.documents.resources import find_document
    from rsi_case.documents.versions import save_version, state_of
    from rsi_case.security.models import User

    sek, mid, items, docs, doc_ids = a_meeting(as_role, make_case, make_document, engine, db, users)
    with db() as s:  # the draft on top of "Notat om risici" gets a new working title
        doc = find_document(s, docs["risks"])
        state = state_of(doc)
        state["title"] = "Arbejdstitel: risici ved leverandørkonkurs"
        save_version(s, doc, user=s.get(User, users["sekretariat"]), state=state, body_html=doc.body_html,
                     base=doc.version)
    post(sek, mid, advance="1", **{"from": "planlagt"})
    post(sek, mid, advance="1", **{"from": "dagsorden_udsendt"})
    post(sek, mid, minutes="1")
    with engine.connect() as conn:
        body = conn.execute(sa.text("SELECT d.body_html FROM documents d JOIN meetings m "
                                    "ON m.minutes_document_id = d.id")).scalar()
    text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    assert f"Bilag 2.1: {docs['paper']} Beslutningsoplæg om telefoni" in text
    assert "Bilag 2.3: følger (er endnu et udkast)" in text
    assert f"Bilag 2.4: {docs['risks']} Notat om risici" in text
    for draft_word in ("Udkast til kontrakt", "Arbejdstitel", "leverandørkonkurs", str(docs["draft"])):
        assert draft_word not in body
    # approved, the board member reads the minutes and finds no draft title there either
    post(sek, mid, advance="1", **{"from": "afholdt"})
    with engine.connect() as conn:
        year, seq = conn.execute(sa.text("SELECT d.year, d.seq FROM documents d JOIN meetings m "
                                         "ON m.minutes_document_id = d.id")).one()
    page = as_role("styregruppe").get(f"/documents/{seq:05d}-{year % 100:02d}").text
    assert "Udkast til kontrakt" not in page and "Arbejdstitel" not in page
