from __future__ import annotations

import colander
from translationstring import TranslationString
import deform

from ..forms import CSRFSchema, DanishDate, Text, choices, date_widget
from ..i18n import _
from ..numbering import DocumentNumber, NumberError
from ..vocab import DOCUMENT_KINDS, DOCUMENT_STATUSES, FILED_KINDS
from .sanitize import clean_html

MAX_BODY = 5_000_000  # characters of HTML; a 300-page strategy fits

TINYMCE_OPTIONS = {
    "height": 520,
    "menubar": False,
    "branding": False,
    "promotion": False,
    "license_key": "gpl",
    "plugins": "lists advlist table link autolink wordcount",
    "toolbar": "undo redo | blocks | bold italic underline | bullist numlist outdent indent | table link | removeformat",
    "block_formats": "Afsnit=p; Overskrift 1=h2; Overskrift 2=h3; Overskrift 3=h4",
    "table_default_attributes": {},
    "table_default_styles": {},
    "invalid_styles": "*",
    "entity_encoding": "raw",
    "content_css": False,
}


class RichText(colander.String):
    """HTML from the editor, sanitised by the allow-list on the way in."""

    def deserialize(self, node, cstruct):
        value = super().deserialize(node, cstruct)
        if value is colander.null:
            return value
        return clean_html(value)


def validate_document_number(node, value):
    try:
        DocumentNumber.parse(value)
    except NumberError as exc:
        raise colander.Invalid(node, TranslationString(exc.msg, mapping=exc.mapping)) from None


@colander.deferred
def deferred_status_validator(node, kw):
    return colander.OneOf(list(kw.get("statuses") or DOCUMENT_STATUSES))


@colander.deferred
def deferred_status_widget(node, kw):
    allowed = kw.get("statuses") or tuple(DOCUMENT_STATUSES)
    attributes = {}
    request = kw.get("request")
    if "endelig" in allowed and request is not None:
        # making a document final cannot be undone by its author, and the board reads it at once:
        # static/js/app.js asks first (data-confirm-value), when the choice changes to final
        attributes = {"data-confirm-value": "endelig", "data-confirm-message": request.localizer.translate(_(
            "confirm-final", default="Make the document final? It can then no longer be edited, and the board can "
                                     "read it. A later change is a new version."))}
    return deform.widget.SelectWidget(values=[(c, DOCUMENT_STATUSES[c]) for c in allowed], item_css_class="span-4",
                                      attributes=attributes)


class DocumentSchema(CSRFSchema):
    title = colander.SchemaNode(
        Text(), title=_("field-title", default="Title"),
        validator=colander.Length(min=1, max=300, max_err=_("too-long", default="At most ${max} characters.")),
        missing_msg=_("doc-title-required", default="Give the document a title."),
    )
    kind = colander.SchemaNode(
        colander.String(), title=_("field-kind", default="Kind"),
        widget=deform.widget.SelectWidget(item_css_class="span-4", values=choices(DOCUMENT_KINDS)),
        validator=colander.OneOf(list(DOCUMENT_KINDS)),
    )
    doc_date = colander.SchemaNode(
        DanishDate(), title=_("field-date", default="Date"), widget=date_widget("span-4"),
        missing_msg=_("date-required", default="Enter a date."),
    )
    status = colander.SchemaNode(
        colander.String(), title=_("field-status", default="Status"),
        widget=deferred_status_widget, validator=deferred_status_validator, default="kladde",
        description=_("doc-status-help", default="A final document can no longer be edited."),
    )
    author_name = colander.SchemaNode(
        Text(), title=_("field-author", default="Author"), validator=colander.Length(max=200), missing="",
        widget=deform.widget.TextInputWidget(item_css_class="span-4")
    )
    author_phone = colander.SchemaNode(
        Text(), title=_("field-phone", default="Phone"), validator=colander.Length(max=40), missing="",
        widget=deform.widget.TextInputWidget(item_css_class="span-4")
    )
    author_email = colander.SchemaNode(
        Text(), title=_("field-email", default="E-mail"), missing="",
        validator=colander.All(colander.Length(max=254),
                               colander.Email(msg=_("email-invalid", default="Not a valid e-mail address."))),
        widget=deform.widget.TextInputWidget(item_css_class="span-4")
    )
    body = colander.SchemaNode(
        RichText(), title=_("field-body", default="Text"), missing="",
        widget=deform.widget.RichTextWidget(options=TINYMCE_OPTIONS, delayed_load=False),
        validator=colander.Length(max=MAX_BODY,
                                  max_err=_("body-too-long", default="The text is too long (at most ${max} characters).")),
    )


def document_schema(*, with_historic_number=False, historic_title=None, for_edit=False, kind=None):
    """``kind``: the kind of the document edited; a filed kind (e-mail) is a
    choice only for a document that already is one."""
    schema = DocumentSchema()
    kinds = {k: v for k, v in DOCUMENT_KINDS.items() if k not in FILED_KINDS or k == kind}
    schema["kind"].widget = deform.widget.SelectWidget(item_css_class="span-4", values=choices(kinds))
    schema["kind"].validator = colander.OneOf(list(kinds))
    if for_edit:
        # the version this edit started from: a save on top of a newer one is a conflict
        schema.add(colander.SchemaNode(colander.Integer(), name="base_version", widget=deform.widget.HiddenWidget(),
                                       validator=colander.Range(0, 10**9)))
        # on the conflict form only: the version both edits started from (base_version is then the
        # version they were merged against); empty on the ordinary form
        schema.add(colander.SchemaNode(colander.Integer(), name="merge_base", widget=deform.widget.HiddenWidget(),
                                       missing=None, validator=colander.Range(0, 10**9)))
        schema.add(colander.SchemaNode(
            Text(), name="note", missing="", title=_("field-change-note", default="Change note"),
            description=_("field-change-note-help", default="Optional: what you changed, e.g. “Indarbejdet kommentarer fra Region Midt”."),
            validator=colander.Length(max=500)))
    if with_historic_number:
        schema.add(colander.SchemaNode(
            Text(), name="historic_number",
            title=historic_title or _("field-historic-doc-number", default="Register under an existing document number"),
            description=_("field-historic-doc-number-help",
                          default="Only for documents moved in from an older system, e.g. 62947/09. Leave empty to give the document the next number."),
            missing="", validator=validate_document_number,
        ), )
    return schema


