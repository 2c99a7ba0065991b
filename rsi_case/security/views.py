from __future__ import annotations

import time

import colander
import deform
import sqlalchemy as sa
from pyramid.csrf import new_csrf_token
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import NO_PERMISSION_REQUIRED, forget, remember
from pyramid.view import view_config, view_defaults

from ..db import utcnow
from ..forms import CSRFSchema, FieldError, make_form, render_with_error, validate
from ..i18n import _, format_datetime
from . import signin, throttle
from .signin import safe_came_from
from .audit import audit
from .models import User
from .sessions import end_user_sessions
from .passwords import DUMMY_HASH, hash_password, needs_rehash, password_problem, verify_password
from .permissions import Permission as P


def _login_page(request, **values):
    auth = signin.auth_settings(request)
    oidc = request.registry.get("rsi_case.oidc")
    page = {"login": "", "error": None, "came_from": request.GET.get("came_from", ""),
            "passwords": auth.passwords_shown, "oidc_title": oidc.title if oidc else None}
    page.update(values)
    return page


@view_config(route_name="login", renderer="rsi_case:templates/security/login.pt", permission=NO_PERMISSION_REQUIRED,
             request_method="GET")
def login_form(request):
    if request.user is not None:
        return HTTPSeeOther(safe_came_from(request, request.GET.get("came_from")))
    return _login_page(request)


def _pause_after_response(request, seconds: float) -> None:
    """Slow the answer down without holding the database's write lock."""
    if seconds <= 0:
        return
    sleep = request.registry.get("rsi_case.sleep", time.sleep)
    request.add_finished_callback(lambda req: sleep(seconds))


def refuse_attempt(request, login: str, action: str = "login_failed", **detail) -> None:
    """A failed attempt: counted for throttling, slowed down, audited, and
    the form gets a new CSRF token."""
    request.response.status = 400
    new_csrf_token(request)
    policy = request.registry["rsi_case.login_policy"]
    _pause_after_response(request, throttle.record_failure(request.dbsession, policy, login, request.remote_addr))
    audit(request, action, object_type="user", object_ref=login, outcome="failed", login=login, **detail)


def blocked_answer(request, login: str):
    """The 429 answer while this account from this address (or this address) is blocked; else None."""
    until = throttle.blocked_until(request.dbsession, login, request.remote_addr)
    if until is None:
        return None
    request.response.status = 429
    audit(request, "login_blocked", object_type="user", object_ref=login, outcome="denied", login=login)
    return _("login-blocked", default="Too many failed attempts. Try again after ${time}.",
             mapping={"time": format_datetime(until)})


@view_config(route_name="login", renderer="rsi_case:templates/security/login.pt", permission=NO_PERMISSION_REQUIRED,
             request_method="POST")
def login_post(request):
    login = (request.POST.get("login") or "").strip().lower()[:64]
    password = request.POST.get("password") or ""
    came_from = request.POST.get("came_from", "")
    if not isinstance(came_from, str):
        came_from = ""
    auth = signin.auth_settings(request)
    db = request.dbsession
    failed = _login_page(request, login=login, came_from=came_from,
                         error=_("login-failed", default="Wrong user name or password."))

    blocked = blocked_answer(request, login)
    if blocked is not None:
        return {**failed, "error": blocked}

    user = db.execute(sa.select(User).where(User.login == login)).scalar_one_or_none() if login else None
    # spend the same time whether or not the account exists
    ok = verify_password(user.password_hash if user else DUMMY_HASH, password[:1024])
    if not ok or user is None or not user.active or not auth.password_allowed(user):
        refuse_attempt(request, login)
        return failed
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if signin.needs_second_step(request, user):
        throttle.record_success(db, login, request.remote_addr)
        audit(request, "login_password_ok", object_type="user", object_ref=user.login, login=user.login)
        return signin.begin_second_step(request, user, came_from)
    return signin.complete(request, user, "password", came_from)


@view_config(route_name="logout", request_method="POST", permission=NO_PERMISSION_REQUIRED)
def logout(request):
    user = request.user
    provider_logout = None
    if user is not None:
        audit(request, "logout", object_type="user", object_ref=user.login)
        if request.session.method == "oidc":
            from .oidc import end_session_url

            provider_logout = end_session_url(request, request.session.get("oidc_id_token"))
    # the row goes: every copy of this session's cookie stops working now
    headers = forget(request)
    request.session.flash(request.localizer.translate(_("logged-out", default="You are logged out.")), "info")
    return HTTPSeeOther(provider_logout or request.route_url("login"), headers=headers)


# -- one's own account ---------------------------------------------------------

@colander.deferred
def deferred_new_password_validator(node, kw):
    user = kw["request"].user

    def check(node, value):
        problem = password_problem(value, login=user.login, full_name=user.full_name)
        if problem is not None:
            raise colander.Invalid(node, problem)

    return check


class PasswordChangeSchema(CSRFSchema):
    current_password = colander.SchemaNode(
        colander.String(), title=_("field-current-password", default="Current password"),
        widget=deform.widget.PasswordWidget(attributes={"autocomplete": "current-password"}))
    new_password = colander.SchemaNode(
        colander.String(), title=_("field-new-password", default="New password"),
        description=_("password-rules", default="At least 12 characters. A sentence of a few words is easy to remember and hard to guess."),
        widget=deform.widget.CheckedPasswordWidget(attributes={"autocomplete": "new-password"}),
        validator=deferred_new_password_validator)


@view_defaults(route_name="account", renderer="rsi_case:templates/security/account.pt", permission=P.ACCOUNT)
class Account:
    def __init__(self, request):
        self.request = request
        self.form = make_form(PasswordChangeSchema(), request, buttons=(
            deform.Button("change", _("button-change-password", default="Change password"), css_class="btn-primary"),))

    @view_config(request_method="GET")
    def get(self):
        return {"form": self.form.render()}

    @view_config(request_method="POST")
    def post(self):
        appstruct, error_html = validate(self.form, self.request)
        if error_html:
            return {"form": error_html}
        user = self.request.user
        if not verify_password(user.password_hash, appstruct["current_password"][:1024]):
            audit(self.request, "password_change", object_type="user", object_ref=user.login, outcome="failed")
            return {"form": render_with_error(self.form, self.request, FieldError(
                "current_password", self.request.localizer.translate(
                    _("current-password-wrong", default="The current password is not right."))))}
        user.password_hash = hash_password(appstruct["new_password"])
        # other sessions (another PC, a stolen cookie) end; this one continues, with a new key
        end_user_sessions(self.request.dbsession, user.id)
        headers = remember(self.request, user.id, method=self.request.session.method)
        audit(self.request, "password_change", object_type="user", object_ref=user.login)
        self.request.session.flash(self.request.localizer.translate(
            _("password-changed", default="Your password was changed. You have been logged out everywhere else.")), "success")
        return HTTPSeeOther(self.request.route_url("account"), headers=headers)


def includeme(config):
    config.registry["rsi_case.login_policy"] = throttle.Policy.from_settings(config.get_settings())
    config.scan(__name__)
