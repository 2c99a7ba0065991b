"""Templates and static files live at the top of the repository
(``templates/``, ``static/``); this wires them into Pyramid and deform.

View renderers are named ``rsi_case:templates/...``; that asset path is
overridden to the top-level folder, so an installation can point
``rsi_case.root`` at its own copy.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import deform
from pyramid.events import BeforeRender
from pyramid.i18n import get_localizer
from pyramid.threadlocal import get_current_request

from . import i18n, vocab

DEFAULT_ROOT = Path(__file__).resolve().parent.parent
DEFORM_TEMPLATES = Path(deform.__file__).resolve().parent / "templates"


def _validation_messages():
    """The browser's own form checks (a required field, an e-mail address, a
    length) speak the browser's language; static/js/app.js gives them these,
    from our catalog. ``{max}`` and the like are filled in by the script."""
    from .i18n import _

    return {
        "required": _("validation-required", default="Please fill out this field."),
        "checkbox": _("validation-checkbox", default="Please tick this box if you want to proceed."),
        "radio": _("validation-radio", default="Please select one of these options."),
        "select": _("validation-select", default="Please select an item in the list."),
        "file": _("validation-file", default="Please select a file."),
        "email": _("validation-email", default="Please enter an e-mail address, e.g. navn@region.dk."),
        "url": _("validation-url", default="Please enter a web address."),
        "number": _("validation-number", default="Please enter a number."),
        "tooLong": _("validation-too-long", default="Please use at most {max} characters."),
        "tooShort": _("validation-too-short", default="Please use at least {min} characters."),
        "min": _("validation-min", default="The value must be {min} or more."),
        "max": _("validation-max", default="The value must be {max} or less."),
        "step": _("validation-step", default="Please enter a valid value."),
        "pattern": _("validation-pattern", default="Please match the requested format."),
        "invalid": _("validation-invalid", default="Please enter a valid value."),
    }


def _deform_translator(term):
    request = get_current_request()
    if request is None:  # pragma: no cover - rendering outside a request
        return term
    return get_localizer(request).translate(term)


class TemplateAPI:
    """What every page template gets as ``api``."""

    def __init__(self, request):
        self.request = request
        self.format_date = i18n.format_date
        self.format_datetime = i18n.format_datetime
        self.format_time = i18n.format_time
        self.format_size = i18n.format_size
        self.vocab = vocab
        self.layout = _layout(request.registry)

    def static(self, path: str) -> str:
        return self.request.static_url(self.request.registry["rsi_case.static_dir"] + "/" + path)

    def t(self, term, mapping=None):
        return self.request.localizer.translate(term, mapping=mapping) if mapping else self.request.localizer.translate(term)

    def plural(self, message, n, **mapping):
        """A message with plural forms (``i18n.ngettext``) for the number ``n``."""
        return i18n.pluralize(self.request.localizer, message, n, **mapping)

    def label(self, table: str, code):
        if code is None:
            return ""
        term = getattr(vocab, table).get(code)
        return self.t(term) if term is not None else code

    def validation_messages(self) -> str:
        """The Danish messages for the browser's own form checks, as JSON for static/js/app.js."""
        return json.dumps({key: self.t(term) for key, term in _validation_messages().items()}, ensure_ascii=False)

    def csrf_token(self):
        from pyramid.csrf import get_csrf_token

        return get_csrf_token(self.request)

    def has(self, permission, context=None):
        if context is None:
            context = getattr(self.request, "context", None)
        if context is None:  # e.g. an error page before a route factory ran
            from .resources import RootFactory

            context = RootFactory(self.request)
        return bool(self.request.has_permission(permission, context))

    FIELD_LABELS = {
        "title": ("field-title", "Title"), "kind": ("field-kind", "Kind"), "status": ("field-status", "Status"),
        "doc_date": ("field-date", "Date"), "author_name": ("field-author", "Author"),
        "author_phone": ("field-phone", "Phone"), "author_email": ("field-email", "E-mail"),
    }

    def field_label(self, field):
        from .i18n import _

        msgid, default = self.FIELD_LABELS.get(field, (field, field))
        return _(msgid, default=default)

    def format_value(self, field, value):
        """A metadata value as a reader knows it (dates dd-mm-yyyy, kinds and statuses in Danish)."""
        import datetime as _dt

        if isinstance(value, _dt.date):
            return self.format_date(value)
        if field == "kind":
            return self.label("DOCUMENT_KINDS", value)
        if field == "status":
            return self.label("DOCUMENT_STATUSES", value)
        return value or "—"

    CASE_FIELD_LABELS = {
        "title": ("field-title", "Title"), "description": ("field-description", "Description"),
        "category": ("field-category", "Category"), "status": ("field-status", "Status"),
        "responsible_id": ("field-responsible", "Responsible"), "lead_region": ("field-lead-region", "Lead region"),
        "participating_regions": ("field-participating-regions", "Participating regions"),
        "opened_on": ("field-opened-on", "Opened"), "closed_on": ("field-closed-on", "Closed"),
        "confidential": ("field-confidential", "Confidential"),
    }

    def case_field_label(self, field):
        from .i18n import _

        msgid, default = self.CASE_FIELD_LABELS.get(field, (field, field))
        return _(msgid, default=default)

    def format_case_value(self, field, value, names=None):
        import datetime as _dt

        from .i18n import _

        if value in (None, "", []):
            return "—"
        if field in ("opened_on", "closed_on"):
            return self.format_date(_dt.date.fromisoformat(value))
        if field == "status":
            return self.label("CASE_STATUSES", value)
        if field == "category":
            return self.label("CASE_CATEGORIES", value)
        if field == "lead_region":
            return self.label("REGIONS", value)
        if field == "participating_regions":
            return ", ".join(self.label("REGIONS", r) for r in value)
        if field == "responsible_id":
            return (names or {}).get(value, value)
        if field == "confidential":
            return self.t(_("yes", default="yes") if value else _("no", default="no"))
        return value

    def facet_label(self, name):
        return vocab.FACET_LABELS.get(name, name)

    def facet_value(self, name, value):
        from .i18n import _

        if name == "type":
            return self.label("SEARCH_TYPES", value)
        if name == "kind":
            if value == "beslutning":
                return self.t(_("kind-beslutning", default="decision"))
            return self.t(_("kind-sag", default="case")) if value == "sag" else self.label("DOCUMENT_KINDS", value)
        if name == "status":
            return self.label("CASE_STATUSES", value) if value in vocab.CASE_STATUSES else self.label("DOCUMENT_STATUSES", value)
        if name == "category":
            return self.label("CASE_CATEGORIES", value)
        if name == "regions":
            return self.label("REGIONS", value)
        return value

    def can(self, permission):
        """A permission anywhere (the root), e.g. for the menu: the same on every page."""
        from .resources import RootFactory

        return bool(self.request.has_permission(permission, RootFactory(self.request)))

    def active(self, *route_names):
        route = self.request.matched_route
        return "active" if route is not None and route.name in route_names else ""


def _layout(registry):
    """The page layout, loaded on first use: an error page can be the first
    page rendered, for a request refused before any subscriber ran."""
    if registry["rsi_case.layout"] is None:
        from pyramid.renderers import get_renderer

        registry["rsi_case.layout"] = get_renderer("rsi_case:templates/layout/main.pt").implementation()
    return registry["rsi_case.layout"]


def add_renderer_globals(event):
    request = event.get("request")
    if request is not None and "api" not in event:
        event["api"] = TemplateAPI(request)


_cook_lock = threading.RLock()


def _compile_one_at_a_time() -> None:
    """Chameleon compiles a template the first time it is rendered, from a
    Python AST. CPython 3.11 (here 3.11.7) keeps the AST constructor's
    recursion depth in state that threads share (as far as we can tell
    python/cpython#106905): two threads compiling at once can fail one with
    "SystemError: AST constructor recursion depth mismatch", a 500. Seen on
    05-12-2026 in tests/functional/test_versions.py, twenty saves meeting the
    not yet compiled conflict page at once (waitress serves with threads).
    Compiling happens once per template and process, so doing it one at a
    time costs nothing afterwards; rendering stays parallel. (No test
    reproduces the race on demand: it is rare and depends on timing.)"""
    from chameleon.template import BaseTemplate

    if getattr(BaseTemplate.cook, "_rsi_one_at_a_time", False):
        return
    cook = BaseTemplate.cook

    def cook_one_at_a_time(self, body):
        with _cook_lock:
            return cook(self, body)

    cook_one_at_a_time._rsi_one_at_a_time = True
    BaseTemplate.cook = cook_one_at_a_time


class _CompiledOnce:
    """Chameleon's default loader (``MemoryLoader``) keeps nothing: every new
    template object compiles its file again, and pyramid_chameleon and deform
    make new template objects for every application the process builds. The
    key Chameleon gives a compiled template already names the file and a
    digest of its body, Chameleon's version and the template class — the key
    its own disk cache (``CHAMELEON_CACHE``) trusts — so the code compiled
    for that key is kept here and run again for each new template object:
    the disk cache's behaviour without the disk. A test process builds a new
    application per test, and compiling took about 60 % of the suite's time
    (measured 05-12-2026: 39 s of 63 s in tests/functional/test_cases.py).
    A served application builds one, so there it changes nothing."""

    def __init__(self):
        self._code: dict[str, object] = {}
        self._lock = threading.Lock()

    def get(self, filename: str) -> dict | None:
        code = self._code.get(filename)
        if code is None:
            return None
        env: dict = {}
        exec(code, env)  # nosec B102 - code Chameleon compiled from our own templates, as its disk cache loads it
        return env

    def build(self, source: str, filename: str) -> dict:
        code = compile(source, filename, "exec")
        with self._lock:
            self._code.setdefault(filename, code)
        env: dict = {}
        exec(code, env)  # nosec B102 - as above
        return env


def _keep_compiled_templates() -> None:
    """Use ``_CompiledOnce`` unless Chameleon was told to use its disk cache
    or its debug mode (both of which have loaders of their own)."""
    from chameleon import config as chameleon_config
    from chameleon.loader import MemoryLoader
    from chameleon.template import BaseTemplate

    if isinstance(BaseTemplate.loader, MemoryLoader) and not chameleon_config.DEBUG_MODE:
        BaseTemplate.loader = _CompiledOnce()


def includeme(config):
    _compile_one_at_a_time()
    _keep_compiled_templates()
    settings = config.get_settings()
    root = Path(settings.get("rsi_case.root") or DEFAULT_ROOT).resolve()
    templates = root / "templates"
    static = root / "static"
    config.registry["rsi_case.root"] = root
    config.registry["rsi_case.static_dir"] = str(static)

    config.include("pyramid_chameleon")
    config.override_asset("rsi_case:templates/", str(templates) + "/")

    config.registry["rsi_case.layout"] = None
    config.add_subscriber(add_renderer_globals, BeforeRender)

    deform.Form.set_zpt_renderer(
        [str(templates / "deform"), str(DEFORM_TEMPLATES)],
        translator=_deform_translator,
    )
