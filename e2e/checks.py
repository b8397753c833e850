"""What every page must pass: axe-core's WCAG 2.1 A and AA rules, and no sideways scrolling on a
phone."""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

PHONE = {"width": 390, "height": 844}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_axe = Axe()
TOO_WIDE_JS = (Path(__file__).parent / "too_wide.js").read_text()


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            summary = node.get("failureSummary", "").splitlines()[-1:]
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Run axe-core on the page as it is now; fail with each violation and where it is."""
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    violations = results.response["violations"]
    assert not violations, f"{page.url}: {len(violations)} axe violations\n{_describe(violations)}"


def assert_no_sideways_scroll(page) -> None:
    """At 390 × 844 the document is no wider than the viewport (wide tables scroll in their box).
    Leaves the viewport at phone size."""
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        culprits = page.evaluate(TOO_WIDE_JS)
        raise AssertionError(f"{page.url}: {width} px wide at 390 px; too wide: {culprits}")


def check_page(page) -> None:
    """Both checks, on desktop then at phone width; the viewport is restored afterwards."""
    desktop = page.viewport_size
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    page.set_viewport_size(desktop)
