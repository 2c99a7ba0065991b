"""CSRF, proven everywhere: every unsafe route refuses a forged request.

For each POST view of the application (the route list and its ``request_param``
variants come from the application, as in test_access_matrix.py), a user who
may post there sends a *valid* form — one that succeeds with a good token, which
is checked last — with

(a) no token, (b) a wrong token, (c) a token of another user's session,
(d) a token of the same user's other session, (e) a good token but
``Origin: https://evil.example``.

Each must answer 400 with the "form has expired" page, record a
``csrf_refused`` event, and change nothing: every table except ``audit_log``
(which gets those events) and the stored files are compared before and after.
"""

from __future__ import annotations

import atexit

import datetime as dt
import re
from pathlib import Path

import sqlalchemy as sa
import webtest

from rsi_case.demo.wordmemo import SAMPLE, build_memo
from tests.conftest import PASSWORD, count
from tests.functional.access_world import (CSRF_TITLE, OUTSIDER, PDF, fill, log_in, token_of,  # noqa: F401
                                           world)  # (fixture)
from tests.functional.test_access_matrix import app_view_variants
from rsi_case.i18n import today as danish_today

YEAR = danish_today().year
NEW_PASSWORD = "en-helt-ny-og-lang-adgangssaetning"


def memo_bytes() -> bytes:
    args = dict(SAMPLE)
    args.update(document_number="62947/09", date=dt.date(2009, 12, 15), case_number="09/2867",
                title="Fælles udbud af laboratoriesystem")
    return build_memo(**args)


def snapshot(engine, settings) -> dict:
    """Every row of every table except the audit trail (and when a session was
    last seen), and the stored files."""
    state = {}
    with engine.connect() as conn:
        for table in sa.inspect(conn).get_table_names():
            if table == "audit_log":
                continue
            columns = "*"
            if table == "web_sessions":
                # a request, forged or not, is a sign of life: "last seen" may move
                # (at most once a minute); the session's data and everything else may not
                columns = ", ".join(f'"{c["name"]}"' for c in sa.inspect(conn).get_columns(table)
                                    if c["name"] != "last_seen_at")
            rows = conn.execute(sa.text(f'SELECT {columns} FROM "{table}"')).all()
            state[table] = sorted(repr(tuple(r)) for r in rows)
    root = Path(settings["rsi_case.blobs"])
    state["<files>"] = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []
    return state


def diff(before: dict, after: dict) -> list[str]:
    return [name for name in sorted(set(before) | set(after)) if before.get(name) != after.get(name)]


def form_fields(page, form_id, values: dict, button: str) -> list[tuple[str, str]]:
    """The fields a browser would send for a filled-in form, without the token."""
    form = page.forms[form_id]
    for name, value in values.items():
        form[name] = value
    return [(k, v) for k, v in form.submit_fields(button) if k != "csrf_token"]


# -- the valid requests, one per POST view --------------------------------------
# Each builder gets (browser, world) and returns (url, fields, upload_files).
# They read the real forms, so the request is what the page itself would send.

def case_new(b, w):
    page = b.get("/cases/new")
    return "/cases/new", form_fields(page, "deform", {"title": "Ny sag fra CSRF-test", "category": "drift"}, "save"), []


def case_edit(b, w):
    url = fill("/cases/{open}/edit", w)
    return url, form_fields(b.get(url), "deform", {"title": "Ændret titel"}, "save"), []


def participation(b, w):
    url = fill("/cases/{open}/participation", w)
    values = {"nordjylland-state": "afstaar", "nordjylland-reason": "Begrundelse fra CSRF-testen."}
    return url, form_fields(b.get(url), "participation-form", values, "save"), []


def access_request_new(b, w):
    values = {"requester_name": "Karen Mølgaard", "received_on": "01-12-2026", "subject": "Aktindsigt fra CSRF-testen",
              "cases": "{open_no}".format(**w)}
    return "/access-requests/new", form_fields(b.get("/access-requests/new"), "access-request-form", values, None), []


def access_decisions(b, w):
    url = fill("/cases/{request}/access-request", w)
    page = b.get(url)
    first = next(name for name in page.forms["access-decisions-form"].fields if name and name.endswith("-decision"))
    return url, form_fields(page, "access-decisions-form", {first: "fuld"}, None), []


# issue 19, the answer: the request's documents have no decisions yet, so making the draft is
# refused by its own check (400) and there is no draft to approve (409) -- both past the CSRF check
def access_package(b, w):
    page = b.get(fill("/cases/{request}/access-request/answer", w))
    return fill("/cases/{request}/access-request/package", w), form_fields(page, "access-package-form", {}, None), []


def access_package_approve(b, w):
    return fill("/cases/{request}/access-request/package/approve", w), [("package", "1")], []

# issue 19, points 5-6 and the deadline extension
def access_extend(b, w):
    url = fill("/cases/{request}/access-request/extend", w)
    values = {"new_deadline": "15-01-2027", "reason": "Forlænget fra CSRF-testen", "file": True, "send": False}
    return url, form_fields(b.get(url), "access-extend-form", values, "extend"), []


def insight_lookup(b, w):
    return "/insight", form_fields(b.get("/insight"), "insight-form", {"name": "Karen Mølgaard"}, None), []


def insight_report(b, w):
    return "/insight/report.docx", form_fields(b.get("/insight"), "insight-form", {"name": "Karen Mølgaard"}, None), []

def redaction_add(b, w):
    url = fill("/cases/{request}/access-request/documents/{final}", w)
    values = {"passage": "Brødtekst", "ground": "p30_1"}
    return url, form_fields(b.get(url), "redaction-form", values, "add"), []


def redaction_remove(b, w):
    url = fill("/cases/{request}/access-request/documents/{final}", w)
    _own_post(b, url, [("passage", "Brødtekst."), ("ground", "p30_2"), ("target", "text"), ("add", "1")])
    b.get(url)  # (shows, and so ends, its "withheld" message: the forged requests find the session as it is)
    return url, [("remove", _newest(b, "access_redactions"))], []


def action_add(b, w):
    url = fill("/cases/{open}/actions", w)
    values = {"title": "Indsats fra CSRF-testen", "deadline": "30-06-2027", "region": "midtjylland"}
    return url, form_fields(b.get(url), "action-form", values, "add"), []


def action_edit(b, w):
    url = fill("/cases/{open}/actions", w)
    return url, form_fields(b.get(url), fill("edit-form-{action}", w), {"title": "Ændret indsats"}, "edit"), []


def action_note(b, w):
    url = fill("/cases/{open}/actions", w)
    values = {"text": "Fremdrift fra CSRF-testen.", "status": "forsinket"}
    return url, form_fields(b.get(url), fill("note-form-{action}", w), values, "note"), []


def action_file(b, w):
    url = fill("/cases/{open}/actions", w)
    return url, form_fields(b.get(url), "file-form", {}, "file"), []


def meeting_new(b, w):
    values = {"title": "Ekstra møde", "date": "15-12-2026", "start": "10:00", "end": "12:00"}
    return "/meetings/new", form_fields(b.get("/meetings/new"), "meeting-form", values, "save"), []


def _meeting_post(button, meeting="{meeting}", **fields):
    def build(b, w):
        url = fill(f"/meetings/{meeting}", w)
        return url, [(button, fields.pop("value", "1")), *((k, fill(str(v), w)) for k, v in fields.items())], []
    return build


def document_new(b, w):
    url = fill("/cases/{open}/documents/new", w)
    return url, form_fields(b.get(url + "?kind=notat"), "deform", {"title": "Nyt notat fra CSRF-test"}, "save"), []


def document_edit(b, w):
    url = fill("/documents/{draft}/edit", w)
    return url, form_fields(b.get(url), "deform", {"title": "Ændret kladde"}, "save"), []


def attachments(b, w):
    return fill("/documents/{draft}/attachments", w), [], [("file", "nyt-bilag.pdf", PDF + b"% nyt\n")]


def attachment_replace(b, w):
    return fill("/documents/{draft}/attachments/{draft_att}", w), [], [("file", "bilag-v2.pdf", PDF + b"% v2\n")]


def _base_version(page) -> str:
    m = re.search(r'name="base_version" value="(\d+)"', page.text)
    assert m, "no base_version on " + page.request.path
    return m.group(1)


def document_restore(b, w):
    base = _base_version(b.get(fill("/documents/{draft}/history", w)))
    return fill("/documents/{draft}/versions/1/restore", w), [("base_version", base)], []


def document_word(b, w):
    return fill("/documents/{draft}/word", w), [], []


def attachment_word(b, w):
    return fill("/documents/{final}/attachments/{final_xlsx}/word", w), [], []


def document_checkout_release(b, w):
    return fill("/documents/{draft}/checkout/release", w), [], []


def document_new_version(b, w):
    base = _base_version(b.get(fill("/documents/{final}", w)))
    return fill("/documents/{final}/new-version", w), [("base_version", base)], []


def document_discard_draft(b, w):
    # (right after document_new_version: the administrator's new draft of {final} is still unchanged)
    url = fill("/documents/{final}/edit", w)
    return url, form_fields(b.get(url), "discard-draft-form", {}, "discard_draft"), []


def case_mail(b, w):
    mail = (b"From: Region Sj\xc3\xa6lland <post@rsj.example>\r\nTo: sekretariat@rsi-sag.dk\r\n"
            b"Subject: Svar om deltagelse\r\nDate: Tue, 1 Dec 2026 10:00:00 +0100\r\n\r\nVi deltager.\r\n")
    return fill("/cases/{open}/mail", w), [], [("file", "svar.eml", mail)]


def mail_inbox_file(b, w):
    return fill("/mail/inbox/{inbox_item}/file", w), [("case_number", w["open_no"])], []


def mail_inbox_reject(b, w):
    return fill("/mail/inbox/{inbox_item2}/reject", w), [("reason", "Ikke en sag")], []


def document_send(b, w):
    # a real SMTP server on loopback takes the good request's mail (it is then filed: a change)
    from tests.functional.test_mail_sending import Sink, free_port
    from aiosmtpd.controller import Controller

    controller = Controller(Sink(), hostname="127.0.0.1", port=free_port())
    controller.start()
    atexit.register(controller.stop)
    b.app.registry.settings["rsi_case.mail.smtp_port"] = str(controller.port)
    url = fill("/documents/{final}/send", w)
    return url, form_fields(b.get(url), "deform", {"to": "post@rsj.example"}, "send"), []


def import_read(b, w):
    return fill("/cases/{open}/import", w), [("read", "read")], [("upload", "gammelt-notat.docx", memo_bytes())]


def import_create(b, w):
    # step 1 (with a good token) stores the file and shows what was recognised
    url = fill("/cases/{open}/import", w)
    form = b.get(url).forms["deform"]
    form["upload"] = webtest.Upload("gammelt-notat.docx", memo_bytes())
    confirm = form.submit("read", status=200)
    return url, form_fields(confirm, "deform", {}, "create"), []


def sharing_grant(b, w):
    url = fill("/cases/{open}/sharing", w)
    values = {"principal": f"user:{w['styregruppe_id']}", "role": "laeser"}
    return url, form_fields(b.get(url), "deform", values, "grant"), []


def sharing_revoke(b, w):
    return fill("/cases/{open}/sharing", w), [("revoke", str(w["group_grant"]))], []


def sharing_confidential(b, w):
    return fill("/cases/{open}/sharing", w), [("confidential", "1")], []


def account(b, w):
    values = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password-confirm": NEW_PASSWORD}
    return "/account", form_fields(b.get("/account"), "deform", values, "change"), []


def admin_users(b, w):
    values = {"login": "ny.bruger", "full_name": "Ny Bruger", "role": "styregruppe",
              "password": NEW_PASSWORD, "password-confirm": NEW_PASSWORD}
    return "/admin/users", form_fields(b.get("/admin/users"), "deform", values, "create"), []


def admin_user_save(b, w):
    url = fill("/admin/users/{user}", w)
    return url, form_fields(b.get(url), "deform", {"full_name": "Omdøbt Bruger"}, "save"), []


def admin_user_reset(b, w):
    url = fill("/admin/users/{user}", w)
    values = {"password": NEW_PASSWORD, "password-confirm": NEW_PASSWORD}
    return url, form_fields(b.get(url), "reset", values, "reset"), []


def admin_groups(b, w):
    values = {"name": "ny-gruppe", "title": "Ny gruppe"}
    return "/admin/groups", form_fields(b.get("/admin/groups"), "deform", values, "create"), []


def admin_numbers(b, w):
    values = {"series": "case", "year": str(YEAR), "next_value": "500"}
    return "/admin/numbers", form_fields(b.get("/admin/numbers"), "deform", values, "set"), []


def login(b, w):
    values = {"login": "admin", "password": PASSWORD}
    return "/login", form_fields(b.get("/login"), 0, values, None), []


def logout(b, w):
    return "/logout", [], []


# -- sign-in (issue 15) -----------------------------------------------------------

def _own_post(b, url, fields):
    """A preparatory request, made with the browser's own token."""
    return b.post(url, fields + [("csrf_token", token_of(b))])


def _newest(b, table) -> str:
    with b.app.registry["db.engine"].connect() as conn:
        return str(conn.execute(sa.text(f"SELECT MAX(id) FROM {table}")).scalar_one())


def sessions_end(b, w):
    log_in(b.app, "admin")  # another session of the same user, ended from this one
    return "/account/sessions", [("end", _newest(b, "web_sessions"))], []


def sessions_end_others(b, w):
    log_in(b.app, "admin")
    return "/account/sessions", [("end_others", "1")], []


TOKEN_FORM = [("name", "Integration fra CSRF-testen"), ("scope", "read"), ("days", "30")]


def tokens_create(b, w):
    return "/account/tokens", [("create", "1"), *TOKEN_FORM], []


def tokens_revoke(b, w):
    _own_post(b, "/account/tokens", [("create", "1"), *TOKEN_FORM])
    return "/account/tokens", [("revoke", _newest(b, "api_tokens"))], []


def _totp_code(b, w) -> str:
    """The authenticator app's code, each time for a later 30-second step
    (the application's clock moves along: a code is accepted once)."""
    import time

    import pyotp

    w["totp_shift"] = w.get("totp_shift", -30) + 30
    shift = w["totp_shift"]
    b.app.registry["rsi_case.clock_seconds"] = lambda: time.time() + shift
    return pyotp.TOTP(w["totp_secret"]).at(time.time() + shift)


def second_factor_start(b, w):
    return "/account/second-factor", [("start", "1")], []


def second_factor_confirm(b, w):
    page = _own_post(b, "/account/second-factor", [("start", "1")])
    w["totp_secret"] = re.search(r'id="totp-secret">([^<]+)<', page.text).group(1).replace(" ", "")
    return "/account/second-factor", [("confirm", "1"), ("code", _totp_code(b, w))], []


def second_factor_codes(b, w):
    return "/account/second-factor", [("codes", "1"), ("code", _totp_code(b, w))], []


def second_factor_remove(b, w):
    return "/account/second-factor", [("remove", "1"), ("code", _totp_code(b, w))], []


def passkeys_options(b, w):
    return "/account/passkeys", [("options", "1")], []


def passkeys_register(b, w):
    return "/account/passkeys", [("register", "1"), ("credential", "{}"), ("name", "Nøgle")], []


def passkeys_remove(b, w):
    from rsi_case.security.models import PasskeyCredential

    with b.app.registry["db.engine"].begin() as conn:
        admin_id = conn.execute(sa.text("SELECT id FROM users WHERE login = 'admin'")).scalar_one()
        conn.execute(sa.insert(PasskeyCredential).values(
            user_id=admin_id, credential_id="csrf-test-credential", public_key=b"\x00", sign_count=0,
            name="Gammel nøgle", transports=[], created_at=dt.datetime.now(dt.UTC)))
    return "/account/passkeys", [("remove", _newest(b, "passkeys"))], []


def passkey_login_options(b, w):
    return "/login/passkey", [("options", "1")], []


def passkey_login_verify(b, w):
    return "/login/passkey", [("verify", "1"), ("credential", "{}")], []


def second_step(b, w):
    return "/login/second-factor", [("code", "123456")], []


def _outsider_signs_in(b):
    """A session of the user on the administrator's page (whose password the
    reset row above has set)."""
    other = log_in(b.app, None)
    other.login(OUTSIDER, NEW_PASSWORD)


def admin_user_end_sessions(b, w):
    _outsider_signs_in(b)
    return fill("/admin/users/{user}", w), [("end_sessions", "1")], []


def admin_user_reset_second_factor(b, w):
    _outsider_signs_in(b)  # (the reset ends the user's sessions)
    return fill("/admin/users/{user}", w), [("reset_second_factor", "1")], []


def admin_user_token(b, w):
    return fill("/admin/users/{user}", w), [("token", "1"), *TOKEN_FORM], []


def admin_user_revoke_token(b, w):
    url = fill("/admin/users/{user}", w)
    _own_post(b, url, [("token", "1"), *TOKEN_FORM])
    return url, [("revoke_token", _newest(b, "api_tokens"))], []


def api_cases(b, w):
    return "/api/cases", [("title", "Ikke JSON")], []


NO_CHANGE = "the good request changes nothing"

# (route, request_param, who posts, builder, the status of the good request[, NO_CHANGE])
# Order matters for the good requests: the ones that change what later rows
# rely on (confidentiality, the password, the session) come late; logout last.
POSTS = [
    ("login", None, None, login, 303),
    ("case_new", None, "admin", case_new, 303),
    ("case_edit", None, "admin", case_edit, 303),
    ("case_participation", None, "admin", participation, 303),
    ("access_request_new", None, "admin", access_request_new, 303),
    ("case_access_request", None, "admin", access_decisions, 303),
    ("case_access_package", None, "admin", access_package, 400, NO_CHANGE),
    ("case_access_package_approve", None, "admin", access_package_approve, 409, NO_CHANGE),

    ("case_access_request_extend", None, "admin", access_extend, 303),
    ("insight", None, "admin", insight_lookup, 200, NO_CHANGE),
    ("insight_report", None, "admin", insight_report, 200, NO_CHANGE),

    ("access_redactions", "add", "admin", redaction_add, 303),
    ("access_redactions", "remove", "admin", redaction_remove, 303),
    ("case_actions", "add", "admin", action_add, 303),
    ("case_actions", "edit", "admin", action_edit, 303),
    ("case_actions", "note", "admin", action_note, 303),
    ("case_actions", "file", "admin", action_file, 303),
    ("meeting_new", None, "admin", meeting_new, 303),
    ("meeting", "advance", "admin", _meeting_post("advance", **{"from": "planlagt"}), 303),
    ("meeting", "send_pack", "admin", _meeting_post("send_pack", last="{sending}"), 303),
    ("meeting", "attendance", "admin", _meeting_post("attendance"), 303),
    ("meeting", "add_item", "admin", _meeting_post("add_item", title="Nyt punkt fra CSRF-testen"), 303),
    ("meeting", "move", "admin", _meeting_post("move", value="down", item="{item}"), 303),
    ("meeting", "withdraw", "admin", _meeting_post("withdraw", item="{item}"), 303),
    ("meeting", "papers", "admin", _meeting_post("papers", item="{item}"), 303),
    ("meeting", "decision", "admin", _meeting_post("decision", "{held_meeting}", item="{held_item}", text="Godkendt."), 303),
    # the decision of a closed item (about the confidential case), as one who may open that case
    ("meeting", "decision", "admin", _meeting_post("decision", "{held_meeting}", item="{conf_item}",
                                                   text="Rettet beslutning i den fortrolige sag."), 303),
    ("meeting", "minutes", "admin", _meeting_post("minutes", "{held_meeting}"), 303),
    ("meeting", "add_participant", "admin", _meeting_post("add_participant", name="Lars Krogsgaard, it-direktør",
                                                          role="raadgiver"), 303),
    ("meeting", "remove_participant", "admin", _meeting_post("remove_participant", participant="{participant}"), 303),
    ("meeting", "edit_item", "admin", _meeting_post("edit_item", item="{item}", title="Fælles laboratoriesystem (rettet)",
                                                    recommendation="Ny indstilling."), 303),
    ("document_new", None, "admin", document_new, 303),
    ("document_edit", None, "admin", document_edit, 303),
    ("attachments", None, "admin", attachments, 303),
    ("attachment", None, "admin", attachment_replace, 303),
    ("document_restore", None, "admin", document_restore, 303),
    ("document_new_version", None, "admin", document_new_version, 303),
    ("document_edit", "discard_draft", "admin", document_discard_draft, 303),
    ("case_mail", None, "admin", case_mail, 303),
    ("document_send", None, "admin", document_send, 303),
    ("mail_inbox_file", None, "admin", mail_inbox_file, 303),
    ("mail_inbox_reject", None, "admin", mail_inbox_reject, 303),
    ("document_word", None, "admin", document_word, 200),
    ("attachment_word", None, "admin", attachment_word, 200),
    ("document_checkout_release", None, "admin", document_checkout_release, 303, NO_CHANGE),
    ("case_import", "read", "admin", import_read, 200),
    ("case_import", "create", "admin", import_create, 303),
    ("case_sharing", "grant", "admin", sharing_grant, 303),
    ("case_sharing", "revoke", "admin", sharing_revoke, 303),
    ("case_sharing", "confidential", "admin", sharing_confidential, 303),
    ("admin_users", None, "admin", admin_users, 303),
    ("admin_user", "save", "admin", admin_user_save, 303),
    ("admin_user", "reset", "admin", admin_user_reset, 303),
    ("admin_groups", None, "admin", admin_groups, 303),
    ("admin_numbers", None, "admin", admin_numbers, 303),
    # sign-in (issue 15); the sessions first (they sign in again), then the
    # second factor (from there on this administrator has one until it is removed)
    ("account_sessions", "end", "admin", sessions_end, 303),
    ("account_sessions", "end_others", "admin", sessions_end_others, 303),
    ("account_tokens", "create", "admin", tokens_create, 200),
    ("account_tokens", "revoke", "admin", tokens_revoke, 303),
    ("admin_user", "end_sessions", "admin", admin_user_end_sessions, 303),
    ("admin_user", "reset_second_factor", "admin", admin_user_reset_second_factor, 303),
    ("admin_user", "token", "admin", admin_user_token, 200),
    ("admin_user", "revoke_token", "admin", admin_user_revoke_token, 303),
    ("account_passkeys", "options", "admin", passkeys_options, 200),
    ("account_passkeys", "remove", "admin", passkeys_remove, 303),
    ("login_passkey", "options", None, passkey_login_options, 200),
    ("account_second_factor", "start", "admin", second_factor_start, 200),
    ("account_second_factor", "confirm", "admin", second_factor_confirm, 200),
    ("account_second_factor", "codes", "admin", second_factor_codes, 200),
    ("account_second_factor", "remove", "admin", second_factor_remove, 303),
    # a valid request here needs what a test cannot make without a browser's
    # authenticator (a WebAuthn attestation or assertion), a pending sign-in or a
    # JSON body: the good request must get past the CSRF check (its own answer,
    # not the CSRF page) but changes nothing
    ("account_passkeys", "register", "admin", passkeys_register, 400, NO_CHANGE),
    ("login_passkey", "verify", None, passkey_login_verify, 400, NO_CHANGE),
    ("login_second_factor", None, None, second_step, 303, NO_CHANGE),
    ("api_cases", None, "admin", api_cases, 400, NO_CHANGE),
    ("account", None, "admin", account, 303),
    ("logout", None, "admin", logout, 303),
]

EVIL = {"Origin": "https://evil.example"}


# routes a cookie never authenticates, so there is no forgery to check: the WebDAV
# endpoint for Word answers only to the unguessable token in its path (Word has no
# cookie; tests/functional/test_word_dav.py: a browser session alone gets 404 there)
NO_COOKIE_ROUTES = {"dav"}


def test_every_post_view_has_a_forgery_check_below(app):
    unsafe = {(route, param) for route, variants in app_view_variants(app).items()
              for method, param in variants if method != "GET" and route not in NO_COOKIE_ROUTES}
    tested = {(route, param) for route, param, *_rest in POSTS}
    assert unsafe == tested, f"unsafe views without a forgery check here: {sorted(unsafe - tested, key=str)}"


def test_forged_posts_are_refused_everywhere_and_change_nothing(app, world, engine, settings):
    admin = log_in(app, "admin")
    anonymous = log_in(app, None)
    foreign = {  # tokens of other sessions
        "admin": {"another user's session": token_of(log_in(app, "sekretariat")),
                  "the same user's other session": token_of(log_in(app, "admin"))},
        None: {"another user's session": token_of(log_in(app, "sekretariat")),
               "another anonymous session": token_of(log_in(app, None), anonymous=True)},
    }
    problems = []
    for route, param, who, build, good_status, *no_change in POSTS:
        b = admin if who == "admin" else anonymous
        own = token_of(b, anonymous=who is None)
        url, fields, files = build(b, world)
        label = f"{route}" + (f" [{param}]" if param else "") + f" POST {url}"
        attacks = {"no token": (fields, {}),
                   "a wrong token": (fields + [("csrf_token", "forfalsket-" + own[::-1])], {}),
                   **{name: (fields + [("csrf_token", tok)], {}) for name, tok in foreign[who].items()},
                   "a good token from https://evil.example": (fields + [("csrf_token", own)], EVIL)}
        before = snapshot(engine, settings)
        refused_before = count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'csrf_refused'")
        for name, (params, headers) in attacks.items():
            r = b.post(url, params, headers=headers, upload_files=files or None, expect_errors=True)
            if r.status_int != 400 or CSRF_TITLE not in r.text:
                problems.append(f"{label} with {name}: {r.status} (expected 400, the CSRF page)")
        changed = diff(before, snapshot(engine, settings))
        if changed:
            problems.append(f"{label}: the forged requests changed {changed}")
        refused = count(engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'csrf_refused'") - refused_before
        if refused != len(attacks):
            problems.append(f"{label}: {refused} csrf_refused audit events for {len(attacks)} forged requests")
        # the same request with the session's own token goes through: the 400s
        # above are the CSRF check, not a broken form
        r = b.post(url, fields + [("csrf_token", own)], upload_files=files or None, expect_errors=True)
        if r.status_int != good_status or "/login?came_from" in r.headers.get("Location", "") \
                or (r.content_type.startswith("text/") and CSRF_TITLE in r.text):  # (a .docx is no page)
            problems.append(f"{label} with its own token: {r.status} (expected {good_status})")
        elif no_change:
            continue
        elif not diff(before, snapshot(engine, settings)):
            problems.append(f"{label} with its own token changed nothing: the check above proves little")
    assert not problems, "\n  ".join([f"{len(problems)} problem(s):", *problems])


def test_the_token_may_come_in_the_x_csrf_token_header(app, world, engine):
    b = log_in(app, "sekretariat")
    token = token_of(b)
    fields = case_new(b, world)[1]
    before = count(engine, "SELECT COUNT(*) FROM cases")
    b.post("/cases/new", fields, headers={"X-CSRF-Token": "forfalsket"}, status=400)
    assert count(engine, "SELECT COUNT(*) FROM cases") == before
    r = b.post("/cases/new", fields, headers={"X-CSRF-Token": token}, status=303)
    assert count(engine, "SELECT COUNT(*) FROM cases") == before + 1
    assert r.location.startswith("http://localhost/cases/")
    # an upload sent by script, with the token in the header only
    attached = count(engine, "SELECT COUNT(*) FROM attachments")
    b.post(fill("/documents/{draft}/attachments", world), headers={"X-CSRF-Token": token},
           upload_files=[("file", "script.pdf", PDF + b"% script\n")], status=303)
    assert count(engine, "SELECT COUNT(*) FROM attachments") == attached + 1


def test_the_login_form_needs_its_token(app, users, engine):
    b = log_in(app, None)
    r = b.post("/login", {"login": "admin", "password": PASSWORD}, status=400)
    assert CSRF_TITLE in r.text
    b.get("/", status=303)  # not logged in
    assert count(engine, "SELECT COUNT(*) FROM login_throttle") == 0
    assert count(engine, "SELECT COUNT(*) FROM users WHERE last_login_at IS NOT NULL") == 0
    # a token of another (anonymous) session does not do either
    other = token_of(log_in(app, None), anonymous=True)
    b.post("/login", {"login": "admin", "password": PASSWORD, "csrf_token": other}, status=400)
    b.get("/", status=303)
    b.post("/login", {"login": "admin", "password": PASSWORD, "csrf_token": token_of(b, anonymous=True)}, status=303)
    b.get("/", status=200)


def test_logout_needs_its_token(app, users):
    b = log_in(app, "arkivar")
    b.post("/logout", {}, status=400)
    b.post("/logout", {"csrf_token": "forfalsket"}, status=400)
    b.get("/", status=200)  # still logged in


def test_without_a_token_the_refusal_comes_first(app, world, engine):
    """The order of checks: permission before the CSRF token (Pyramid's
    secured view wraps its CSRF check). An anonymous POST without a token to a
    protected page is sent to the login page, a user without the permission
    gets 403 (or 404 for a confidential case) — nothing runs either way; only
    the public login and logout views answer 400 to an anonymous visitor."""
    anon = log_in(app, None)
    before = count(engine, "SELECT COUNT(*) FROM cases")
    r = anon.post("/cases/new", {"title": "x", "category": "drift", "save": "save"}, status=303)
    assert "/login?came_from=" in r.location
    anon.post("/login", {"login": "admin", "password": PASSWORD}, status=400)
    anon.post("/logout", {}, status=400)
    board = log_in(app, "styregruppe")
    board.post("/cases/new", {"title": "x", "category": "drift", "save": "save"}, status=403)
    board.post(fill("/cases/{conf}/sharing", world), {"confidential": "0"}, status=404)
    assert count(engine, "SELECT COUNT(*) FROM cases") == before


def test_a_closed_item_answers_a_forged_or_a_real_post_as_an_unknown_item_does(app, world, engine, settings):
    """For a secretariat user without access to the confidential case its item is a closed item: a
    POST about it is refused exactly as one about an item that does not exist — the CSRF page
    without a valid token (the token is checked before the view looks for the item), the
    not-found page with one — so neither answer tells that the item is there."""
    from tests.functional.access_world import OUTSIDER

    b = log_in(app, OUTSIDER)
    token = token_of(b)
    url = fill("/meetings/{held_meeting}", world)
    before = snapshot(engine, settings)
    for button, extra in (("decision", {"text": "Overskrevet."}), ("edit_item", {"title": "Omdøbt"}),
                          ("withdraw", {}), ("papers", {})):
        pages = {}
        for name, item in (("closed", str(world["conf_item"])), ("unknown", "999999")):
            form = {button: "1", "item": item, **extra}
            forged = b.post(url, form, status=400)
            real = b.post(url, {**form, "csrf_token": token}, status=404)
            pages[name] = [re.sub(r'name="csrf_token" value="[^"]+"', "", r.text) for r in (forged, real)]
        assert CSRF_TITLE in pages["closed"][0] and "Siden blev ikke fundet" in pages["closed"][1]
        assert pages["closed"] == pages["unknown"], button
    assert not diff(before, snapshot(engine, settings))
