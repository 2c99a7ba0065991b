"""A real IMAP server for the tests: a private Debian dovecot (``dovecot-imapd``,
installed by .ci/run) on a free loopback port, with its state, log and
mailboxes in a temporary folder, one user ``journal`` with a plain password.
Missing dovecot fails the test that needs it (never a skip): the mail-in
address is only tested against the real thing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

USER, PASSWORD = "journal", "hemmeligt"

CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _find(program: str) -> str:
    path = shutil.which(program) or next((p for p in (f"/usr/sbin/{program}", f"/usr/bin/{program}")
                                          if os.path.exists(p)), None)
    if path is None:
        raise RuntimeError(f"{program} is not installed: apt-get install dovecot-imapd (see .ci/run)")
    return path


class Dovecot:
    """``with Dovecot() as server:`` — ``server.port``, ``server.client()``."""

    def __init__(self):
        self.dovecot, self.doveadm = _find("dovecot"), _find("doveadm")
        # a short path: dovecot's sockets live under base_dir (108 bytes at most)
        self.root = Path(tempfile.mkdtemp(prefix="dv", dir="/tmp"))
        self.port = free_port()
        self.conf = self.root / "dovecot.conf"

    def __enter__(self) -> Dovecot:
        root = self.root
        root.chmod(0o755)
        for sub in ("run", "state", "home"):
            (root / sub).mkdir()
        (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        self.conf.write_text(CONF.format(root=root, port=self.port))
        shutil.chown(root / "home", "nobody", "nogroup")
        # (it goes into the background; its children would keep a pipe open: output to a file)
        with open(root / "start.log", "w") as out:
            started = subprocess.run([self.dovecot, "-c", str(self.conf)], stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, timeout=30)
        if started.returncode != 0:
            raise RuntimeError(f"dovecot did not start: {(root / 'start.log').read_text()}")
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"dovecot does not answer on {self.port}: {self.log()}")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        subprocess.run([self.doveadm, "-c", str(self.conf), "stop"], capture_output=True, timeout=30)
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def settings(self, **extra) -> dict:
        """The application's ``rsi_case.mail.imap_*`` settings for this server."""
        values = {"rsi_case.mail.imap_host": "127.0.0.1", "rsi_case.mail.imap_port": str(self.port),
                  "rsi_case.mail.imap_ssl": "false", "rsi_case.mail.imap_user": USER,
                  "rsi_case.mail.imap_password": PASSWORD, "rsi_case.mail.imap_timeout_seconds": "10"}
        values.update(extra)
        return values

    def client(self):
        from imapclient import IMAPClient

        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.login(USER, PASSWORD)
        return client

    def append(self, *mails: bytes, folder: str = "INBOX") -> None:
        client = self.client()
        try:
            for data in mails:
                client.append(folder, data)
        finally:
            client.logout()

    def contents(self, folder: str = "INBOX") -> list[bytes]:
        """The mails in ``folder`` (bytes), in UID order; [] when the folder does not exist."""
        client = self.client()
        try:
            if not client.folder_exists(folder):
                return []
            client.select_folder(folder, readonly=True)
            uids = sorted(client.search(["ALL"]))
            fetched = client.fetch(uids, ["BODY.PEEK[]"]) if uids else {}
            return [fetched[uid][b"BODY[]"] for uid in uids]
        finally:
            client.logout()
