from __future__ import annotations


import colander
import deform
import sqlalchemy as sa
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config, view_defaults

from .. import numbering
from ..cases.models import Case
from ..documents.models import Document
from ..forms import CSRFSchema, FieldError, Text, choices, make_form, render_with_error, validate
from ..i18n import _, today as danish_today
from ..db import utcnow
from ..parsing import ascii_int, ascii_ints, id_or_404
from ..security.audit import audit
from ..security import tokens, totp
from ..security.models import ApiToken, Group, User
from ..security.sessions import clock, end_user_sessions, user_sessions
from ..security.passwords import hash_password, password_problem
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
        widget=deform.widget.CheckedPasswordWidget(attributes={"autocomplete": "new-password"}),
        validator=lambda node, value: _check_password(node, value))


def _check_password(node, value, login="", full_name=""):
    problem = password_problem(value, login=login, full_name=full_name)
    if problem is not None:
        raise colander.Invalid(node, problem)


@colander.deferred
def deferred_group_widget(node, kw):
    groups = kw["request"].dbsession.execute(sa.select(Group).order_by(Group.title)).scalars()
    return deform.widget.CheckboxChoiceWidget(values=[(str(g.id), g.title) for g in groups])


class EditUserSchema(CSRFSchema):
    full_name = colander.SchemaNode(Text(), title=_("field-full-name", default="Name"), validator=colander.Length(1, 200))
    role = colander.SchemaNode(colander.String(), title=_("field-role", default="Role"),
                               widget=deform.widget.SelectWidget(values=choices(ROLES)),
                               validator=colander.OneOf(list(ROLES)))
    email = colander.SchemaNode(Text(), title=_("field-email", default="E-mail"), missing="",
                                validator=colander.Email(msg=_("email-invalid", default="Not a valid e-mail address.")))
    phone = colander.SchemaNode(Text(), title=_("field-phone", default="Phone"), missing="",
                                validator=colander.Length(max=40))
    groups = colander.SchemaNode(colander.Set(), title=_("field-groups", default="Groups"), missing=set(),
                                 widget=deferred_group_widget)
    active = colander.SchemaNode(colander.Boolean(), title=_("field-active", default="Active (may log in)"),
                                 missing=False, widget=deform.widget.CheckboxWidget())


class ResetPasswordSchema(CSRFSchema):
    password = colander.SchemaNode(
        colander.String(), title=_("field-new-password", default="New password"),
        widget=deform.widget.CheckedPasswordWidget(attributes={"autocomplete": "new-password"}),
        validator=lambda node, value: _check_password(node, value))


class NewGroupSchema(CSRFSchema):
    name = colander.SchemaNode(
        Text(), title=_("field-group-name", default="Short name"),
        validator=colander.Regex(r"^[a-z0-9][a-z0-9._-]{1,63}$",
                                 msg=_("login-invalid", default="Use 2–64 lower-case letters, digits, dots, hyphens or underscores.")))
    title = colander.SchemaNode(Text(), title=_("field-group-title", default="Name"), validator=colander.Length(1, 200))


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
        audit(self.request, "user_create", object_type="user", object_ref=appstruct["login"], role=appstruct["role"])
        self.request.session.flash(_t(self.request, _("user-created", default="User ${login} was created."),
                                      login=appstruct["login"]), "success")
        return HTTPSeeOther(self.request.route_url("admin_users"))


class NextNumberSchema(CSRFSchema):
    series = colander.SchemaNode(colander.String(), widget=deform.widget.SelectWidget(values=[
        ("case", _("series-case", default="Case numbers")), ("document", _("series-document", default="Document numbers")),
        ("decision", _("series-decision", default="Decision numbers (B-year-number)"))]),
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
        from ..meetings.models import Decision

        model = {"case": Case, "document": Document, "decision": Decision}[series]
        return self.request.dbsession.execute(
            sa.select(sa.func.max(model.seq)).where(model.year == year)).scalar() or 0

    def page(self, form_html):
        db = self.request.dbsession
        rows = []
        years = set(db.execute(sa.select(numbering.NumberSeries.year)).scalars())
        years |= set(db.execute(sa.select(Case.year).distinct()).scalars())
        years |= set(db.execute(sa.select(Document.year).distinct()).scalars())
        years.add(danish_today().year)
        for year in sorted(years, reverse=True):
            for series in numbering.SERIES:
                rows.append({"series": series, "year": year,
                             "next": numbering.next_value(db, series, year), "highest": self.highest(series, year)})
        return {"rows": rows, "form": form_html}

    @view_config(request_method="GET")
    def get(self):
        return self.page(self.form.render({"series": "case", "year": danish_today().year}))

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
        audit(self.request, "number_set", object_type="series", object_ref=f"{series}/{year}", next_value=value)
        self.request.session.flash(_t(self.request, _("next-number-set", default="The next number was set to ${value}."),
                                      value=value), "success")
        return HTTPSeeOther(self.request.route_url("admin_numbers"))


@view_defaults(route_name="admin_user", renderer="rsi_case:templates/admin/user.pt", permission=P.MANAGE_USERS)
class UserEdit:
    """One user: name, role, groups, active — and a new password when they
    have forgotten theirs. Users are deactivated, never deleted: the audit
    trail refers to them."""

    def __init__(self, request):
        self.request = request
        raw = request.matchdict["user"]
        user = request.dbsession.get(User, id_or_404(raw))
        if user is None:
            raise HTTPNotFound()
        self.user = user
        self.form = make_form(EditUserSchema(), request, cancel_url=request.route_url("admin_users"))
        self.reset_form = make_form(ResetPasswordSchema(), request, formid="reset", buttons=(
            deform.Button("reset", _("button-reset-password", default="Set new password"), css_class="btn-warning"),))

    def page(self, form_html=None, reset_html=None, new_token=None, token_error=None):
        u = self.user
        db = self.request.dbsession
        lifetimes = self.request.registry["rsi_case.session_lifetimes"]
        return {"person": u,
                "sessions": user_sessions(db, u.id, clock(self.request), lifetimes.idle),
                "has_totp": totp.has_totp(db, u), "has_passkey": totp.has_passkey(db, u),
                "tokens": db.execute(sa.select(ApiToken).where(ApiToken.user_id == u.id)
                                     .order_by(ApiToken.created_at.desc())).scalars().all(),
                "new_token": new_token, "token_error": token_error, "now": utcnow(),
                "form": form_html or self.form.render({
                    "full_name": u.full_name, "role": u.role, "email": u.email, "phone": u.phone,
                    "groups": {str(g.id) for g in u.groups}, "active": u.active}),
                "reset_form": reset_html or self.reset_form.render()}

    @view_config(request_method="GET")
    def get(self):
        return self.page()

    @view_config(request_method="POST", request_param="save")
    def save(self):
        appstruct, error_html = validate(self.form, self.request)
        if error_html:
            return self.page(form_html=error_html)
        u = self.user
        if u.id == self.request.user.id and (not appstruct["active"] or appstruct["role"] != "admin"):
            return self.page(form_html=render_with_error(self.form, self.request, FieldError(
                "role", _t(self.request, _("admin-cannot-demote-self", default="You cannot remove your own administrator access.")))))
        changes = {}
        for key in ("full_name", "role", "email", "phone"):
            if getattr(u, key) != appstruct[key]:
                changes[key] = appstruct[key]
                setattr(u, key, appstruct[key])
        group_ids = set(ascii_ints(appstruct["groups"]))
        groups = self.request.dbsession.execute(sa.select(Group).where(Group.id.in_(group_ids))).scalars().all()
        if {g.id for g in u.groups} != {g.id for g in groups}:
            changes["groups"] = sorted(g.name for g in groups)
            u.groups = list(groups)
        if u.active != appstruct["active"]:
            u.active = appstruct["active"]
            if not u.active:
                end_user_sessions(self.request.dbsession, u.id)  # logged out at once, everywhere
            audit(self.request, "user_activate" if u.active else "user_deactivate", object_type="user", object_ref=u.login)
        if "role" in changes or "groups" in changes:
            end_user_sessions(self.request.dbsession, u.id)  # new rights take effect at the next sign-in
        if changes:
            audit(self.request, "user_edit", object_type="user", object_ref=u.login, changes=sorted(changes))
        self.request.session.flash(_t(self.request, _("user-saved", default="User ${login} was saved."), login=u.login), "success")
        return HTTPSeeOther(self.request.route_url("admin_user", user=u.id))

    @view_config(request_method="POST", request_param="reset")
    def reset(self):
        appstruct, error_html = validate(self.reset_form, self.request)
        if error_html:
            return self.page(reset_html=error_html)
        u = self.user
        problem = password_problem(appstruct["password"], login=u.login, full_name=u.full_name)
        if problem is not None:
            return self.page(reset_html=render_with_error(self.reset_form, self.request, FieldError(
                "password", _t(self.request, problem))))
        u.password_hash = hash_password(appstruct["password"])
        end_user_sessions(self.request.dbsession, u.id)
        audit(self.request, "user_password_reset", object_type="user", object_ref=u.login)
        self.request.session.flash(_t(self.request, _("password-reset-done", default="A new password was set for ${login}. Give it to them in person or by phone."),
                                      login=u.login), "success")
        return HTTPSeeOther(self.request.route_url("admin_user", user=u.id))


    @view_config(request_method="POST", request_param="end_sessions")
    def end_sessions(self):
        """End every session of the user (a lost laptop, a stolen cookie)."""
        count = end_user_sessions(self.request.dbsession, self.user.id)
        audit(self.request, "session_end", object_type="user", object_ref=self.user.login, sessions=count)
        self.request.session.flash(_t(self.request, _("user-sessions-ended", default="All sessions of ${login} were ended."),
                                      login=self.user.login), "success")
        if self.user.id == self.request.user.id:
            return HTTPSeeOther(self.request.route_url("login"))
        return HTTPSeeOther(self.request.route_url("admin_user", user=self.user.id))

    @view_config(request_method="POST", request_param="reset_second_factor")
    def reset_second_factor(self):
        """For a user who lost the phone and the recovery codes: they enrol again at their next sign-in."""
        totp.remove_second_factors(self.request.dbsession, self.user)
        end_user_sessions(self.request.dbsession, self.user.id)
        audit(self.request, "second_factor_reset", object_type="user", object_ref=self.user.login)
        self.request.session.flash(_t(self.request, _("second-factor-reset-done", default="The second factors of ${login} were removed; they enrol again at their next sign-in."),
                                      login=self.user.login), "success")
        return HTTPSeeOther(self.request.route_url("admin_user", user=self.user.id))

    @view_config(request_method="POST", request_param="token")
    def token(self):
        """A service token: an integration acting as this (service) user."""
        request = self.request
        name, scope, days = (request.POST.get(k, "") for k in ("name", "scope", "days"))
        name = name.strip()[:100] if isinstance(name, str) else ""
        days_n = ascii_int(days) if isinstance(days, str) else None
        if not name or scope not in tokens.SCOPES or days_n not in (30, 90, 365):
            request.response.status = 400
            return self.page(token_error=_("token-form-invalid", default="Give the token a name, a scope and a lifetime."))
        row, clear = tokens.new_token(request.dbsession, user=self.user, created_by=request.user, name=name,
                                      scope=scope, days=days_n)
        audit(request, "api_token_create", object_type="token", object_ref=row.prefix, scope=scope, days=days_n,
              name=name, owner=self.user.login)
        return self.page(new_token=clear)

    @view_config(request_method="POST", request_param="revoke_token")
    def revoke_token(self):
        token_id = ascii_int(self.request.POST.get("revoke_token"))
        row = self.request.dbsession.get(ApiToken, token_id) if token_id is not None else None
        if row is None or row.user_id != self.user.id:
            raise HTTPNotFound()
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            audit(self.request, "api_token_revoke", object_type="token", object_ref=row.prefix, owner=self.user.login)
        return HTTPSeeOther(self.request.route_url("admin_user", user=self.user.id))


@view_defaults(route_name="admin_groups", renderer="rsi_case:templates/admin/groups.pt", permission=P.MANAGE_USERS)
class Groups:
    def __init__(self, request):
        self.request = request
        self.form = make_form(NewGroupSchema(), request, buttons=(
            deform.Button("create", _("button-create-group", default="Create group"), css_class="btn-primary"),))

    def page(self, form_html):
        groups = self.request.dbsession.execute(sa.select(Group).order_by(Group.title)).scalars().all()
        return {"groups": groups, "form": form_html}

    @view_config(request_method="GET")
    def get(self):
        return self.page(self.form.render())

    @view_config(request_method="POST")
    def post(self):
        appstruct, error_html = validate(self.form, self.request)
        if error_html:
            return self.page(error_html)
        db = self.request.dbsession
        if db.execute(sa.select(Group.id).where(Group.name == appstruct["name"])).first():
            return self.page(render_with_error(self.form, self.request, FieldError(
                "name", _t(self.request, _("group-taken", default="A group named ${name} already exists."), name=appstruct["name"]))))
        db.add(Group(name=appstruct["name"], title=appstruct["title"]))
        audit(self.request, "group_create", object_type="group", object_ref=appstruct["name"])
        self.request.session.flash(_t(self.request, _("group-created", default="The group ${title} was created."),
                                      title=appstruct["title"]), "success")
        return HTTPSeeOther(self.request.route_url("admin_groups"))
