"""The sharing page of a case: whether it is confidential, and the local roles
granted on it (Plone-style: to users or groups, on this case only)."""

from __future__ import annotations

import colander
import deform
import sqlalchemy as sa
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults

from ..forms import CSRFSchema, FieldError, make_form, render_with_error, validate
from ..i18n import _
from ..parsing import ascii_int
from ..security.audit import audit
from ..security.models import Group, User
from ..security.permissions import Permission as P
from ..vocab import LOCAL_ROLES
from .models import CaseGrant
from .services import record_case_revision


def principal_choices(request):
    db = request.dbsession
    users = db.execute(sa.select(User).where(User.active.is_(True)).order_by(User.full_name)).scalars()
    groups = db.execute(sa.select(Group).order_by(Group.title)).scalars()
    t = request.localizer.translate
    values = [("", t(_("choose-blank", default="— choose —")))]
    values += [(f"group:{g.id}", t(_("group-label", default="Group: ${title}", mapping={"title": g.title}))) for g in groups]
    values += [(f"user:{u.id}", f"{u.full_name} ({u.login})") for u in users]
    return values


def principal_label(request, principal: str) -> str:
    kind, _sep, raw = principal.partition(":")
    number = ascii_int(raw)
    if number is None:
        return principal
    if kind == "user":
        user = request.dbsession.get(User, number)
        return f"{user.full_name} ({user.login})" if user else principal
    if kind == "group":
        group = request.dbsession.get(Group, number)
        if group:
            return request.localizer.translate(_("group-label", default="Group: ${title}", mapping={"title": group.title}))
    return principal


@colander.deferred
def deferred_principal_widget(node, kw):
    return deform.widget.SelectWidget(values=principal_choices(kw["request"]), item_css_class="span-6")


@colander.deferred
def deferred_principal_validator(node, kw):
    return colander.OneOf([v for v, _label in principal_choices(kw["request"]) if v])


class GrantSchema(CSRFSchema):
    principal = colander.SchemaNode(colander.String(), title=_("field-principal", default="User or group"),
                                    widget=deferred_principal_widget, validator=deferred_principal_validator)
    role = colander.SchemaNode(colander.String(), title=_("field-local-role", default="Access"),
                               widget=deform.widget.SelectWidget(values=list(LOCAL_ROLES.items()), item_css_class="span-6"),
                               validator=colander.OneOf(list(LOCAL_ROLES)))


@view_defaults(route_name="case_sharing", renderer="rsi_case:templates/cases/sharing.pt", permission=P.CASE_SHARE)
class Sharing:
    def __init__(self, context, request):
        self.request = request
        self.context = context
        self.case = context.case
        self.form = make_form(GrantSchema(), request, buttons=(
            deform.Button("grant", _("button-grant", default="Give access"), css_class="btn-primary"),))

    def page(self, form_html=None):
        grants = [(g, principal_label(self.request, g.principal)) for g in self.case.grants]
        granted_by = {u.id: u.full_name for u in self.request.dbsession.execute(
            sa.select(User).where(User.id.in_([g.granted_by_id for g in self.case.grants if g.granted_by_id]))).scalars()}
        return {"case": self.case, "grants": grants, "granted_by": granted_by,
                "form": form_html or self.form.render({"role": "laeser"})}

    def done(self, message, **mapping):
        self.request.session.flash(self.request.localizer.translate(message, mapping=mapping), "success")
        return HTTPSeeOther(self.request.route_url("case_sharing", case=self.case.number.slug))

    @view_config(request_method="GET")
    def get(self):
        return self.page()

    @view_config(request_method="POST", request_param="grant")
    def grant(self):
        appstruct, error_html = validate(self.form, self.request)
        if error_html:
            return self.page(error_html)
        principal, role = appstruct["principal"], appstruct["role"]
        if any(g.principal == principal and g.role == role for g in self.case.grants):
            return self.page(render_with_error(self.form, self.request, FieldError(
                "principal", self.request.localizer.translate(_("grant-exists", default="This access has already been given.")))))
        self.case.grants.append(CaseGrant(principal=principal, role=role, granted_by_id=self.request.user.id))
        audit(self.request, "grant_add", object_type="case", object_ref=str(self.case.number), case=self.case,
              principal=principal, role=role)
        return self.done(_("grant-added", default="${who} now has access to case ${number}."),
                         who=principal_label(self.request, principal), number=str(self.case.number))

    @view_config(request_method="POST", request_param="revoke")
    def revoke(self):
        raw = self.request.POST.get("revoke", "")
        grant = next((g for g in self.case.grants if str(g.id) == raw), None)
        if grant is None:
            return self.done(_("grant-gone", default="That access had already been removed."))
        if self.case.confidential and grant.role == "ejer" and sum(g.role == "ejer" for g in self.case.grants) == 1 \
                and self.request.user.role != "admin":
            self.request.session.flash(self.request.localizer.translate(
                _("grant-last-owner", default="The last owner of a confidential case cannot be removed; give another person owner access first.")), "error")
            return HTTPSeeOther(self.request.route_url("case_sharing", case=self.case.number.slug))
        who = principal_label(self.request, grant.principal)
        audit(self.request, "grant_remove", object_type="case", object_ref=str(self.case.number), case=self.case,
              principal=grant.principal, role=grant.role)
        self.case.grants.remove(grant)
        return self.done(_("grant-removed", default="${who} no longer has that access to case ${number}."),
                         who=who, number=str(self.case.number))

    @view_config(request_method="POST", request_param="confidential")
    def confidential(self):
        make = self.request.POST.get("confidential") == "1"
        case = self.case
        if make and not case.confidential:
            # whoever makes it confidential keeps access to it
            me = f"user:{self.request.user.id}"
            if self.request.user.role != "admin" and not any(g.principal == me and g.role == "ejer" for g in case.grants):
                case.grants.append(CaseGrant(principal=me, role="ejer", granted_by_id=self.request.user.id))
        if make != case.confidential:
            case.confidential = make
            record_case_revision(self.request.dbsession, case, self.request.user)
            audit(self.request, "case_confidential", object_type="case", object_ref=str(case.number), case=case,
                  confidential=make)
        return self.done(_("case-confidential-on", default="Case ${number} is now confidential.") if make else
                         _("case-confidential-off", default="Case ${number} is no longer confidential."),
                         number=str(case.number))
