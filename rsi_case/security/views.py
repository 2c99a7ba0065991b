from __future__ import annotations

from pyramid.csrf import new_csrf_token
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import NO_PERMISSION_REQUIRED, forget, remember
from pyramid.view import view_config
import sqlalchemy as sa

from ..db import utcnow
from ..i18n import _
from .models import User, new_session_token
from .passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password


def safe_came_from(request, value) -> str:
    """Only a path on this site: never //host, a scheme or a backslash trick."""
    if not value or not isinstance(value, str) or len(value) > 2000:
        return request.route_url("home")
    if not value.startswith("/") or value.startswith("//") or "\\" in value or "\n" in value or "\r" in value:
        return request.route_url("home")
    if value.startswith(("/login", "/logout")):
        return request.route_url("home")
    return request.application_url + value


@view_config(route_name="login", renderer="rsi_case:templates/security/login.pt", permission=NO_PERMISSION_REQUIRED,
             request_method="GET")
def login_form(request):
    if request.user is not None:
        return HTTPSeeOther(safe_came_from(request, request.GET.get("came_from")))
    return {"login": "", "error": None, "came_from": request.GET.get("came_from", "")}


@view_config(route_name="login", renderer="rsi_case:templates/security/login.pt", permission=NO_PERMISSION_REQUIRED,
             request_method="POST")
def login_post(request):
    login = (request.POST.get("login") or "").strip().lower()[:64]
    password = request.POST.get("password") or ""
    came_from = request.POST.get("came_from", "")
    user = None
    if login:
        user = request.dbsession.execute(sa.select(User).where(User.login == login)).scalar_one_or_none()
    # spend the same time whether or not the account exists
    ok = verify_password(user.password_hash if user else DUMMY_HASH, password[:1024])
    if not ok or user is None or not user.active:
        request.response.status = 400
        new_csrf_token(request)
        return {"login": login, "error": _("login-failed", default="Wrong user name or password."),
                "came_from": came_from}
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    headers = remember(request, user.id)
    return HTTPSeeOther(safe_came_from(request, came_from), headers=headers)


@view_config(route_name="logout", request_method="POST", permission=NO_PERMISSION_REQUIRED)
def logout(request):
    user = request.user
    if user is not None:
        # every copy of this user's session cookie stops working now
        user.session_token = new_session_token()
    headers = forget(request)
    request.session.flash(request.localizer.translate(_("logged-out", default="You are logged out.")), "info")
    return HTTPSeeOther(request.route_url("login"), headers=headers)


def includeme(config):
    config.scan(__name__)
