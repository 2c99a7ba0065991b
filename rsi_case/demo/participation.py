"""Demo: follow or explain — the regions' participation in some joint
projects, as the projects' own papers tell it (every state is present)."""

DELTAGER = ("deltager", "", None)

PARTICIPATION = {
    # (state, reason, expected date), recorded by whom and when
    "09/2867": {
        "by": "lhj", "on": "2009-12-15",
        "regions": {
            "hovedstaden": ("afstaar", "Laboratoriefunktionaliteten indgår i regionens kommende udbud af en samlet "
                                       "klinisk platform, hvor elektronisk patientjournal, medicinering og "
                                       "laboratorium er én løsning. En separat anskaffelse ville føre til "
                                       "dobbeltinvestering.", None),
            "sjaelland": DELTAGER, "syddanmark": DELTAGER, "midtjylland": DELTAGER,
            "nordjylland": ("afventer", "Kontrakten på det nuværende laboratoriesystem løber til 31. december 2011 "
                                        "og kan ikke opsiges før tid uden en kompensation på anslået 6–8 mio. kr. "
                                        "Udbuddet indeholder en option på tilslutning.", "2012-01-01"),
        },
    },
    "19/2540": {
        "by": "tbn", "on": "2020-03-02",
        "regions": {
            "hovedstaden": DELTAGER, "sjaelland": DELTAGER, "syddanmark": DELTAGER, "nordjylland": DELTAGER,
            "midtjylland": ("afventer", "Regionens nuværende PACS/RIS-kontrakt løber til 2028; at deltage nu er ikke "
                                        "økonomisk forsvarligt. Udbuddet indeholder en option på tilslutning fra 2028.",
                            "2028-01-01"),
        },
    },
    "24/2213": {
        "by": "akr", "on": "2025-01-20",
        "regions": {
            "hovedstaden": ("afventer", "Kontrakten på den nuværende telefoniløsning løber til 30. juni 2027 og kan "
                                        "ikke opsiges før tid uden betydelige omkostninger. Regionen indgår som "
                                        "medindkøber med option på tilslutning fra 1. juli 2027.", "2027-07-01"),
            "sjaelland": DELTAGER, "syddanmark": DELTAGER, "midtjylland": DELTAGER, "nordjylland": DELTAGER,
        },
    },
    "26/0211": {
        "by": "mso", "on": "2026-05-12",
        "regions": {
            "hovedstaden": DELTAGER, "sjaelland": DELTAGER, "syddanmark": DELTAGER, "midtjylland": DELTAGER,
            "nordjylland": ("afstaar", "Regionen har ikke selv et genetisk laboratorium og sender sine analyser til "
                                       "Region Midtjylland. Den fælles platform giver derfor ingen selvstændig "
                                       "gevinst for regionen i denne fase; regionen vurderer igen ved "
                                       "midtvejsevalueringen i 2028.", None),
        },
    },
    "25/1290": {
        "by": "lhj", "on": "2025-09-01",
        "regions": {r: DELTAGER for r in ("hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland")},
    },
}
