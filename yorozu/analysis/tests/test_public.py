"""The public results page and its static export: small cells suppressed, free text only when chosen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from yorozu.analysis import services
from yorozu.common.audit import acting_as

from .conftest import key_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(survey: Any, cast: Any) -> Any:
    with acting_as(cast.requester):
        view = services.saved_view_add(user=cast.requester, dataset=survey, name="公開用",
                                       analysis={"type": "crosstab", "row": key_of(survey, "年代"),
                                                 "column": key_of(survey, "満足度")})  # fmt: skip
        view = services.saved_view_add(user=cast.requester, dataset=survey, name="", view=view,
                                       analysis={"type": "text", "column": key_of(survey, "ご意見")})  # fmt: skip
        return services.saved_view_update(user=cast.requester, view=view, is_public=True, min_count=10,
                                          public_answers=[3])  # fmt: skip


def test_the_public_page_needs_no_login_and_suppresses_small_counts(client: Any, published: Any) -> None:
    html = client.get(reverse("analysis:public-view", args=[published.public_slug])).content.decode()
    assert "10件未満の数は「*」" in html and '<td class="num">*</td>' in html
    assert "（行％）" not in html  # percentages would reveal the suppressed cells
    answers = html.split("寄せられたご意見")[1]
    assert answers.count("<li>") == 1  # only the chosen answer
    assert "KWIC" not in html and "使われ方" not in html


def test_an_unpublished_view_is_404_for_everyone_outside(client: Any, published: Any, cast: Any) -> None:
    services.saved_view_update(user=cast.requester, view=published, is_public=False)
    assert client.get(reverse("analysis:public-view", args=[published.public_slug])).status_code == 404


def test_static_export_writes_pages_tables_and_assets(published: Any, tmp_path: Path) -> None:
    target = tmp_path / "site"
    call_command("analysis", "export-static", str(target))
    folder = target / published.public_slug
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="static/css/yorozu.css"' in html and 'href="table-0-0.csv"' in html
    assert (folder / "static" / "vendor" / "chartjs" / "chart.umd.min.js").exists()
    assert "*" in (folder / "table-0-0.csv").read_text(encoding="utf-8-sig")
    assert published.public_slug in (target / "index.html").read_text(encoding="utf-8")
