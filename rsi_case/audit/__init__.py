"""The audit trail's pages: a filtered list and CSV export for admin and the
archivist, and the extract per case ("who has seen case 09/2867?").

Recording happens in rsi_case.security.audit; nothing here can change or
delete an event (and the database refuses it anyway)."""


def includeme(config):
    config.scan(".views")
