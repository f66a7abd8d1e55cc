from __future__ import annotations

import pytest

from yorozu.budget import selectors, services
from yorozu.budget.demo import load_demo
from yorozu.budget.models import Budget, BudgetLine, Explanation, LineNote
from yorozu.common.models import AuditEntry
from yorozu_core.budget import BudgetImportError

pytestmark = pytest.mark.django_db

TEMPLATE = "款,項,目,金額（千円）\n1 議会費,議会費,議会費,100\n2 総務費,総務管理費,一般管理費,200\n"


def test_it_imports_a_template_as_a_tree(ward) -> None:
    summary = services.budget_import(
        user=None, municipality=ward, data=TEMPLATE.encode(), source="t.csv", fiscal_year=2025
    )
    (budget,) = summary.budgets
    assert budget.total == 300_000 and budget.source_unit == "千円" and budget.depth == 3
    assert list(BudgetLine.objects.filter(budget=budget, depth=1).values_list("path", "name")) == [
        ("1", "議会費"), ("2", "総務費")
    ]  # fmt: skip
    assert BudgetLine.objects.get(budget=budget, path="2-1-1").key_path == "総務費／総務管理費／一般管理費"


def test_reimporting_an_unpublished_year_replaces_it_and_is_audited(ward) -> None:
    services.budget_import(
        user=None, municipality=ward, data=TEMPLATE.encode(), source="a.csv", fiscal_year=2025
    )
    changed = TEMPLATE.replace("200", "250")
    services.budget_import(
        user=None, municipality=ward, data=changed.encode(), source="b.csv", fiscal_year=2025
    )
    (budget,) = Budget.objects.all()
    assert budget.total == 350_000 and not budget.is_published and not budget.is_draft
    assert BudgetLine.objects.count() == 6
    entry = AuditEntry.objects.filter(action="import").order_by("-pk").first()
    assert entry is not None and entry.changes["total"] == [300_000, 350_000]


@pytest.mark.parametrize("publish_again", [False, True])
def test_reimporting_a_published_year_makes_a_draft_beside_it(ward, publish_again) -> None:
    services.budget_import(
        user=None, municipality=ward, data=TEMPLATE.encode(), source="a.csv", fiscal_year=2025, publish=True
    )
    changed = TEMPLATE.replace("200", "250")
    summary = services.budget_import(user=None, municipality=ward, data=changed.encode(), source="b.csv",
                                     fiscal_year=2025, publish=publish_again)  # fmt: skip
    (draft,) = summary.budgets
    published = Budget.objects.get(is_published=True)
    assert published.total == 300_000 and draft.draft_of == published and not draft.is_published
    assert snapshot_total(ward) == 300_000  # residents still see the published version
    rows = {r["name"]: r for r in selectors.draft_comparison(draft=draft)}
    assert rows["総務費"]["published"] == 200_000 and rows["総務費"]["draft"] == 250_000
    assert rows["総務費"]["change"] == 50_000 and rows["議会費"]["change"] == 0
    # a second re-import replaces the draft, never the published version
    again = TEMPLATE.replace("200", "260")
    services.budget_import(
        user=None, municipality=ward, data=again.encode(), source="c.csv", fiscal_year=2025
    )
    assert Budget.objects.count() == 2 and Budget.objects.get(draft_of=published).total == 360_000
    services.budget_publish_draft(user=None, draft=Budget.objects.get(draft_of=published))
    (budget,) = Budget.objects.all()
    assert budget.total == 360_000 and budget.is_published and not budget.is_draft
    assert snapshot_total(ward) == 360_000
    assert AuditEntry.objects.filter(action="publish").exists()


def snapshot_total(municipality) -> int | None:
    from yorozu.budget import snapshot

    municipality.refresh_from_db()
    book = snapshot.board_data(municipality).book(2025)
    return book.total if book else None


def test_a_bad_file_imports_nothing(ward) -> None:
    services.budget_import(
        user=None, municipality=ward, data=TEMPLATE.encode(), source="a.csv", fiscal_year=2025
    )
    bad = TEMPLATE + "3 民生費,社会福祉費,社会福祉総務費,たくさん\n"
    with pytest.raises(BudgetImportError) as caught:
        services.budget_import(
            user=None, municipality=ward, data=bad.encode("cp932"), source="bad.csv", fiscal_year=2025
        )
    assert (caught.value.row, caught.value.column) == (4, "金額（千円）")
    assert Budget.objects.get().total == 300_000  # the old year is untouched


def test_a_book_with_previous_amounts_yields_the_previous_year(ward) -> None:
    data = (
        "款,項,目,本年度予算額,前年度予算額,節番号,節名,節金額,説明レベル,説明,説明金額\n"
        "議会費,議会費,1 議会費,300,250,1,報酬,300,1,給与費,300\n"
        "総務費,総務管理費,1 一般管理費,500,0,2,給料,500,,,\n"
    ).encode()
    summary = services.budget_import(
        user=None, municipality=ward, data=data, source="r8.csv", fiscal_year=2026
    )
    (derived,) = summary.derived
    assert derived.fiscal_year == 2025 and derived.total == 250_000 and "前年度予算額" in derived.derived_note
    assert Explanation.objects.get().text == "給与費"
    # a year imported from its own file is never overwritten by the next book's figures
    services.budget_import(
        user=None, municipality=ward, data=TEMPLATE.encode(), source="r7.csv", fiscal_year=2025
    )
    summary = services.budget_import(
        user=None, municipality=ward, data=data, source="r8.csv", fiscal_year=2026
    )
    assert summary.derived == [] and Budget.objects.get(fiscal_year=2025).total == 300_000


def test_the_demo_loads_idempotently(db: None) -> None:
    load_demo()
    counts = (Budget.objects.count(), BudgetLine.objects.count(), LineNote.objects.count())
    load_demo()
    assert (Budget.objects.count(), BudgetLine.objects.count(), LineNote.objects.count()) == counts
    assert (
        counts[0] == 13 and Budget.objects.filter(is_published=True).count() == 13
    )  # 4 years × 3, 2024 決算
