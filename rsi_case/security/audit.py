"""The audit trail: who did what, to which record, from where, with what outcome.

Views call :func:`audit` while they work; the events are written when the
request has finished, in a transaction of their own — so an event is kept
even when the request itself failed and rolled back (its outcome then says
so), and writing it never waits on the request's own write lock.

Never put passwords, tokens or document text in ``detail``.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa

from ..db import utcnow
from .models import AuditEvent

log = logging.getLogger(__name__)

ENV_KEY = "rsi_case.audit_events"
SECRET_KEYS = {"password", "password-confirm", "csrf_token", "token", "current_password", "new_password",
               "code", "recovery", "credential", "id_token"}

# action -> Danish label lives in the audit page; codes are stable
ACTIONS = (
    "login", "login_failed", "login_blocked", "logout", "password_change",
    "case_view", "case_create", "case_edit", "case_status", "case_confidential", "grant_add", "grant_remove",
    "document_view", "document_create", "document_edit", "document_import",
    "attachment_add", "attachment_download", "export", "participation_change",
    "meeting_create", "meeting_state", "meeting_edit", "meeting_pack_send", "decision_record", "minutes_generate",
    "action_create", "action_edit", "action_note",
    "search", "audit_view", "audit_export",
    "user_create", "user_edit", "user_password_reset", "user_deactivate", "user_activate", "group_create",
    "number_set", "denied", "csrf_refused", "error",
    # sign-in (issue 15)
    "login_password_ok", "second_factor_failed", "totp_enrol", "totp_remove", "recovery_codes_new",
    "second_factor_reset", "passkey_add", "passkey_remove", "session_end",
    "api_token_create", "api_token_revoke", "api_token_refused",
    # editing in Word (issue 17)
    "word_token_create", "document_lock", "document_unlock",
    # issue 19: the deadline extension and a person's insight
    "access_deadline_extend", "personal_data_insight",

    # withholding passages from a document released in part (issue 19, point 3)
    "access_redaction_add", "access_redaction_remove",
)


def audit(request, action: str, *, object_type: str = "", object_ref: str = "", case=None,
          outcome: str = "ok", **detail) -> None:
    """Record one event for this request (written when the request ends)."""
    try:
        user = request.user
    except Exception:  # e.g. the database is unreachable: still record the event
        user = None
    events = request.environ.get(ENV_KEY)
    if events is None:
        events = request.environ[ENV_KEY] = []
        request.add_finished_callback(_write_events)
    clean = {k: v for k, v in detail.items() if k not in SECRET_KEYS}
    token = getattr(request, "api_token", None)
    if token is not None:
        clean["api_token"] = token.prefix  # the request was made with this API token
    events.append({
        "at": utcnow(),
        "user_id": user.id if user is not None else None,
        "login": (user.login if user is not None else str(detail.get("login", "") or ""))[:64],
        "action": action,
        "object_type": object_type[:20],
        "object_ref": str(object_ref)[:64],
        "case_id": getattr(case, "id", None),
        "case_ref": str(case.number) if case is not None else "",
        "address": (request.remote_addr or "")[:64],
        "outcome": outcome,
        "detail": clean,
    })


def _write_events(request) -> None:
    events = request.environ.pop(ENV_KEY, None)
    if not events:
        return
    failed = getattr(request, "exception", None) is not None
    rows = []
    for event in events:
        if failed and event["outcome"] == "ok":
            event = {**event, "outcome": "error"}
        rows.append(event)
    try:
        engine = request.registry["db.engine"]
        with engine.begin() as conn:
            conn.execute(sa.insert(AuditEvent), rows)
    except Exception:
        # the trail must not take the application down, but nobody may miss it failing
        log.exception("could not write %d audit event(s): %r", len(rows), [r["action"] for r in rows])
