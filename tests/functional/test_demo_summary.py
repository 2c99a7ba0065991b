"""What the demo loader tells a newcomer is what they will see (issue 16, point 9)."""

from __future__ import annotations

import re

from rsi_case.db import get_session_factory
from rsi_case.demo.loader import demo_summary
from tests.functional.test_demo import demo_app, login, total  # noqa: F401 (fixtures)


def test_the_loader_counts_what_the_lists_show_and_names_the_next_case_number(demo_app):  # noqa: F811
    with get_session_factory(demo_app.registry["db.engine"])() as db:
        summary = demo_summary(db)
    m = re.fullmatch(r"Demodata indlæst: (\d+) brugere, (\d+) sager \(heraf (\d+) fortrolig\), (\d+) dokumenter\. "
                     r"Næste nye sag får nummer (\d\d/\d{4})\.", summary)
    assert m, summary
    cases, confidential = int(m.group(2)), int(m.group(3))
    # the secretariat has access to the confidential case; the archivist reads every other case
    b = login(demo_app, "sekretariat")
    assert total(b.get("/cases")) == cases
    assert total(login(demo_app, "arkivar").get("/cases")) == cases - confidential
    form = b.get("/cases/new").forms["deform"]
    form["title"] = "Fælles sikker mail"
    form["category"] = "tvaergaaende"
    created = form.submit("save", status=303)
    assert created.location.endswith("/cases/" + m.group(5).replace("/", "-"))
