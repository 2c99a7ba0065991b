"""The access matrix: every route x every method x every kind of user, against
a table written out below.

The route list comes from the application (its routes mapper and its views),
so a new route, a new method on a route or a new ``request_param`` variant of
a view without a row here fails ``test_the_table_has_a_row_for_every_route_method_and_variant``.

How to read the table
---------------------
Keys are ``(method, url)`` or ``(method, url, form)``. ``url`` is filled in
from the world (tests/functional/access_world.py): ``{open}`` an open case,
``{closed}`` a closed one, ``{archived}`` an archived one, ``{conf}`` a
confidential one; ``{draft}``/``{final}`` documents in the open case and
``{revised}`` a final one there with a new draft version on top;
``{closed_draft}``, ``{archived_final}``, ``{conf_draft}`` documents in the
others; ``{draft_att}``/``{conf_att}`` attachments of ``{draft}`` and
``{conf_draft}``; ``{missing}``/``{missing_doc}`` numbers that do not exist. ``form``
names the button (the view's ``request_param``) sent with an otherwise empty
form, e.g. ``"grant"``; ``"confidential=1"`` sends that value.

Every POST carries a valid CSRF token of the same session: this table is about
authorisation (CSRF has its own tests in test_csrf.py). Empty forms keep the
permitted requests from changing anything that later rows depend on.

The values, one per user in the order of ``USERS``:

- an int: exactly that status;
- ``LOGIN``: 303 to ``/login?came_from=...`` (anonymous visitors);
- ``OK``: the request got through to the view — 200, a 303 that is not the
  login redirect, or a 400 from the form's own validation (never the CSRF page).

403 or 404 (issue 12): a record the user may not read at all — a case they
may not view (confidential outside their grants, not shared with a ``bruger``,
archived for the board), a document they may not read in it (a draft for the
board), or anything under them — answers 404, exactly like a number never
used; 403 is only for a refused action on a record the user may read, and for
pages that are not records (``/cases/new``, ``/audit``, ``/admin/...``).

Besides the status, every page shown to a user without access to the
confidential case must not contain its title or its document's title, and no
page shown to the board may contain the title of a draft version.

Methods of a route without a row (PUT, DELETE, PATCH everywhere; POST on
GET-only routes, GET on POST-only ones) are tried on the route's first URL and
must answer 404 or 405 — for an anonymous visitor the not-found page is the
login redirect, so LOGIN there — never 2xx or any other 3xx.

Order of checks (what the code does, asserted here): the route factory first
(an unknown number is 404 before anything else), then the view's permission,
then the CSRF token. So an anonymous POST to a protected page is sent to the
login page whether or not it carries a token (the token is never looked at:
nothing runs), and a logged-in user without the permission gets 403/404, not
400. Only the public views (login, logout) reach the CSRF check as anonymous.
A foreign ``Origin`` is refused (400) even earlier, in a tween.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import parse_qsl

import warnings

import pytest
from pyramid.interfaces import IRoutesMapper
from webtest.lint import WSGIWarning

from tests.functional.access_world import (CONFIDENTIAL_CASE_TITLE, CONFIDENTIAL_DOC_TITLE, CONFIDENTIAL_ITEM_TITLE,
                                           CONFIDENTIAL_RECOMMENDATION, CSRF_TITLE, DRAFT_TITLE, GRANTEE, OUTSIDER,
                                           REGIONAL, fill, log_in, token_of, world)  # noqa: F401 (fixture)

# the columns of TABLE: an anonymous visitor, one user per global role, and
# three users whose access depends on the case: "uden-adgang" (sekretariat, no
# grant on the confidential case), "fortrolig-laeser" (sekretariat, owner of the
# confidential case) and "regionsbruger" (role bruger, whose group may read the
# open case and nothing else)
ANON, SEKR, STYR, ARKIV, ADMIN, OUT, FORT, REG = USERS = (
    "anonym", "sekretariat", "styregruppe", "arkivar", "admin", OUTSIDER, GRANTEE, REGIONAL)
# who may see the confidential case: admin and the grantee; for all other
# logged-in users it does not exist (404, never 403)
NO_CONF_ACCESS = (SEKR, STYR, ARKIV, OUT, REG)

LOGIN = "LOGIN"
OK = "OK"
L = LOGIN
UNMAPPED = "404/405"
DAV_FAKE = "/dav/" + "A" * 43

# ---------------------------------------------------------------------------
#   columns: anonym, sekretariat, styregruppe, arkivar, admin, uden-adgang, fortrolig-laeser, regionsbruger
TABLE = {
    "home": {
        ("GET", "/"):                                   (L, 200, 200, 200, 200, 200, 200, 200),
    },
    "health": {
        ("GET", "/health"):                             (200, 200, 200, 200, 200, 200, 200, 200),
    },
    "login": {
        ("GET", "/login"):                              (200, 303, 303, 303, 303, 303, 303, 303),
        # an empty login form: "wrong user name or password"
        ("POST", "/login"):                             (400, 400, 400, 400, 400, 400, 400, 400),
    },
    "accessibility": {
        # the accessibility statement is public, like the law asks
        ("GET", "/accessibility"):                      (200, 200, 200, 200, 200, 200, 200, 200),
    },
    "logout": {
        ("POST", "/logout"):                            (OK, OK, OK, OK, OK, OK, OK, OK),
    },
    "cases": {
        # open to everyone logged in: the list shows only what the user may see
        ("GET", "/cases"):                              (L, 200, 200, 200, 200, 200, 200, 200),
    },
    "case_new": {
        ("GET", "/cases/new"):                          (L, 200, 403, 403, 200, 200, 200, 403),
        ("POST", "/cases/new"):                         (L, OK, 403, 403, OK, OK, OK, 403),
    },
    "case": {
        ("GET", "/cases/{open}"):                       (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/cases/{closed}"):                     (L, 200, 200, 200, 200, 200, 200, 404),
        # the board does not read archived cases
        ("GET", "/cases/{archived}"):                   (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/cases/{conf}"):                       (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/cases/{missing}"):                    (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "case_edit": {
        ("GET", "/cases/{open}/edit"):                  (L, 200, 403, 403, 200, 200, 200, 403),
        ("POST", "/cases/{open}/edit"):                 (L, OK, 403, 403, OK, OK, OK, 403),
        # a closed case may be edited (and reopened); an archived one by nobody
        ("GET", "/cases/{closed}/edit"):                (L, 200, 403, 403, 200, 200, 200, 404),
        ("POST", "/cases/{closed}/edit"):               (L, OK, 403, 403, OK, OK, OK, 404),
        ("GET", "/cases/{archived}/edit"):              (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/cases/{archived}/edit"):             (L, 403, 404, 403, 403, 403, 403, 404),
        ("GET", "/cases/{conf}/edit"):                  (L, 404, 404, 404, 200, 404, 200, 404),
        ("POST", "/cases/{conf}/edit"):                 (L, 404, 404, 404, OK, 404, OK, 404),
    },
    "document_new": {
        ("GET", "/cases/{open}/documents/new"):         (L, 200, 403, 403, 200, 200, 200, 403),
        ("POST", "/cases/{open}/documents/new"):        (L, OK, 403, 403, OK, OK, OK, 403),
        ("GET", "/cases/{closed}/documents/new"):       (L, 403, 403, 403, 403, 403, 403, 404),
        ("POST", "/cases/{closed}/documents/new"):      (L, 403, 403, 403, 403, 403, 403, 404),
        ("GET", "/cases/{archived}/documents/new"):     (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/cases/{archived}/documents/new"):    (L, 403, 404, 403, 403, 403, 403, 404),
        ("GET", "/cases/{conf}/documents/new"):         (L, 404, 404, 404, 200, 404, 200, 404),
        ("POST", "/cases/{conf}/documents/new"):        (L, 404, 404, 404, OK, 404, OK, 404),
    },
    # filing mails: whoever may add documents to the case (an empty form: back to the case with a message)
    "case_mail": {
        ("POST", "/cases/{open}/mail"):                 (L, OK, 403, 403, OK, OK, OK, 403),
        ("POST", "/cases/{closed}/mail"):               (L, 403, 403, 403, 403, 403, 403, 404),
        ("POST", "/cases/{archived}/mail"):             (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/cases/{conf}/mail"):                 (L, 404, 404, 404, OK, 404, OK, 404),
        ("POST", "/cases/{missing}/mail"):              (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "case_import": {
        ("GET", "/cases/{open}/import"):                (L, 200, 403, 403, 200, 200, 200, 403),
        ("POST", "/cases/{open}/import", "read"):       (L, OK, 403, 403, OK, OK, OK, 403),
        ("POST", "/cases/{open}/import", "create"):     (L, OK, 403, 403, OK, OK, OK, 403),
        ("GET", "/cases/{closed}/import"):              (L, 403, 403, 403, 403, 403, 403, 404),
        ("POST", "/cases/{closed}/import", "read"):     (L, 403, 403, 403, 403, 403, 403, 404),
        ("POST", "/cases/{closed}/import", "create"):   (L, 403, 403, 403, 403, 403, 403, 404),
        ("GET", "/cases/{archived}/import"):            (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/cases/{archived}/import", "read"):   (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/cases/{archived}/import", "create"): (L, 403, 404, 403, 403, 403, 403, 404),
        ("GET", "/cases/{conf}/import"):                (L, 404, 404, 404, 200, 404, 200, 404),
        ("POST", "/cases/{conf}/import", "read"):       (L, 404, 404, 404, OK, 404, OK, 404),
        ("POST", "/cases/{conf}/import", "create"):     (L, 404, 404, 404, OK, 404, OK, 404),
    },
    "case_sharing": {
        ("GET", "/cases/{open}/sharing"):               (L, 200, 403, 403, 200, 200, 200, 403),
        ("POST", "/cases/{open}/sharing", "grant"):     (L, OK, 403, 403, OK, OK, OK, 403),
        ("POST", "/cases/{open}/sharing", "revoke"):    (L, OK, 403, 403, OK, OK, OK, 403),
        ("POST", "/cases/{open}/sharing", "confidential="): (L, OK, 403, 403, OK, OK, OK, 403),
        ("GET", "/cases/{closed}/sharing"):             (L, 200, 403, 403, 200, 200, 200, 404),
        ("POST", "/cases/{closed}/sharing", "grant"):   (L, OK, 403, 403, OK, OK, OK, 404),
        # sharing is not a write to the record: access to the archive can still be managed
        ("GET", "/cases/{archived}/sharing"):           (L, 200, 404, 403, 200, 200, 200, 404),
        ("POST", "/cases/{archived}/sharing", "grant"): (L, OK, 404, 403, OK, OK, OK, 404),
        ("GET", "/cases/{conf}/sharing"):               (L, 404, 404, 404, 200, 404, 200, 404),
        ("POST", "/cases/{conf}/sharing", "grant"):     (L, 404, 404, 404, OK, 404, OK, 404),
        ("POST", "/cases/{conf}/sharing", "revoke"):    (L, 404, 404, 404, OK, 404, OK, 404),
        ("POST", "/cases/{conf}/sharing", "confidential=1"): (L, 404, 404, 404, OK, 404, OK, 404),
    },
    "case_audit": {
        ("GET", "/cases/{open}/audit"):                 (L, 403, 403, 200, 200, 403, 403, 403),
        ("GET", "/cases/{closed}/audit"):               (L, 403, 403, 200, 200, 403, 403, 404),
        ("GET", "/cases/{archived}/audit"):             (L, 403, 404, 200, 200, 403, 403, 404),
        # admin sees the confidential case and every event about it in /audit,
        # so also on the case's own log page; its owner knows the case (403)
        ("GET", "/cases/{conf}/audit"):                 (L, 404, 404, 404, 200, 404, 403, 404),
    },
    "case_history": {
        ("GET", "/cases/{open}/history"):               (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/cases/{closed}/history"):             (L, 200, 200, 200, 200, 200, 200, 404),
        ("GET", "/cases/{archived}/history"):           (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/cases/{conf}/history"):               (L, 404, 404, 404, 200, 404, 200, 404),
    },
    "document": {
        # drafts are the secretariat's working papers: the board sees final documents
        ("GET", "/documents/{draft}"):                  (L, 200, 404, 200, 200, 200, 200, 200),
        ("GET", "/documents/{final}"):                  (L, 200, 200, 200, 200, 200, 200, 200),
        # a new draft of a final document: the board reads the final version meanwhile
        ("GET", "/documents/{revised}"):                (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/documents/{closed_draft}"):           (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/documents/{archived_final}"):         (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/documents/{conf_draft}"):             (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/documents/{missing_doc}"):            (L, 404, 404, 404, 404, 404, 404, 404),
    },
    # sending a document as a mail files the sent mail in the case: whoever may add documents there
    # (an empty form: 400 from the form's own validation)
    "document_send": {
        ("GET", "/documents/{final}/send"):             (L, 200, 403, 403, 200, 200, 200, 403),
        ("POST", "/documents/{final}/send"):            (L, OK, 403, 403, OK, OK, OK, 403),
        ("GET", "/documents/{draft}/send"):             (L, 200, 404, 403, 200, 200, 200, 403),
        ("GET", "/documents/{closed_draft}/send"):      (L, 403, 404, 403, 403, 403, 403, 404),
        ("GET", "/documents/{archived_final}/send"):    (L, 403, 404, 403, 403, 403, 403, 404),
        ("GET", "/documents/{conf_draft}/send"):        (L, 404, 404, 404, 200, 404, 200, 404),
        ("POST", "/documents/{conf_draft}/send"):       (L, 404, 404, 404, OK, 404, OK, 404),
        ("GET", "/documents/{missing_doc}/send"):       (L, 404, 404, 404, 404, 404, 404, 404),
    },
    # a filed mail's original and the images of its body: read like the mail document itself
    "mail_original": {
        ("GET", "/documents/{mail}/mail/original"):      (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/documents/{conf_mail}/mail/original"): (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/documents/{final}/mail/original"):     (L, 404, 404, 404, 404, 404, 404, 404),
        ("GET", "/documents/{missing_doc}/mail/original"): (L, 404, 404, 404, 404, 404, 404, 404),
    },
    # the Indbakke (the journal mailbox's waiting mails): the secretariat and administrators; to everyone
    # else every address under it is refused alike (403), whether the mail exists or not. The empty
    # forms are refused by the views' own checks (no case number, no reason): 400, nothing changes
    "mail_inbox": {
        ("GET", "/mail/inbox"):                          (L, 200, 403, 403, 200, 200, 200, 403),
    },
    "mail_inbox_original": {
        ("GET", "/mail/inbox/{inbox_item}/original"):    (L, 200, 403, 403, 200, 200, 200, 403),
        ("GET", "/mail/inbox/{missing_inbox}/original"): (L, 404, 403, 403, 404, 404, 404, 403),
    },
    "mail_inbox_file": {
        ("POST", "/mail/inbox/{inbox_item}/file"):       (L, OK, 403, 403, OK, OK, OK, 403),
        ("POST", "/mail/inbox/{missing_inbox}/file"):    (L, 404, 403, 403, 404, 404, 404, 403),
    },
    "mail_inbox_reject": {
        ("POST", "/mail/inbox/{inbox_item}/reject"):     (L, OK, 403, 403, OK, OK, OK, 403),
        ("POST", "/mail/inbox/{missing_inbox}/reject"):  (L, 404, 403, 403, 404, 404, 404, 403),
    },
    "mail_inline": {
        ("GET", "/documents/{mail}/mail/inline/logo@rsj"):      (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/documents/{conf_mail}/mail/inline/logo@rsj"): (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/documents/{mail}/mail/inline/ukendt"):        (L, 404, 404, 404, 404, 404, 404, 404),
        ("GET", "/documents/{final}/mail/inline/logo@rsj"):     (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "document_edit": {
        ("GET", "/documents/{draft}/edit"):             (L, 200, 404, 403, 200, 200, 200, 403),
        ("POST", "/documents/{draft}/edit"):            (L, OK, 404, 403, OK, OK, OK, 403),
        ("GET", "/documents/{revised}/edit"):           (L, 200, 403, 403, 200, 200, 200, 403),
        ("POST", "/documents/{revised}/edit"):          (L, OK, 403, 403, OK, OK, OK, 403),
        # a final document is not silently changed, by anyone
        ("GET", "/documents/{final}/edit"):             (L, 403, 403, 403, 403, 403, 403, 403),
        ("POST", "/documents/{final}/edit"):            (L, 403, 403, 403, 403, 403, 403, 403),
        ("GET", "/documents/{closed_draft}/edit"):      (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/documents/{closed_draft}/edit"):     (L, 403, 404, 403, 403, 403, 403, 404),
        ("GET", "/documents/{archived_final}/edit"):    (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/documents/{archived_final}/edit"):   (L, 403, 404, 403, 403, 403, 403, 404),
        ("GET", "/documents/{conf_draft}/edit"):        (L, 404, 404, 404, 200, 404, 200, 404),
        ("POST", "/documents/{conf_draft}/edit"):       (L, 404, 404, 404, OK, 404, OK, 404),
        # discarding an unchanged new draft ("Ny version" undone): who may edit; an empty form discards nothing
        ("POST", "/documents/{draft}/edit", "discard_draft"):          (L, OK, 404, 403, OK, OK, OK, 403),
        ("POST", "/documents/{revised}/edit", "discard_draft"):        (L, OK, 403, 403, OK, OK, OK, 403),
        ("POST", "/documents/{final}/edit", "discard_draft"):          (L, 403, 403, 403, 403, 403, 403, 403),
        ("POST", "/documents/{closed_draft}/edit", "discard_draft"):   (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/documents/{archived_final}/edit", "discard_draft"): (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/documents/{conf_draft}/edit", "discard_draft"):     (L, 404, 404, 404, OK, 404, OK, 404),
    },
    "document_history": {
        ("GET", "/documents/{draft}/history"):          (L, 200, 404, 200, 200, 200, 200, 200),
        ("GET", "/documents/{final}/history"):          (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/documents/{revised}/history"):        (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/documents/{closed_draft}/history"):   (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/documents/{archived_final}/history"): (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/documents/{conf_draft}/history"):     (L, 404, 404, 404, 200, 404, 200, 404),
    },
    "document_version": {
        ("GET", "/documents/{draft}/versions/1"):       (L, 200, 404, 200, 200, 200, 200, 200),
        ("GET", "/documents/{final}/versions/1"):       (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/documents/{revised}/versions/1"):     (L, 200, 200, 200, 200, 200, 200, 200),
        # the new draft version is not the board's to read
        ("GET", "/documents/{revised}/versions/2"):     (L, 200, 404, 200, 200, 200, 200, 200),
        ("GET", "/documents/{final}/versions/99"):      (L, 404, 404, 404, 404, 404, 404, 404),
        ("GET", "/documents/{archived_final}/versions/1"): (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/documents/{conf_draft}/versions/1"):  (L, 404, 404, 404, 200, 404, 200, 404),
    },
    "document_diff": {
        ("GET", "/documents/{draft}/diff"):             (L, 200, 404, 200, 200, 200, 200, 200),
        ("GET", "/documents/{final}/diff"):             (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/documents/{revised}/diff?a=1&b=2"):   (L, 200, 404, 200, 200, 200, 200, 200),
        ("GET", "/documents/{archived_final}/diff"):    (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/documents/{conf_draft}/diff"):        (L, 404, 404, 404, 200, 404, 200, 404),
    },
    # board meetings: read by whoever reads the meeting's case, prepared by whoever may edit it
    "meetings": {
        ("GET", "/meetings"):                           (L, 200, 200, 200, 200, 200, 200, 200),
    },
    "meeting_new": {
        ("GET", "/meetings/new"):                       (L, 200, 403, 403, 200, 200, 200, 403),
        ("POST", "/meetings/new"):                      (L, OK, 403, 403, OK, OK, OK, 403),
    },
    "meeting": {
        # (the regional user has no access to the meetings case: to her it does not exist)
        ("GET", "/meetings/{meeting}"):                 (L, 200, 200, 200, 200, 200, 200, 404),
        ("GET", "/meetings/{conf_meeting}"):            (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/meetings/{missing_meeting}"):         (L, 404, 404, 404, 404, 404, 404, 404),
        ("GET", "/meetings/x"):                         (L, 404, 404, 404, 404, 404, 404, 404),
        ("POST", "/meetings/{meeting}", "attendance"):  (L, OK, 403, 403, OK, OK, OK, 404),
        ("POST", "/meetings/{meeting}", "add_item"):    (L, OK, 403, 403, OK, OK, OK, 404),
        ("POST", "/meetings/{meeting}", "advance"):     (L, OK, 403, 403, OK, OK, OK, 404),
        ("POST", "/meetings/{meeting}", "send_pack"):   (L, OK, 403, 403, OK, OK, OK, 404),
        # no item named: 404 for those who may edit
        ("POST", "/meetings/{meeting}", "move"):        (L, 404, 403, 403, 404, 404, 404, 404),
        ("POST", "/meetings/{meeting}", "withdraw"):    (L, 404, 403, 403, 404, 404, 404, 404),
        ("POST", "/meetings/{meeting}", "papers"):      (L, 404, 403, 403, 404, 404, 404, 404),
        ("POST", "/meetings/{conf_meeting}", "advance"): (L, 404, 404, 404, OK, 404, OK, 404),
        ("POST", "/meetings/{meeting}", "decision"):    (L, 404, 403, 403, 404, 404, 404, 404),
        ("POST", "/meetings/{meeting}", "edit_item"):   (L, 404, 403, 403, 404, 404, 404, 404),
        # an empty form: "write the name" (400) for those who may edit
        ("POST", "/meetings/{meeting}", "add_participant"): (L, OK, 403, 403, OK, OK, OK, 404),
        ("POST", "/meetings/{meeting}", "remove_participant"): (L, 404, 403, 403, 404, 404, 404, 404),
        ("POST", "/meetings/{held_meeting}", "minutes"): (L, OK, 403, 403, OK, OK, OK, 404),
        # the held meeting has an item about the confidential case: for those who may not open that case it is a
        # closed item ("Lukket punkt", nothing more), which they cannot change (404, as an unknown item) — but may
        # move, since the order of the agenda is the meeting's (the meeting is held: the refusal is a message)
        ("GET", "/meetings/{held_meeting}"):            (L, 200, 200, 200, 200, 200, 200, 404),
        ("POST", "/meetings/{held_meeting}", "decision=1&item={conf_item}"):  (L, 404, 403, 403, OK, 404, OK, 404),
        ("POST", "/meetings/{held_meeting}", "edit_item=1&item={conf_item}&title=x"): (L, 404, 403, 403, OK, 404, OK, 404),
        ("POST", "/meetings/{held_meeting}", "withdraw=1&item={conf_item}"):  (L, 404, 403, 403, OK, 404, OK, 404),
        ("POST", "/meetings/{held_meeting}", "papers=1&item={conf_item}"):    (L, 404, 403, 403, OK, 404, OK, 404),
        ("POST", "/meetings/{held_meeting}", "move=up&item={conf_item}"):     (L, OK, 403, 403, OK, OK, OK, 404),
    },
    # the decisions register: a decision is read by whoever reads its meeting and its case
    "decisions": {
        ("GET", "/decisions"):                          (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/decisions?q=udbud&from=2015&category=nonsense&case=x"): (L, 200, 200, 200, 200, 200, 200, 200),
    },
    "decision": {
        ("GET", "/decisions/{decision}"):               (L, 200, 200, 200, 200, 200, 200, 404),
        ("GET", "/decisions/{conf_decision}"):          (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/decisions/B-1999-999"):               (L, 404, 404, 404, 404, 404, 404, 404),
        ("GET", "/decisions/nonsense"):                 (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "meeting_pack": {
        ("GET", "/meetings/{meeting}/pack.docx"):       (L, 200, 200, 200, 200, 200, 200, 404),
        ("GET", "/meetings/{conf_meeting}/pack.docx"):  (L, 404, 404, 404, 200, 404, 200, 404),
        # (its closed item: "Lukket punkt" under its number for those who may not open its case)
        ("GET", "/meetings/{held_meeting}/pack.docx"):  (L, 200, 200, 200, 200, 200, 200, 404),
    },
    # one agenda item as Word (by its id; not this meeting's or withdrawn: 404), and the packs as sent
    "meeting_item_export": {
        ("GET", "/meetings/{meeting}/items/{item}.docx"):          (L, 200, 200, 200, 200, 200, 200, 404),
        ("GET", "/meetings/{meeting}/items/999999.docx"):          (L, 404, 404, 404, 404, 404, 404, 404),
        ("GET", "/meetings/{meeting}/items/x.docx"):               (L, 404, 404, 404, 404, 404, 404, 404),
        ("GET", "/meetings/{conf_meeting}/items/{item}.docx"):     (L, 404, 404, 404, 404, 404, 404, 404),
        # a closed item has no export of its own: as unknown as an item that is not there
        ("GET", "/meetings/{held_meeting}/items/{conf_item}.docx"): (L, 404, 404, 404, 200, 404, 200, 404),
    },
    "meeting_sending": {
        ("GET", "/meetings/{meeting}/sendings/{sending}.docx"):      (L, 200, 200, 200, 200, 200, 200, 404),
        ("GET", "/meetings/{meeting}/sendings/999999.docx"):         (L, 404, 404, 404, 404, 404, 404, 404),
        ("GET", "/meetings/{conf_meeting}/sendings/{sending}.docx"): (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "calendar": {
        # the address is the key: a wrong one is not found (anonymous: sent to the login page)
        ("GET", "/calendar/{sekretariat_id}/forkert.ics"): (L, 404, 404, 404, 404, 404, 404, 404),
    },
    # follow or explain: read by whoever reads the case, changed by whoever may edit it
    "participation": {
        ("GET", "/participation"):                      (L, 200, 200, 200, 200, 200, 200, 200),
    },
    # action plans: read by whoever reads the case, followed up by whoever may edit it;
    # the overview and the status report show only the cases the user may see
    "actions": {
        ("GET", "/actions"):                            (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/actions?cases=alle&overdue=1"):       (L, 200, 200, 200, 200, 200, 200, 200),
    },
    "actions_report": {
        ("GET", "/actions/statusrapport.docx"):         (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/actions/statusrapport.docx?cases=alle"): (L, 200, 200, 200, 200, 200, 200, 200),
    },
    "case_actions": {
        ("GET", "/cases/{open}/actions"):               (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/cases/{closed}/actions"):             (L, 200, 200, 200, 200, 200, 200, 404),
        ("GET", "/cases/{archived}/actions"):           (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/cases/{conf}/actions"):               (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/cases/{missing}/actions"):            (L, 404, 404, 404, 404, 404, 404, 404),
        # (empty forms: "add" and "file" are refused by their own checks, "edit" and "note" name no action)
        ("POST", "/cases/{open}/actions", "add"):       (L, OK, 403, 403, OK, OK, OK, 403),
        ("POST", "/cases/{open}/actions", "edit"):      (L, OK, 403, 403, OK, OK, OK, 403),
        ("POST", "/cases/{open}/actions", "note"):      (L, OK, 403, 403, OK, OK, OK, 403),
        # filing the report makes a document: not in a closed case
        ("POST", "/cases/{open}/actions", "file"):      (L, OK, 403, 403, OK, OK, OK, 403),
        ("POST", "/cases/{closed}/actions", "file"):    (L, 403, 403, 403, 403, 403, 403, 404),
        ("POST", "/cases/{archived}/actions", "file"):  (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/cases/{conf}/actions", "file"):      (L, 404, 404, 404, OK, 404, OK, 404),
        ("POST", "/cases/{closed}/actions", "add"):     (L, OK, 403, 403, OK, OK, OK, 404),
        ("POST", "/cases/{closed}/actions", "note"):    (L, OK, 403, 403, OK, OK, OK, 404),
        # an archived case is read-only for everyone
        ("POST", "/cases/{archived}/actions", "add"):   (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/cases/{archived}/actions", "edit"):  (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/cases/{archived}/actions", "note"):  (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/cases/{conf}/actions", "add"):       (L, 404, 404, 404, OK, 404, OK, 404),
        ("POST", "/cases/{conf}/actions", "edit"):      (L, 404, 404, 404, OK, 404, OK, 404),
        ("POST", "/cases/{conf}/actions", "note"):      (L, 404, 404, 404, OK, 404, OK, 404),
    },
    "case_actions_report": {
        ("GET", "/cases/{open}/actions/statusrapport.docx"):     (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/cases/{closed}/actions/statusrapport.docx"):   (L, 200, 200, 200, 200, 200, 200, 404),
        ("GET", "/cases/{archived}/actions/statusrapport.docx"): (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/cases/{conf}/actions/statusrapport.docx"):     (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/cases/{missing}/actions/statusrapport.docx"):  (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "case_participation": {
        ("GET", "/cases/{open}/participation"):         (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/cases/{closed}/participation"):       (L, 200, 200, 200, 200, 200, 200, 404),
        ("GET", "/cases/{archived}/participation"):     (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/cases/{conf}/participation"):         (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/cases/{missing}/participation"):      (L, 404, 404, 404, 404, 404, 404, 404),
        # an empty form changes nothing (and is no error)
        ("POST", "/cases/{open}/participation"):        (L, OK, 403, 403, OK, OK, OK, 403),
        ("POST", "/cases/{closed}/participation"):      (L, OK, 403, 403, OK, OK, OK, 404),
        ("POST", "/cases/{archived}/participation"):    (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/cases/{conf}/participation"):        (L, 404, 404, 404, OK, 404, OK, 404),
    },
    # requests for access (aktindsigt): registered and decided by those who create cases; the
    # request's page is on its own case, for whoever may edit that case (it names the requester)
    "access_requests": {
        ("GET", "/access-requests"):                    (L, 200, 403, 403, 200, 200, 200, 403),
    },
    "access_request_new": {
        ("GET", "/access-requests/new"):                (L, 200, 403, 403, 200, 200, 200, 403),
        # an empty form is refused by its own checks (400)
        ("POST", "/access-requests/new"):               (L, OK, 403, 403, OK, OK, OK, 403),
    },
    "case_access_request": {
        ("GET", "/cases/{request}/access-request"):     (L, 200, 403, 403, 200, 200, 200, 404),
        ("GET", "/cases/{conf_request}/access-request"): (L, 404, 404, 404, 200, 404, 200, 404),
        # a case that is not a request has no such page
        ("GET", "/cases/{open}/access-request"):        (L, 404, 403, 403, 404, 404, 404, 403),
        ("GET", "/cases/{missing}/access-request"):     (L, 404, 404, 404, 404, 404, 404, 404),
        # an empty form decides nothing (and is no error)
        ("POST", "/cases/{request}/access-request"):    (L, OK, 403, 403, OK, OK, OK, 404),
        ("POST", "/cases/{conf_request}/access-request"): (L, 404, 404, 404, OK, 404, OK, 404),
    },
    # the answer (issue 19, point 4): for whoever may edit the request's case; in the world no
    # document has a decision, so no draft is made (400) and there is none to download (404) or approve (409)
    "case_access_answer": {
        ("GET", "/cases/{request}/access-request/answer"):      (L, 200, 403, 403, 200, 200, 200, 404),
        ("GET", "/cases/{conf_request}/access-request/answer"): (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/cases/{open}/access-request/answer"):         (L, 404, 403, 403, 404, 404, 404, 403),
        ("GET", "/cases/{missing}/access-request/answer"):      (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "case_access_aktliste": {
        ("GET", "/cases/{request}/access-request/aktliste.csv"):      (L, 200, 403, 403, 200, 200, 200, 404),
        ("GET", "/cases/{conf_request}/access-request/aktliste.csv"): (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/cases/{open}/access-request/aktliste.csv"):         (L, 404, 403, 403, 404, 404, 404, 403),
    },
    "case_access_package": {
        ("POST", "/cases/{request}/access-request/package"):      (L, OK, 403, 403, OK, OK, OK, 404),
        ("POST", "/cases/{conf_request}/access-request/package"): (L, 404, 404, 404, OK, 404, OK, 404),
        ("POST", "/cases/{open}/access-request/package"):         (L, 404, 403, 403, 404, 404, 404, 403),
    },
    "case_access_package_pdf": {
        ("GET", "/cases/{request}/access-request/package.pdf"):      (L, 404, 403, 403, 404, 404, 404, 404),
        ("GET", "/cases/{conf_request}/access-request/package.pdf"): (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "case_access_package_zip": {
        ("GET", "/cases/{request}/access-request/package.zip"):      (L, 404, 403, 403, 404, 404, 404, 404),
        ("GET", "/cases/{conf_request}/access-request/package.zip"): (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "case_access_package_approve": {
        ("POST", "/cases/{request}/access-request/package/approve"):      (L, 409, 403, 403, 409, 409, 409, 404),
        ("POST", "/cases/{conf_request}/access-request/package/approve"): (L, 404, 404, 404, 409, 404, 409, 404),
    },

    # issue 19, points 5-6 and the deadline extension: extending is for whoever may edit the
    # request's case; the year's report for those who see the request list; a person's
    # insight only for the administrator (who sees every case and every typed search)
    "case_access_request_extend": {
        ("GET", "/cases/{request}/access-request/extend"):      (L, 200, 403, 403, 200, 200, 200, 404),
        ("GET", "/cases/{conf_request}/access-request/extend"): (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/cases/{open}/access-request/extend"):         (L, 404, 403, 403, 404, 404, 404, 403),
        ("GET", "/cases/{missing}/access-request/extend"):      (L, 404, 404, 404, 404, 404, 404, 404),
        # an empty form is refused by its own checks (400)
        ("POST", "/cases/{request}/access-request/extend"):     (L, OK, 403, 403, OK, OK, OK, 404),
        ("POST", "/cases/{conf_request}/access-request/extend"): (L, 404, 404, 404, OK, 404, OK, 404),
    },
    "access_requests_report": {
        ("GET", "/access-requests/report"):             (L, 200, 403, 403, 200, 200, 200, 403),
    },
    "access_requests_report_csv": {
        ("GET", "/access-requests/report.csv"):         (L, 200, 403, 403, 200, 200, 200, 403),
    },
    "insight": {
        ("GET", "/insight"):                            (L, 403, 403, 403, 200, 403, 403, 403),
        # an empty form is refused by its own checks (400)
        ("POST", "/insight"):                           (L, 403, 403, 403, OK, 403, 403, 403),
    },
    "insight_report": {
        ("POST", "/insight/report.docx"):               (L, 403, 403, 403, OK, 403, 403, 403),
    },

    # what is withheld from one document of a request (issue 19, point 3): as the request's page,
    # and only for a document of a case the request concerns that the user may see
    "access_redactions": {
        ("GET", "/cases/{request}/access-request/documents/{final}"):          (L, 200, 403, 403, 200, 200, 200, 404),
        ("GET", "/cases/{request}/access-request/documents/{draft}"):          (L, 200, 403, 403, 200, 200, 200, 404),
        # not a case the request concerns, or no such document (a confidential document under a request
        # its reader may handle: tests/functional/test_redaction_leaks.py)
        ("GET", "/cases/{request}/access-request/documents/{archived_final}"): (L, 404, 403, 403, 404, 404, 404, 404),
        ("GET", "/cases/{request}/access-request/documents/{missing_doc}"):    (L, 404, 403, 403, 404, 404, 404, 404),
        ("GET", "/cases/{conf_request}/access-request/documents/{conf_draft}"): (L, 404, 404, 404, 200, 404, 200, 404),
        # another request's document
        ("GET", "/cases/{conf_request}/access-request/documents/{final}"):     (L, 404, 404, 404, 404, 404, 404, 404),
        # a case that is not a request has no such page
        ("GET", "/cases/{open}/access-request/documents/{final}"):             (L, 404, 403, 403, 404, 404, 404, 403),
        ("GET", "/cases/{missing}/access-request/documents/{final}"):          (L, 404, 404, 404, 404, 404, 404, 404),
        # an empty form is refused by its own checks (400); removing nothing changes nothing (303)
        ("POST", "/cases/{request}/access-request/documents/{final}", "add"):     (L, OK, 403, 403, OK, OK, OK, 404),
        ("POST", "/cases/{request}/access-request/documents/{final}", "remove"):  (L, OK, 403, 403, OK, OK, OK, 404),
        ("POST", "/cases/{request}/access-request/documents/{archived_final}", "add"): (L, 404, 403, 403, 404, 404, 404, 404),
        ("POST", "/cases/{conf_request}/access-request/documents/{conf_draft}", "add"): (L, 404, 404, 404, OK, 404, OK, 404),
        ("POST", "/cases/{conf_request}/access-request/documents/{conf_draft}", "remove"): (L, 404, 404, 404, OK, 404, OK, 404),
    },
    # Word exports: exactly who may read the document / case / versions
    "document_export": {
        ("GET", "/documents/{draft}/export.docx"):          (L, 200, 404, 200, 200, 200, 200, 200),
        ("GET", "/documents/{final}/export.docx"):          (L, 200, 200, 200, 200, 200, 200, 200),
        # the board gets the final version of a document with a new draft
        ("GET", "/documents/{revised}/export.docx"):        (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/documents/{closed_draft}/export.docx"):   (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/documents/{archived_final}/export.docx"): (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/documents/{conf_draft}/export.docx"):     (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/documents/{missing_doc}/export.docx"):    (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "document_redline": {
        ("GET", "/documents/{draft}/redline.docx"):             (L, 200, 404, 200, 200, 200, 200, 200),
        ("GET", "/documents/{final}/redline.docx"):             (L, 200, 200, 200, 200, 200, 200, 200),
        # version 2 of {revised} is a draft: not the board's to compare
        ("GET", "/documents/{revised}/redline.docx?a=1&b=2"):   (L, 200, 404, 200, 200, 200, 200, 200),
        ("GET", "/documents/{archived_final}/redline.docx"):    (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/documents/{conf_draft}/redline.docx"):        (L, 404, 404, 404, 200, 404, 200, 404),
    },
    "case_export": {
        ("GET", "/cases/{open}/export.docx"):           (L, 200, 200, 200, 200, 200, 200, 200),
        # the closed case holds only a draft: nothing the board may read (back to the case, with a message)
        ("GET", "/cases/{closed}/export.docx"):         (L, 200, OK, 200, 200, 200, 200, 404),
        ("GET", "/cases/{archived}/export.docx"):       (L, 200, 404, 200, 200, 200, 200, 404),
        ("GET", "/cases/{conf}/export.docx"):           (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/cases/{missing}/export.docx"):        (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "document_restore": {
        # an empty form (no base version): the permitted get 400, nothing is restored
        ("POST", "/documents/{draft}/versions/1/restore"):          (L, OK, 404, 403, OK, OK, OK, 403),
        ("POST", "/documents/{revised}/versions/1/restore"):        (L, OK, 403, 403, OK, OK, OK, 403),
        ("POST", "/documents/{final}/versions/1/restore"):          (L, 403, 403, 403, 403, 403, 403, 403),
        ("POST", "/documents/{closed_draft}/versions/1/restore"):   (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/documents/{archived_final}/versions/1/restore"): (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/documents/{conf_draft}/versions/1/restore"):     (L, 404, 404, 404, OK, 404, OK, 404),
    },
    "document_new_version": {
        # an empty form (no base version) is a conflict: nothing is saved
        ("POST", "/documents/{final}/new-version"):          (L, OK, 403, 403, OK, OK, OK, 403),
        ("POST", "/documents/{draft}/new-version"):          (L, OK, 404, 403, OK, OK, OK, 403),
        ("POST", "/documents/{closed_draft}/new-version"):   (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/documents/{archived_final}/new-version"): (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/documents/{conf_draft}/new-version"):     (L, 404, 404, 404, OK, 404, OK, 404),
    },
    "attachments": {
        # no file in the form: the permitted get "choose a file" (400)
        ("POST", "/documents/{draft}/attachments"):          (L, OK, 404, 403, OK, OK, OK, 403),
        ("POST", "/documents/{final}/attachments"):          (L, 403, 403, 403, 403, 403, 403, 403),
        ("POST", "/documents/{closed_draft}/attachments"):   (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/documents/{archived_final}/attachments"): (L, 403, 404, 403, 403, 403, 403, 404),
        ("POST", "/documents/{conf_draft}/attachments"):     (L, 404, 404, 404, OK, 404, OK, 404),
    },
    # editing in Word (issue 17): the page mints a Word link for whoever may read the document
    "document_word": {
        ("POST", "/documents/{draft}/word"):             (L, OK, 404, OK, OK, OK, OK, OK),
        ("POST", "/documents/{final}/word"):             (L, OK, OK, OK, OK, OK, OK, OK),
        ("POST", "/documents/{conf_draft}/word"):        (L, 404, 404, 404, OK, 404, OK, 404),
        ("POST", "/documents/{missing_doc}/word"):       (L, 404, 404, 404, 404, 404, 404, 404),
    },
    # an attached Office file: the same, for whoever may read the document; a file Office does not open
    # (a PDF) or another document's attachment is 404
    "attachment_word": {
        ("POST", "/documents/{final}/attachments/{final_xlsx}/word"):     (L, OK, OK, OK, OK, OK, OK, OK),
        ("POST", "/documents/{draft}/attachments/{draft_att}/word"):      (L, 404, 404, 404, 404, 404, 404, 404),
        ("POST", "/documents/{draft}/attachments/{final_xlsx}/word"):     (L, 404, 404, 404, 404, 404, 404, 404),
        ("POST", "/documents/{conf_draft}/attachments/{conf_att}/word"):  (L, 404, 404, 404, 404, 404, 404, 404),
    },
    # nothing is checked out in the world: "not being edited in Word" (303) for whoever reads the document
    "document_checkout_release": {
        ("POST", "/documents/{draft}/checkout/release"):      (L, OK, 404, OK, OK, OK, OK, OK),
        ("POST", "/documents/{conf_draft}/checkout/release"): (L, 404, 404, 404, OK, 404, OK, 404),
    },
    # the WebDAV endpoint: a browser session is never enough, only a valid Word link
    # (tests/functional/test_word_dav.py); a made-up token is a plain 404 for everyone, anonymous too
    "dav": {(method, DAV_FAKE + path): (404,) * 8
            for method in ("OPTIONS", "GET", "PUT", "PROPFIND", "PROPPATCH", "LOCK", "UNLOCK", "MKCOL", "COPY", "MOVE",
                           "DELETE")
            for path in ("/{draft}/{draft}.docx", "/{draft}/", "/{draft}/litmus/tmp.txt")},
    "attachment": {
        ("GET", "/documents/{draft}/attachments/{draft_att}"):     (L, 200, 404, 200, 200, 200, 200, 200),
        ("GET", "/documents/{conf_draft}/attachments/{conf_att}"): (L, 404, 404, 404, 200, 404, 200, 404),
        # a confidential attachment is not reachable through another document's URL
        ("GET", "/documents/{draft}/attachments/{conf_att}"):      (L, 404, 404, 404, 404, 404, 404, 404),
        # a new file under the attachment (no file in the form: 400 for the permitted)
        ("POST", "/documents/{draft}/attachments/{draft_att}"):     (L, OK, 404, 403, OK, OK, OK, 403),
        ("POST", "/documents/{conf_draft}/attachments/{conf_att}"): (L, 404, 404, 404, OK, 404, OK, 404),
        ("POST", "/documents/{draft}/attachments/{conf_att}"):      (L, 404, 404, 404, 404, 404, 404, 404),
    },
    # the searchable copy OCR made of a scanned attachment: read like the attachment
    "attachment_ocr": {
        ("GET", "/documents/{draft}/attachments/{draft_att}/ocr.pdf"):     (L, 200, 404, 200, 200, 200, 200, 200),
        ("GET", "/documents/{conf_draft}/attachments/{conf_att}/ocr.pdf"): (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/documents/{draft}/attachments/{conf_att}/ocr.pdf"):      (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "attachment_revision": {
        ("GET", "/documents/{draft}/attachments/{draft_att}/revisions/1"):     (L, 200, 404, 200, 200, 200, 200, 200),
        ("GET", "/documents/{draft}/attachments/{draft_att}/revisions/9"):     (L, 404, 404, 404, 404, 404, 404, 404),
        ("GET", "/documents/{conf_draft}/attachments/{conf_att}/revisions/1"): (L, 404, 404, 404, 200, 404, 200, 404),
        ("GET", "/documents/{draft}/attachments/{conf_att}/revisions/1"):      (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "account": {
        ("GET", "/account"):                            (L, 200, 200, 200, 200, 200, 200, 200),
        ("POST", "/account"):                           (L, OK, OK, OK, OK, OK, OK, OK),
    },
    # sign-in (issue 15): one's own sessions, second factor, passkeys and API tokens;
    # another user's session or token does not exist for you
    "account_sessions": {
        ("GET", "/account/sessions"):                   (L, 200, 200, 200, 200, 200, 200, 200),
        ("POST", "/account/sessions", "end=999999"):    (L, 404, 404, 404, 404, 404, 404, 404),
        ("POST", "/account/sessions", "end_others=1"):  (L, OK, OK, OK, OK, OK, OK, OK),
    },
    "account_second_factor": {
        ("GET", "/account/second-factor"):              (L, 200, 200, 200, 200, 200, 200, 200),
        ("POST", "/account/second-factor", "start=1"):  (L, OK, OK, OK, OK, OK, OK, OK),
        ("POST", "/account/second-factor", "confirm=1"): (L, OK, OK, OK, OK, OK, OK, OK),
        ("POST", "/account/second-factor", "codes=1"):  (L, OK, OK, OK, OK, OK, OK, OK),
        ("POST", "/account/second-factor", "remove=1"): (L, OK, OK, OK, OK, OK, OK, OK),
    },
    "account_passkeys": {
        ("GET", "/account/passkeys"):                   (L, 200, 200, 200, 200, 200, 200, 200),
        ("POST", "/account/passkeys", "options=1"):     (L, 200, 200, 200, 200, 200, 200, 200),
        ("POST", "/account/passkeys", "register=1"):    (L, 400, 400, 400, 400, 400, 400, 400),
        ("POST", "/account/passkeys", "remove=999999"): (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "account_tokens": {
        ("GET", "/account/tokens"):                     (L, 200, 200, 200, 200, 200, 200, 200),
        ("POST", "/account/tokens", "create=1"):        (L, 400, 400, 400, 400, 400, 400, 400),
        ("POST", "/account/tokens", "revoke=999999"):   (L, 404, 404, 404, 404, 404, 404, 404),
    },
    # the second step of signing in, the passkey sign-in and single sign-on are
    # public (they check their own state); no single sign-on is configured here,
    # so its routes are not found (anonymous: sent to the login page, as for any
    # address that does not exist)
    "login_second_factor": {
        ("GET", "/login/second-factor"):                (303, 303, 303, 303, 303, 303, 303, 303),
        ("POST", "/login/second-factor"):               (303, 303, 303, 303, 303, 303, 303, 303),
    },
    "login_passkey": {
        ("POST", "/login/passkey", "options=1"):        (200, 200, 200, 200, 200, 200, 200, 200),
        ("POST", "/login/passkey", "verify=1"):         (400, 400, 400, 400, 400, 400, 400, 400),
    },
    "login_oidc": {
        ("GET", "/login/oidc"):                         (L, 404, 404, 404, 404, 404, 404, 404),
    },
    "login_oidc_callback": {
        ("GET", "/login/oidc/callback?state=x&code=y"): (L, 404, 404, 404, 404, 404, 404, 404),
    },
    # the cases API: whoever may open a case (a browser's call needs its CSRF token);
    # an empty body is no JSON object
    "api_cases": {
        ("POST", "/api/cases"):                         (L, 400, 403, 403, 400, 400, 400, 403),
    },
    "audit": {
        ("GET", "/audit"):                              (L, 403, 403, 200, 200, 403, 403, 403),
    },
    "audit_csv": {
        ("GET", "/audit.csv"):                          (L, 403, 403, 200, 200, 403, 403, 403),
    },
    "admin_users": {
        ("GET", "/admin/users"):                        (L, 403, 403, 403, 200, 403, 403, 403),
        ("POST", "/admin/users"):                       (L, 403, 403, 403, OK, 403, 403, 403),
    },
    "admin_user": {
        ("GET", "/admin/users/{user}"):                 (L, 403, 403, 403, 200, 403, 403, 403),
        ("POST", "/admin/users/{user}", "save"):        (L, 403, 403, 403, OK, 403, 403, 403),
        ("POST", "/admin/users/{user}", "reset"):       (L, 403, 403, 403, OK, 403, 403, 403),
        ("POST", "/admin/users/{user}", "end_sessions"): (L, 403, 403, 403, OK, 403, 403, 403),
        ("POST", "/admin/users/{user}", "reset_second_factor"): (L, 403, 403, 403, OK, 403, 403, 403),
        ("POST", "/admin/users/{user}", "token"):       (L, 403, 403, 403, 400, 403, 403, 403),
        ("POST", "/admin/users/{user}", "revoke_token=999999"): (L, 403, 403, 403, 404, 403, 403, 403),
        ("GET", "/admin/users/{missing_user}"):         (L, 403, 403, 403, 404, 403, 403, 403),
    },
    "admin_groups": {
        ("GET", "/admin/groups"):                       (L, 403, 403, 403, 200, 403, 403, 403),
        ("POST", "/admin/groups"):                      (L, 403, 403, 403, OK, 403, 403, 403),
    },
    "admin_numbers": {
        ("GET", "/admin/numbers"):                      (L, 403, 403, 403, 200, 403, 403, 403),
        ("POST", "/admin/numbers"):                     (L, 403, 403, 403, OK, 403, 403, 403),
    },
    "search": {
        ("GET", "/search"):                             (L, 200, 200, 200, 200, 200, 200, 200),
        # typing the number of a confidential case or document jumps there only
        # for those who may see it; for the others it is an ordinary search
        ("GET", "/search?q={conf_no}"):                 (L, 200, 200, 200, 303, 200, 303, 200),
        ("GET", "/search?q={conf_doc_no}"):             (L, 200, 200, 200, 303, 200, 303, 200),
        ("GET", "/search?q={draft_no}"):                (L, 303, 200, 303, 303, 303, 303, 303),
        # words of a draft version's title: the board must not find (or see) them
        ("GET", "/search?q=Arbejdstitel"):              (L, 200, 200, 200, 200, 200, 200, 200),
    },
    "api_search": {
        # the JSON API answers everyone logged in, with only what they may see
        ("GET", "/api/search?q=udbud"):                 (L, 200, 200, 200, 200, 200, 200, 200),
        ("GET", "/api/search?q={conf_no}"):             (L, 200, 200, 200, 200, 200, 200, 200),
    },
}
# ---------------------------------------------------------------------------

ALL_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")
STATIC_ROUTES = {"__static/", "__deform_static/"}
CONFIDENTIAL_PLACEHOLDERS = ("{conf}", "{conf_draft}", "{conf_att}")


def app_route_names(app) -> set[str]:
    return {r.name for r in app.registry.queryUtility(IRoutesMapper).get_routes()} - STATIC_ROUTES


def app_view_variants(app) -> dict[str, set]:
    """route -> {(method, request_param)} for every view the application has."""
    found = defaultdict(set)
    for item in app.registry.introspector.get_category("views"):
        view = item["introspectable"]
        route = view["route_name"]
        if route is None or route in STATIC_ROUTES:
            continue
        methods = view["request_methods"]
        if methods is None:
            methods = ("ANY METHOD",)
        elif isinstance(methods, str):
            methods = (methods,)
        param = view["request_param"]
        if isinstance(param, (tuple, list)):
            param = ",".join(sorted(param))
        for method in methods:
            if method != "HEAD":  # Pyramid adds HEAD to every GET view
                found[route].add((method, param or None))
    return dict(found)


def form_name(key) -> str | None:
    """The request_param a row's form names: its first field ("confidential=1" -> "confidential";
    "decision=1&item={conf_item}" -> "decision", the other fields fill the form in)."""
    if len(key) < 3:
        return None
    return parse_qsl(key[2], keep_blank_values=True)[0][0]


def table_view_variants() -> dict[str, set]:
    return {route: {(key[0], form_name(key)) for key in rows} for route, rows in TABLE.items()}


# -- the table against the application ---------------------------------------

def test_the_table_has_a_row_for_every_route_method_and_variant(app):
    assert set(TABLE) == app_route_names(app), (
        "routes without a row in TABLE: %s; rows for routes that no longer exist: %s"
        % (sorted(app_route_names(app) - set(TABLE)), sorted(set(TABLE) - app_route_names(app))))
    app_views = app_view_variants(app)
    table_views = table_view_variants()
    wrong = {route: {"app": sorted(app_views.get(route, ()), key=str), "table": sorted(table_views[route], key=str)}
             for route in TABLE if app_views.get(route, set()) != table_views[route]}
    assert not wrong, f"methods/variants differ between the views and TABLE: {wrong}"


def test_the_table_hides_confidential_objects_from_everybody_without_access():
    """The written table itself: no 403 (which would confirm the case exists)
    for a confidential URL, for anyone who may not see it."""
    wrong = []
    for route, rows in TABLE.items():
        for key, expected in rows.items():
            if any(p in key[1] for p in CONFIDENTIAL_PLACEHOLDERS) and "/search" not in key[1]:
                for user, value in zip(USERS, expected):
                    if user in NO_CONF_ACCESS and value != 404:
                        wrong.append((route, key, user, value))
                assert expected[0] == LOGIN, (route, key)
    assert not wrong
    assert all(len(v) == len(USERS) for rows in TABLE.values() for v in rows.values())


# -- the table against the running application, one test per user -------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ICS = "text/calendar"


def docx_text(data: bytes) -> str:
    """Every text of a Word file — body, headers, footers, properties — with the runs of a paragraph joined."""
    import io
    import re
    import zipfile

    if not zipfile.is_zipfile(io.BytesIO(data)):  # (the world's "sent pack" is a stand-in file)
        return data.decode("utf-8", errors="replace")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    return re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n"))


def _outcome(response):
    status = response.status_int
    if status in (301, 302, 303, 307) and "/login?came_from=" in response.headers.get("Location", ""):
        return LOGIN
    if status == 400 and CSRF_TITLE in response.text:
        return "400 (CSRF refused)"
    return status


def _matches(expected, got, user) -> bool:
    if expected == OK:
        return got in (200, 303, 400)
    if expected == UNMAPPED:
        return got in (404, 405) or (user == ANON and got == LOGIN)
    return expected == got


def _unmapped_rows():
    """Methods without a view, on the first URL of each route."""
    for route, table in TABLE.items():
        mapped = {key[0] for key in table}
        first_url = next(iter(table))[1]
        for method in ALL_METHODS:
            if method not in mapped:
                yield route, (method, first_url), None


def _rows():
    """All (route, key, expected-per-user or None for an unmapped method) in the
    order they are requested: the failed login (it renews the session's CSRF
    token) and the logout come last."""
    rows = [(route, key, expected) for route, table in TABLE.items() for key, expected in table.items()]
    rows += list(_unmapped_rows())
    last = {"login": 1, "logout": 2}
    return sorted(rows, key=lambda r: last.get(r[0], 0) if r[1][0] == "POST" and r[2] is not None else 0)


def _request(b, method, url, form, token):
    headers = {"X-CSRF-Token": token}
    if method == "GET":
        return b.get(url, expect_errors=True)
    if method == "POST":
        params = {"csrf_token": token, **dict(parse_qsl(form or "", keep_blank_values=True))}
        return b.post(url, params, expect_errors=True)
    if method in ("PUT", "DELETE", "PATCH"):
        return getattr(b, method.lower())(url, "", headers=headers, expect_errors=True)
    with warnings.catch_warnings():  # WebTest's lint knows no WebDAV methods
        warnings.simplefilter("ignore", WSGIWarning)
        return b.request(url, method=method, headers=headers, expect_errors=True)


@pytest.mark.parametrize("user", USERS)
def test_access_matrix(app, world, user):
    login = None if user == ANON else user
    column = USERS.index(user)
    b = log_in(app, login)
    token = token_of(b, anonymous=login is None)
    problems = []

    def check(route, key, expected):
        nonlocal token
        method, template = key[0], key[1]
        url = fill(template, world)
        r = _request(b, method, url, fill(key[2], world) if len(key) > 2 else None, token)
        got = _outcome(r)
        label = f"{method} {url}" + (f" [{key[2]}]" if len(key) > 2 else "") + f" ({route})"
        if not _matches(expected, got, user):
            problems.append(f"{label}: expected {expected}, got {got}")
        if got == 500:
            return
        if user in NO_CONF_ACCESS and r.content_type in ("text/html", "text/csv", "application/json", DOCX, ICS):
            text = docx_text(r.body) if r.content_type == DOCX else r.text
            for secret in (CONFIDENTIAL_CASE_TITLE, CONFIDENTIAL_DOC_TITLE, CONFIDENTIAL_ITEM_TITLE,
                           CONFIDENTIAL_RECOMMENDATION, world["conf_decision"]):
                if secret in text and secret not in url:  # (a 404 page may repeat the number asked for)
                    problems.append(f"{label}: the page shows the confidential {secret!r}")
        if user == STYR and r.content_type == "text/html" and DRAFT_TITLE in r.text:
            problems.append(f"{label}: the page shows the board the title of a draft version ({DRAFT_TITLE!r})")
        if route == "login" and method == "POST":
            token = token_of(b, anonymous=login is None)  # a failed login renews the token

    for route, key, expected in _rows():
        check(route, key, UNMAPPED if expected is None else expected[column])
    assert not problems, f"{len(problems)} problem(s) in the access matrix for {user}:\n  " + "\n  ".join(problems)
