"""The demo application both screenshot scripts start from: a fresh SQLite
database under a temporary folder, migrated, with the demo data loaded."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def demo_app(search_mode: str = "inline", extra: dict | None = None):
    """(app, temporary folder); the caller removes the folder. ``extra``: more settings."""
    from rsi_case import main as make_app
    from rsi_case.db import get_engine
    from rsi_case.demo.loader import load_demo
    from rsi_case.scripts.catalogs import compile_catalogs
    from rsi_case.scripts.initdb import migrate

    compile_catalogs()
    tmp = Path(tempfile.mkdtemp(prefix="rsi-shots-"))
    settings = {
        "sqlalchemy.url": f"sqlite:///{tmp / 'demo.sqlite'}",
        "rsi_case.root": str(ROOT), "rsi_case.var": str(tmp), "rsi_case.blobs": str(tmp / "blobs"),
        "rsi_case.secret": "screenshots-" + "x" * 32, "pyramid.default_locale_name": "da",
    }
    engine = get_engine(settings)
    migrate(str(ROOT / "development.ini"), engine)
    load_demo(engine, settings)
    settings["rsi_case.search.mode"] = search_mode
    app = make_app({}, **settings, **(extra or {}))
    if search_mode != "off":
        app.registry["search.indexer"].rebuild()
    return app, tmp
