"""Danish mails as real clients write them, built for the tests (never the
demo's): Outlook's multipart/related HTML in ISO-8859-1 with an inline
logo, Thunderbird's flowed UTF-8 text reply, Apple Mail's forward with the
original attached, Gmail's base64 UTF-8, and a few that are broken."""

from __future__ import annotations

import base64
import io
import quopri

import docx

from tests.functional.test_attachments import PDF, png_bytes


def word_file(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def b64(data: bytes) -> str:
    return "\r\n".join(base64.encodebytes(data).decode().splitlines())


def outlook_eml(*, message_id="<DB9PR07MB8842A1B2C3@DB9PR07MB8842.eurprd07.prod.outlook.com>",
                docx_text="Region Midtjylland tilslutter sig kvartalsopfølgningen af driftsaftalen.",
                extra_attachments: list[tuple[str, str, bytes]] = (), pdf: bytes = PDF) -> bytes:
    """Outlook (Exchange Online): HTML body in ISO-8859-1 quoted-printable, an
    inline image (cid:), a PDF and a Word attachment, RFC 2047 headers."""
    html = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"
            "<style>p.MsoNormal{margin:0cm}</style></head><body lang=\"DA\"><div class=\"WordSection1\">"
            "<p class=\"MsoNormal\">Kære sekretariat</p><p class=\"MsoNormal\">Region Midtjylland godkender "
            "tidsplanen for udbuddet af røntgenudstyr, dog med en bemærkning om økonomien.</p>"
            "<p class=\"MsoNormal\"><img width=\"120\" height=\"40\" src=\"cid:image001.png@01DB4A1C.5E8F2A10\" "
            "alt=\"Region Midtjylland\"></p><p class=\"MsoNormal\">Med venlig hilsen<br>Åse Ærø Østergård</p>"
            "</div><script>alert('x')</script></body></html>")
    qp = quopri.encodestring(html.encode("iso-8859-1")).decode("ascii")
    parts = [
        "From: =?iso-8859-1?Q?=C5se_=C6r=F8_=D8sterg=E5rd?= <aase.oestergaard@rm.example>",
        "To: =?iso-8859-1?Q?Sekretariatet_for_f=E6lles_sundheds-it?= <sekretariat@rsi-sag.dk>",
        "CC: \"Bæk, Søren\" <soren.baek@regionh.example>, jens@rsyd.example",
        "Subject: =?iso-8859-1?Q?SV:_Tidsplan_for_udbud_af_r=F8ntgenudstyr_=28sag_25/0418=29?=",
        "Date: Thu, 3 Dec 2026 09:14:27 +0000",
        f"Message-ID: {message_id}",
        "In-Reply-To: <original-1@rsi-sag.dk>",
        "Content-Language: da-DK",
        "X-MS-Has-Attach: yes",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"_004_mixed_\"",
        "",
        "--_004_mixed_",
        "Content-Type: multipart/related; boundary=\"_003_related_\"; type=\"multipart/alternative\"",
        "",
        "--_003_related_",
        "Content-Type: multipart/alternative; boundary=\"_000_alt_\"",
        "",
        "--_000_alt_",
        "Content-Type: text/plain; charset=\"iso-8859-1\"",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        quopri.encodestring("Kære sekretariat\r\n\r\nRegion Midtjylland godkender tidsplanen.".encode("iso-8859-1"))
        .decode("ascii"),
        "",
        "--_000_alt_",
        "Content-Type: text/html; charset=\"iso-8859-1\"",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        qp,
        "",
        "--_000_alt_--",
        "",
        "--_003_related_",
        "Content-Type: image/png; name=\"image001.png\"",
        "Content-Description: image001.png",
        "Content-Disposition: inline; filename=\"image001.png\"; size=70",
        "Content-ID: <image001.png@01DB4A1C.5E8F2A10>",
        "Content-Transfer-Encoding: base64",
        "",
        b64(png_bytes()),
        "",
        "--_003_related_--",
        "",
        "--_004_mixed_",
        "Content-Type: application/pdf; name=\"=?iso-8859-1?Q?Bem=E6rkninger_til_=F8konomien.pdf?=\"",
        "Content-Disposition: attachment; filename=\"=?iso-8859-1?Q?Bem=E6rkninger_til_=F8konomien.pdf?=\"",
        "Content-Transfer-Encoding: base64",
        "",
        b64(pdf),
        "",
        "--_004_mixed_",
        "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; "
        "name=\"Svar fra Region Midtjylland.docx\"",
        "Content-Disposition: attachment; filename*=utf-8''Svar%20fra%20Region%20Midtjylland.docx",
        "Content-Transfer-Encoding: base64",
        "",
        b64(word_file(docx_text)),
        "",
    ]
    for name, ctype, data in extra_attachments:
        parts += ["--_004_mixed_", f"Content-Type: {ctype}; name=\"{name}\"",
                  f"Content-Disposition: attachment; filename=\"{name}\"", "Content-Transfer-Encoding: base64", "",
                  b64(data), ""]
    parts.append("--_004_mixed_--")
    return ("\r\n".join(parts) + "\r\n").encode("utf-8")  # the Cc header carries raw UTF-8, as some servers pass it on


def thunderbird_reply(sender="sekretariat@rsi-sag.dk", name="Mette Holm") -> bytes:
    """Thunderbird: a flowed UTF-8 text reply with a quote, 8-bit body."""
    return (
        f"Message-ID: <6f1c2b7e-9d3a-4c55-8a61-2f0e5d9b1c44@rsi-sag.dk>\r\n"
        f"Date: Fri, 4 Dec 2026 11:02:09 +0100\r\n"
        f"MIME-Version: 1.0\r\nUser-Agent: Mozilla Thunderbird\r\nContent-Language: da\r\n"
        f"To: Åse Østergård <aase.oestergaard@rm.example>\r\n"
        f"From: {name} <{sender}>\r\n"
        f"Subject: Re: SV: Tidsplan for udbud af røntgenudstyr\r\n"
        f"In-Reply-To: <DB9PR07MB8842A1B2C3@DB9PR07MB8842.eurprd07.prod.outlook.com>\r\n"
        f"Content-Type: text/plain; charset=UTF-8; format=flowed\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        f"Kære Åse\r\n\r\nTak for svaret. Vi lægger bemærkningen om økonomien\r\nind i indstillingen til "
        f"styregruppen.\r\n\r\nVenlig hilsen\r\nMette\r\n\r\n"
        f"Den 03-12-2026 kl. 10:14 skrev Åse Ærø Østergård:\r\n> Region Midtjylland godkender tidsplanen.\r\n"
    ).encode("utf-8")


def apple_forward() -> bytes:
    """Apple Mail: a forward with the original mail attached (message/rfc822)."""
    inner = ("From: Leverandør A/S <salg@leverandoer.example>\r\nTo: jens@rsyd.example\r\n"
             "Subject: Tilbud på vedligeholdelse\r\nDate: Mon, 30 Nov 2026 08:00:00 +0100\r\n"
             "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
             "Vi tilbyder vedligeholdelse af telefonisystemet.\r\n")
    return (
        "From: Jens Hansen <jens@rsyd.example>\r\nTo: sekretariat@rsi-sag.dk\r\n"
        "Subject: =?utf-8?Q?Fwd:_Tilbud_p=C3=A5_vedligeholdelse?=\r\nDate: Tue, 1 Dec 2026 16:40:00 +0100\r\n"
        "Message-Id: <E1F2A3B4-C5D6-4E7F-8091-A2B3C4D5E6F7@rsyd.example>\r\nMime-Version: 1.0 (Mac OS X Mail 16.0)\r\n"
        "Content-Type: multipart/mixed; boundary=\"Apple-Mail=_1\"\r\n\r\n"
        "--Apple-Mail=_1\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Til orientering =E2=80=93 se tilbuddet nedenfor.\r\n\r\n"
        "--Apple-Mail=_1\r\nContent-Disposition: attachment; filename=\"Tilbud.eml\"\r\nContent-Type: message/rfc822\r\n\r\n"
        f"{inner}\r\n--Apple-Mail=_1--\r\n"
    ).encode("utf-8")


def gmail_base64(subject="Spørgsmål om mødet", body="Hvornår holder styregruppen næste møde om telefoni?") -> bytes:
    encoded = base64.b64encode(body.encode("utf-8")).decode()
    return (
        "MIME-Version: 1.0\r\nDate: Wed, 2 Dec 2026 20:11:45 +0100\r\n"
        "Message-ID: <CAH+Xq9k2f0B1pY@mail.gmail.com>\r\n"
        f"Subject: =?UTF-8?B?{base64.b64encode(subject.encode()).decode()}?=\r\n"
        "From: Borger Bent <bent.borger@gmail.example>\r\nTo: sekretariat@rsi-sag.dk\r\n"
        "Content-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        f"{encoded}\r\n"
    ).encode("ascii")
