/* RSI Sag: marking passages to withhold (aktindsigt). Select words in the
   document's text (or an attached PDF's text) and press "Undtag markeret tekst":
   the selection fills the passage field and the "where" field. The form works
   without this script: the words can be typed or pasted. */
(function () {
  "use strict";
  var button = document.getElementById("redaction-take");
  var field = document.getElementById("passage");
  var target = document.getElementById("target");
  if (!button || !field || !window.getSelection) { return; }
  var help = document.querySelector(".redaction-js-help");
  button.hidden = false;
  if (help) { help.hidden = false; }

  function sourceOf(node) {
    while (node && node.nodeType !== 1) { node = node.parentNode; }
    return node ? node.closest(".redaction-source") : null;
  }

  var last = null;  // the selection is lost when the button takes the focus: remember it
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) { return; }
    var source = sourceOf(sel.anchorNode);
    if (source && source === sourceOf(sel.focusNode)) {
      last = {text: sel.toString(), target: source.getAttribute("data-target")};
    }
  });

  button.addEventListener("click", function () {
    if (!last || !last.text.replace(/\s+/g, " ").trim()) {
      field.focus();
      return;
    }
    field.value = last.text.replace(/\s+/g, " ").trim();
    if (target && last.target) {
      for (var i = 0; i < target.options.length; i++) {
        if (target.options[i].value === last.target) { target.selectedIndex = i; }
      }
    }
    field.classList.remove("is-invalid");
    field.focus();
  });
})();
