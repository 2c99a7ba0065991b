"""Passkeys (WebAuthn, the ``webauthn`` library): a second factor after the
password, or a sign-in without a password.

* ``/account/passkeys``: add (``options`` then ``register``) and remove one's
  passkeys. The relying party is the site's own address (``rsi_case.public_url``
  or the first allowed host — never the request's Host), so a passkey made
  here works nowhere else.
* ``/login/passkey``: ``options`` then ``verify``. After a right password
  (a pending second step) only that user's passkeys are asked for; without
  one, a discoverable passkey with user verification (PIN or biometrics on
  the device) signs its owner in alone — the device is the first factor and
  the PIN the second.

Each challenge is kept in the server-side session and used once. A passkey
follows the same rule as local passwords (``rsi_case.auth.local``). The
browser side is static/js/passkeys.js (no inline script).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import sqlalchemy as sa
import webauthn
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config, view_defaults
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (AuthenticatorSelectionCriteria, PublicKeyCredentialDescriptor,
                                      ResidentKeyRequirement, UserVerificationRequirement)

from ..db import utcnow
from ..i18n import _
from . import signin
from .account_views import own_row
from .audit import audit
from .models import PasskeyCredential, User
from .permissions import Permission as P
from .views import blocked_answer, refuse_attempt

CHALLENGE_KEY = "passkey_challenge"


class RelyingParty:
    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.id = parts.hostname
        self.name = "RSI Sag"


def _rp(request) -> RelyingParty:
    return request.registry["rsi_case.passkeys_rp"]


def _t(request, term, **mapping):
    return request.localizer.translate(term, mapping=mapping or None)


def _error(request, message, status=400):
    request.response.status = status
    return {"error": _t(request, message)}


def _take_challenge(request, purpose: str) -> bytes | None:
    """The challenge given for ``purpose``, removed: each is used once."""
    stored = request.session.pop(CHALLENGE_KEY, None)
    if not isinstance(stored, dict) or stored.get("purpose") != purpose or not isinstance(stored.get("value"), str):
        return None
    return webauthn.base64url_to_bytes(stored["value"])


def _give_challenge(request, purpose: str, challenge: bytes) -> None:
    request.session[CHALLENGE_KEY] = {"purpose": purpose, "value": bytes_to_base64url(challenge)}


def _credential_json(request) -> str | None:
    value = request.POST.get("credential", "")
    return value if isinstance(value, str) and 0 < len(value) < 20_000 else None


def _user_credentials(db, user_id: int) -> list[PasskeyCredential]:
    return db.execute(sa.select(PasskeyCredential).where(PasskeyCredential.user_id == user_id)
                      .order_by(PasskeyCredential.created_at)).scalars().all()


def _descriptors(rows) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(id=webauthn.base64url_to_bytes(r.credential_id)) for r in rows]


# -- one's passkeys ----------------------------------------------------------------

@view_defaults(route_name="account_passkeys", permission=P.ACCOUNT)
class AccountPasskeys:
    def __init__(self, request):
        self.request = request
        self.user = request.user

    @view_config(request_method="GET", renderer="rsi_case:templates/security/passkeys.pt")
    def get(self):
        return {"rows": _user_credentials(self.request.dbsession, self.user.id)}

    @view_config(request_method="POST", request_param="options", renderer="json")
    def options(self):
        rp = _rp(self.request)
        options = webauthn.generate_registration_options(
            rp_id=rp.id, rp_name=rp.name, user_name=self.user.login, user_display_name=self.user.full_name,
            user_id=f"rsi-user-{self.user.id}".encode(),
            exclude_credentials=_descriptors(_user_credentials(self.request.dbsession, self.user.id)),
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.PREFERRED, user_verification=UserVerificationRequirement.PREFERRED))
        _give_challenge(self.request, "register", options.challenge)
        return json.loads(webauthn.options_to_json(options))

    @view_config(request_method="POST", request_param="register", renderer="json")
    def register(self):
        request = self.request
        challenge = _take_challenge(request, "register")
        credential = _credential_json(request)
        name = request.POST.get("name", "")
        name = name.strip()[:100] if isinstance(name, str) else ""
        if challenge is None or credential is None:
            return _error(request, _("passkey-expired", default="The passkey request has expired. Try again."))
        rp = _rp(request)
        try:
            verified = webauthn.verify_registration_response(
                credential=credential, expected_challenge=challenge, expected_rp_id=rp.id, expected_origin=rp.origin)
        except (WebAuthnException, ValueError, KeyError, TypeError):
            audit(request, "passkey_add", object_type="user", object_ref=self.user.login, outcome="failed")
            return _error(request, _("passkey-invalid", default="The passkey could not be checked. Try again."))
        credential_id = bytes_to_base64url(verified.credential_id)
        if request.dbsession.execute(sa.select(PasskeyCredential.id).where(
                PasskeyCredential.credential_id == credential_id)).first() is not None:
            return _error(request, _("passkey-known", default="This passkey is already registered."))
        transports = []
        try:
            transports = [str(t) for t in json.loads(credential).get("response", {}).get("transports", [])][:5]
        except (ValueError, AttributeError):
            pass
        request.dbsession.add(PasskeyCredential(
            user_id=self.user.id, credential_id=credential_id, public_key=verified.credential_public_key,
            sign_count=verified.sign_count, name=name or _t(request, _("passkey-default-name", default="Passkey")),
            transports=transports))
        audit(request, "passkey_add", object_type="user", object_ref=self.user.login, name=name)
        request.session.flash(_t(request, _("passkey-added", default="The passkey was added.")), "success")
        return {"redirect": request.route_url("account_passkeys")}

    @view_config(request_method="POST", request_param="remove")
    def remove(self):
        request = self.request
        row = own_row(request, PasskeyCredential, request.POST.get("remove"))  # another user's does not exist for you
        request.dbsession.delete(row)
        audit(request, "passkey_remove", object_type="user", object_ref=self.user.login, name=row.name)
        request.session.flash(_t(request, _("passkey-removed", default="The passkey was removed.")), "success")
        return HTTPSeeOther(request.route_url("account_passkeys"))


# -- signing in with a passkey ------------------------------------------------------

@view_defaults(route_name="login_passkey", permission=NO_PERMISSION_REQUIRED, renderer="json")
class PasskeyLogin:
    def __init__(self, request):
        self.request = request
        self.pending = signin.pending_user(request)

    @view_config(request_method="POST", request_param="options")
    def options(self):
        request = self.request
        rows = _user_credentials(request.dbsession, self.pending.id) if self.pending is not None else []
        options = webauthn.generate_authentication_options(
            rp_id=_rp(request).id, allow_credentials=_descriptors(rows),
            user_verification=UserVerificationRequirement.PREFERRED if self.pending is not None
            else UserVerificationRequirement.REQUIRED)
        _give_challenge(request, "login", options.challenge)
        return json.loads(webauthn.options_to_json(options))

    @view_config(request_method="POST", request_param="verify")
    def verify(self):
        request = self.request
        challenge = _take_challenge(request, "login")
        credential = _credential_json(request)
        if challenge is None or credential is None:
            return _error(request, _("passkey-expired", default="The passkey request has expired. Try again."))
        try:
            credential_id = json.loads(credential).get("id", "")
        except (ValueError, AttributeError):
            credential_id = ""
        row = request.dbsession.execute(sa.select(PasskeyCredential).where(
            PasskeyCredential.credential_id == str(credential_id)[:700])).scalar_one_or_none() if credential_id else None
        user = request.dbsession.get(User, row.user_id) if row is not None else None
        label = user.login if user is not None else ""
        if self.pending is not None and (user is None or user.id != self.pending.id):
            user = None  # the second step: only the pending user's own passkeys
        if user is not None and blocked_answer(request, user.login) is not None:
            return _error(request, _("login-blocked-short", default="Too many failed attempts. Try again later."), 429)
        rp = _rp(request)
        try:
            if user is None or not user.active or not signin.auth_settings(request).password_allowed(user):
                raise ValueError("no usable passkey")
            verified = webauthn.verify_authentication_response(
                credential=credential, expected_challenge=challenge, expected_rp_id=rp.id, expected_origin=rp.origin,
                credential_public_key=row.public_key, credential_current_sign_count=row.sign_count,
                require_user_verification=self.pending is None)
        except (WebAuthnException, ValueError, KeyError, TypeError):
            refuse_attempt(request, label, "login_failed", method="passkey")
            return _error(request, _("passkey-refused", default="The passkey was not accepted."))
        row.sign_count = verified.new_sign_count
        row.last_used_at = utcnow()
        came_from = ""
        if self.pending is not None:
            came_from = request.session.pop(signin.PENDING, {}).get("came_from", "")
            method = "password+passkey"
        else:
            came_from = request.POST.get("came_from", "")
            came_from = came_from if isinstance(came_from, str) else ""
            method = "passkey"
        response = signin.complete(request, user, method, came_from)
        return {"redirect": response.location}


def includeme(config):
    from .oidc import redirect_base

    config.registry["rsi_case.passkeys_rp"] = RelyingParty(redirect_base(config.registry))
    config.scan(__name__)
