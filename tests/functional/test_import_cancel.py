"""The Word import's two steps can each be left with Annullér (issue 16, point 4):
back to the case, and nothing was created."""

from __future__ import annotations

import sqlalchemy as sa

from tests.functional.test_import import read


def cancel_link(page):
    return next((a for a in page.html.find_all("a") if a.get_text(strip=True) == "Annullér"), None)


def test_the_preview_has_annuller_back_to_the_case(as_role, make_case, engine):
    cn = make_case()
    b = as_role("sekretariat")
    upload = b.get(f"/cases/{cn.slug}/import")
    assert cancel_link(upload)["href"].endswith(f"/cases/{cn.slug}")
    preview = read(b, cn)
    assert preview.forms["deform"]["blob"].value  # the preview: the file was read
    cancel = cancel_link(preview)
    assert cancel is not None and cancel["href"].endswith(f"/cases/{cn.slug}")
    assert b.get(cancel["href"]).status_int == 200
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 0
