"""Test fixtures.

Every test gets its own database, copied from one that the real Alembic
migrations built once per test session, and its own application
(pyramid_tm, real commits). Nothing is shared between tests, so tests can
run in parallel (pytest-xdist) and can exercise real concurrency.

The databases are SQLite files, or — with ``RSI_TEST_DATABASE_URL`` set
(``make test-pg``) — databases on a real PostgreSQL server: the same tests
on both (see tests/backends.py). A test that can only mean something on
SQLite is marked ``@pytest.mark.sqlite_only("why")``; on PostgreSQL it is
reported as skipped with that reason.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path

import pytest
import sqlalchemy as sa
import transaction
import webtest

from rsi_case import main
from rsi_case.db import get_engine, get_session_factory, get_tm_session
from rsi_case.security.models import User
from rsi_case.security.passwords import hash_password

from . import backends

ROOT = Path(__file__).resolve().parents[1]
INI = ROOT / "development.ini"
PASSWORD = "korrekt-hest-batteri-klips"

ROLES = ("sekretariat", "styregruppe", "arkivar", "admin")


def settings_for(tmp: Path, db: Path | str, **extra) -> dict:
    """The application's settings for a test: ``db`` is a database URL (or an SQLite file)."""
    settings = {
        "sqlalchemy.url": db if isinstance(db, str) else f"sqlite:///{db}",
        "rsi_case.root": str(ROOT),
        "rsi_case.var": str(tmp),
        "rsi_case.blobs": str(tmp / "blobs"),
        "rsi_case.secret": "test-secret-" + "x" * 32,
        "rsi_case.max_upload_mb": "2",
        "pyramid.default_locale_name": "da",
        "retry.attempts": "3",
        "rsi_case.index": str(tmp / "index"),
        "rsi_case.search.mode": "inline",  # the index is updated right after each commit: deterministic tests
        # most tests sign in with a password alone; tests/functional/test_second_factor.py
        # runs with the default (administrators must have a second factor)
        "rsi_case.auth.second_factor": "off",
        # a mail server is configured (so *Send som mail* is offered and checked on every page), on a
        # port nothing listens to: a test that really sends starts its own (test_mail_sending.py)
        "rsi_case.mail.smtp_host": "127.0.0.1", "rsi_case.mail.smtp_port": "9",
        "rsi_case.mail.smtp_timeout_seconds": "2",
    }
    settings.update(extra)
    return settings


def migrate(db: Path | str) -> None:
    from rsi_case.scripts.initdb import migrate as run_migrations

    engine = get_engine({"sqlalchemy.url": db if isinstance(db, str) else f"sqlite:///{db}"})
    run_migrations(str(INI), engine)
    engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogs():
    """The pages are Danish only with compiled catalogs: build them if a .po changed."""
    from rsi_case.scripts.catalogs import compile_catalogs

    compile_catalogs()


# -- databases: SQLite files or PostgreSQL databases (tests/backends.py) ----------

def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): meaningful on SQLite only; on PostgreSQL "
                                       "reported as skipped with the reason")
    config.addinivalue_line("markers", "postgresql_only(reason): meaningful on PostgreSQL only; on SQLite "
                                       "reported as skipped with the reason")


@pytest.fixture(scope="session")
def backend(tmp_path_factory):
    chosen = backends.from_environment(tmp_path_factory.mktemp("databases"))
    yield chosen
    chosen.close()


@pytest.fixture(autouse=True)
def _one_backend_only(request, backend):
    for name, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        marker = request.node.get_closest_marker(f"{name}_only")
        if marker is not None and backend.name != name:
            reason = marker.args[0] if marker.args else marker.kwargs.get("reason")
            assert reason, f"{name}_only needs a reason"
            pytest.skip(f"{label} only: {reason}")


@pytest.fixture(scope="session")
def template_db(backend) -> str:
    """The URL of the migrated template database (do not write to it)."""
    return backend.template("migrated", migrate)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, backend, template_db):
    """The demo organisation loaded once through the real loader: a template
    database (copied per test by ``make_database("demo")``), and the folder
    with its attachment files (returned)."""
    from rsi_case.demo.loader import load_demo

    tmp = tmp_path_factory.mktemp("demo")

    def build(url):
        settings = settings_for(tmp, url)
        engine = get_engine(settings)
        load_demo(engine, settings)
        engine.dispose()
    backend.template("demo", build, base="migrated")
    return tmp


@pytest.fixture
def make_database(backend, template_db, tmp_path):
    """make_database(template=None|"migrated"|<name>) -> a URL of a new database, dropped after the test."""
    made = []

    def make(template="migrated"):
        url = backend.create(tmp_path, template)
        made.append(url)
        return url
    yield make
    for url in made:
        backend.drop(url)


@pytest.fixture
def database_url(make_database) -> str:
    """This test's own database, migrated to the newest schema."""
    return make_database()


@pytest.fixture
def db_file(database_url, backend) -> Path:
    """The test's database as an SQLite file: only for tests marked sqlite_only."""
    if backend.name != "sqlite":
        pytest.fail("db_file is an SQLite file; use database_url (or mark the test sqlite_only with a reason)")
    return Path(sa.make_url(database_url).database)


@pytest.fixture
def settings(tmp_path, database_url) -> dict:
    return settings_for(tmp_path, database_url)


@pytest.fixture
def app(settings):
    app = main({}, **settings)
    yield app
    app.registry["db.engine"].dispose()


@pytest.fixture
def engine(app):
    return app.registry["db.engine"]


class DB:
    """Work with the test database outside a request, committing for real
    (and, like a request would, bringing the search index up to date)."""

    def __init__(self, engine, indexer=None):
        self.factory = get_session_factory(engine)
        self.indexer = indexer

    def __enter__(self):
        self.tm = transaction.TransactionManager(explicit=True)
        self.tm.begin()
        self.session = get_tm_session(self.factory, self.tm)
        return self.session

    def __exit__(self, exc_type, *rest):
        if exc_type is None:
            self.tm.commit()
            if self.indexer is not None and self.indexer.mode == "inline":
                self.indexer.drain()
        else:
            self.tm.abort()


@pytest.fixture
def db(app, engine):
    """``with db() as s: ...`` commits at the end of the block."""
    return lambda: DB(engine, app.registry.get("search.indexer"))


_HASHES: dict[str, str] = {}


def password_hash(password: str) -> str:
    """argon2 is slow on purpose; hash each test password once per session."""
    if password not in _HASHES:
        _HASHES[password] = hash_password(password)
    return _HASHES[password]


def add_user(session, login, role, full_name=None, password=PASSWORD, **kw) -> User:
    user = User(login=login, role=role, full_name=full_name or login.title(), password_hash=password_hash(password),
                email=kw.pop("email", f"{login}@example.dk"), phone=kw.pop("phone", "+45 70 00 00 00"), **kw)
    session.add(user)
    session.flush()
    return user


@pytest.fixture
def users(db):
    """One user per role, login = role name."""
    with db() as s:
        ids = {role: add_user(s, role, role, full_name=f"Test {role.title()}").id for role in ROLES}
    return ids


class Browser(webtest.TestApp):
    """A WebTest app that knows how to log in and find the CSRF token."""

    def login(self, login, password=PASSWORD, status=303):
        page = self.get("/login")
        form = page.forms[0]
        form["login"] = login
        form["password"] = password
        return form.submit(status=status)

    def csrf_token(self, url="/"):
        page = self.get(url)
        m = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert m, "no CSRF token on " + url
        return m.group(1)


@pytest.fixture
def browser(app):
    return Browser(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "127.0.0.1"})


@pytest.fixture
def as_role(app, users):
    """as_role("sekretariat") -> a Browser logged in as that role."""
    def make(role):
        b = Browser(app, extra_environ={"HTTP_HOST": "localhost"})
        b.login(role)
        return b
    return make


@pytest.fixture
def make_case(db, users):
    from rsi_case.cases.services import create_case
    from rsi_case.numbering import CaseNumber

    def make(title="Fælles udbud af laboratoriesystem", number=None, **fields):
        fields.setdefault("category", "indkoeb")
        fields.setdefault("status", "aaben")
        fields.setdefault("opened_on", dt.date(2024, 1, 15))
        fields.setdefault("responsible_id", users["sekretariat"])
        with db() as s:
            user = s.get(User, users["admin"])
            case = create_case(s, user=user, number=CaseNumber.parse(number) if number else None,
                               title=title, **fields)
            return case.number
    return make


@pytest.fixture
def make_document(db, users):
    from rsi_case.cases.resources import find_case
    from rsi_case.documents.services import create_document
    from rsi_case.numbering import DocumentNumber

    def make(case_number, title="Notat om tidsplan", number=None, body="<p>Brødtekst.</p>", **fields):
        fields.setdefault("kind", "notat")
        fields.setdefault("status", "kladde")
        fields.setdefault("doc_date", dt.date(2024, 2, 1))
        fields.setdefault("author_name", "Test Sekretariat")
        with db() as s:
            case = find_case(s, case_number)
            user = s.get(User, users["sekretariat"])
            doc = create_document(s, case=case, user=user, number=DocumentNumber.parse(number) if number else None,
                                  title=title, body_html=body, **fields)
            return doc.number
    return make


@pytest.fixture(autouse=True)
def _no_warnings_from_our_code():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="pkg_resources")
        warnings.filterwarnings("ignore", category=ResourceWarning)
        warnings.filterwarnings("ignore", message="'cgi' is deprecated", category=DeprecationWarning)
        yield


def count(engine, sql, **params):
    with engine.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar_one()
