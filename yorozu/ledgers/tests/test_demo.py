from io import StringIO

import pytest

from yorozu.accounts.demo import load_demo as load_accounts
from yorozu.common.audit import acting_as
from yorozu.ledgers.demo import load_demo
from yorozu.ledgers.models import Ledger, Record, Share

pytestmark = pytest.mark.django_db


def test_the_demo_is_idempotent_and_prints_the_partner_secrets():
    load_accounts(stdout=StringIO())
    first, second = StringIO(), StringIO()
    with acting_as(None):
        load_demo(stdout=first)
        counts = (Ledger.objects.count(), Record.objects.count(), Share.objects.count())
        load_demo(stdout=second)
    assert counts == (Ledger.objects.count(), Record.objects.count(), Share.objects.count())
    assert counts[0] == 2 and counts[1] == 38 and counts[2] >= 2
    assert "school1" in first.getvalue() and "TOTP" in first.getvalue()
    assert first.getvalue() == second.getvalue()
    from yorozu.accounts.models import User
    from yorozu.accounts.twofactor import has_device

    assert has_device(User.objects.get(username="school1")) and has_device(
        User.objects.get(username="police1")
    )
