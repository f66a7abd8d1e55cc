"""Writes: importing a budget file (one transaction, replacing a year), publishing, population, notes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from yorozu.common.audit import record
from yorozu_core.budget import (
    ACCOUNT_GENERAL,
    BudgetImportError,
    Node,
    ParsedBudget,
    Unit,
    build_tree,
    check_sums,
    parse_budget_file,
    previous_year_lines,
)
from yorozu_core.budget.amounts import unit_doubt

from . import snapshot
from .models import Budget, BudgetLine, Explanation, LineNote, Municipality, Population, key_hash

KEY_SEPARATOR = "／"


@dataclass
class ImportSummary:
    """What an import did (or, for a preview, would do)."""

    budgets: list[Budget] = field(default_factory=list)
    parsed: list[ParsedBudget] = field(default_factory=list)
    trees: list[Node] = field(default_factory=list)
    derived: list[Budget] = field(default_factory=list)

    def describe(self) -> list[str]:
        lines = []
        for parsed, tree in zip(self.parsed, self.trees, strict=True):
            lines.append(
                f"{parsed.account} {parsed.side}: {tree.amount:,}円（{len(tree.children)}款、形式 {parsed.format}、"
                f"元の単位 {parsed.unit.value}）"
            )
        return lines


def budget_parse(
    *,
    data: bytes,
    source: str,
    fiscal_year: int,
    unit: Unit | None = None,
    format: str | None = None,
    population: int | None = None,
) -> tuple[list[ParsedBudget], list[Node]]:
    """Parse and build trees without touching the database (the preview). Raises BudgetImportError.

    A file with one column per year (the wide layout) gives every year it holds; ``fiscal_year``
    must be one of them. Amounts read as 円 without a stated unit that look like 千円 are refused."""
    try:
        parsed = parse_budget_file(data, source=source, unit=unit, format=format, fiscal_year=fiscal_year)
    except BudgetImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken xlsx/CSV must be a Japanese error, never a 500
        message = "ファイルを読み取れませんでした（壊れているか、形式が正しくありません）"
        raise BudgetImportError(message, source=source) from exc
    years = {item.fiscal_year for item in parsed if item.fiscal_year is not None}
    if years and fiscal_year not in years:
        raise BudgetImportError(
            f"ファイルの年度 {sorted(years)} に指定の {fiscal_year} がありません", source=source
        )
    trees = [build_tree(item.lines, item.explanations) for item in parsed]
    for item, tree in zip(parsed, trees, strict=True):
        doubt = (
            unit_doubt(tree.amount, population)
            if not item.unit_stated and item.account == ACCOUNT_GENERAL
            else None
        )
        if doubt:
            raise BudgetImportError(
                f"{item.account} {item.side}の金額が千円単位のようです: {doubt}。"
                "単位を指定して（--unit 千円 または 円、画面では「単位」）取り込み直してください",
                source=source,
            )
    return parsed, trees


def negative_rows(parsed: ParsedBudget) -> list[str]:
    """Lines of a 当初予算 with a negative amount, by row (shown on the preview; 補正 may be negative)."""
    return [
        f"{line.row}行目: 「{line.path[-1].name}」の金額が負です（{line.amount:,}円）"
        for line in parsed.lines
        if line.amount < 0
    ]


@transaction.atomic
def budget_import(
    *,
    user: Any,
    municipality: Municipality,
    data: bytes,
    source: str,
    fiscal_year: int,
    unit: Unit | None = None,
    format: str | None = None,
    phase: str = Budget.Phase.INITIAL,
    phase_number: int = 0,
    publish: bool = False,
) -> ImportSummary:
    """Import a file: each 会計 × 歳入/歳出 in it replaces that year's budget of the same phase.

    A 予算書 that prints 前年度予算額 also yields the previous year at the level it prints them,
    unless that year was imported from a file of its own. Nothing is written when any part fails.
    """
    parsed, trees = budget_parse(
        data=data, source=source, fiscal_year=fiscal_year, unit=unit, format=format,
        population=latest_population(municipality),
    )  # fmt: skip
    digest = hashlib.sha256(data).hexdigest()
    summary = ImportSummary(parsed=parsed, trees=trees)
    for item, tree in zip(parsed, trees, strict=True):
        budget = _replace_budget(
            municipality=municipality, fiscal_year=item.fiscal_year or fiscal_year, parsed=item, tree=tree, phase=phase,
            phase_number=phase_number, digest=digest, user=user, publish=publish,
        )  # fmt: skip
        summary.budgets.append(budget)
        if item.has_previous_amounts and phase == Budget.Phase.INITIAL:
            derived = _derive_previous_year(municipality=municipality, budget=budget, parsed=item, user=user)
            if derived is not None:
                summary.derived.append(derived)
    snapshot.bump(municipality.pk)  # the lines went in with bulk_create: no signal saw them
    return summary


def latest_population(municipality: Municipality) -> int | None:
    found = municipality.populations.order_by("-year").values_list("population", flat=True).first()
    return int(found) if found else None


def _delete_budget(budget: Budget) -> None:
    # Lines go in one statement each: the per-row audit signals would write thousands of entries;
    # the import writes one summary entry instead (docs/adr/0203-budget-import-replaces-a-year.md).
    _delete_lines(budget)
    budget.delete()


def _delete_lines(budget: Budget) -> None:
    Explanation.objects.filter(line__budget=budget)._raw_delete(connection.alias)  # type: ignore[attr-defined]
    BudgetLine.objects.filter(budget=budget)._raw_delete(connection.alias)  # type: ignore[attr-defined]


def _replace_budget(
    *, municipality: Municipality, fiscal_year: int, parsed: ParsedBudget, tree: Node, phase: str,
    phase_number: int, digest: str, user: Any, publish: bool, derived_note: str = "",
) -> Budget:  # fmt: skip
    """An unpublished version is replaced; a published one is never touched: the file becomes a draft
    beside it, shown to residents only after :func:`budget_publish_draft` (``publish`` is ignored)."""
    existing = Budget.objects.filter(
        municipality=municipality, fiscal_year=fiscal_year, account=parsed.account, side=parsed.side,
        phase=phase, phase_number=phase_number, draft_of__isnull=True,
    ).first()  # fmt: skip
    draft_of = existing if existing is not None and existing.is_published else None
    replaced = existing.drafts.first() if draft_of is not None else existing
    before = (replaced.total, replaced.lines.count()) if replaced else (None, 0)
    if replaced is not None:
        _delete_budget(replaced)
    mismatches = [
        {
            "path": list(m.path),
            "declared": m.declared,
            "children_total": m.children_total,
            "message": m.describe(),
        }
        for m in check_sums(tree)
    ]
    budget = Budget.objects.create(
        municipality=municipality, fiscal_year=fiscal_year, account=parsed.account, side=parsed.side,
        phase=phase, phase_number=phase_number, source_unit=parsed.unit.value, source_format=parsed.format,
        source_name=parsed.source[:200], source_sha256=digest, derived_note=derived_note, total=tree.amount,
        depth=_depth(tree), sum_mismatches=mismatches, warnings=list(parsed.warnings),
        is_published=publish and draft_of is None, draft_of=draft_of,
        imported_by=user if getattr(user, "is_authenticated", False) else None,
    )  # fmt: skip
    count = _write_lines(budget, tree)
    _keep_notes(municipality, tree)
    record(
        action="import", model="budget.budget", object_id=str(budget.pk), object_repr=str(budget)[:200],
        changes={"source": [None, parsed.source], "total": [before[0], budget.total], "lines": [before[1], count],
                 "sum_mismatches": [None, len(mismatches)], "draft_of": [None, draft_of.pk if draft_of else None]},
        actor=user,
    )  # fmt: skip
    return budget


@transaction.atomic
def budget_publish_draft(*, user: Any, draft: Budget) -> Budget:
    """Put a re-imported draft in place of the published version it was made beside (one transaction).

    A 予算書's draft brings the draft of the previous year derived from the same file along."""
    if draft.draft_of_id is None:
        raise ValueError("下書きではありません")
    companions = Budget.objects.filter(
        municipality_id=draft.municipality_id, fiscal_year=draft.fiscal_year - 1, source_sha256=draft.source_sha256,
        draft_of__isnull=False,
    ).exclude(derived_note="")  # fmt: skip
    for item in [draft, *companions]:
        published = item.draft_of
        assert published is not None
        record(
            action="publish", model="budget.budget", object_id=str(item.pk), object_repr=str(item)[:200],
            changes={"replaces": [published.pk, None], "total": [published.total, item.total]}, actor=user,
        )  # fmt: skip
        # the old row goes first without the cascade (it would take the draft with it); the draft's
        # reference is cleared in the same transaction (foreign keys are checked at commit)
        _delete_lines(published)
        Budget.objects.filter(pk=published.pk)._raw_delete(connection.alias)  # type: ignore[attr-defined]
        item.draft_of = None
        item.is_published = True
        item.save(update_fields=["draft_of", "is_published"])
    snapshot.bump(draft.municipality_id)
    return draft


def _depth(tree: Node) -> int:
    return max((len(ancestors) + 1 for ancestors, _ in tree.walk()), default=0)


def _insert_sql(model: Any, columns: list[str]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(c).column) for c in columns)
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608  (model metadata, no user input)


LINE_COLUMNS = ["budget", "parent", "depth", "position", "path", "key_path", "key_hash", "label", "code", "name",
                "amount", "previous_amount"]  # fmt: skip
EXPLANATION_COLUMNS = ["line", "position", "level", "text", "amount"]


def _write_lines(budget: Budget, tree: Node) -> int:
    """Insert level by level (executemany, a few statements per level, no per-row query), reading the
    new ids of a level back by path so that the next level can point at its parents. The import is one
    audited summary entry (docs/adr/0203-budget-import-replaces-a-year.md)."""
    line_sql = _insert_sql(BudgetLine, LINE_COLUMNS)
    level: list[tuple[Node, int | None, str, str]] = [(tree, None, "", "")]
    count = 0
    explanations: list[tuple[int, int, int, str, int | None]] = []
    with connection.cursor() as cursor:
        depth = 0
        while level:
            depth += 1
            rows: list[tuple[Any, ...]] = []
            nodes: list[tuple[Node, str, str]] = []
            for node, parent_id, path, keys in level:
                for position, child in enumerate(node.children, start=1):
                    child_path = f"{path}-{position}" if path else str(position)
                    child_keys = f"{keys}{KEY_SEPARATOR}{child.key}" if keys else child.key
                    rows.append((budget.pk, parent_id, depth, position, child_path, child_keys, key_hash(child_keys),
                                 child.label, child.code[:20], child.name[:300], child.amount, child.previous_amount))  # fmt: skip
                    nodes.append((child, child_path, child_keys))
            if not rows:
                break
            for start in range(0, len(rows), 2000):
                cursor.executemany(line_sql, rows[start : start + 2000])
            count += len(rows)
            ids = dict(BudgetLine.objects.filter(budget=budget, depth=depth).values_list("path", "id"))
            level = []
            for node, path, keys in nodes:
                line_id = ids[path]
                level.append((node, line_id, path, keys))
                explanations.extend(
                    (line_id, i, e.level, e.text[:500], e.amount)
                    for i, e in enumerate(node.explanations, start=1)
                )
        explanation_sql = _insert_sql(Explanation, EXPLANATION_COLUMNS)
        for start in range(0, len(explanations), 2000):
            cursor.executemany(explanation_sql, explanations[start : start + 2000])
    return count


def _keep_notes(municipality: Municipality, tree: Node) -> None:
    """説明文 carried by the file (yorozu template) become the line's note for residents."""
    for ancestors, node in tree.walk():
        if node.note:
            keys = KEY_SEPARATOR.join(n.key for n in (*ancestors, node))
            LineNote.objects.update_or_create(
                municipality=municipality,
                key_hash=key_hash(keys),
                defaults={"key_path": keys, "text": node.note},
            )


def _derive_previous_year(
    *, municipality: Municipality, budget: Budget, parsed: ParsedBudget, user: Any
) -> Budget | None:
    year = budget.fiscal_year - 1
    existing = Budget.objects.filter(
        municipality=municipality, fiscal_year=year, account=budget.account, side=budget.side,
        phase=Budget.Phase.INITIAL, phase_number=0, draft_of__isnull=True,
    ).first()  # fmt: skip
    if existing is not None and not existing.derived_note:
        return None  # a year imported from its own file wins over figures printed in the next book
    depth = max(len(line.path) for line in parsed.lines if line.previous_amount is not None)
    lines = previous_year_lines(parsed.lines, depth=depth)
    previous = ParsedBudget(
        format=parsed.format, source=parsed.source, unit=parsed.unit, account=parsed.account, side=parsed.side,
        fiscal_year=year, lines=lines,
    )  # fmt: skip
    note = (
        f"{budget.fiscal_year}年度予算書の「前年度予算額」から作成（{lines[0].path[-1].label}まで。"
        f"{budget.fiscal_year}年度に廃止された{lines[0].path[-1].label}は含まれません）"
    )
    return _replace_budget(
        municipality=municipality, fiscal_year=year, parsed=previous, tree=build_tree(lines),
        phase=Budget.Phase.INITIAL, phase_number=0, digest=budget.source_sha256, user=user,
        publish=budget.is_published, derived_note=note,
    )  # fmt: skip


def budget_set_published(*, user: Any, budget: Budget, published: bool) -> Budget:
    if budget.draft_of_id is not None:
        return budget_publish_draft(user=user, draft=budget) if published else budget
    budget.is_published = published
    budget.save(update_fields=["is_published"])  # audited by the save signal
    return budget


def population_set(
    *, user: Any, municipality: Municipality, year: int, population: int, source: str = ""
) -> Population:
    item, _ = Population.objects.update_or_create(
        municipality=municipality, year=year, defaults={"population": population, "source": source[:200]}
    )
    return item


def line_note_set(*, user: Any, municipality: Municipality, key_path: str, text: str) -> LineNote | None:
    text = text.strip()
    if not text:
        LineNote.objects.filter(municipality=municipality, key_hash=key_hash(key_path)).delete()
        return None
    note, _ = LineNote.objects.update_or_create(
        municipality=municipality,
        key_hash=key_hash(key_path),
        defaults={"key_path": key_path, "text": text[:1000]},
    )
    return note


def municipality_get_or_create(
    *, code: str, name: str = "", census: dict[str, tuple[str, int]] | None = None
) -> Municipality:
    """By code; a new one takes its name and 2020 population from the census when given."""
    found = Municipality.objects.filter(code=code).first()
    if found is not None:
        return found
    known = (census or {}).get(code)
    municipality = Municipality(code=code, name=name or (known[0] if known else ""))
    municipality.full_clean()
    municipality.save()
    if known:
        Population.objects.create(
            municipality=municipality, year=2020, population=known[1], source="総務省 令和2年国勢調査（速報）"
        )
    return municipality
