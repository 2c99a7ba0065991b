"""Operations: what an installation's administrator runs beside the
application — checking the attachment store against the database
(``rsi-case-verify``), consistent backups (``rsi-case-backup``) and
restoring one into an empty installation, SQLite or PostgreSQL
(``rsi-case-restore``). See docs/operations.md.

Nothing here is imported by the web application; it imports the
application's models and stores, never the other way round.
"""
