"""The second step of a password sign-in, and managing one's authenticator app.

``/login/second-factor``: after a right password, the code from the
authenticator app, a recovery code or a passkey; for someone who must have
a second factor and has none yet, the enrolment (QR code, then a code to
confirm it) — and the recovery codes, shown once.

``/account/second-factor``: enrol, replace the recovery codes, remove.
"""

from __future__ import annotations

import time

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config, view_defaults

from ..i18n import _
from . import signin, totp
from .audit import audit
from .permissions import Permission as P
from .views import blocked_answer, refuse_attempt

TEMPLATE = "rsi_case:templates/security/second_factor.pt"
ENROL_KEY = "totp_enrolment"  # the enrolment shown, until confirmed


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def _secret(request) -> str:
    return request.registry.settings["rsi_case.secret"]


def _now(request) -> float:
    return request.registry.get("rsi_case.clock_seconds", time.time)()


def _enrolment(request, user, restart: bool = False) -> dict:
    """The QR code and the secret in text for a new enrolment."""
    secret = None if restart else request.session.get(ENROL_KEY)
    if not isinstance(secret, str):
        secret = totp.start_enrolment(request.dbsession, _secret(request), user)
        request.session[ENROL_KEY] = secret
    uri = totp.provisioning_uri(secret, user)
    return {"qr": totp.qr_data_uri(uri), "secret_text": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))}


@view_defaults(route_name="login_second_factor", renderer=TEMPLATE, permission=NO_PERMISSION_REQUIRED)
class SecondStep:
    def __init__(self, request):
        self.request = request
        self.user = signin.pending_user(request)

    def page(self, **values):
        db = self.request.dbsession
        user = self.user
        enrolled = totp.has_totp(db, user)
        page = {"mode": "login", "person": user, "enrolled": enrolled, "has_passkey": totp.has_passkey(db, user),
                "error": None, "codes": None, "enrolment": None}
        if not enrolled and not page["has_passkey"]:
            page["enrolment"] = _enrolment(self.request, user)
        page.update(values)
        return page

    def expired(self):
        self.request.session.flash(_t(self.request, _("second-step-expired",
                                                       default="Sign in again: the sign-in was not finished in time.")),
                                   "info")
        return HTTPSeeOther(self.request.route_url("login"))

    @view_config(request_method="GET")
    def get(self):
        if self.user is None:
            return self.expired()
        return self.page()

    @view_config(request_method="POST")
    def post(self):
        request = self.request
        user = self.user
        if user is None:
            return self.expired()
        blocked = blocked_answer(request, user.login)
        if blocked is not None:
            return self.page(error=blocked)
        came_from = request.session[signin.PENDING].get("came_from", "")
        code = request.POST.get("code", "")
        recovery = request.POST.get("recovery", "")
        db, secret = request.dbsession, _secret(request)
        if not isinstance(code, str) or not isinstance(recovery, str):
            code = recovery = ""
        if totp.has_totp(db, user):
            if recovery and totp.use_recovery_code(db, secret, user, recovery):
                return self.finish(user, "password+recovery", came_from,
                                   left=totp.remaining_recovery_codes(db, user))
            if not recovery and totp.check_code(db, secret, user, code, now=_now(request)):
                return self.finish(user, "password+totp", came_from)
            refuse_attempt(request, user.login, "second_factor_failed",
                           factor="recovery" if recovery else "totp")
            return self.page(error=_("recovery-code-wrong", default="The recovery code is wrong or has been used.")
                             if recovery else _("totp-code-wrong", default="The code is wrong. Use the newest code from the app."))
        if totp.has_passkey(db, user):
            refuse_attempt(request, user.login, "second_factor_failed", factor="totp")
            return self.page(error=_("use-passkey", default="Use your passkey to finish signing in."))
        # enrolment during sign-in
        if not totp.check_code(db, secret, user, code, now=_now(request), confirming=True):
            refuse_attempt(request, user.login, "second_factor_failed", factor="enrolment")
            return self.page(error=_("totp-code-wrong", default="The code is wrong. Use the newest code from the app."))
        request.session.pop(ENROL_KEY, None)
        codes = totp.new_recovery_codes(db, secret, user)
        audit(request, "totp_enrol", object_type="user", object_ref=user.login)
        response = self.finish(user, "password+totp", came_from)
        # signed in now; the codes are shown once, before going on
        return {**self.page(enrolled=True), "codes": codes, "continue_url": response.location}

    def finish(self, user, method, came_from, **detail):
        self.request.session.pop(signin.PENDING, None)
        return signin.complete(self.request, user, method, came_from, **detail)


@view_defaults(route_name="account_second_factor", renderer=TEMPLATE, permission=P.ACCOUNT)
class AccountSecondFactor:
    def __init__(self, request):
        self.request = request
        self.user = request.user

    def page(self, **values):
        db = self.request.dbsession
        page = {"mode": "account", "person": self.user, "enrolled": totp.has_totp(db, self.user),
                "has_passkey": totp.has_passkey(db, self.user), "error": None, "codes": None, "enrolment": None,
                "remaining": totp.remaining_recovery_codes(db, self.user),
                "required": signin.auth_settings(self.request).second_factor_required(self.user)}
        page.update(values)
        return page

    @view_config(request_method="GET")
    def get(self):
        return self.page()

    @view_config(request_method="POST", request_param="start")
    def start(self):
        if totp.has_totp(self.request.dbsession, self.user):
            return HTTPSeeOther(self.request.route_url("account_second_factor"))
        return self.page(enrolment=_enrolment(self.request, self.user, restart=True))

    @view_config(request_method="POST", request_param="confirm")
    def confirm(self):
        request, db = self.request, self.request.dbsession
        if totp.has_totp(db, self.user) or not isinstance(request.session.get(ENROL_KEY), str):
            return HTTPSeeOther(request.route_url("account_second_factor"))
        code = request.POST.get("code", "")
        if not isinstance(code, str) or not totp.check_code(db, _secret(request), self.user, code,
                                                            now=_now(request), confirming=True):
            request.response.status = 400
            audit(request, "second_factor_failed", object_type="user", object_ref=self.user.login,
                  outcome="failed", factor="enrolment")
            return self.page(enrolment=_enrolment(request, self.user),
                             error=_("totp-code-wrong", default="The code is wrong. Use the newest code from the app."))
        request.session.pop(ENROL_KEY, None)
        audit(request, "totp_enrol", object_type="user", object_ref=self.user.login)
        return self.page(enrolled=True, codes=totp.new_recovery_codes(db, _secret(request), self.user))

    @view_config(request_method="POST", request_param="codes")
    def codes(self):
        request, db = self.request, self.request.dbsession
        if not totp.has_totp(db, self.user):
            return HTTPSeeOther(request.route_url("account_second_factor"))
        code = request.POST.get("code", "")
        if not isinstance(code, str) or not totp.check_code(db, _secret(request), self.user, code, now=_now(request)):
            request.response.status = 400
            audit(request, "second_factor_failed", object_type="user", object_ref=self.user.login,
                  outcome="failed", factor="totp")
            return self.page(error=_("totp-code-wrong", default="The code is wrong. Use the newest code from the app."))
        audit(request, "recovery_codes_new", object_type="user", object_ref=self.user.login)
        return self.page(codes=totp.new_recovery_codes(db, _secret(request), self.user))

    @view_config(request_method="POST", request_param="remove")
    def remove(self):
        request, db = self.request, self.request.dbsession
        if not totp.has_totp(db, self.user):
            return HTTPSeeOther(request.route_url("account_second_factor"))
        if signin.auth_settings(request).second_factor_required(self.user) and not totp.has_passkey(db, self.user):
            request.response.status = 400
            return self.page(error=_("totp-required", default="Your role requires a second factor: add a passkey before you remove the app."))
        code = request.POST.get("code", "")
        if not isinstance(code, str) or not totp.check_code(db, _secret(request), self.user, code, now=_now(request)):
            request.response.status = 400
            audit(request, "second_factor_failed", object_type="user", object_ref=self.user.login,
                  outcome="failed", factor="totp")
            return self.page(error=_("totp-code-wrong", default="The code is wrong. Use the newest code from the app."))
        totp.remove_totp(db, self.user)
        audit(request, "totp_remove", object_type="user", object_ref=self.user.login)
        request.session.flash(_t(request, _("totp-removed", default="The authenticator app was removed.")), "success")
        return HTTPSeeOther(request.route_url("account_second_factor"))


def includeme(config):
    config.scan(__name__)
