"""No main page scrolls sideways at 390 px (a phone) or 1366 px (a city-hall laptop): wide tables
scroll inside their own container or stack, the stage board scrolls inside itself.

The pages are filled with the demo data, so long names and wide tables are the real ones.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from yorozu.common.audit import acting_as

WIDTHS = (390, 1366)
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== 'absolute')
    .filter(e => !e.closest('.table-wrap, .board, .chart, .visually-hidden, .skip-link, .scroll-x'))
    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')
      + (e.id ? '#' + e.id : ''));
  return {scroll: document.documentElement.scrollWidth, inner: width, wide};
}"""


def _load_demo() -> Any:
    from importlib import import_module

    from yorozu.accounts.models import User
    from yorozu.common.management.commands.demo import DEMO_APPS

    out = io.StringIO()
    for app in DEMO_APPS:
        try:
            module = import_module(f"yorozu.{app}.demo")
        except ModuleNotFoundError:
            continue
        with acting_as(User.objects.filter(username="admin").first()):
            module.load_demo(stdout=out)
    for username in ("admin", "requester"):
        user = User.objects.get(username=username)
        user.set_password("small-screen-check-9")
        user.save()
    return User.objects.get(username="admin")


def _main_pages() -> list[str]:
    from yorozu.budget.models import Budget
    from yorozu.consultations.models import Consultation
    from yorozu.impacts.models import Deployment
    from yorozu.regqa.models import Collection
    from yorozu.training.models import TrainingSession
    from yorozu.worksheets.models import WorkItem

    case = Consultation.objects.order_by("pk").first()
    item = WorkItem.objects.order_by("pk").first()
    session = TrainingSession.objects.order_by("-starts_at").first()
    deployment = Deployment.objects.order_by("pk").first()
    collection = Collection.objects.order_by("pk").first()
    budget = Budget.objects.order_by("pk").first()
    pages = [
        "/",
        "/consultations/",
        "/consultations/board/",
        "/consultations/new/",
        "/consultations/dashboard/",
        "/worksheets/",
        "/worksheets/rates/",
        "/worksheets/settings/",
        "/impacts/public/",
        "/training/calendar/",
        "/regqa/logs/",
        "/impacts/",
        "/impacts/deployments/",
        "/impacts/tools/",
        "/training/",
        "/training/skills/",
        "/training/reports/",
        "/regqa/ask/",
        "/regqa/collections/",
        "/budget/",
        "/budget/manage/",
        "/analysis/",
        "/ledgers/",
        "/casebook/",
        "/common/audit/",
        "/common/notifications/",
        "/accounts/me/",
        "/no-such-page/",
    ]
    if case:
        pages += [f"/consultations/{case.pk}/", f"/worksheets/consultations/{case.pk}/"]
    if item:
        consultation_id = item.worksheet.consultation_id
        pages += [
            f"/worksheets/consultations/{consultation_id}/",
            f"/worksheets/consultations/{consultation_id}/plan/",
            f"/worksheets/items/{item.pk}/fit/",
        ]
    if session:
        pages.append(f"/training/sessions/{session.pk}/")
    if deployment:
        pages.append(f"/impacts/deployments/{deployment.pk}/")
    if collection:
        pages.append(f"/regqa/collections/{collection.pk}/")
    if budget:
        pages.append(f"/budget/manage/{budget.pk}/")
        pages.append(f"/budget/{budget.municipality.code}/{budget.fiscal_year}/")
    return list(dict.fromkeys(pages))


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill("small-screen-check-9")
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_main_page_scrolls_sideways_at_390_or_1366_px(page, live_server) -> None:  # noqa: ANN001
    _load_demo()
    pages = _main_pages()
    failures = []
    for username in ("admin", "requester"):
        page.context.clear_cookies()
        _login(page, live_server.url, username)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for path in pages if username == "admin" else pages[:8]:
                page.goto(f"{live_server.url}{path}")
                found = page.evaluate(OVERFLOW)
                if found["scroll"] > found["inner"]:
                    failures.append(f"{username} {width}px {path}: {found['scroll']}px {found['wide']}")
    assert failures == [], "\n".join(failures)
