"""The accessibility statement (tilgængelighedserklæring): public, in the
Danish Agency for Digital Government's form, linked from every page's footer."""

from tests.conftest import Browser


def test_the_statement_is_public_and_has_the_agencys_sections(app):
    b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    page = b.get("/accessibility", status=200)
    assert "<title>Tilgængelighedserklæring · RSI Sag</title>" in page.text
    for heading in ("Overholdelsesstatus", "Ikke-tilgængeligt indhold", "Udarbejdelse af denne tilgængelighedserklæring",
                    "Feedback og kontaktoplysninger", "Håndhævelsesprocedure"):
        assert heading in page.text, heading
    assert 'href="https://digst.dk"' in page.text


def test_every_page_links_to_it_from_its_footer(as_role, app):
    anonymous = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
    pages = [anonymous.get("/login"), anonymous.get("/accessibility")]
    b = as_role("styregruppe")
    pages += [b.get("/"), b.get("/cases"), b.get("/meetings"), b.get("/search?q=sag"), b.get("/cases/99-9999", status=404)]
    for page in pages:
        footer = page.html.find("footer")
        assert footer.find("a", href="http://localhost/accessibility"), page.request.url


def test_the_contact_address_is_a_setting(app):
    app.registry.settings["rsi_case.accessibility_contact"] = "tilgaengelighed@rsi.example"
    page = Browser(app, extra_environ={"HTTP_HOST": "localhost"}).get("/accessibility")
    assert 'href="mailto:tilgaengelighed@rsi.example"' in page.text
