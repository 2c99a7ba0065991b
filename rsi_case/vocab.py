"""The fixed vocabularies the organisation uses (DESIGN.md), with Danish labels.

Codes are stored in the database; labels are translation strings.
"""

from __future__ import annotations

from .i18n import _

CASE_CATEGORIES = {
    "konsolidering": _("cat-konsolidering", default="Coordination of consolidation plans"),
    "indkoeb": _("cat-indkoeb", default="Joint procurement and tenders"),
    "videreudvikling": _("cat-videreudvikling", default="Coordinated development of hospital IT"),
    "drift": _("cat-drift", default="Joint operation of infrastructure and applications"),
    "tvaergaaende": _("cat-tvaergaaende", default="Cross-cutting services for the health sector"),
    "egen_drift": _("cat-egen_drift", default="The organisation's own business"),
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
