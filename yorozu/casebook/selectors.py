"""Reads of the casebook, always scoped by the requesting user (docs/casebook.md, 公開範囲).

* 関係機関 (external) users and anonymous visitors see nothing here (the public page has its own
  selector, :func:`public_case_study_list`).
* Consultants, viewers and admins see every 事例, drafts included.
* Requesters see every published 事例 (庁内, 公開, 他団体と共有, and imported ones) and the drafts
  of their own department.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from yorozu.accounts.models import City, User
from yorozu.accounts.permissions import is_desk_staff, scope_to_user
from yorozu.casebook.models import CasebookSettings, CaseStudy, Level, Status
from yorozu.consultations.models import Consultation, Stage, Theme
from yorozu_core.casebook.similar import IndexedCase, Match, SimilarIndex

DRAFTABLE_STAGES = frozenset({Stage.MEASUREMENT, Stage.DONE})
OWN = "own"  # the municipality filter value for this city's own 事例
EFFECT_STEPS = (100, 300, 500, 1000)  # the effect-size filter: 年換算の削減時間 at least … hours


def casebook_settings() -> CasebookSettings:
    return CasebookSettings.objects.filter(pk=1).first() or CasebookSettings(pk=1)


def can_use_casebook(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_external)


def case_study_visible(*, user: User) -> QuerySet[CaseStudy]:
    # index_terms is only read by similar_index(); every other read leaves it in the database
    rows = CaseStudy.objects.select_related("department__parent").defer("index_terms")
    if not can_use_casebook(user):
        return rows.none()
    if user.sees_all_departments:
        return rows
    own_drafts = Q(department_id=user.department_id) if user.department_id else Q(pk__in=[])
    return rows.filter(Q(status=Status.PUBLISHED) | own_drafts)


def case_study_get(*, user: User, pk: int) -> CaseStudy:
    found = case_study_visible(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404("事例が見つかりません。")
    return found


def can_edit(user: User, case_study: CaseStudy) -> bool:
    """Our own 事例 only: the desk always, the owning department's staff until it is published."""
    if case_study.is_imported or not can_use_casebook(user) or not user.can_write:
        return False
    if is_desk_staff(user):
        return True
    return (
        user.is_requester
        and case_study.department_id == user.department_id
        and case_study.status != Status.PUBLISHED
    )


def can_review(user: User, case_study: CaseStudy) -> bool:
    """The owning department reviews and publishes (admins too; the desk for 全庁 事例)."""
    if case_study.is_imported or not can_use_casebook(user) or not user.can_write:
        return False
    if user.is_yorozu_admin:
        return True
    if case_study.department_id is None:
        return is_desk_staff(user)
    return user.is_requester and case_study.department_id == user.department_id


def can_draft(user: User, consultation: Consultation) -> bool:
    return is_desk_staff(user) and consultation.stage in DRAFTABLE_STAGES


@dataclass(frozen=True)
class CaseStudyFilters:
    query: str = ""
    theme: str = ""
    tool: str = ""
    municipality: str = ""  # OWN or a 団体コード
    min_hours: int | None = None
    status: str = ""
    level: str = ""


def case_study_list(*, user: User, filters: CaseStudyFilters | None = None) -> list[CaseStudy]:
    """Visible 事例 matching the filters; ranked by similarity when there is a keyword."""
    f = filters or CaseStudyFilters()
    rows = case_study_visible(user=user)
    exact = {"theme": f.theme, "status": f.status, "level": f.level}
    rows = rows.filter(**{k: v for k, v in exact.items() if v})
    if f.municipality:
        rows = rows.filter(municipality_code="" if f.municipality == OWN else f.municipality)
    if f.min_hours is not None:
        rows = rows.filter(annual_hours_saved__gte=f.min_hours)
    found = [c for c in rows if not f.tool or f.tool in c.tools]
    if not f.query.strip():
        return found
    order = {m.doc_id: i for i, m in enumerate(similar_matches(text=f.query, k=len(found) or 1, ids=found))}
    return sorted((c for c in found if str(c.pk) in order), key=lambda c: order[str(c.pk)])


def tool_choices(*, user: User) -> list[str]:
    tools = {t for row in case_study_visible(user=user).values_list("tools", flat=True) for t in row or []}
    return sorted(tools)


def municipality_choices(*, user: User) -> list[tuple[str, str]]:
    imported = (
        case_study_visible(user=user)
        .exclude(municipality_code="")
        .values_list("municipality_code", "municipality_name")
        .distinct()
        .order_by("municipality_code")
    )
    return [(OWN, "自団体"), *((code, name) for code, name in imported)]


def public_case_study_list() -> QuerySet[CaseStudy]:
    """Our own 事例 published at 公開 level, when the city has switched the public page on."""
    if not casebook_settings().public_page:
        return CaseStudy.objects.none()
    return CaseStudy.objects.filter(status=Status.PUBLISHED, level=Level.PUBLIC, municipality_code="")


def public_case_study_get(*, uid: str) -> CaseStudy:
    found = public_case_study_list().filter(uid=uid).first()
    if found is None:
        raise Http404("事例が見つかりません。")
    return found


def reuse_count(case_study: CaseStudy) -> int:
    return case_study.reuses.count()


# --- similar cases -------------------------------------------------------------------------------

_cache_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, object], SimilarIndex]] = {}


def _fingerprint() -> tuple[int, object]:
    agg = CaseStudy.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    return (agg["n"], (agg["last"], agg["top"]))


def similar_index() -> SimilarIndex:
    """The index of every 事例, rebuilt when one is added, changed or deleted (per process)."""
    key = _fingerprint()
    with _cache_lock:
        cached = _cache.get("all")
        if cached and cached[0] == key:
            return cached[1]
    rows = CaseStudy.objects.values_list("pk", "index_terms", "theme", "tools")
    index = SimilarIndex(
        IndexedCase(str(pk), tuple(terms), theme, tuple(tools)) for pk, terms, theme, tools in rows
    )
    with _cache_lock:
        _cache["all"] = (key, index)
    return index


def similar_matches(*, text: str, k: int, ids: list[CaseStudy], theme: str = "") -> list[Match]:
    allowed = frozenset(str(c.pk) for c in ids)
    return similar_index().search(text, k=k, theme=theme, allowed=allowed)


@dataclass(frozen=True)
class SimilarCase:
    case_study: CaseStudy
    score: float
    shared_terms: tuple[str, ...]
    same_theme: bool
    tools: tuple[str, ...]
    reuses: int

    @property
    def reasons(self) -> list[str]:
        out = []
        if self.shared_terms:
            out.append("共通の語: " + "・".join(self.shared_terms))
        if self.same_theme:
            out.append(f"同じテーマ（{self.case_study.get_theme_display()}）")
        if self.tools:
            out.append("ツール: " + "・".join(self.tools))
        return out


def similar_case_studies(
    *, user: User, text: str, theme: str = "", k: int = 5, exclude_consultation: int | None = None
) -> list[SimilarCase]:
    """The ``k`` most similar published 事例 the user may see (own and imported), best first.

    Only the ids of the visible set are read before ranking; full rows only for the k answers.
    """
    rows = case_study_visible(user=user).filter(status=Status.PUBLISHED)
    if exclude_consultation is not None:
        rows = rows.exclude(consultation_id=exclude_consultation)
    allowed = frozenset(str(pk) for pk in rows.values_list("pk", flat=True))
    matches = similar_index().search(text, k=k, theme=theme, allowed=allowed)
    found = rows.filter(pk__in=[int(m.doc_id) for m in matches]).annotate(reuse_total=Count("reuses"))
    by_id = {str(c.pk): c for c in found}
    return [
        SimilarCase(
            by_id[m.doc_id], m.score, m.shared_terms, m.same_theme, m.tools, by_id[m.doc_id].reuse_total
        )
        for m in matches
        if m.doc_id in by_id
    ]


def consultation_text(consultation: Consultation) -> str:
    return "\n".join((consultation.title, consultation.current_issue, consultation.target_work))


def similar_for_consultation(*, user: User, consultation: Consultation, k: int = 5) -> list[SimilarCase]:
    return similar_case_studies(
        user=user,
        text=consultation_text(consultation),
        theme=consultation.theme,
        k=k,
        exclude_consultation=consultation.pk,
    )


def theme_label(theme: str) -> str:
    return str(Theme(theme).label) if theme in Theme.values else ""


def effect_hours(value: Decimal | None) -> str:
    return f"{value:,.0f}時間" if value is not None else "—"


def own_city_name() -> str:
    city = City.objects.order_by("id").first()
    return city.name if city else ""


def municipality_label(case_study: CaseStudy) -> str:
    return case_study.municipality_name if case_study.is_imported else own_city_name()


def consultation_ids_visible(*, user: User, ids: list[int]) -> list[int]:
    return list(scope_to_user(Consultation.objects.filter(pk__in=ids), user).values_list("pk", flat=True))


def reused_by_consultation(*, user: User, consultation: Consultation) -> list[CaseStudy]:
    return list(case_study_visible(user=user).filter(reuses__consultation=consultation))


def drafted_from(*, user: User, consultation: Consultation) -> CaseStudy | None:
    return case_study_visible(user=user).filter(consultation=consultation, municipality_code="").first()


def imported_summary() -> list[dict[str, object]]:
    return list(
        CaseStudy.objects.exclude(municipality_code="")
        .values("municipality_code", "municipality_name")
        .annotate(total=Count("id"), last=Max("imported_at"))
        .order_by("municipality_code")
    )
