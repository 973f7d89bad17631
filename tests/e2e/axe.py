"""axe-core for the browser tests, injected in a way the site's Content-Security-Policy allows.

`page.add_script_tag` adds an inline <script>, which the local server's CSP (`default-src 'self'`)
rightly blocks; evaluating the library through Playwright's evaluate channel is not subject to it,
so the page under test keeps its real CSP.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.x A/AA rules on the page as it is now; return the violations."""
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} is missing: `npm ci` in frontend/ installs axe-core")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate("source => { (0, eval)(source); }", AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        "async tags => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
                     for v in violations)
