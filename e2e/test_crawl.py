"""Every page a role reaches from its start page and navigation (and one level below) passes
axe-core's WCAG 2.1 AA rules and does not scroll sideways at 390 px.

Bounded and deterministic: links are taken in document order, one page per URL shape (digits
folded, so one company page stands for all), at most MAX_PAGES per role. Pages other apps add
are covered as soon as the navigation links to them.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from demo.seed import seed

from .checks import check_page

MAX_PAGES = 25
SKIP = re.compile(r"/(logout|i18n|admin)/|/download/?$|/zip/?$|\.(pdf|zip|xlsx|png)$")


def _shape(path: str) -> str:
    return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d+", "N", path)


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or SKIP.search(parts.path):
            continue
        if parts.query:  # filters and paging show the same template
            continue
        found.append(parts.path)
    return found


def crawl(page, origin: str) -> tuple[list[str], list[str]]:
    """Visit and check; returns the paths visited and every failure (all pages are seen, so one
    run lists everything to fix)."""
    seen_shapes, visited, queue, failures = set(), [], ["/"], []
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        if _shape(path) in seen_shapes:
            continue
        seen_shapes.add(_shape(path))
        response = page.goto(origin + path)
        assert response.status == 200, f"{path}: {response.status}"
        try:
            assert_footer_links_to_statement(page)
            check_page(page)
        except AssertionError as failure:
            failures.append(str(failure))
            page.set_viewport_size({"width": 1280, "height": 900})
        visited.append(path)
        if len(visited) <= 1 + MAX_PAGES // 2:  # the start page's links and one level below
            queue.extend(p for p in _links(page, origin) if _shape(p) not in seen_shapes)
    return visited, failures


@pytest.fixture
def demo(e2e):
    seed(companies=4, participants=24)
    return get_user_model().objects


@pytest.mark.parametrize("username", ["staff", "manager", "assessor", "coach"])
def test_every_page_a_role_reaches_is_accessible_and_fits_a_phone(demo, as_user, e2e, username):
    page = as_user(demo.get(username=username))
    visited, failures = crawl(page, e2e)
    assert len(visited) >= 5, visited
    assert not failures, "\n\n".join(failures)


def test_pages_without_login_are_accessible_and_fit_a_phone(e2e, page):
    public = ["/accounts/login/", "/verify/", "/verify/UNKNOWN1", "/accounts/password_reset/"]
    for path in [*public, "/tillganglighet/"]:
        page.goto(e2e + path)
        assert_footer_links_to_statement(page)
        check_page(page)
    page.goto(e2e + "/accounts/login/")
    page.locator("footer a").click()
    expect(page.locator("h1")).to_have_text("Tillgänglighetsredogörelse")


def assert_footer_links_to_statement(page) -> None:
    assert page.locator('footer a[href="/tillganglighet/"]').count() == 1, page.url
