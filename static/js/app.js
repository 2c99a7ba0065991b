/* RSI Sag — the little JavaScript the pages need. No inline scripts: every
 * behaviour hangs on data attributes, so a strict Content-Security-Policy holds. */
(function () {
  "use strict";

  function startEditors() {
    if (!window.tinymce) { return; }
    var base = document.body.getAttribute("data-tinymce-base") || "/deform_static/tinymce";
    var appCss = document.querySelector("link[href*='/css/app.css']");
    var editorCss = appCss ? appCss.href.replace(/app\.css.*$/, "editor.css") : false;
    document.querySelectorAll("textarea[data-rsi-richtext]").forEach(function (el) {
      var options = {};
      try { options = JSON.parse(el.getAttribute("data-tinymce-options") || "{}"); } catch (e) { options = {}; }
      options.target = el;
      options.base_url = base;
      options.suffix = ".min";
      options.language = "da";
      options.content_css = editorCss;
      options.setup = function (editor) {
        editor.on("change input undo redo", function () { editor.save(); markDirty(el.form); });
      };
      window.tinymce.init(options);
    });
  }

  // never lose a paragraph: warn before leaving a form with unsaved changes
  var dirtyForms = new Set();
  function markDirty(form) { if (form) { dirtyForms.add(form); } }
  document.addEventListener("input", function (ev) {
    var form = ev.target && ev.target.form;
    if (form && form.hasAttribute("data-warn-unsaved")) { markDirty(form); }
  });
  document.addEventListener("submit", function (ev) {
    dirtyForms.delete(ev.target);
    if (window.tinymce) { window.tinymce.triggerSave(); }
  }, true);
  window.addEventListener("beforeunload", function (ev) {
    var any = false;
    dirtyForms.forEach(function (f) { if (f.hasAttribute("data-warn-unsaved") && document.body.contains(f)) { any = true; } });
    if (any) { ev.preventDefault(); ev.returnValue = ""; }
  });

  // auto-submit filter selects (the list pages); the button stays for keyboards
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });

  // confirm before a dangerous button
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });

  // deform forms carry data-warn-unsaved
  document.querySelectorAll("form.deform").forEach(function (f) { f.setAttribute("data-warn-unsaved", "1"); });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startEditors);
  } else {
    startEditors();
  }
})();
