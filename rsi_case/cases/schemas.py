from __future__ import annotations

import colander
from translationstring import TranslationString
import deform
import sqlalchemy as sa

from ..forms import CSRFSchema, DanishDate, Text, choices, date_widget
from ..i18n import _
from ..numbering import CaseNumber, NumberError
from ..security.models import User
from ..vocab import CASE_CATEGORIES, CASE_STATUSES, REGIONS


def responsible_choices(request):
    users = request.dbsession.execute(
        sa.select(User).where(User.active.is_(True), User.role.in_(("sekretariat", "admin")))
        .order_by(User.full_name)
    ).scalars()
    return [("", _("choose-blank", default="— choose —"))] + [(str(u.id), u.full_name) for u in users]


@colander.deferred
def deferred_responsible_widget(node, kw):
    return deform.widget.SelectWidget(values=responsible_choices(kw["request"]), item_css_class="span-6")


@colander.deferred
def deferred_responsible_validator(node, kw):
    valid = {code for code, _label in responsible_choices(kw["request"]) if code}
    return colander.OneOf(sorted(valid))


@colander.deferred
def deferred_status_widget(node, kw):
    allowed = kw.get("statuses") or tuple(CASE_STATUSES)
    return deform.widget.SelectWidget(values=[(c, CASE_STATUSES[c]) for c in allowed], item_css_class="span-3")


@colander.deferred
def deferred_status_validator(node, kw):
    return colander.OneOf(list(kw.get("statuses") or CASE_STATUSES))


def validate_case_number(node, value):
    try:
        CaseNumber.parse(value)
    except NumberError as exc:
        raise colander.Invalid(node, TranslationString(exc.msg, mapping=exc.mapping)) from None


class CaseSchema(CSRFSchema):
    title = colander.SchemaNode(
        Text(), title=_("field-title", default="Title"),
        validator=colander.Length(min=1, max=300,
                                  min_err=_("title-required", default="Give the case a title."),
                                  max_err=_("too-long", default="At most ${max} characters.")),
        missing=colander.required,
        missing_msg=_("title-required", default="Give the case a title."),
    )
    description = colander.SchemaNode(
        Text(), title=_("field-description", default="Description"), missing="",
        widget=deform.widget.TextAreaWidget(rows=4),
        validator=colander.Length(max=20000),
    )
    category = colander.SchemaNode(
        colander.String(), title=_("field-category", default="Category"),
        widget=deform.widget.SelectWidget(item_css_class="span-6", values=choices(CASE_CATEGORIES, blank=_("choose-blank", default="— choose —"))),
        validator=colander.OneOf(list(CASE_CATEGORIES)),
        missing_msg=_("category-required", default="Choose a category."),
    )
    status = colander.SchemaNode(
        colander.String(), title=_("field-status", default="Status"),
        widget=deferred_status_widget, validator=deferred_status_validator, default="aaben",
    )
    responsible = colander.SchemaNode(
        colander.String(), title=_("field-responsible", default="Responsible"),
        widget=deferred_responsible_widget, validator=deferred_responsible_validator,
        missing=None,
    )
    lead_region = colander.SchemaNode(
        colander.String(), title=_("field-lead-region", default="Lead region"),
        widget=deform.widget.SelectWidget(item_css_class="span-6", values=choices(REGIONS, blank=_("no-lead-region", default="— none —"))),
        validator=colander.OneOf(list(REGIONS)), missing=None,
    )
    participating_regions = colander.SchemaNode(
        colander.Set(), title=_("field-participating-regions", default="Participating regions"),
        widget=deform.widget.CheckboxChoiceWidget(values=list(REGIONS.items()), inline=False),
        validator=colander.ContainsOnly(list(REGIONS)), missing=set(),
    )
    opened_on = colander.SchemaNode(
        DanishDate(), title=_("field-opened-on", default="Opened"),
        widget=date_widget("span-3"),
        missing_msg=_("date-required", default="Enter a date."),
    )
    closed_on = colander.SchemaNode(
        DanishDate(), title=_("field-closed-on", default="Closed"),
        widget=date_widget("span-3"), missing=None,
    )

    def validator(self, node, value):
        if value.get("closed_on") and value.get("opened_on") and value["closed_on"] < value["opened_on"]:
            exc = colander.Invalid(node)
            exc["closed_on"] = _("closed-before-opened", default="A case cannot close before it opened.")
            raise exc




def case_schema(*, with_historic_number=False, with_confidential=False):
    schema = CaseSchema()
    if with_confidential:
        schema.add(colander.SchemaNode(
            colander.Boolean(), name="confidential", missing=False,
            title=_("field-confidential", default="Confidential"),
            description=_("field-confidential-help",
                          default="Only you, the responsible person and those you give access on the sharing page will see the case."),
            widget=deform.widget.CheckboxWidget()))
    if with_historic_number:
        schema.add(colander.SchemaNode(
            Text(), name="historic_number",
            title=_("field-historic-case-number", default="Register under an existing case number"),
            description=_("field-historic-case-number-help",
                          default="Only for cases moved in from an older system, e.g. 09/2867. Leave empty to give the case the next number."),
            missing="", validator=validate_case_number,
        ))
    return schema
