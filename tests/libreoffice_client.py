"""Drive LibreOffice as a real WebDAV editing client (run with the system
Python, which has LibreOffice's ``uno`` module — Debian's python3-uno):

    python3 tests/libreoffice_client.py URL OLD_TEXT NEW_TEXT PROFILE_DIR

Opens ``URL`` (http://… is opened as vnd.sun.star.webdav://…), replaces the
paragraph that contains OLD_TEXT by NEW_TEXT, saves (Ctrl+S: a PUT under
LibreOffice's lock), closes the document (UNLOCK) and LibreOffice. Prints
what it did; exits non-zero on any failure.
"""

import os
import socket
import subprocess
import sys
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(url: str, old: str, new: str, profile: str) -> int:
    import uno
    from com.sun.star.beans import PropertyValue

    port = free_port()
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         f"-env:UserInstallation=file://{profile}", f"--accept=socket,host=127.0.0.1,port={port};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(120):
            try:
                ctx = resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        else:
            print("LibreOffice did not start", file=sys.stderr)
            return 2
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

        def prop(name, value):
            p = PropertyValue()
            p.Name, p.Value = name, value
            return p

        dav_url = "vnd.sun.star.webdav://" + url.split("://", 1)[1]
        doc = desktop.loadComponentFromURL(dav_url, "_blank", 0, (prop("Hidden", True),))
        if doc is None:
            print("could not open " + dav_url, file=sys.stderr)
            return 3
        if doc.isReadonly():
            print("opened read-only", file=sys.stderr)
            return 4
        changed = False
        paragraphs = doc.getText().createEnumeration()
        while paragraphs.hasMoreElements():
            par = paragraphs.nextElement()
            if par.supportsService("com.sun.star.text.Paragraph") and old in par.getString():
                par.setString(new)
                changed = True
                break
        if not changed:
            print(f"no paragraph with {old!r}", file=sys.stderr)
            return 5
        doc.store()
        doc.close(True)
        print("saved")
        return 0
    finally:
        try:
            desktop.terminate()  # noqa: F821 (set when LibreOffice answered)
        except Exception:
            pass
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
