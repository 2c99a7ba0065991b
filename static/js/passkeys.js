/* Passkeys (WebAuthn): adding one on /account/passkeys and signing in with
   one on the login page or as the second step. No inline script: the
   elements carry their URL and CSRF token in data attributes. */
(function () {
  "use strict";

  function toBytes(b64url) {
    var b64 = b64url.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var raw = atob(b64), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out.buffer;
  }

  function toB64url(buffer) {
    var bytes = new Uint8Array(buffer), s = "";
    for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function post(url, csrf, fields) {
    var body = new URLSearchParams();
    body.append("csrf_token", csrf);
    Object.keys(fields).forEach(function (k) { body.append(k, fields[k]); });
    return fetch(url, {method: "POST", body: body, credentials: "same-origin",
                       headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json().then(function (data) { return {ok: r.ok, data: data}; }); });
  }

  function showError(message) {
    var box = document.getElementById("passkey-error");
    if (box) { box.textContent = message; box.classList.remove("d-none"); }
  }

  function credentialJSON(cred) {
    var r = cred.response, out = {id: cred.id, rawId: toB64url(cred.rawId), type: cred.type,
                                  clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {},
                                  response: {clientDataJSON: toB64url(r.clientDataJSON)}};
    if (r.attestationObject) {
      out.response.attestationObject = toB64url(r.attestationObject);
      out.response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      out.response.authenticatorData = toB64url(r.authenticatorData);
      out.response.signature = toB64url(r.signature);
      out.response.userHandle = r.userHandle ? toB64url(r.userHandle) : null;
    }
    if (cred.authenticatorAttachment) { out.authenticatorAttachment = cred.authenticatorAttachment; }
    return JSON.stringify(out);
  }

  function failed(data) { showError((data && data.error) || "Nøglen kunne ikke bruges. Prøv igen."); }

  var register = document.querySelector("[data-passkey-register]");
  if (register) {
    register.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = register.dataset.passkeyRegister, csrf = register.dataset.csrf;
      post(url, csrf, {options: "1"}).then(function (answer) {
        if (!answer.ok) { return failed(answer.data); }
        var o = answer.data;
        o.challenge = toBytes(o.challenge);
        o.user.id = toBytes(o.user.id);
        (o.excludeCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
        return navigator.credentials.create({publicKey: o}).then(function (cred) {
          var name = (document.getElementById("passkey-name") || {}).value || "";
          return post(url, csrf, {register: "1", name: name, credential: credentialJSON(cred)});
        }).then(function (done) {
          if (done.ok && done.data.redirect) { window.location = done.data.redirect; } else { failed(done.data); }
        });
      }).catch(function () { failed(null); });
    });
  }

  var login = document.querySelector("[data-passkey-login]");
  if (login) {
    if (!window.PublicKeyCredential) { login.classList.add("d-none"); return; }
    login.addEventListener("click", function () {
      var url = login.dataset.passkeyLogin, csrf = login.dataset.csrf;
      post(url, csrf, {options: "1"}).then(function (answer) {
        if (!answer.ok) { return failed(answer.data); }
        var o = answer.data;
        o.challenge = toBytes(o.challenge);
        (o.allowCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
        return navigator.credentials.get({publicKey: o}).then(function (cred) {
          return post(url, csrf, {verify: "1", came_from: login.dataset.cameFrom || "", credential: credentialJSON(cred)});
        }).then(function (done) {
          if (done.ok && done.data.redirect) { window.location = done.data.redirect; } else { failed(done.data); }
        });
      }).catch(function () { failed(null); });
    });
  }
}());
