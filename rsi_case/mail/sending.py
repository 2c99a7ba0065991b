"""Sending a document from its case as a mail (SMTP), and filing what was
sent as an outgoing e-mail document of the case.

The SMTP server is the installation's (``rsi_case.mail.smtp_host`` and
friends in the ini); without one, nothing offers to send. The message is
built with the standard library's ``email.message.EmailMessage`` (its own
RFC 2047 and MIME encoding), sent with ``smtplib``, and then filed through
the same path as a dropped .eml — so what the case keeps is exactly what
left, attachments included.
"""

from __future__ import annotations

import dataclasses
import email.message
import email.policy
import email.utils
import smtplib
import socket
import ssl

from ..i18n import _


@dataclasses.dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    user: str = ""
    password: str = ""
    security: str = "none"  # none, starttls or ssl
    timeout: float = 15.0
    from_address: str = ""
    from_name: str = ""

    @classmethod
    def from_settings(cls, settings) -> SmtpSettings | None:
        host = (settings.get("rsi_case.mail.smtp_host") or "").strip()
        if not host:
            return None
        security = (settings.get("rsi_case.mail.smtp_security") or "none").strip().lower()
        if security not in ("none", "starttls", "ssl"):
            raise ValueError(f"rsi_case.mail.smtp_security: none, starttls or ssl, not {security!r}")
        return cls(host=host, port=int(settings.get("rsi_case.mail.smtp_port", 465 if security == "ssl" else 25)),
                   user=settings.get("rsi_case.mail.smtp_user", ""),
                   password=settings.get("rsi_case.mail.smtp_password", ""), security=security,
                   timeout=float(settings.get("rsi_case.mail.smtp_timeout_seconds", 15)),
                   from_address=(settings.get("rsi_case.mail.from_address") or "").strip(),
                   from_name=(settings.get("rsi_case.mail.from_name") or "").strip())


class SendFailed(Exception):
    def __init__(self, message, mapping=None):
        super().__init__(str(message))
        self.message = message
        self.mapping = mapping or {}


def build_message(smtp: SmtpSettings, *, sender_name: str, sender_address: str, to: list[str], cc: list[str],
                  subject: str, text: str, attachments: list[tuple[str, str, bytes]]) -> email.message.EmailMessage:
    """The mail as it will leave: from the organisation's address (on behalf
    of the user, who gets the replies), a text body, the files."""
    message = email.message.EmailMessage(policy=email.policy.SMTP)
    from_address = smtp.from_address or sender_address
    from_name = f"{sender_name} ({smtp.from_name})" if smtp.from_name and sender_name else (sender_name or smtp.from_name)
    message["From"] = email.utils.formataddr((from_name, from_address))
    if sender_address and sender_address.lower() != from_address.lower():
        message["Reply-To"] = email.utils.formataddr((sender_name, sender_address))
    message["To"] = ", ".join(to)
    if cc:
        message["Cc"] = ", ".join(cc)
    message["Subject"] = subject
    message["Date"] = email.utils.formatdate(localtime=True)
    message["Message-ID"] = email.utils.make_msgid(domain=from_address.rsplit("@", 1)[-1] or None)
    message.set_content(text or "")
    for filename, content_type, data in attachments:
        maintype, _slash, subtype = content_type.split(";")[0].partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype or "octet-stream", filename=filename)
    return message


def send(smtp: SmtpSettings, message: email.message.EmailMessage) -> list[str]:
    """Hand the mail to the SMTP server, or raise SendFailed saying why
    (then nobody got it). Returns the recipients the server refused while
    taking it for the others (the mail has left: it is filed)."""
    try:
        if smtp.security == "ssl":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        with client:
            if smtp.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.user:
                client.login(smtp.user, smtp.password)
            refused = client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        raise SendFailed(_("mail-send-refused", default="The mail server refused the recipients: ${who}. Nothing "
                                                        "was sent."), {"who": ", ".join(exc.recipients)}) from None
    except (smtplib.SMTPException, OSError, socket.timeout) as exc:
        raise SendFailed(_("mail-send-failed", default="The mail could not be sent (the mail server answered: "
                                                       "${reason}). Nothing was sent; try again later."),
                         {"reason": str(exc)[:200] or type(exc).__name__}) from None
    return sorted(refused)
