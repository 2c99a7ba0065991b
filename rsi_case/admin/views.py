from __future__ import annotations

import datetime as dt

import colander
import deform
import sqlalchemy as sa
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults

from .. import numbering
from ..cases.models import Case
from ..documents.models import Document
from ..forms import CSRFSchema, FieldError, Text, choices, make_form, render_with_error, validate
from ..i18n import _
from ..security.models import User
from ..security.passwords import hash_password
from ..security.permissions import Permission as P
from ..vocab import ROLES


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


class NewUserSchema(CSRFSchema):
    login = colander.SchemaNode(
        Text(), title=_("field-login", default="User name"),
        validator=colander.Regex(r"^[a-z0-9][a-z0-9._-]{1,63}$",
                                 msg=_("login-invalid", default="Use 2–64 lower-case letters, digits, dots, hyphens or underscores.")))
    full_name = colander.SchemaNode(Text(), title=_("field-full-name", default="Name"), validator=colander.Length(1, 200))
    role = colander.SchemaNode(colander.String(), title=_("field-role", default="Role"),
                               widget=deform.widget.SelectWidget(values=choices(ROLES)),
                               validator=colander.OneOf(list(ROLES)))
    email = colander.SchemaNode(Text(), title=_("field-email", default="E-mail"), missing="",
                                validator=colander.Email(msg=_("email-invalid", default="Not a valid e-mail address.")))
    phone = colander.SchemaNode(Text(), title=_("field-phone", default="Phone"), missing="",
                                validator=colander.Length(max=40))
    password = colander.SchemaNode(
        colander.String(), title=_("field-password", default="Password"),
        widget=deform.widget.CheckedPasswordWidget(),
        validator=colander.Length(min=12, min_err=_("password-too-short", default="The password must be at least ${min} characters.")))


@view_defaults(route_name="admin_users", renderer="rsi_case:templates/admin/users.pt", permission=P.MANAGE_USERS)
class Users:
    def __init__(self, request):
        self.request = request
        self.form = make_form(NewUserSchema(), request, buttons=(
            deform.Button("create", _("button-create-user", default="Create user"), css_class="btn-primary"),))

    def page(self, form_html):
        users = self.request.dbsession.execute(sa.select(User).order_by(User.role, User.full_name)).scalars().all()
        return {"users": users, "form": form_html}

    @view_config(request_method="GET")
    def get(self):
        return self.page(self.form.render())

    @view_config(request_method="POST")
    def post(self):
        appstruct, error_html = validate(self.form, self.request)
        if error_html:
            return self.page(error_html)
        db = self.request.dbsession
        if db.execute(sa.select(User.id).where(User.login == appstruct["login"])).first():
            return self.page(render_with_error(self.form, self.request, FieldError(
                "login", _t(self.request, _("login-taken", default="The user name ${login} is taken."), login=appstruct["login"]))))
        db.add(User(login=appstruct["login"], full_name=appstruct["full_name"], role=appstruct["role"],
                    email=appstruct["email"], phone=appstruct["phone"], password_hash=hash_password(appstruct["password"])))
        self.request.session.flash(_t(self.request, _("user-created", default="User ${login} was created."),
                                      login=appstruct["login"]), "success")
        return HTTPSeeOther(self.request.route_url("admin_users"))


class NextNumberSchema(CSRFSchema):
    series = colander.SchemaNode(colander.String(), widget=deform.widget.SelectWidget(values=[
        ("case", _("series-case", default="Case numbers")), ("document", _("series-document", default="Document numbers"))]),
        validator=colander.OneOf(list(numbering.SERIES)), title=_("field-series", default="Series"))
    year = colander.SchemaNode(colander.Integer(), title=_("field-year", default="Year"),
                               validator=colander.Range(1990, 2100))
    next_value = colander.SchemaNode(colander.Integer(), title=_("field-next-number", default="Next number"),
                                     validator=colander.Range(1, numbering.MAX_SEQ))


@view_defaults(route_name="admin_numbers", renderer="rsi_case:templates/admin/numbers.pt",
               permission=P.MANAGE_NUMBERS)
class Numbers:
    """Number series per year: see where each stands and set the next number
    (to continue an older system's series)."""

    def __init__(self, request):
        self.request = request
        self.form = make_form(NextNumberSchema(), request, buttons=(
            deform.Button("set", _("button-set-next", default="Set next number"), css_class="btn-primary"),))

    def highest(self, series, year):
        model = Case if series == "case" else Document
        return self.request.dbsession.execute(
            sa.select(sa.func.max(model.seq)).where(model.year == year)).scalar() or 0

    def page(self, form_html):
        db = self.request.dbsession
        rows = []
        years = set(db.execute(sa.select(numbering.NumberSeries.year)).scalars())
        years |= set(db.execute(sa.select(Case.year).distinct()).scalars())
        years |= set(db.execute(sa.select(Document.year).distinct()).scalars())
        years.add(dt.date.today().year)
        for year in sorted(years, reverse=True):
            for series in numbering.SERIES:
                rows.append({"series": series, "year": year,
                             "next": numbering.next_value(db, series, year), "highest": self.highest(series, year)})
        return {"rows": rows, "form": form_html}

    @view_config(request_method="GET")
    def get(self):
        return self.page(self.form.render({"series": "case", "year": dt.date.today().year}))

    @view_config(request_method="POST")
    def post(self):
        appstruct, error_html = validate(self.form, self.request)
        if error_html:
            return self.page(error_html)
        series, year, value = appstruct["series"], appstruct["year"], appstruct["next_value"]
        highest = self.highest(series, year)
        if value <= highest:
            return self.page(render_with_error(self.form, self.request, FieldError("next_value", _t(
                self.request, _("next-number-too-low", default="Numbers up to ${highest} are already used in ${year}; the next number must be higher."),
                highest=highest, year=year))))
        numbering.set_next_value(self.request.dbsession, series, year, value)
        self.request.session.flash(_t(self.request, _("next-number-set", default="The next number was set to ${value}."),
                                      value=value), "success")
        return HTTPSeeOther(self.request.route_url("admin_numbers"))
