"""Request size limits, checked before the body is read.

waitress would otherwise accept up to 1 GiB, and pyramid_retry copies the
body to replay it. A request whose declared size is beyond the upload limit
(plus room for the form's other fields) gets a Danish 413 page at once; one
just over the limit reaches the form, which keeps the user's text and says
which file is too large.

The limits on what a file may unpack to and on parsing it (the zip guard and
the parsing child process) are read here too, into the registry.
"""

from __future__ import annotations

from pyramid.httpexceptions import HTTPRequestEntityTooLarge
from pyramid.tweens import EXCVIEW

from .parsing import ascii_int

FORM_SLACK = 6 * 1024 * 1024  # the text of a long document travels with the upload


def limit_tween_factory(handler, registry):
    def limit_tween(request):
        limit = registry["rsi_case.max_upload_bytes"] + FORM_SLACK
        length = request.content_length
        if length is not None and length > limit:
            raise HTTPRequestEntityTooLarge()
        return handler(request)

    return limit_tween


def includeme(config):
    from . import sandbox, zipguard

    settings = config.get_settings()
    config.registry["rsi_case.max_upload_bytes"] = int(float(settings.get("rsi_case.max_upload_mb", 50)) * 1024 * 1024)
    # zip containers are checked before anything parses them, and Word and PDF
    # files are parsed in a limited child process (docs/security.md, "Hostile files")
    config.registry["rsi_case.zip_limits"] = zipguard.ZipLimits.from_settings(settings)
    config.registry["rsi_case.parse_limits"] = sandbox.Limits.from_settings(settings)
    sandbox.configure(int(settings.get("rsi_case.parse_processes", 2)))
    config.add_tween("rsi_case.limits.limit_tween_factory", under=EXCVIEW)


RETRY_BODY_LIMIT = 1024 * 1024


def retry_attempts(request):
    """pyramid_retry's activate hook: a request that can be retried has its body
    copied first, so uploads and oversize bodies get one attempt (and are never
    read before the size check above)."""
    length = ascii_int(request.environ.get("CONTENT_LENGTH") or "0", 0, RETRY_BODY_LIMIT)
    if length is None:  # too large, or a length that is no number (the request is refused unread)
        return 1
    return None  # the configured number of attempts
