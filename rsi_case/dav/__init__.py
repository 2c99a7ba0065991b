"""Editing in Word: a WebDAV endpoint for documents (``/dav/<token>/…``),
Word links minted from the document page, check-outs as WebDAV locks."""


def includeme(config):
    config.include(".tokens")
    config.include(".views")
    config.scan(".open_views")
