"""Shared form pieces: every deform schema carries the CSRF token, and every
form is rendered and validated the same way (Post/Redirect/Get on success,
re-display with the user's input and Danish errors on failure)."""

from __future__ import annotations

import unicodedata

import colander
import deform
from pyramid.csrf import get_csrf_token

from .i18n import _, format_date, parse_date_input


@colander.deferred
def deferred_csrf_token(node, kw):
    return get_csrf_token(kw["request"])


class CSRFSchema(colander.Schema):
    """Base schema; Pyramid's global CSRF check reads ``csrf_token``."""

    csrf_token = colander.SchemaNode(
        colander.String(),
        default=deferred_csrf_token,
        widget=deform.widget.HiddenWidget(),
        missing="",
    )


def nfc(value):
    """Text pasted from Word or macOS may be NFD: store NFC, trimmed."""
    if value is colander.null or value is None:
        return value
    return unicodedata.normalize("NFC", value).strip()


def strip_control(value):
    if not isinstance(value, str):
        return value
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def clean_text(value):
    if value is colander.null or value is None:
        return value
    return nfc(strip_control(value))


class Text(colander.String):
    """A string that is NFC-normalised and free of control characters."""

    def deserialize(self, node, cstruct):
        value = super().deserialize(node, cstruct)
        return clean_text(value)


class DanishDate(colander.SchemaType):
    """A date shown and typed as ``dd-mm-yyyy`` (also 15.12.2009, 15/12/09,
    2009-12-15 and "15. december 2009" are understood). Browsers' own date
    pickers show the date in the computer's locale, so the field is text."""

    def serialize(self, node, appstruct):
        if appstruct is colander.null or appstruct is None:
            return colander.null
        return format_date(appstruct)

    def deserialize(self, node, cstruct):
        if cstruct is colander.null or not str(cstruct).strip():
            return colander.null
        value = parse_date_input(str(cstruct)[:40])
        if value is None or not (1900 <= value.year <= 2100):
            raise colander.Invalid(node, _("date-invalid", default="“${value}” is not a date. Write day-month-year, e.g. 15-12-2009.",
                                           mapping={"value": str(cstruct)[:40]}))
        return value


def date_widget(item_css_class=""):
    return deform.widget.TextInputWidget(
        item_css_class=item_css_class,
        attributes={"placeholder": "dd-mm-åååå", "inputmode": "numeric", "autocomplete": "off", "maxlength": "40",
                    },
    )


def choices(mapping, blank=None):
    values = [(code, label) for code, label in mapping.items()]
    if blank is not None:
        values.insert(0, ("", blank))
    return values


def make_form(schema, request, buttons=(), cancel_url=None, autofocus=False, **kw):
    """A deform form with the CSRF token bound, Danish buttons and our grid.

    deform would put the focus on the first field of a type it knows
    (colander.String exactly: not our Text, so a select further down, e.g.
    Kategori), on every form, also one at the foot of a page. We choose: no
    focus on load, unless ``autofocus`` — a page that is nothing but this
    form — and then on its first visible field."""
    schema = schema.bind(request=request, **kw.pop("bind", {}))
    kw.setdefault("focus", "off")
    if autofocus:
        first = next((node for node in schema.children
                      if not isinstance(node.widget, deform.widget.HiddenWidget)), None)
        if first is not None:
            first.autofocus = "on"
            kw["focus"] = "on"
    buttons = list(buttons or (deform.Button("save", _("button-save", default="Save"), css_class="btn-primary"),))
    if cancel_url:
        buttons.append(deform.Button("cancel", _("button-cancel", default="Cancel"), type="link", value=cancel_url,
                                     css_class="btn-outline-secondary ms-2"))
    kw.setdefault("css_class", "deform rsi-grid")
    return deform.Form(schema, buttons=buttons, **kw)


def validate(form, request):
    """Return (appstruct, None) or (None, rendered form with errors)."""
    controls = list(request.POST.items())
    try:
        return form.validate(controls), None
    except deform.ValidationFailure as failure:
        return None, failure.render()


class FieldError(Exception):
    """A problem found after colander validation (e.g. a number already taken)."""

    def __init__(self, field, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


def render_with_error(form, request, error: FieldError):
    """Re-render ``form`` with the submitted values and ``error`` on its field."""
    controls = list(request.POST.items())
    try:
        form.validate(controls)
    except deform.ValidationFailure as failure:  # pragma: no cover - validated before
        return failure.render()
    exc = colander.Invalid(form.schema, _("form-has-errors", default="Please correct the highlighted field."))
    node = form.schema.get(error.field)
    if node is not None:
        exc.add(colander.Invalid(node, error.message), pos=form.schema.children.index(node))
    form.widget.handle_error(form, exc)
    return form.render()
