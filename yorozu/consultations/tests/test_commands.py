import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from yorozu.consultations.tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_the_stats_command_prints_fiscal_years_in_wareki(cast):
    make_case(cast.requester, received_on=date(2023, 3, 31))
    make_case(cast.outsider, received_on=date(2023, 4, 1))
    out = StringIO()
    call_command("consultation_stats", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split("\t")[:3] == ["年度", "件数", "受付"]
    assert lines[1].split("\t")[:3] == ["令和4年度", "1", "1"]
    assert lines[2].split("\t")[:2] == ["令和5年度", "1"]


def test_the_stats_command_counts_what_a_user_may_see_as_json(cast):
    make_case(cast.requester, received_on=date(2023, 3, 31))
    make_case(cast.outsider, received_on=date(2023, 4, 1))
    out = StringIO()
    call_command("consultation_stats", "--user", "outsider", "--json", stdout=out)
    assert [row["label"] for row in json.loads(out.getvalue())["by_fiscal_year"]] == ["令和5年度"]
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("consultation_stats", "--user", "nobody")
