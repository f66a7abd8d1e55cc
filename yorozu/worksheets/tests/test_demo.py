from __future__ import annotations

import io

import pytest

from yorozu.accounts.models import User
from yorozu.worksheets import demo, selectors
from yorozu.worksheets.models import HourlyRate, WorkItem
from yorozu.worksheets.tests.factories import consultation

pytestmark = pytest.mark.django_db


def test_demo_builds_worksheets_for_the_demo_cases_once(cast) -> None:  # noqa: ANN001
    User.objects.filter(pk=cast.admin.pk).update(username="admin")
    case = consultation(department=cast.department, requester=cast.requester, title="契約事務のRPA化")
    out = io.StringIO()
    demo.load_demo(stdout=out)
    demo.load_demo(stdout=out)  # idempotent
    assert WorkItem.objects.filter(worksheet__consultation=case).count() == 3
    assert HourlyRate.objects.filter(is_default=True).get().yen_per_hour == 4560
    analysis = selectors.analysis_for(consultation=case)
    assert analysis.totals.hours_saved > 0 and analysis.payback is not None


def test_demo_skips_cases_that_do_not_exist(cast) -> None:  # noqa: ANN001
    out = io.StringIO()
    demo.load_demo(stdout=out)
    assert WorkItem.objects.count() == 0 and "業務分析" in out.getvalue()
