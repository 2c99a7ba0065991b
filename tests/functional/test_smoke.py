def test_health(browser):
    r = browser.get("/health")
    assert r.json == {"status": "ok", "database": "ok"}


def test_login_and_home(as_role, make_case):
    make_case()
    b = as_role("sekretariat")
    r = b.get("/")
    assert "Test Sekretariat" in r.text
    r = b.get("/cases")
    assert "laboratoriesystem" in r.text
