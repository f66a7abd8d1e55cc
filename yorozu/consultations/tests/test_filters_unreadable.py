"""The 年度 filter reads full-width digits; an unreadable value says so instead of listing everything."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from yorozu.consultations.models import Consultation, Theme

pytestmark = pytest.mark.django_db


def _case(cast, title: str, fiscal_year: int) -> Consultation:  # noqa: ANN001
    return Consultation.objects.create(
        title=title,
        theme=Theme.RPA,
        current_issue="課題",
        target_work="業務",
        department=cast.department,
        requester=cast.requester,
        received_on=date(fiscal_year, 5, 1),
        fiscal_year=fiscal_year,
        stage_changed_at=timezone.now(),
    )


def test_full_width_and_bare_era_years_are_read(cast, client_as) -> None:  # noqa: ANN001
    _case(cast, "令和7年度の相談", 2025)
    _case(cast, "令和6年度の相談", 2024)
    client = client_as(cast.consultant)
    for text in ("７", "令和７年度", "２０２５", "R7"):
        body = client.get(reverse("consultations:case-list"), {"fiscal_year": text}).content.decode()
        assert "令和7年度の相談" in body and "令和6年度の相談" not in body, text


@pytest.mark.parametrize("name", ["consultations:case-list", "consultations:case-board"])
def test_an_unreadable_year_says_so_and_lists_nothing(cast, client_as, name: str) -> None:  # noqa: ANN001
    _case(cast, "令和7年度の相談", 2025)
    body = client_as(cast.consultant).get(reverse(name), {"fiscal_year": "令和"}).content.decode()
    assert 'id="filter-errors"' in body and "「年度」" in body and "読めません" in body
    assert "令和7年度の相談" not in body


def test_an_unreadable_year_exports_nothing(cast, client_as) -> None:  # noqa: ANN001
    _case(cast, "令和7年度の相談", 2025)
    response = client_as(cast.consultant).get(reverse("consultations:case-export"), {"fiscal_year": "abc"})
    assert "令和7年度の相談" not in response.content.decode("utf-8-sig")
