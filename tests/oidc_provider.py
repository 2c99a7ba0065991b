"""A real OpenID provider for the tests, in a process of its own on loopback.

It is ``oidc-provider-mock`` (PyPI) — a real authorization server built on
Authlib: discovery, authorization endpoint with PKCE, token endpoint, JWKS,
end-session endpoint, authorization codes usable once, the nonce carried into
the ID token. The tests start it with ``python tests/oidc_provider.py``; it
prints its port and serves until stopped.

A provider that behaves well cannot be made to send a forged answer, so the
process has three control endpoints (loopback only, test use only) that make
the provider misbehave the way an attacker or a broken provider would:

* ``POST /_control/rotate`` — a new signing key; the JWKS publishes only the
  new one from now on (the provider rotated its keys).
* ``POST /_control/next-id-token`` with JSON ``{"claims": {...}}`` — the next
  ID token from the token endpoint gets these claims changed (``aud``,
  ``exp``, ``iat``, ``iss``), re-signed with the provider's real key; with
  ``"tamper": true`` the payload is changed but the old signature kept; with
  ``"foreign_key": true`` it is signed by a key the provider never published;
  with ``"retired_key": true`` by the key it used before the last rotation.
"""

from __future__ import annotations

import base64
import json
import os
import sys

os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on loopback

import flask  # noqa: E402
import oidc_provider_mock  # noqa: E402
from authlib import jose  # noqa: E402
from joserfc import jwt  # noqa: E402
from joserfc.jwk import RSAKey  # noqa: E402
from werkzeug.debug import DebuggedApplication  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def build() -> flask.Flask:
    app = oidc_provider_mock.app(require_nonce=True, issue_refresh_token=False)
    # no interactive debugger, even on loopback
    if isinstance(app.wsgi_app, DebuggedApplication):
        app.wsgi_app = app.wsgi_app.app
    app.debug = False
    pending: dict = {}

    @app.post("/_control/rotate")
    def rotate():
        storage = flask.g.oidc_provider_mock_storage
        pending["retired"] = storage.jwk
        storage.jwk = jose.RSAKey.generate_key(is_private=True)
        return "", 204

    @app.post("/_control/next-id-token")
    def next_id_token():
        pending["change"] = flask.request.get_json()
        return "", 204

    @app.after_request
    def misbehave(response):
        change = pending.get("change")
        if flask.request.path != "/oauth2/token" or change is None or response.status_code != 200:
            return response
        pending.pop("change")
        body = json.loads(response.get_data())
        header_part, payload_part, signature = body["id_token"].split(".")
        header = json.loads(_unb64(header_part))
        claims = {**json.loads(_unb64(payload_part)), **change.get("claims", {})}
        if change.get("tamper"):
            body["id_token"] = ".".join((header_part, _b64(json.dumps(claims).encode()), signature))
        else:
            if change.get("foreign_key"):
                key = RSAKey.generate_key(2048, parameters={"kid": "not-published"})
            else:
                signer = pending["retired"] if change.get("retired_key") else flask.g.oidc_provider_mock_storage.jwk
                key = RSAKey.import_key(signer.as_dict(is_private=True))
            body["id_token"] = jwt.encode({"alg": header["alg"], "kid": key.kid}, claims, key)
        response.set_data(json.dumps(body))
        return response

    return app


def main() -> None:
    server = make_server("127.0.0.1", 0, build(), threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
