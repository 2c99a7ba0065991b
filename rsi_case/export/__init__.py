"""Word exports (python-docx on the organisation's own .docx template)."""


def includeme(config):
    config.scan(".views")
