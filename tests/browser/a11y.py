"""What the accessibility tests measure in the browser: axe-core's WCAG 2.1
A + AA rules, the focus indicator, and tables or pages wider than the screen.

Not a test module (no ``test_`` prefix): the browser tests import it.

axe-core comes from the PyPI package ``axe-playwright-python`` (in the
``testing`` extra, so ``make test`` installs it; the package is MIT, the
axe.min.js it ships is axe-core under MPL-2.0). It is put into the page with
``page.evaluate`` — the DevTools protocol's ``Runtime.evaluate``, which runs
outside the page's Content-Security-Policy. So the app's CSP stays exactly as
it is sent (no ``bypass_csp``, no ``unsafe-inline``, no script tag the page
would have to allow): every other script on the page still has to pass it,
and the tests fail on any CSP report in the console.
"""

from __future__ import annotations

from axe_playwright_python.base import AXE_FILE_PATH

AXE_SCRIPT = AXE_FILE_PATH.read_text(encoding="utf-8")

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe keeps some WCAG rules "experimental" (off unless asked for), among them
# label-content-name-mismatch (2.5.3 Label in Name, level A): they are run too
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS + ["experimental"]},
               "resultTypes": ["violations"]}
BLOCKING = ("critical", "serious")


def axe(page) -> list[dict]:
    """axe's WCAG 2.1 A/AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    result = page.evaluate("options => window.axe.run(document, options)", AXE_OPTIONS)
    return [v for v in result["violations"] if set(v["tags"]) & set(WCAG_TAGS)]


def describe(violations) -> list[str]:
    """One line per violation and element: impact, rule, where, why."""
    lines = []
    for v in violations:
        for node in v["nodes"][:5]:
            why = " ".join((node.get("failureSummary") or "").split())[:240]
            lines.append(f"{v['impact']} {v['id']} {node['target']}: {why}")
    return lines


# -- colours ------------------------------------------------------------------

COLOUR_JS = r"""
window.__rsiColour = (function () {
  function parse(c) {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) { return null; }
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function over(top, bottom) {
    const a = top.a;
    return {r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1};
  }
  function lum(c) {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function contrast(a, b) {
    const x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  // the opaque colour painted behind an element: its ancestors' backgrounds, blended
  function background(el) {
    const layers = [];
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) { break; } }
    }
    let colour = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) { colour = over(layers[i], colour); }
    return colour;
  }
  return {parse: parse, over: over, contrast: contrast, background: background};
})();
"""

# The focus indicator of the focused element: an outline (our CSS draws one
# on every focusable element), at least 2 px, whose colour stands out against
# what is painted behind it by at least 3:1 (WCAG 1.4.11). The outline is
# drawn around the element at outline-offset; with a non-negative offset it
# lies on the parent's background, with a negative one on the element's own.
FOCUS_JS = COLOUR_JS + r"""
(() => {
  let el = document.activeElement;
  let where = "";
  while (el && el.tagName === "IFRAME" && el.contentDocument) {  // the editor's content area
    where = "iframe ";
    const frame = el;
    el = el.contentDocument.activeElement;
    if (!el || el === el.ownerDocument.body) {
      // TinyMCE marks its edit area (in the page) with a ring while its content has the focus
      const area = frame.closest(".tox-edit-area");
      if (!area) { return {tag: "IFRAME", ok: false, why: "an iframe without a focus ring"}; }
      const ring = getComputedStyle(area, "::before");
      const c = window.__rsiColour.parse(ring.borderTopColor);
      const bg = window.__rsiColour.background(area);
      const ratio = c ? window.__rsiColour.contrast(window.__rsiColour.over(c, bg), bg) : 0;
      const width = parseFloat(ring.borderTopWidth) || 0;
      return {tag: "tinymce", text: "", ok: ring.opacity === "1" && width >= 2 && ratio >= 3,
              why: `edit area ring ${ring.borderTopStyle} ${width}px ${ring.borderTopColor} opacity ${ring.opacity}, ${ratio.toFixed(2)}:1`};
    }
  }
  if (!el || el === document.body || el === document.documentElement) { return null; }
  const cs = el.ownerDocument.defaultView.getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const text = (el.innerText || el.value || el.getAttribute("aria-label") || el.name || el.id || "").trim().slice(0, 60);
  const desc = where + el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
               (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
  if (rect.width === 0 && rect.height === 0) {
    return {tag: desc, text: text, ok: false, why: "the focused element is not on screen"};
  }
  const width = parseFloat(cs.outlineWidth) || 0;
  const colour = window.__rsiColour.parse(cs.outlineColor);
  const offset = parseFloat(cs.outlineOffset) || 0;
  const behind = window.__rsiColour.background(offset >= 0 && el.parentElement ? el.parentElement : el);
  const ratio = colour ? window.__rsiColour.contrast(window.__rsiColour.over(colour, behind), behind) : 0;
  const ok = cs.outlineStyle !== "none" && width >= 2 && ratio >= 3;
  return {tag: desc, text: text, ok: ok,
          why: `outline ${cs.outlineStyle} ${width}px ${cs.outlineColor} on rgb(${Math.round(behind.r)},${Math.round(behind.g)},${Math.round(behind.b)}): ${ratio.toFixed(2)}:1`};
})()
"""


def focus_indicator(page) -> dict | None:
    """The focused element and whether its focus ring is visible (None: nothing has the focus)."""
    return page.evaluate(FOCUS_JS)


# -- sideways scrolling ---------------------------------------------------------

OVERFLOW_JS = r"""
(() => {
  const wide = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    // which element sticks out
    let culprit = "";
    document.querySelectorAll("body *").forEach(el => {
      const r = el.getBoundingClientRect();
      if (!culprit && r.right > root.clientWidth + 1 && getComputedStyle(el).position !== "fixed" && r.width > 0) {
        culprit = el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
      }
    });
    wide.push(`the page: ${root.scrollWidth} px in ${root.clientWidth} px (${culprit})`);
  }
  document.querySelectorAll("table, .table-responsive").forEach(el => {
    if (el.scrollWidth > el.clientWidth + 1) {
      wide.push(`${el.tagName.toLowerCase()}.${(el.className || "").trim().split(/\s+/).join(".")}: ${el.scrollWidth} px in ${el.clientWidth} px`);
    } else if (el.tagName === "TABLE" && el.parentElement && el.getBoundingClientRect().width > el.parentElement.clientWidth + 1) {
      wide.push(`table.${(el.className || "").trim().split(/\s+/).join(".")}: ${Math.round(el.getBoundingClientRect().width)} px in ${el.parentElement.clientWidth} px`);
    }
  });
  return wide;
})()
"""


def too_wide(page) -> list[str]:
    """The page, tables and table containers that scroll sideways."""
    return page.evaluate(OVERFLOW_JS)
