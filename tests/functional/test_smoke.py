def test_health(browser):
    r = browser.get("/health")
    assert r.json["status"] == "ok" and r.json["database"] == "ok"
    assert r.json["search"]["state"] in ("ok", "unavailable")  # no index yet in a fresh test database
    assert r.json["search"]["queued"] == 0


def test_login_and_home(as_role, make_case):
    make_case()
    b = as_role("sekretariat")
    r = b.get("/")
    assert "Test Sekretariat" in r.text
    r = b.get("/cases")
    assert "laboratoriesystem" in r.text
