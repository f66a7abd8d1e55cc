"""axe-core (vendored with the budget tests) in a real Chromium on the pages outside the budget board:
the public ones (login, board index, DX results) and the staff pages people use most."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = (Path(__file__).resolve().parents[2] / "budget" / "tests" / "vendor" / "axe.min.js").read_text(
    encoding="utf-8"
)
WCAG_AA = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"


def violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE)
    found = page.evaluate(
        f"async () => (await axe.run(document, {{runOnly: {{type: 'tag', values: {WCAG_AA}}}}})).violations"
    )
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"][:3]]} for v in found]


@pytest.fixture
def axe_page(chromium: Any) -> Any:
    # bypass_csp only so that the test can inject axe; the pages' own scripts are unchanged
    context = chromium.new_context(locale="ja-JP", bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", ["/accounts/login/", "/budget/", "/impacts/public/"])
def test_public_pages_have_no_wcag_aa_violations(
    axe_page: Any, live_server: Any, settings: Any, path: str
) -> None:
    settings.YOROZU_PUBLIC_DX_RESULTS = True
    axe_page.goto(live_server.url + path)
    axe_page.wait_for_load_state("networkidle")
    assert violations(axe_page) == []


@pytest.mark.parametrize(
    "path",
    ["/", "/consultations/", "/consultations/new/", "/consultations/dashboard/", "/worksheets/",
     "/impacts/report/", "/training/", "/regqa/ask/", "/common/notifications/"],
)  # fmt: skip
def test_staff_pages_have_no_wcag_aa_violations(
    axe_page: Any, live_server: Any, browser_login: Any, cast: Any, path: str
) -> None:
    browser_login(axe_page, cast.requester)
    axe_page.goto(live_server.url + path)
    axe_page.wait_for_load_state("networkidle")
    assert violations(axe_page) == []
