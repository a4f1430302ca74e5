"""Checks every browser test can run on a page: axe-core (WCAG 2.1 AA) and the 375 px layout.

axe-core is committed under `vendor/` (npm package, MPL-2.0) and injected with
Playwright; the page itself never loads it.
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").slice(0, 200)),
  }));
}"""

# Elements whose right edge passes the viewport: none may, not even inside a scrolling box.
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || box.right <= width + 0.5) continue;
    const style = getComputedStyle(el);
    // Visually hidden text (1 px, clipped) is for screen readers; everything else must fit.
    if (style.visibility === "hidden" || box.width <= 1) continue;
    out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${[...el.classList].join(".")} right=${Math.round(box.right)}`);
  }
  const page = document.documentElement.scrollWidth;
  if (page > width) out.unshift(`document scrollWidth ${page} > ${width}`);
  return out.slice(0, 10);
}"""


def axe_violations(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Through the DevTools protocol, not a <script> tag: the pages' CSP allows no inline script.
        page.evaluate(f"() => {{ {AXE.read_text(encoding='utf-8')}\n; window.axe = window.axe || axe; }}")
    return page.evaluate(_RUN_AXE, WCAG_AA)


def overflowing(page) -> list[str]:
    return page.evaluate(_OVERFLOW)


def check_page(page, label: str) -> list[str]:
    """Problems of the page as it is now: axe violations and (on a phone) overflow."""
    problems = [
        f"{label}: axe {v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for v in axe_violations(page)
    ]
    if page.viewport_size and page.viewport_size["width"] <= 480:
        problems += [f"{label}: overflows 375 px: {o}" for o in overflowing(page)]
    return problems
