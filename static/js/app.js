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
      // accessibility (WCAG 4.1.2): TinyMCE 6.7's element path gives its items an aria-level
      // their role does not allow, and its resize handle is a div with an aria-label and no role
      options.elementpath = false;
      options.resize = false;
      options.setup = function (editor) {
        editor.on("change input undo redo", function () { editor.save(); markDirty(el.form); });
        editor.on("init NodeChange", function () { nameBlocksButton(editor); });
      };
      window.tinymce.init(options);
    });
  }

  // The paragraph-style button shows the current style ("Afsnit") but is named "Blokke":
  // a speech-input user saying what they see would miss it (WCAG 2.5.3). Its name
  // starts with what it shows.
  function nameBlocksButton(editor) {
    var container = editor.getContainer();
    var label = editor.translate("Blocks");
    if (!container) { return; }
    container.querySelectorAll(".tox-tbtn--select").forEach(function (btn) {
      var shown = btn.querySelector(".tox-tbtn__select-label");
      var text = shown ? shown.textContent.trim() : "";
      if (text && btn.getAttribute("data-rsi-label") !== text) {
        btn.setAttribute("aria-label", text + " (" + label.toLowerCase() + ")");
        btn.setAttribute("data-rsi-label", text);
      }
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

  // confirm before a choice that cannot be undone (a document made final) when the form is sent
  document.querySelectorAll("select[data-confirm-value]").forEach(function (sel) {
    var initial = Array.prototype.filter.call(sel.options, function (o) { return o.defaultSelected; }).map(function (o) { return o.value; })[0];
    if (!sel.form || initial === sel.getAttribute("data-confirm-value")) { return; }
    sel.form.addEventListener("submit", function (ev) {
      if (ev.submitter && ev.submitter.getAttribute("formnovalidate") !== null) { return; }
      if (sel.value === sel.getAttribute("data-confirm-value") && !window.confirm(sel.getAttribute("data-confirm-message"))) {
        ev.preventDefault();
      }
    });
  });

  // The browser's own messages ("Please fill out this field.") come in the language of the
  // browser, not of the page: every constraint gets its Danish message from the catalog
  // (the layout puts them in <body data-validation>).
  var messages = {};
  try { messages = JSON.parse(document.body.getAttribute("data-validation") || "{}"); } catch (e) { messages = {}; }
  function fillIn(text, name, value) { return (text || "").replace("{" + name + "}", value); }
  function validationMessage(el) {
    var v = el.validity;
    if (v.valueMissing) {
      if (el.type === "checkbox") { return messages.checkbox; }
      if (el.type === "radio") { return messages.radio; }
      if (el.type === "file") { return messages.file; }
      if (el.tagName === "SELECT") { return messages.select; }
      return messages.required;
    }
    if (v.typeMismatch) { return el.type === "email" ? messages.email : el.type === "url" ? messages.url : messages.invalid; }
    if (v.badInput) { return el.type === "number" ? messages.number : messages.invalid; }
    if (v.tooLong) { return fillIn(messages.tooLong, "max", el.maxLength); }
    if (v.tooShort) { return fillIn(messages.tooShort, "min", el.minLength); }
    if (v.rangeUnderflow) { return fillIn(messages.min, "min", el.min); }
    if (v.rangeOverflow) { return fillIn(messages.max, "max", el.max); }
    if (v.stepMismatch) { return messages.step; }
    if (v.patternMismatch) { return el.getAttribute("data-pattern-message") || messages.pattern; }
    return messages.invalid;
  }
  document.addEventListener("invalid", function (ev) {
    var el = ev.target;
    if (!el.setCustomValidity) { return; }
    el.setCustomValidity("");
    if (!el.validity.valid) { el.setCustomValidity(validationMessage(el) || ""); }
  }, true);
  function clearMessage(ev) {
    var el = ev.target;
    if (el && el.setCustomValidity) {
      el.setCustomValidity("");
      if (el.type === "radio" && el.form && el.name) {  // one message for the group
        el.form.querySelectorAll("input[type=radio]").forEach(function (r) { if (r.name === el.name) { r.setCustomValidity(""); } });
      }
    }
  }
  document.addEventListener("input", clearMessage, true);
  document.addEventListener("change", clearMessage, true);

  // a file chooser in Danish: the native button says "Choose Files" in the browser's language,
  // so the input is hidden (but keeps the focus and the keys) under a label styled as a button
  document.querySelectorAll("input.rsi-file-input").forEach(function (input) {
    var names = document.getElementById(input.getAttribute("data-names") || "");
    if (!names) { return; }
    input.addEventListener("change", function () {
      var chosen = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
      names.textContent = chosen.length ? chosen.join(", ") : names.getAttribute("data-none");
    });
  });

  // a field's error and help text are read with it (deform writes them beside the field)
  document.querySelectorAll("form.deform [id^='error-'], form.deform [id^='help-']").forEach(function (msg) {
    var field = document.getElementById(msg.id.replace(/^(error|help)-/, ""));
    if (!field || !/^(INPUT|SELECT|TEXTAREA)$/.test(field.tagName)) { return; }
    var ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (ids.indexOf(msg.id) < 0) { ids.push(msg.id); }
    field.setAttribute("aria-describedby", ids.join(" "));
    if (msg.id.indexOf("error-") === 0) { field.setAttribute("aria-invalid", "true"); }
  });

  // the menu says which page is open, also to a screen reader
  document.querySelectorAll(".rsi-navbar .nav-link.active").forEach(function (a) { a.setAttribute("aria-current", "page"); });

  // Tables on a phone: below 768 px each row is a block (app.css); every cell gets its
  // column's name to show in front of it. The table roles are set explicitly, since
  // browsers drop a table's semantics when its display is changed.
  document.querySelectorAll("main table.table").forEach(function (table) {
    var heads = [];
    var headRow = table.tHead && table.tHead.rows[0];
    if (headRow) {
      Array.prototype.forEach.call(headRow.cells, function (th) {
        for (var i = 0; i < (th.colSpan || 1); i++) { heads.push(th.textContent.replace(/\s+/g, " ").trim()); }
      });
    }
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (g) { g.setAttribute("role", "rowgroup"); });
    Array.prototype.forEach.call(table.rows, function (tr) {
      tr.setAttribute("role", "row");
      var col = 0;
      Array.prototype.forEach.call(tr.cells, function (cell) {
        var inHead = cell.parentNode.parentNode.tagName === "THEAD";
        cell.setAttribute("role", inHead ? "columnheader" : cell.tagName === "TH" ? "rowheader" : "cell");
        if (!inHead && heads[col] && !cell.hasAttribute("data-label") && (cell.colSpan || 1) === 1) {
          cell.setAttribute("data-label", heads[col]);
        }
        col += cell.colSpan || 1;
      });
    });
  });

  // a case page: mails dragged anywhere onto the page are filed in the case (the mail card's form)
  var mailForm = document.querySelector("form.mail-drop");
  if (mailForm && window.DataTransfer) {
    var mailInput = mailForm.querySelector("input[type=file]");
    var hasFiles = function (e) {
      return e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types || [], "Files") >= 0;
    };
    document.addEventListener("dragover", function (e) {
      if (!hasFiles(e)) { return; }
      e.preventDefault();
      document.body.classList.add("mail-dragging");
      document.body.setAttribute("data-drop-label", mailForm.getAttribute("data-drop-label") || "");
    });
    document.addEventListener("dragleave", function (e) {
      if (e.relatedTarget === null) { document.body.classList.remove("mail-dragging"); }
    });
    document.addEventListener("drop", function (e) {
      document.body.classList.remove("mail-dragging");
      if (!hasFiles(e) || e.target === mailInput) { return; }
      e.preventDefault();
      mailInput.files = e.dataTransfer.files;
      mailForm.requestSubmit ? mailForm.requestSubmit() : mailForm.submit();
    });
  }

  // deform forms carry data-warn-unsaved
  document.querySelectorAll("form.deform").forEach(function (f) { f.setAttribute("data-warn-unsaved", "1"); });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startEditors);
  } else {
    startEditors();
  }
})();
