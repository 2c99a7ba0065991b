"""litmus, the WebDAV conformance suite (Debian package ``litmus``, installed by
.ci/run), against a fresh Word link of the app served on a free port.

litmus is pointed at the Word link's folder (``/dav/<token>/<NNNNN-YY>/``)
and works in a ``litmus/`` folder it makes there: the link's scratch folder
(rsi_case.dav.scratch), where real clients keep their temporary and lock
files. So it runs through the endpoint's own views — the route factory and
its 404s, OPTIONS, PUT/GET/HEAD, PROPFIND and PROPPATCH with the dead
properties, LOCK/refresh/UNLOCK, the ``If`` header with lock tokens, ETags
and ``Not`` (rsi_case.dav.conditions), MKCOL/DELETE/COPY/MOVE and their
status codes. The document's own check-out (``document_checkouts``) and a
save onto the document are litmus's operations done on the document in
tests/functional/test_word_dav.py (a test per litmus lock case that applies
to a document).

EXPECTED lists every test of the three groups in litmus's order with its
outcome and why, so the test fails when any result changes — a new pass as
much as a new failure.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.request

from tests.functional.test_word_dav import folder, open_in_word

LITMUS = shutil.which("litmus")
GROUPS = ("basic", "props", "locks")
PASS = ("pass", "")
SHARED = ("FAIL", "shared locks are refused by design: a document is edited by one person at a time, so only "
                  "exclusive write locks are offered (LOCK with <shared/> gets 412 with the reason)")
AFTER_SHARED = ("SKIPPED", "litmus skips the shared-lock tests once lock_shared has failed")
FRAGMENT = ("pass with warning", "the WSGI server (waitress, as gunicorn) drops '#ment' from the request line "
                                 "before the application sees it, so DELETE frag/#ment is DELETE frag/ — a scratch "
                                 "folder of the client's own; litmus warns that this is unsafe")

# group -> [(test, (outcome, why))] in litmus's order
EXPECTED = {
    "basic": [(name, PASS) for name in (
        "init", "begin", "options", "put_get", "put_get_utf8_segment", "put_no_parent", "mkcol_over_plain",
        "delete", "delete_null")] + [("delete_fragment", FRAGMENT)] + [(name, PASS) for name in (
            "mkcol", "mkcol_again", "delete_coll", "mkcol_no_parent", "mkcol_with_body", "finish")],
    "props": [(name, PASS) for name in (
        "init", "begin", "propfind_invalid", "propfind_invalid2", "propfind_d0", "propinit", "propset", "propget",
        "propextended", "propmove", "propget", "propdeletes", "propget", "propreplace", "propget", "propnullns",
        "propget", "prophighunicode", "propget", "propremoveset", "propget", "propsetremove", "propget",
        "propvalnspace", "propwformed", "propinit", "propmanyns", "propget", "propcleanup", "finish")],
    "locks": [(name, PASS) for name in (
        "init", "begin", "options", "precond", "init_locks", "put", "lock_excl", "discover", "refresh",
        "notowner_modify", "notowner_lock", "owner_modify", "notowner_modify", "notowner_lock", "copy", "cond_put",
        "fail_cond_put", "cond_put_with_not", "cond_put_corrupt_token", "complex_cond_put",
        "fail_complex_cond_put", "unlock", "fail_cond_put_unlocked")]
    + [("lock_shared", SHARED)]
    + [(name, AFTER_SHARED) for name in (
        "notowner_modify", "notowner_lock", "owner_modify", "double_sharedlock", "notowner_modify",
        "notowner_lock", "unlock")]
    + [(name, PASS) for name in (
        "prep_collection", "lock_collection", "owner_modify", "notowner_modify", "refresh", "indirect_refresh",
        "unlock", "unmapped_lock", "unlock", "finish")],
}

_TEST = re.compile(r"^\s*(\d+)\.\s(\w+)\.*\s*(\S.*)?$")
_MORE = re.compile(r"^\s+\.{3,}\s?(\S.*)?$")


def outcomes(stdout: str) -> list[tuple[str, str]]:
    """[(test, outcome)] in order: pass, "pass with warning", FAIL or SKIPPED."""
    found: dict[int, list] = {}
    current = None
    for line in stdout.splitlines():
        if m := _TEST.match(line):
            current = int(m.group(1))
            found.setdefault(current, [m.group(2), ""])
            text = m.group(3) or ""
        elif current is not None and (m := _MORE.match(line)):
            text = m.group(1) or ""
        else:
            continue
        if text.startswith("pass (with"):
            found[current][1] = "pass with warning"
        elif text.startswith(("pass", "FAIL", "SKIPPED")):
            found[current][1] = text.split()[0]
    return [(name, outcome) for _n, (name, outcome) in sorted(found.items())]


def run_litmus(url: str, group: str, cwd) -> str:
    out = subprocess.run([f"/usr/libexec/litmus/{group}", "--htdocs", "/usr/share/litmus/htdocs", url],
                         capture_output=True, text=True, timeout=300, cwd=cwd)
    return out.stdout


def test_litmus_basic_props_locks(server, app, users, make_case, make_document, tmp_path):
    assert LITMUS, "litmus is not installed (Debian package litmus; .ci/run installs it)"
    from tests.conftest import Browser

    number = make_document(make_case(), title="Litmus")
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    b.login("sekretariat")
    path, mode = open_in_word(b, number)
    assert mode == "ofe"
    # litmus's init only warns when the DAV header is missing: say it here
    options = urllib.request.urlopen(urllib.request.Request(server + folder(path), method="OPTIONS"), timeout=30)
    assert [c.strip() for c in options.headers.get("DAV", "").split(",")] == ["1", "2"], options.headers
    assert options.headers["MS-Author-Via"] == "DAV"
    for group in GROUPS:
        output = run_litmus(server + folder(path), group, tmp_path)
        expected = [(name, outcome) for name, (outcome, _why) in EXPECTED[group]]
        assert outcomes(output) == expected, f"litmus {group}:\n{output}"
    # litmus worked in its own folder only: the document is untouched (its locks group leaves its files,
    # which die with the token)
    import sqlalchemy as sa

    with app.registry["db.engine"].connect() as conn:
        left = conn.execute(sa.text("SELECT path FROM dav_scratch")).scalars().all()
        versions = conn.execute(sa.text("SELECT count(*) FROM document_versions")).scalar()
    assert left and all(p == "litmus" or p.startswith("litmus/") for p in left), left
    assert versions == 1
