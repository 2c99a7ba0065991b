"""Single sign-on with the regions' identity provider (OpenID Connect:
Microsoft Entra ID, AD FS, or any conforming provider).

The authorization code flow with PKCE (S256), ``state`` and ``nonce``:

1. ``/login/oidc`` keeps a fresh state, nonce and code verifier in the
   (server-side) session and sends the browser to the provider.
2. ``/login/oidc/callback`` takes the state back (once: it is removed from
   the session whatever happens), exchanges the code for tokens over the
   back channel, and checks the ID token: its signature against the
   provider's JWKS (an unknown key id fetches the JWKS again, so key rotation
   needs nobody), ``iss`` (the tenant-specific issuer configured — never
   Entra's ``/common``), ``aud`` (and ``azp``), ``exp``, ``iat`` and the nonce.
3. The user is found by (issuer, subject) — never by e-mail — or created
   from the claims (name, e-mail) on first sign-in. Role and groups come from
   the group or role claim through ``rsi_case.oidc.group_map``, at every
   sign-in; someone with no mapped group gets a Danish page and no account.
   A user deactivated in RSI Sag stays out.

Every refusal is a Danish page, an audit event (``login_failed`` with
``method=oidc`` and the reason) and no session. Logout ends the local
session and, when the provider publishes an ``end_session_endpoint``, sends
the browser there (RP-initiated logout).

Settings (``rsi_case.oidc.*``): ``issuer``, ``client_id``, ``client_secret``,
``title`` (the button's text), ``scope`` (``openid profile email``),
``groups_claim`` (``groups``; Entra app roles: ``roles``), ``group_map`` (one
mapping per line: ``<claim value> = <role> [<group name> ...]``) and
``metadata_url`` (default: the issuer's ``/.well-known/openid-configuration``).
The redirect URI is ``rsi_case.public_url`` + ``/login/oidc/callback`` (or the
first allowed host's) — never built from the request's Host header.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
import urllib.parse

import httpx2
import sqlalchemy as sa
from authlib.common.urls import add_params_to_uri
from authlib.integrations.httpx_client import OAuth2Client, OAuthError
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidClaimError, JoseError, MissingClaimError
from joserfc.jwk import KeySet
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config

from ..db import utcnow
from ..i18n import _
from .audit import audit
from .models import ROLE_CODES, Group, OidcIdentity, User
from .sessions import clock, end_user_sessions

log = logging.getLogger(__name__)

FLOW_KEY = "oidc_flow"
ID_TOKEN_KEY = "oidc_id_token"
FLOW_FOR = 600          # seconds the provider's answer may take
LEEWAY = 60             # seconds of clock difference allowed for exp and iat
KEYS_REFETCH_EVERY = 60  # seconds: an unknown key id fetches the provider's keys at most this often
MAX_ANSWER = 1_000_000  # bytes of metadata or keys read from the provider
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256"]
# the strongest role wins when several mapped groups apply
ROLE_ORDER = ("admin", "sekretariat", "arkivar", "styregruppe", "bruger")
TEMPLATE = "rsi_case:templates/security/signin_refused.pt"


class Refused(Exception):
    """The sign-in is refused; ``reason`` goes to the audit trail."""

    def __init__(self, reason: str, message=None, status: int = 400):
        super().__init__(reason)
        self.reason = reason
        self.message = message
        self.status = status


def parse_group_map(text: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """``"<claim value> = <role> [<group> ...]"`` lines -> {value: (role, groups)}."""
    mapping = {}
    for line in (text or "").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        value, sep, target = line.partition("=")
        parts = target.split()
        if not sep or not value.strip() or not parts or parts[0] not in ROLE_CODES:
            raise ValueError(f"rsi_case.oidc.group_map: {line!r} is not '<claim value> = <role> [<group> ...]'")
        mapping[value.strip()] = (parts[0], tuple(parts[1:]))
    return mapping


class Provider:
    """One configured provider: its settings, metadata and keys (cached)."""

    def __init__(self, settings: dict, redirect_base: str | None):
        get = lambda key, default="": (settings.get(f"rsi_case.oidc.{key}") or default).strip()  # noqa: E731
        self.issuer = get("issuer")
        self.client_id = get("client_id")
        self.client_secret = get("client_secret")
        self.title = get("title", "Log ind med din organisations konto")
        self.scope = get("scope", "openid profile email")
        self.groups_claim = get("groups_claim", "groups")
        self.group_map = parse_group_map(settings.get("rsi_case.oidc.group_map", ""))
        self.metadata_url = get("metadata_url") or self.issuer.rstrip("/") + "/.well-known/openid-configuration"
        self.redirect_base = redirect_base
        if not (self.issuer and self.client_id):
            raise ValueError("rsi_case.oidc.issuer and rsi_case.oidc.client_id are both needed")
        if "{tenantid}" in self.issuer or "/common/" in self.issuer + "/" or "/organizations/" in self.issuer + "/":
            raise ValueError("rsi_case.oidc.issuer must be the tenant-specific issuer "
                             "(https://login.microsoftonline.com/<tenant id>/v2.0), not /common or /organizations")
        self._lock = threading.Lock()
        self._metadata: dict | None = None
        self._keys: KeySet | None = None
        self._refreshed_at = float("-inf")  # the last fetch forced by an unknown key

    # -- talking to the provider (Authlib's OAuth 2 client on httpx2) ------------
    def client(self) -> OAuth2Client:
        """Authlib's client for one sign-in: PKCE S256, the client secret sent
        as HTTP Basic (client_secret_basic), ten seconds per call."""
        return OAuth2Client(client_id=self.client_id, client_secret=self.client_secret, scope=self.scope,
                            redirect_uri=self.redirect_uri, code_challenge_method="S256",
                            token_endpoint_auth_method="client_secret_basic", timeout=10, follow_redirects=False)

    def _unreachable(self, url: str, exc: Exception) -> Refused:
        log.warning("identity provider not reachable at %s: %s", url, exc)
        return Refused("provider_unreachable", _("oidc-unreachable",
                       default="The identity provider could not be reached. Try again in a moment."), status=503)

    def _get_json(self, url: str) -> dict:
        """Metadata or keys: JSON from the provider, at most MAX_ANSWER bytes."""
        if urllib.parse.urlsplit(url).scheme not in ("https", "http"):
            raise Refused("provider_url", status=502)
        try:
            with self.client() as client, client.stream("GET", url, headers={"Accept": "application/json"}, withhold_token=True) as answer:
                answer.raise_for_status()
                body = b""
                for chunk in answer.iter_bytes():
                    body += chunk
                    if len(body) > MAX_ANSWER:
                        raise ValueError("the answer is too long")
            found = json.loads(body)
        except (httpx2.HTTPError, ValueError) as exc:
            raise self._unreachable(url, exc) from None
        if not isinstance(found, dict):
            raise self._unreachable(url, ValueError("not a JSON object"))
        return found

    def authorization_url(self, flow: dict) -> str:
        endpoint = self.metadata()["authorization_endpoint"]
        with self.client() as client:
            url, _state = client.create_authorization_url(endpoint, state=flow["state"], code_verifier=flow["verifier"],
                                                          nonce=flow["nonce"], response_mode="query")
        return url

    def fetch_tokens(self, code: str, verifier: str) -> dict:
        """The code exchanged for tokens over the back channel (with the PKCE verifier)."""
        url = self.metadata()["token_endpoint"]
        if urllib.parse.urlsplit(url).scheme not in ("https", "http"):
            raise Refused("provider_url", status=502)
        try:
            with self.client() as client:
                return dict(client.fetch_token(url, grant_type="authorization_code", code=code,
                                               code_verifier=verifier))
        except OAuthError as exc:
            raise Refused("provider_said_" + str(exc.error)[:40], status=400) from None
        except (httpx2.HTTPError, ValueError) as exc:
            raise self._unreachable(url, exc) from None

    def metadata(self) -> dict:
        with self._lock:
            if self._metadata is None:
                found = self._get_json(self.metadata_url)
                if found.get("issuer") != self.issuer:
                    log.error("the provider's metadata names the issuer %r, not the configured %r",
                              found.get("issuer"), self.issuer)
                    raise Refused("issuer_mismatch_metadata", status=503)
                self._metadata = found
            return self._metadata

    def keys(self, refresh: bool = False) -> KeySet:
        """The provider's signing keys, cached. ``refresh`` fetches them again
        (the provider rotated its keys) — at most once a minute, so tokens
        that name made-up key ids cannot make us hammer the provider."""
        with self._lock:
            cached = self._keys
            now = time.monotonic()
            fetch = cached is None or (refresh and now - self._refreshed_at >= KEYS_REFETCH_EVERY)
            if fetch and cached is not None:
                self._refreshed_at = now
        if fetch:
            try:
                fresh = KeySet.import_key_set(self._get_json(self.metadata()["jwks_uri"]))
            except (ValueError, TypeError, KeyError, JoseError):
                raise Refused("provider_keys", status=503) from None
            with self._lock:
                self._keys = cached = fresh
        return cached

    @property
    def redirect_uri(self) -> str:
        return self.redirect_base + "/login/oidc/callback"

    # -- the ID token ------------------------------------------------------------
    def _verified(self, token: str):
        """The token (claims and header) once its signature checks out against the
        provider's keys: the key named by its ``kid`` (or any, when it names
        none). A kid we do not know, or no key that verifies, fetches the
        provider's keys again once — the provider rotated its keys — and a
        key withdrawn by the provider is no longer trusted after that."""
        try:
            header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
        except (ValueError, IndexError):
            raise Refused("id_token_malformed") from None
        kid = header.get("kid") if isinstance(header, dict) else None
        reason = "id_token_unknown_key"
        for refresh in (False, True):
            keys = self.keys(refresh=refresh)
            candidates = [k for k in keys.keys if kid is None or k.kid == kid]
            for key in candidates:
                try:
                    return jwt.decode(token, key, algorithms=ALGORITHMS)
                except JoseError:
                    reason = "id_token_signature"
                except ValueError:
                    raise Refused("id_token_malformed") from None
        raise Refused(reason)

    def check_id_token(self, token: str, nonce: str, now: float, access_token: str | None = None) -> dict:
        """The ID token's claims, checked by Authlib's OpenID Connect rules for
        the code flow (``CodeIDToken``): ``iss`` is the configured issuer,
        ``aud`` holds our client id (and ``azp`` names us when there are
        several audiences), ``exp`` and ``iat`` within a minute of our clock,
        the ``nonce`` we sent, ``at_hash`` against the access token."""
        if not isinstance(token, str) or token.count(".") != 2 or len(token) > 20_000:
            raise Refused("id_token_missing")
        verified = self._verified(token)
        claims = verified.claims
        options = {"iss": {"essential": True, "value": self.issuer}, "aud": {"essential": True, "value": self.client_id},
                   "sub": {"essential": True}, "nonce": {"essential": True}}
        params = {"nonce": nonce, "client_id": self.client_id}
        if isinstance(access_token, str):
            params["access_token"] = access_token
        checked = CodeIDToken(claims, verified.header, options, params)
        try:
            checked.validate(now=int(now), leeway=LEEWAY)
        except ExpiredTokenError:
            raise Refused("id_token_exp") from None
        except (InvalidClaimError, MissingClaimError) as exc:
            raise Refused("id_token_" + str(getattr(exc, "claim", "claims")).split(",")[0][:20]) from None
        except JoseError:
            raise Refused("id_token_claims") from None
        if not (isinstance(claims.get("sub"), str) and 0 < len(claims["sub"]) <= 255):
            raise Refused("id_token_sub")
        return claims

    def mapped(self, claims: dict) -> tuple[str, set[str]] | None:
        """(role, group names) from the group claim; None when nothing maps."""
        values = claims.get(self.groups_claim) or []
        if isinstance(values, str):
            values = [values]
        hits = [self.group_map[v] for v in values if isinstance(v, str) and v in self.group_map]
        if not hits:
            return None
        role = min((role for role, _g in hits), key=ROLE_ORDER.index)
        return role, {g for _r, groups in hits for g in groups}


def provider(request) -> Provider:
    found = request.registry.get("rsi_case.oidc")
    if found is None:
        raise HTTPNotFound()
    return found


@view_config(route_name="login_oidc", permission=NO_PERMISSION_REQUIRED, request_method="GET")
def start(request):
    """Off to the provider, with a fresh state, nonce and PKCE verifier."""
    p = provider(request)
    came_from = request.GET.get("came_from", "")
    flow = {"state": secrets.token_urlsafe(32), "nonce": secrets.token_urlsafe(32),
            "verifier": secrets.token_urlsafe(48), "at": clock(request).timestamp(),
            "came_from": came_from[:2000] if isinstance(came_from, str) else ""}
    try:
        url = p.authorization_url(flow)
    except Refused as refused:
        return refuse(request, refused)
    request.session[FLOW_KEY] = flow
    return HTTPSeeOther(url)


@view_config(route_name="login_oidc_callback", permission=NO_PERMISSION_REQUIRED, request_method="GET")
def callback(request):
    p = provider(request)
    try:
        return _sign_in(request, p)
    except Refused as refused:
        return refuse(request, refused)


def _sign_in(request, p: Provider):
    flow = request.session.pop(FLOW_KEY, None)  # one answer per flow, whatever happens
    state = request.GET.get("state", "")
    if not isinstance(flow, dict) or not isinstance(state, str) or not state \
            or not hmac.compare_digest(str(flow.get("state", "")), state):
        raise Refused("state")
    if clock(request).timestamp() - float(flow.get("at", 0)) > FLOW_FOR:
        raise Refused("flow_expired")
    if request.GET.get("error"):
        raise Refused("provider_error_" + str(request.GET.get("error"))[:30],
                      _("oidc-cancelled", default="The sign-in at the identity provider was not completed."))
    code = request.GET.get("code", "")
    if not isinstance(code, str) or not code or len(code) > 4000:
        raise Refused("code_missing")
    tokens = p.fetch_tokens(code, flow["verifier"])
    now = clock(request).timestamp()
    claims = p.check_id_token(tokens.get("id_token"), flow["nonce"], now, tokens.get("access_token"))
    mapped = p.mapped(claims)
    identity = request.dbsession.execute(sa.select(OidcIdentity).where(
        OidcIdentity.issuer == p.issuer, OidcIdentity.subject == claims["sub"])).scalar_one_or_none()
    if mapped is None:
        raise Refused("no_group", _("oidc-no-group", default="Your organisation has not given you access to RSI Sag. "
                                    "Ask your IT department or the secretariat to add you to the group for RSI Sag."),
                      status=403)
    role, group_names = mapped
    if identity is None:
        user = _new_user(request, claims, role)
        identity = OidcIdentity(user_id=user.id, issuer=p.issuer, subject=claims["sub"])
        request.dbsession.add(identity)
        audit(request, "user_create", object_type="user", object_ref=user.login, method="oidc", role=role)
    else:
        user = request.dbsession.get(User, identity.user_id)
        if not user.active:
            raise Refused("deactivated", _("oidc-deactivated", default="Your access to RSI Sag has been closed. "
                                           "Ask the secretariat if you need it again."), status=403)
    _apply_rights(request, user, role, group_names)
    identity.last_login_at = utcnow()
    from .signin import complete

    response = complete(request, user, "oidc", flow.get("came_from", ""), issuer=p.issuer)
    request.session[ID_TOKEN_KEY] = tokens.get("id_token")  # the hint for RP-initiated logout
    return response


def _new_user(request, claims: dict, role: str) -> User:
    """A user made from the claims on first sign-in. The login name is the
    e-mail's local part (or the subject), made unique; it is only a label."""
    email = claims.get("email") or claims.get("preferred_username") or ""
    email = email.strip()[:254] if isinstance(email, str) and "@" in email else ""
    base = (email.split("@")[0] if email else "sso-" + hashlib.sha256(claims["sub"].encode()).hexdigest()[:10])
    base = "".join(ch for ch in base.lower() if ch.isalnum() or ch in "._-")[:56] or "sso"
    login, n = base, 1
    while request.dbsession.execute(sa.select(User.id).where(User.login == login)).first() is not None:
        n += 1
        login = f"{base}-{n}"
    name = claims.get("name")
    full_name = name.strip()[:200] if isinstance(name, str) and name.strip() else login
    # no local password: "!" is no argon2 hash, so no password ever matches it
    user = User(login=login, full_name=full_name, email=email, role=role, password_hash="!")
    request.dbsession.add(user)
    request.dbsession.flush()
    return user


def _apply_rights(request, user: User, role: str, group_names: set[str]) -> None:
    """The provider's groups decide role and groups at every sign-in; a
    change ends the user's other sessions, as a change by an administrator does."""
    groups = request.dbsession.execute(sa.select(Group).where(Group.name.in_(sorted(group_names)))).scalars().all()
    changes = {}
    if user.role != role:
        changes["role"] = role
        user.role = role
    if {g.id for g in user.groups} != {g.id for g in groups}:
        changes["groups"] = sorted(g.name for g in groups)
        user.groups = list(groups)
    if changes:
        end_user_sessions(request.dbsession, user.id)
        audit(request, "user_edit", object_type="user", object_ref=user.login, changes=sorted(changes), method="oidc")


def refuse(request, refused: Refused):
    """The Danish page for a refused single sign-on; no session."""
    request.session.pop(FLOW_KEY, None)
    audit(request, "login_failed", object_type="user", outcome="failed", method="oidc", reason=refused.reason)
    request.response.status = refused.status
    message = refused.message or _("oidc-refused", default="The sign-in could not be completed: the answer from "
                                   "the identity provider was not valid or has already been used. Try again.")
    from pyramid.renderers import render_to_response

    return render_to_response(TEMPLATE, {"message": message, "status": refused.status}, request=request,
                              response=request.response)


def end_session_url(request, id_token) -> str | None:
    """The provider's logout (RP-initiated logout), when it offers one."""
    p = request.registry.get("rsi_case.oidc")
    if p is None:
        return None
    try:
        endpoint = p.metadata().get("end_session_endpoint")
    except Refused:
        return None
    if not endpoint:
        return None
    params = {"client_id": p.client_id, "post_logout_redirect_uri": p.redirect_base + "/login"}
    if isinstance(id_token, str):
        params["id_token_hint"] = id_token
    return add_params_to_uri(endpoint, params)


def redirect_base(registry) -> str:
    public = registry.get("rsi_case.public_url")
    if public:
        return public
    host = registry["rsi_case.allowed_hosts"].canonical
    scheme = "https" if registry.settings.get("rsi_case.secure_cookies", "false").lower() in ("true", "1", "yes") \
        else "http"
    return f"{scheme}://{host}"


def includeme(config):
    settings = config.get_settings()
    if (settings.get("rsi_case.oidc.issuer") or "").strip():
        config.registry["rsi_case.oidc"] = Provider(settings, redirect_base(config.registry))
    config.scan(__name__)
