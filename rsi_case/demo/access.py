"""Demo data for access control: a group, a user from a region who sees only
the cases granted to them, and one confidential case."""

USERS = [
    dict(login="rsd-pl", full_name="Rikke Vestergaard Holst", role="bruger",
         email="rikke.holst@rsyd.example", phone="+45 29 44 18 70"),
    dict(login="rsd-it", full_name="Kasper Lund Mathiesen", role="bruger",
         email="kasper.mathiesen@rsyd.example", phone="+45 29 44 18 71"),
]

GROUPS = [
    dict(name="rsd-projektledere", title="Region Syddanmark — projektledere", members=["rsd-pl", "rsd-it"]),
]

# case number -> (principal, local role); "group:<name>" or "user:<login>"
GRANTS = {
    "26/0211": [("group:rsd-projektledere", "laeser")],
}

CONFIDENTIAL_CASE = dict(
    number="25/1877",
    title="Tvist med leverandør af PACS/RIS om forsinkelsesbod",
    description=("Fortrolig sag om regionernes krav på forsinkelsesbod over for leverandøren af den fælles "
                 "PACS/RIS-løsning og den igangværende forhandling om forlig. Sagen er undtaget fra aktindsigt, "
                 "så længe forhandlingen pågår."),
    category="indkoeb", status="aaben", responsible="mso", lead_region="hovedstaden",
    participating_regions=["hovedstaden", "sjaelland", "syddanmark", "nordjylland"],
    opened="2025-09-15", closed=None,
    owners=["mso", "sekretariat"],
    documents=[
        dict(number="48810/25", kind="notat", title="Notat om kravet på forsinkelsesbod", date="2025-09-22",
             author="mso", status="endelig", body="""<h2>Baggrund</h2>
<p>Leverandøren skulle have idriftsat den fælles PACS/RIS-løsning i Region Sjælland og Region Nordjylland senest
den 1. marts 2025. Idriftsættelsen skete først den 12. august 2025, og kontraktens bestemmelse om
forsinkelsesbod finder derfor anvendelse for 164 dage.</p>
<h2>Kravets størrelse</h2>
<p>Boden udgør 0,1 procent af kontraktsummen pr. arbejdsdag, dog højst 10 procent. Det giver et samlet krav på
14,2 mio. kr. Leverandøren har bestridt ansvaret for 61 af dagene med henvisning til forsinkede
leverancer af integrationer fra regionernes side.</p>
<h2>Vurdering</h2>
<p>Sekretariatets vurdering, efter drøftelse med regionernes advokat, er, at kravet står stærkt for de første
103 dage. For de resterende dage er dokumentationen for regionernes egne leverancer mangelfuld.</p>
<h2>Indstilling</h2>
<p>Sekretariatet indstiller, at styregruppens formand bemyndiges til at indgå forlig på mindst 9 mio. kr.</p>"""),
        dict(number="50127/25", kind="notat", title="Forhandlingsmandat og tidsplan for forligsdrøftelser",
             date="2025-10-06", author="sekretariat", status="kladde", body="""<p>Udkast. Mandatet drøftes med
formanden inden første forhandlingsmøde den 20. oktober 2025.</p>
<ul><li>Første møde: 20-10-2025</li><li>Svarfrist for leverandøren: 14-11-2025</li>
<li>Orientering af styregruppen: næste ordinære møde</li></ul>"""),
    ],
)
