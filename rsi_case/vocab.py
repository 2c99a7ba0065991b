"""The fixed vocabularies the organisation uses (DESIGN.md), with Danish labels.

Codes are stored in the database; labels are translation strings.
"""

from __future__ import annotations

from .i18n import _, ngettext

CASE_CATEGORIES = {
    "konsolidering": _("cat-konsolidering", default="Coordination of consolidation plans"),
    "indkoeb": _("cat-indkoeb", default="Joint procurement and tenders"),
    "videreudvikling": _("cat-videreudvikling", default="Coordinated development of hospital IT"),
    "drift": _("cat-drift", default="Joint operation of infrastructure and applications"),
    "tvaergaaende": _("cat-tvaergaaende", default="Cross-cutting services for the health sector"),
    "egen_drift": _("cat-egen_drift", default="The organisation's own business"),
    "aktindsigt": _("cat-aktindsigt", default="Request for access to documents"),
}

REGIONS = {
    "hovedstaden": _("region-hovedstaden", default="Capital Region of Denmark"),
    "sjaelland": _("region-sjaelland", default="Region Zealand"),
    "syddanmark": _("region-syddanmark", default="Region of Southern Denmark"),
    "midtjylland": _("region-midtjylland", default="Central Denmark Region"),
    "nordjylland": _("region-nordjylland", default="North Denmark Region"),
}

CASE_STATUSES = {
    "aaben": _("case-status-aaben", default="open"),
    "lukket": _("case-status-lukket", default="closed"),
    "arkiveret": _("case-status-arkiveret", default="archived"),
}
# allowed moves: åben -> lukket -> arkiveret (and a closed case may be reopened)
CASE_TRANSITIONS = {
    "aaben": ("aaben", "lukket"),
    "lukket": ("lukket", "aaben", "arkiveret"),
    "arkiveret": ("arkiveret",),
}

DOCUMENT_KINDS = {
    "notat": _("kind-notat", default="memo"),
    "strategi": _("kind-strategi", default="strategy"),
    "handlingsplan": _("kind-handlingsplan", default="action plan"),
    "dagsorden": _("kind-dagsorden", default="agenda"),
    "moedereferat": _("kind-moedereferat", default="minutes"),
    "beslutningsoplaeg": _("kind-beslutningsoplaeg", default="decision paper"),
    "statusrapport": _("kind-statusrapport", default="progress report"),
    "bilag": _("kind-bilag", default="annex"),
    "email": _("kind-email", default="e-mail"),
}
# kinds that are filed, never written from a blank page (a mail comes from a mail file)
FILED_KINDS = frozenset({"email"})

# a party's part in the case's mails
PARTY_ROLES = {
    "afsender": _("party-role-afsender", default="sender"),
    "modtager": _("party-role-modtager", default="recipient"),
    "kopi": _("party-role-kopi", default="copy"),
}

MAIL_DIRECTIONS = {
    "indgaaende": _("mail-direction-indgaaende", default="incoming"),
    "udgaaende": _("mail-direction-udgaaende", default="outgoing"),
}

DOCUMENT_STATUSES = {
    "kladde": _("doc-status-kladde", default="draft"),
    "endelig": _("doc-status-endelig", default="final"),
}

LOCAL_ROLES = {
    "laeser": _("local-role-laeser", default="may read"),
    "redaktoer": _("local-role-redaktoer", default="may read and write"),
    "ejer": _("local-role-ejer", default="owner (may also share)"),
}

ROLES = {
    "sekretariat": _("role-sekretariat", default="secretariat"),
    "styregruppe": _("role-styregruppe", default="board"),
    "arkivar": _("role-arkivar", default="archivist"),
    "admin": _("role-admin", default="administrator"),
    "bruger": _("role-bruger", default="user (granted cases only)"),
}

# follow or explain (følg eller forklar): a region's part in a joint project
PARTICIPATION_STATES = {
    "deltager": _("participation-deltager", default="takes part"),
    "afventer": _("participation-afventer", default="waits"),
    "afstaar": _("participation-afstaar", default="stays out"),
}

# board meetings: planned, agenda sent, held, minutes approved
MEETING_STATES = {
    "planlagt": _("meeting-planlagt", default="planned"),
    "dagsorden_udsendt": _("meeting-dagsorden_udsendt", default="agenda sent"),
    "afholdt": _("meeting-afholdt", default="held"),
    "referat_godkendt": _("meeting-referat_godkendt", default="minutes approved"),
}

# action plans: the status of an action (indsats)
ACTION_STATUSES = {
    "ikke_startet": _("action-ikke_startet", default="not started"),
    "i_gang": _("action-i_gang", default="in progress"),
    "forsinket": _("action-forsinket", default="delayed"),
    "afsluttet": _("action-afsluttet", default="completed"),
}

AUDIT_ACTIONS = {
    "login": _("audit-login", default="logged in"),
    "login_failed": _("audit-login_failed", default="login failed"),
    "login_blocked": _("audit-login_blocked", default="login blocked"),
    "logout": _("audit-logout", default="logged out"),
    "password_change": _("audit-password_change", default="changed password"),
    "case_view": _("audit-case_view", default="viewed case"),
    "case_create": _("audit-case_create", default="created case"),
    "case_edit": _("audit-case_edit", default="edited case"),
    "case_status": _("audit-case_status", default="changed case status"),
    "case_confidential": _("audit-case_confidential", default="changed confidentiality"),
    "grant_add": _("audit-grant_add", default="gave access"),
    "grant_remove": _("audit-grant_remove", default="removed access"),
    "document_view": _("audit-document_view", default="viewed document"),
    "document_create": _("audit-document_create", default="created document"),
    "document_edit": _("audit-document_edit", default="edited document"),
    "document_import": _("audit-document_import", default="imported Word document"),
    "attachment_add": _("audit-attachment_add", default="attached file"),
    "attachment_download": _("audit-attachment_download", default="downloaded file"),
    "export": _("audit-export", default="exported"),
    "participation_change": _("audit-participation_change", default="changed a region's participation"),
    "meeting_create": _("audit-meeting_create", default="created meeting"),
    "meeting_state": _("audit-meeting_state", default="changed a meeting's state"),
    "meeting_edit": _("audit-meeting_edit", default="changed a meeting"),
    "decision_record": _("audit-decision_record", default="recorded a decision"),
    "minutes_generate": _("audit-minutes_generate", default="made the minutes"),
    "meeting_pack_send": _("audit-meeting_pack_send", default="sent a meeting pack"),
    "action_create": _("audit-action_create", default="added an action to an action plan"),
    "action_edit": _("audit-action_edit", default="changed an action"),
    "action_note": _("audit-action_note", default="recorded progress on an action"),
    "search": _("audit-search", default="searched"),
    "audit_view": _("audit-audit_view", default="read the audit trail"),
    "audit_export": _("audit-audit_export", default="exported the audit trail"),
    "user_create": _("audit-user_create", default="created user"),
    "user_edit": _("audit-user_edit", default="edited user"),
    "user_password_reset": _("audit-user_password_reset", default="set new password"),
    "user_deactivate": _("audit-user_deactivate", default="deactivated user"),
    "user_activate": _("audit-user_activate", default="activated user"),
    "group_create": _("audit-group_create", default="created group"),
    "number_set": _("audit-number_set", default="set next number"),
    "denied": _("audit-denied", default="refused"),
    "csrf_refused": _("audit-csrf_refused", default="refused form (security token)"),
    "error": _("audit-error", default="error"),
    "login_password_ok": _("audit-login_password_ok", default="password right, second step asked"),
    "second_factor_failed": _("audit-second_factor_failed", default="second factor refused"),
    "totp_enrol": _("audit-totp_enrol", default="enrolled an authenticator app"),
    "totp_remove": _("audit-totp_remove", default="removed the authenticator app"),
    "recovery_codes_new": _("audit-recovery_codes_new", default="made new recovery codes"),
    "second_factor_reset": _("audit-second_factor_reset", default="reset a user's second factors"),
    "passkey_add": _("audit-passkey_add", default="added a passkey"),
    "passkey_remove": _("audit-passkey_remove", default="removed a passkey"),
    "session_end": _("audit-session_end", default="ended sessions"),
    "api_token_create": _("audit-api_token_create", default="made an API token"),
    "api_token_revoke": _("audit-api_token_revoke", default="revoked an API token"),
    "api_token_refused": _("audit-api_token_refused", default="API token refused"),
    "word_token_create": _("audit-word_token_create", default="made a Word link"),
    "document_lock": _("audit-document_lock", default="locked the document in Word"),
    "document_unlock": _("audit-document_unlock", default="released the document from Word"),
    # issue 19: the deadline extension and a person's insight
    "access_deadline_extend": _("audit-access_deadline_extend", default="extended an access request's deadline"),
    "personal_data_insight": _("audit-personal_data_insight", default="looked up a person's data"),

    # withholding passages from a document released in part (issue 19, point 3)
    "access_redaction_add": _("audit-access_redaction_add", default="withheld a passage (access request)"),
    "access_redaction_remove": _("audit-access_redaction_remove", default="removed a withheld passage (access request)"),
}

AUDIT_OUTCOMES = {
    "ok": _("outcome-ok", default="ok"),
    "failed": _("outcome-failed", default="failed"),
    "denied": _("outcome-denied", default="refused"),
    "error": _("outcome-error", default="error"),
}

# why a document has no edit or new-version buttons (documents.models.Document.frozen)
FROZEN_HINT = _("frozen-hint", default="Approved minutes and meeting packs as sent are kept as they are: no one changes them.")

# who takes part in a board meeting
PARTICIPANT_ROLES = {
    "medlem": _("participant-medlem", default="member"),
    "raadgiver": _("participant-raadgiver", default="adviser"),
    "gaest": _("participant-gaest", default="guest"),
}

# what a search hit is (the search page's first facet)
SEARCH_TYPES = {
    "case": _("type-case", default="Cases"),
    "document": _("type-document", default="Documents"),
    "decision": _("type-decision", default="Board decisions"),
}

FACET_LABELS = {  # two facets about "type": named apart (what kind of record; what kind of document)
    "type": _("facet-result-type", default="Result type"),
    "kind": _("facet-record-kind", default="Kind"),
    "year": _("facet-year", default="Year"),
    "status": _("facet-status", default="Status"),
    "category": _("facet-category", default="Category"),
    "regions": _("facet-region", default="Region"),
    "author": _("facet-author", default="Author"),
}

# counts with plural forms ("1 resultat", "2 resultater")
RESULT_COUNT = ngettext("${n} result", "${n} results")
DECISION_COUNT = ngettext("${n} decision", "${n} decisions")


# a request for access (aktindsigt): the decision on each document
ACCESS_DECISIONS = {
    "fuld": _("access-decision-fuld", default="Full access"),
    "delvis": _("access-decision-delvis", default="Partial access"),
    "afslag": _("access-decision-afslag", default="Refused"),
    "ikke_omfattet": _("access-decision-ikke_omfattet", default="Not covered by the request"),
}
# the grounds of the Access to Public Administration Files Act (offentlighedsloven) for
# refusing or limiting access, as a decision names them
ACCESS_GROUNDS = {
    "p21": _("access-ground-p21", default="§ 21 – cases about employment"),
    "p23": _("access-ground-p23", default="§ 23, subs. 1, no. 1 – internal documents"),
    "p24": _("access-ground-p24", default="§ 24 – advice to a minister"),
    "p25": _("access-ground-p25", default="§ 25 – negotiations and talks between municipalities, regions and their associations"),
    "p27": _("access-ground-p27", default="§ 27 – special internal documents"),
    "p30_1": _("access-ground-p30_1", default="§ 30, no. 1 – private matters of individuals"),
    "p30_2": _("access-ground-p30_2", default="§ 30, no. 2 – business matters"),
    "p31": _("access-ground-p31", default="§ 31 – state security and defence"),
    "p32": _("access-ground-p32", default="§ 32 – foreign policy"),
    "p33_1": _("access-ground-p33_1", default="§ 33, no. 1 – prevention and prosecution of offences"),
    "p33_2": _("access-ground-p33_2", default="§ 33, no. 2 – public control, regulation and planning"),
    "p33_3": _("access-ground-p33_3", default="§ 33, no. 3 – the public sector's economic interests"),
    "p33_5": _("access-ground-p33_5", default="§ 33, no. 5 – other interests that require secrecy"),
    "p35": _("access-ground-p35", default="§ 35 – special duty of confidentiality"),
}
# the reference each ground gives in the mark left where a passage was withheld:
# "[Undtaget, jf. offentlighedslovens § 30, nr. 1]" (the act's own words, not translated)
ACCESS_GROUND_REFS = {
    "p21": "§ 21", "p23": "§ 23, stk. 1, nr. 1", "p24": "§ 24", "p25": "§ 25", "p27": "§ 27",
    "p30_1": "§ 30, nr. 1", "p30_2": "§ 30, nr. 2", "p31": "§ 31", "p32": "§ 32",
    "p33_1": "§ 33, nr. 1", "p33_2": "§ 33, nr. 2", "p33_3": "§ 33, nr. 3", "p33_5": "§ 33, nr. 5",
    "p35": "§ 35",
}
# decisions that withhold something, and so must name a ground
ACCESS_LIMITING = ("delvis", "afslag")
