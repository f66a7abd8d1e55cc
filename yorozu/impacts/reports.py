"""The annual report of the effect ledger (a selector): per fiscal year (和暦) and cumulative.

Definitions (docs/impacts.md, decision record 0603):

* **realised** hours of a year: the hours saved of the realised records measured in that fiscal year
  (period ending on or before ``as_of``); **cumulative** realised: every such record up to ``as_of``.
* **projected** hours of a year: the projected records of that year, annualised.
* **realised, annualised**: each realised measurement scaled to a year with the seasonal weights.
* **live** deployments: went live on or before ``as_of`` and not retired (``yorozu_core.effects.is_live``).

Everything is computed from the records in a handful of grouped queries, whatever the size of the ledger.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from yorozu.accounts.models import Department, User
from yorozu.accounts.permissions import scope_to_user
from yorozu.consultations.models import Consultation
from yorozu.impacts.models import Deployment, EffectRecord, ToolKind
from yorozu.impacts.services import ledger_settings
from yorozu_core.effects import is_live, record_yen
from yorozu_core.fiscal import fiscal_year_bounds, fiscal_year_label, fiscal_year_of

ZERO = Decimal(0)
KIND_LABELS = {kind.value: str(kind.label) for kind in ToolKind}


@dataclass
class Hours:
    projected: Decimal = ZERO
    realised: Decimal = ZERO
    realised_annual: Decimal = ZERO


@dataclass
class YearRow:
    fiscal_year: int
    label: str
    consultations: int
    live: dict[str, int]
    live_total: int
    hours: Hours
    cumulative_realised: Decimal


@dataclass
class DepartmentRow:
    department_id: int | None
    name: str
    live: int
    hours: Hours
    cumulative_realised: Decimal


@dataclass
class KindRow:
    kind: str
    label: str
    live: int
    new: int
    hours: Hours


@dataclass
class ImpactReport:
    fiscal_year: int
    label: str
    start: date
    as_of: date
    hourly_rate_yen: int
    consultations: int
    live_total: int
    year: Hours
    cumulative: Hours
    year_yen: int
    cumulative_yen: int
    by_kind: list[KindRow] = field(default_factory=list)
    by_department: list[DepartmentRow] = field(default_factory=list)
    series: list[YearRow] = field(default_factory=list)

    def live_of(self, kind: str) -> int:
        return next((row.live for row in self.by_kind if row.kind == kind), 0)

    def as_dict(self) -> dict[str, Any]:
        """Everything, plus the headline figures under stable keys for other systems."""
        headline = {
            "deployments_by_tool": {row.kind: row.live for row in self.by_kind},
            "hours_saved": {
                "projected": self.year.projected,
                "realised": self.year.realised,
                "realised_annualised": self.year.realised_annual,
                "cumulative": {"projected": self.cumulative.projected, "realised": self.cumulative.realised},
            },
        }
        return _plain(asdict(self) | headline)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _period(fiscal_year: int | None, as_of: date | None) -> tuple[int, date]:
    today = timezone.localdate()
    if as_of is not None:
        return fiscal_year_of(as_of), as_of
    year = fiscal_year if fiscal_year is not None else fiscal_year_of(today)
    return year, min(fiscal_year_bounds(year)[1], max(today, fiscal_year_bounds(year)[0]))


def _scoped(user: User | None) -> tuple[Any, Any, Any]:
    deployments = Deployment.objects.all()
    effects = EffectRecord.objects.all()
    consultations = Consultation.objects.all()
    if user is not None:  # None: the public page, which shows only aggregate figures
        deployments = scope_to_user(deployments, user)
        effects = scope_to_user(effects, user, department_field="deployment__department")
        consultations = scope_to_user(consultations, user)
    return deployments, effects, consultations


def _counted_effects(effects: Any, as_of: date) -> Any:
    return effects.filter(Q(kind=EffectRecord.Kind.PROJECTED) | Q(period_end__lte=as_of))


GROUP_KEYS = ("fiscal_year", "deployment__department", "deployment__tool__kind", "kind")


def _grouped(effects: Any) -> list[dict[str, Any]]:
    """One pass over the records: sums per (year, department, tool kind, projected/realised)."""
    return list(effects.values(*GROUP_KEYS).annotate(h=Sum("hours_saved"), a=Sum("annual_hours")).order_by())


def _hours_by(rows: list[dict[str, Any]], key: str, *, year: int | None = None) -> dict[Any, Hours]:
    """Roll the grouped sums up by ``key``: projected = annualised projections; realised = measured."""
    result: dict[Any, Hours] = defaultdict(Hours)
    for row in rows:
        if year is not None and row["fiscal_year"] != year:
            continue
        hours = result[row[key]]
        if row["kind"] == EffectRecord.Kind.PROJECTED:
            hours.projected += row["a"] or ZERO
        else:
            hours.realised += row["h"] or ZERO
            hours.realised_annual += row["a"] or ZERO
    return result


def _sum_hours(rows: list[Hours]) -> Hours:
    return Hours(
        projected=sum((h.projected for h in rows), ZERO),
        realised=sum((h.realised for h in rows), ZERO),
        realised_annual=sum((h.realised_annual for h in rows), ZERO),
    )


def impact_report(
    *, user: User | None, fiscal_year: int | None = None, as_of: date | None = None
) -> ImpactReport:
    """The report for one fiscal year (counted to its end, or to today in the current year), or up
    to ``as_of`` (the fiscal year that contains it, counted to that day)."""
    year, day = _period(fiscal_year, as_of)
    start = fiscal_year_bounds(year)[0]
    deployments, effects, consultations = _scoped(user)
    grouped = _grouped(_counted_effects(effects, day).filter(fiscal_year__lte=year))
    by_year = _hours_by(grouped, "fiscal_year")
    dep_rows = list(
        deployments.values_list("id", "department_id", "tool__kind", "go_live", "retired_on", "status")
    )
    consult_by_year = dict(
        consultations.filter(fiscal_year__lte=year, received_on__lte=day)
        .values_list("fiscal_year")
        .annotate(n=Count("id"))
        .order_by()
    )
    series = _series(year, day, by_year, dep_rows, consult_by_year)
    rate = ledger_settings().hourly_rate_yen
    this_year = by_year.get(year, Hours())
    cumulative = _sum_hours(list(by_year.values()))
    return ImpactReport(
        fiscal_year=year,
        label=fiscal_year_label(year),
        start=start,
        as_of=day,
        hourly_rate_yen=rate,
        consultations=consult_by_year.get(year, 0),
        live_total=series[-1].live_total,
        year=this_year,
        cumulative=cumulative,
        year_yen=record_yen(hours=this_year.realised, hourly_rate_yen=rate),
        cumulative_yen=record_yen(hours=cumulative.realised, hourly_rate_yen=rate),
        by_kind=_by_kind(_hours_by(grouped, "deployment__tool__kind", year=year), dep_rows, start, day),
        by_department=_by_department(grouped, year, dep_rows, day),
        series=series,
    )


def _live_rows(dep_rows: list[tuple[Any, ...]], day: date) -> list[tuple[Any, ...]]:
    gone = (Deployment.Status.CANCELLED, Deployment.Status.PLANNED)
    return [row for row in dep_rows if row[5] not in gone and is_live(row[3], row[4], day)]


def _series(
    year: int,
    day: date,
    by_year: dict[Any, Hours],
    dep_rows: list[tuple[Any, ...]],
    consult_by_year: dict[int, int],
) -> list[YearRow]:
    known = [fiscal_year_of(row[3]) for row in dep_rows] + list(by_year) + list(consult_by_year)
    first = min([y for y in known if y <= year], default=year)
    running = ZERO
    rows: list[YearRow] = []
    for fy in range(first, year + 1):
        end = day if fy == year else fiscal_year_bounds(fy)[1]
        live = Counter(row[2] for row in _live_rows(dep_rows, end))
        hours = by_year.get(fy, Hours())
        running += hours.realised
        rows.append(
            YearRow(
                fiscal_year=fy,
                label=fiscal_year_label(fy),
                consultations=consult_by_year.get(fy, 0),
                live={kind: live.get(kind, 0) for kind in KIND_LABELS},
                live_total=sum(live.values()),
                hours=hours,
                cumulative_realised=running,
            )
        )
    return rows


def _by_kind(
    hours: dict[Any, Hours], dep_rows: list[tuple[Any, ...]], start: date, day: date
) -> list[KindRow]:
    live = Counter(row[2] for row in _live_rows(dep_rows, day))
    new = Counter(row[2] for row in _live_rows(dep_rows, day) if row[3] >= start)
    return [
        KindRow(
            kind=kind,
            label=label,
            live=live.get(kind, 0),
            new=new.get(kind, 0),
            hours=hours.get(kind, Hours()),
        )
        for kind, label in KIND_LABELS.items()
    ]


def _by_department(
    grouped: list[dict[str, Any]], year: int, dep_rows: list[tuple[Any, ...]], day: date
) -> list[DepartmentRow]:
    this_year = _hours_by(grouped, "deployment__department", year=year)
    to_date = _hours_by(grouped, "deployment__department")
    live = Counter(row[1] for row in _live_rows(dep_rows, day))
    ids = set(this_year) | set(live) | {k for k, h in to_date.items() if h.realised}
    departments = Department.objects.select_related("parent").in_bulk([i for i in ids if i is not None])
    rows = [
        DepartmentRow(
            department_id=dept_id,
            name=departments[dept_id].full_name if dept_id in departments else "全庁",
            live=live.get(dept_id, 0),
            hours=this_year.get(dept_id, Hours()),
            cumulative_realised=to_date.get(dept_id, Hours()).realised,
        )
        for dept_id in ids
    ]
    return sorted(rows, key=lambda r: (-r.cumulative_realised, -r.live, r.name))
