"""Demo: action plans followed up — the actions of the 2026 action plan for
the joint strategy (25/0418), of the implementation plan for joint telephony
(24/2213) and of the genome-data project (26/0211), as their own papers tell
them, with dated progress notes; several are overdue (deadline passed, not
completed), one of them without anyone having marked it delayed. One action
sits in the confidential case, for its owners only.

Each action starts "ikke startet"; its notes move it on (a status in a note is
a change of status), so the history reads as the secretariat recorded it."""

from __future__ import annotations

import datetime as dt

from ..cases.resources import find_case
from ..documents.models import Document
from ..numbering import CaseNumber, DocumentNumber

D = dt.date.fromisoformat

# case -> the plan document (or None), who recorded the actions and when, and the actions:
# (what, description, responsible region (None: the secretariat), deadline, [(date, note, new status)])
PLANS = {
    "25/0418": {
        "plan": "08450/26", "by": "lhj", "on": "2026-02-26",
        "actions": [
            ("Fælles retningslinjer for talegenkendelse og kunstig intelligens i journalføringen",
             "Retningslinjerne skal fastslå, hvordan automatisk genereret tekst godkendes og markeres i journalen.",
             "midtjylland", "2026-06-30", [
                 ("2026-03-20", "Arbejdsgruppen er nedsat med deltagere fra alle fem regioner. Første udkast er "
                                "drøftet i it-direktørkredsen.", "i_gang"),
                 ("2026-06-18", "Retningslinjerne blev godkendt af styregruppen den 18. juni 2026.", "afsluttet")]),
            ("Fælles baseline for klinikernes tid til dokumentation og log-in",
             "Målingen skal give et fælles udgangspunkt for at følge gevinsterne af talegenkendelse og fælles log-in.",
             "sjaelland", "2026-09-30", [
                 ("2026-04-15", "Regionerne drøfter målemetoden. Region Sjælland har foreslået en kombination af "
                                "logdata fra de kliniske systemer og tidsstudier på udvalgte afdelinger.", "i_gang"),
                 ("2026-09-10", "Metoden er godkendt af regionernes it-direktører. Målingen gennemføres i oktober og "
                                "november 2026; baseline forventes klar i december 2026.", "forsinket"),
                 ("2026-11-16", "Tidsstudierne er gennemført på 14 afdelinger. Logdata fra Region Nordjylland "
                                "mangler fortsat.", None)]),
            ("Udfasning af ældre integrationsplatform til laboratorie- og billedintegrationer", "",
             "hovedstaden", "2026-06-30", [
                 ("2026-03-02", "Overgangsplanen er godkendt; integrationerne flyttes i tre bølger.", "i_gang"),
                 ("2026-06-15", "Den ældre integrationsplatform blev udfaset den 15. juni 2026 uden "
                                "driftsforstyrrelser for laboratorie- og billedintegrationerne.", "afsluttet")]),
            ("Overgang til fælles telefoni og fælles model for driftsaftaler",
             "Følges i detaljer i implementeringsplanen i sag 24/2213.",
             "nordjylland", "2026-12-31", [
                 ("2026-09-14", "Region Nordjylland gik i drift på den fælles platform den 14. september 2026. "
                                "Region Sjælland er i gang.", "i_gang")]),
            ("Fælles skabelon for gevinstgrundlag i beslutningsoplæg",
             "Alle beslutningsoplæg skal anvende skabelonen fra 1. april 2026.",
             None, "2026-04-01", [
                 ("2026-03-05", "Udkast til skabelon er sendt til kommentering i regionerne.", "i_gang"),
                 ("2026-06-02", "Kommentarer er modtaget fra fire regioner; Region Hovedstadens kommentarer "
                                "afventes.", None)]),
            ("Opdateret oversigt over regionernes deltagelse efter følg eller forklar",
             "Forelægges styregruppen på mødet i november 2026.",
             None, "2026-11-26", [
                 ("2026-11-12", "Oversigten er udsendt med dagsordenen til mødet den 26. november 2026.", "i_gang")]),
        ],
    },
    "24/2213": {
        "plan": "33820/26", "by": "mso", "on": "2026-07-07",
        "actions": [
            ("Etablering af platformen og overgang af egne sygehuse (pilot)", "",
             "nordjylland", "2026-09-30", [
                 ("2026-07-20", "Leverandøren har etableret platformen. Test af nummerplan og køstyring er i gang.",
                  "i_gang"),
                 ("2026-09-14", "Region Nordjylland gik i drift den 14. september 2026 med ca. 3.900 brugere på fire "
                                "sygehuse og regionshuset.", "afsluttet")]),
            ("Overgang af alle sygehuse og fælles uddannelsesmateriale til omstillingen", "",
             "sjaelland", "2026-12-15", [
                 ("2026-10-05", "Overgangen er påbegyndt med Holbæk Sygehus.", "i_gang"),
                 ("2026-10-28", "Overgangen af akutmodtagelserne er udskudt, til leverandørens rettelse af "
                                "mobilklienten er verificeret.", "forsinket")]),
            ("Verifikation af rettelsen til mobilklienten (opkald i strømsparetilstand)",
             "Fejlen er den hyppigste årsag til henvendelser til supporten efter overgangen.",
             "nordjylland", "2026-10-31", [
                 ("2026-10-12", "Rettelsen er modtaget fra leverandøren og testes i Region Nordjylland.", "i_gang"),
                 ("2026-11-09", "Testen viste, at fejlen stadig optræder på én telefonmodel. Leverandøren har lovet "
                                "en ny version i uge 49.", "forsinket")]),
            ("Test af integrationen til regionens personalevagtplan",
             "Den største risiko i planen: integrationerne i Region Syddanmark og Region Midtjylland er ikke testet.",
             "syddanmark", "2026-10-31", [
                 ("2026-09-01", "Testplanen er aftalt med leverandøren.", "i_gang"),
                 ("2026-11-03", "Testmiljøet til vagtplansystemet er først klar i december.", None)]),
            ("Udnyttelse af option og overgang efter kontraktudløb", "",
             "hovedstaden", "2027-09-30", [
                 ("2026-10-12", "Regionen har bekræftet, at den forventer at udnytte optionen, og deltager i "
                                "brugerforummet som observatør.", None)]),
        ],
    },
    "26/0211": {
        "plan": None, "by": "mso", "on": "2026-05-12",
        "actions": [
            ("Juridisk afklaring af behandlingsgrundlaget for genomdata på tværs af regionerne", "",
             "syddanmark", "2026-09-30", [
                 ("2026-06-01", "Henvendelse til Sundhedsdatastyrelsen og Datatilsynet er sendt.", "i_gang"),
                 ("2026-09-25", "Datatilsynets svar forventes først i januar 2027.", "forsinket")]),
            ("Gevinstgrundlag og budget for platformens første fase", "",
             None, "2026-11-15", [
                 ("2026-10-01", "Sekretariatet har indsamlet tal fra de fire deltagende regioner.", "i_gang")]),
        ],
    },
    # the confidential case: only its owners and admin see this one
    "25/1877": {
        "plan": None, "by": "sekretariat", "on": "2025-10-01",
        "actions": [
            ("Forligsdrøftelser med leverandøren om forsinkelsesboden", "",
             None, "2026-10-31", [
                 ("2026-09-15", "Første forhandlingsmøde er holdt; leverandøren har bedt om udsættelse.", "i_gang")]),
        ],
    },
}


def load(db, users: dict) -> int:
    from ..actions import services

    n = 0
    for number, spec in PLANS.items():
        case = find_case(db, CaseNumber.parse(number))
        plan_id = None
        if spec["plan"]:
            doc = DocumentNumber.parse(spec["plan"])
            plan_id = db.query(Document.id).filter(Document.case_id == case.id, Document.year == doc.year,
                                                   Document.seq == doc.seq).scalar()
        by = users[spec["by"]]
        created = dt.datetime.combine(D(spec["on"]), dt.time(10, 0), tzinfo=dt.UTC)
        for title, description, region, deadline, notes in spec["actions"]:
            action = services.create_action(db, case, by, services.Fields(
                title=title, description=description, region=region, deadline=D(deadline), document_id=plan_id))
            action.created_at = action.updated_at = created
            for day, text, status in notes:
                note = services.add_note(db, action, by, D(day), text, status, action.version)
                note.created_at = action.updated_at = dt.datetime.combine(D(day), dt.time(14, 0), tzinfo=dt.UTC)
            n += 1
    return n
