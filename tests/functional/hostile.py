"""Hostile requests, sent the way a real server hands them to the app.

Not a test module: test_hostile_input.py and test_fuzz_routes.py use it.

WebTest cannot send every request a client can (it decodes the path itself
to look up cookies, and fails on ``/cases/%ff``), so ``send`` builds the WSGI
environ as waitress does — the path percent-decoded to bytes and handed over
as latin-1, the query string untouched — and calls the application directly.
"""

from __future__ import annotations

import io
import re
import sys
import uuid
from urllib.parse import quote_from_bytes, unquote_to_bytes

import webob

# values a fuzzer (or a confused client) puts where the app expects a number, a
# number like 09-2867, a name or a short text; bytes, sent percent-encoded as they are
HOSTILE: tuple[bytes, ...] = (
    b"\xff",                          # invalid UTF-8
    b"%ff",                           # a literal percent sign and hex digits
    b"\xc3",                          # a truncated UTF-8 sequence
    "²".encode(),                     # str.isdigit() is true, int() refuses it
    "٣".encode(),                     # an Arabic-Indic digit: int() reads 3
    "١٢-٣٤".encode(),                 # Arabic-Indic digits shaped like a case number
    "²²-²²²²".encode(),
    b"9" * 5000,                      # beyond int()'s 4,300-digit limit
    b"-1",
    b"0",
    b"",
    b"x" * 3000,
    b"\x00",
    b"a\x00b",
    "\u202e1\u202d".encode(),         # right-to-left override marks around a digit
    b"..",
    b"../../etc/passwd",
    b" 1 ",
    b"1e9",
    b"<script>",
    "\ufffd".encode(),
    "\U0001f600".encode(),
)



def _readable(value: bytes) -> bool:
    try:
        return "\x00" not in value.decode("utf-8")
    except UnicodeDecodeError:
        return False


# the values that reach the views (text they must cope with), and those refused
# before any view runs (not UTF-8, or with a NUL: rsi_case.wellformed)
READABLE = tuple(v for v in HOSTILE if _readable(v))
REFUSED = tuple(v for v in HOSTILE if not _readable(v))

TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"/")


def _q(value: bytes) -> str:
    return quote_from_bytes(value, safe="")


def query_string(pairs) -> str:
    return "&".join(f"{_q(k if isinstance(k, bytes) else k.encode())}={_q(v if isinstance(v, bytes) else v.encode())}"
                    for k, v in pairs)


def urlencoded(pairs) -> bytes:
    return query_string(pairs).encode("ascii")


def multipart(pairs, files=()) -> tuple[bytes, str]:
    """A multipart body of text parts (``pairs``) and file parts (``files``:
    (name, filename, bytes)); returns (body, content type)."""
    boundary = "rsi" + uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in pairs:
        name = name if isinstance(name, bytes) else name.encode()
        value = value if isinstance(value, bytes) else value.encode()
        out.write(b"--" + boundary.encode() + b"\r\nContent-Disposition: form-data; name=\"" + name + b"\"\r\n\r\n")
        out.write(value + b"\r\n")
    for name, filename, data in files:
        out.write(b"--" + boundary.encode() + b"\r\nContent-Disposition: form-data; name=\"" + name.encode()
                  + b"\"; filename=\"" + filename.encode() + b"\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        out.write(data + b"\r\n")
    out.write(b"--" + boundary.encode() + b"--\r\n")
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def send(app, method: str = "GET", path: str | bytes = "/", query: str = "", body: bytes = b"",
         content_type: str | None = None, cookie: str | None = None, host: str = "localhost",
         headers: dict | None = None, scheme: str = "http") -> webob.Response:
    """One request through the WSGI interface. ``path`` is what is on the
    wire (percent-escapes allowed, e.g. ``/cases/%ff``) or the raw bytes."""
    raw_path = path if isinstance(path, bytes) else unquote_to_bytes(path)
    environ = {
        "REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": raw_path.decode("latin-1"),
        "QUERY_STRING": query, "SERVER_NAME": "localhost", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": scheme, "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": False, "wsgi.run_once": False,
        "HTTP_HOST": host, "REMOTE_ADDR": "127.0.0.1",
    }
    if body or method == "POST":
        environ["CONTENT_LENGTH"] = str(len(body))
    if content_type is not None:
        environ["CONTENT_TYPE"] = content_type
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value
    return webob.Request(environ).get_response(app)


def cookie_of(browser) -> str:
    """The Cookie header a WebTest browser would send."""
    return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


def title_of(response) -> str:
    m = re.search(r"<title>(.*?)</title>", response.text, re.S)
    return m.group(1).strip() if m else ""


def problems(response) -> list[str]:
    """What is wrong with an answer to a hostile request: a 5xx, a traceback
    in the page, or an error page that is not one of the application's Danish
    pages (an error page, or a form shown again with its message)."""
    found = []
    if response.status_int >= 500:
        found.append(f"status {response.status}")
    text = response.body.decode("utf-8", "replace") if response.content_type in ("text/html", "text/plain") else ""
    if TRACEBACK.search(text):
        found.append("a traceback in the page")
    if response.status_int >= 400 and response.content_type == "text/html":
        if '<html lang="da"' not in text or not title_of(response).endswith("RSI Sag"):
            found.append("an error page that is not the application's Danish page")
    return found
