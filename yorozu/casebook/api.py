"""JSON API of 事例集, mounted at /api/casebook/ (bearer token; the same visibility as the pages)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from yorozu.accounts.models import User
from yorozu.casebook import selectors
from yorozu.casebook.models import CaseStudy
from yorozu.common.api import ErrorOut

router = Router(tags=["事例集"])
MAX_SIMILAR = 20


class CaseStudyOut(Schema):
    id: int
    title: str
    municipality: str
    municipality_code: str
    imported: bool
    theme: str
    theme_label: str
    level: str
    status: str
    tools: list[str]
    annual_hours_saved: Decimal | None
    annual_yen_saved: int | None


class CaseStudyListOut(Schema):
    count: int
    items: list[CaseStudyOut]


class CaseStudyDetailOut(CaseStudyOut):
    version: int
    uid: str
    department: str
    summary: str
    challenge: str
    solution: str
    outcome: str
    continuity: str
    operation_period: str
    references: str
    effect_period_start: date | None
    effect_period_end: date | None
    reuse_count: int


class SimilarOut(Schema):
    id: int
    title: str
    municipality: str
    theme: str
    score: float
    reasons: list[str]
    annual_hours_saved: Decimal | None
    reuse_count: int


class SimilarListOut(Schema):
    items: list[SimilarOut]


class ListFilters(Schema):
    q: str = ""
    theme: str = ""
    tool: str = ""
    municipality: str = ""
    min_hours: int | None = None
    page: int = 1
    page_size: int = 50


def _user(request: HttpRequest) -> User:
    user: User = request.user
    if not selectors.can_use_casebook(user):
        raise HttpError(403, "事例集を利用する権限がありません。")
    return user


def _out(cs: CaseStudy, city: str) -> dict[str, object]:
    return {
        "id": cs.pk,
        "title": cs.title,
        "municipality": cs.municipality_name if cs.is_imported else city,
        "municipality_code": cs.municipality_code,
        "imported": cs.is_imported,
        "theme": cs.theme,
        "theme_label": cs.get_theme_display(),
        "level": cs.level,
        "status": cs.status,
        "tools": list(cs.tools),
        "annual_hours_saved": cs.annual_hours_saved,
        "annual_yen_saved": cs.annual_yen_saved,
    }


@router.get("/", response={200: CaseStudyListOut, 403: ErrorOut, 422: ErrorOut})
def case_study_list(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, object]:
    """事例 the user may see (drafts only of the user's own department, or all for the desk)."""
    user = _user(request)
    if filters.page < 1 or filters.page_size < 1:
        raise HttpError(422, "page と page_size は1以上にしてください。")
    f = selectors.CaseStudyFilters(
        filters.q, filters.theme, filters.tool, filters.municipality, filters.min_hours
    )
    rows = selectors.case_study_list(user=user, filters=f)
    size = min(filters.page_size, 500)
    start = (filters.page - 1) * size
    city = selectors.own_city_name()
    return {"count": len(rows), "items": [_out(cs, city) for cs in rows[start : start + size]]}


@router.get("/similar", response={200: SimilarListOut, 403: ErrorOut, 422: ErrorOut})
def case_study_similar(request: HttpRequest, text: str, theme: str = "", k: int = 5) -> dict[str, object]:
    """The published 事例 most similar to ``text`` (own and imported), with why they match."""
    user = _user(request)
    if not text.strip():
        raise HttpError(422, "text（相談の内容）を入れてください。")
    if not 1 <= k <= MAX_SIMILAR:
        raise HttpError(422, f"k は1〜{MAX_SIMILAR}にしてください。")
    city = selectors.own_city_name()
    results = selectors.similar_case_studies(user=user, text=text[:5000], theme=theme, k=k)
    return {
        "items": [
            {
                "id": r.case_study.pk,
                "title": r.case_study.title,
                "municipality": selectors.municipality_label(r.case_study) or city,
                "theme": r.case_study.theme,
                "score": r.score,
                "reasons": r.reasons,
                "annual_hours_saved": r.case_study.annual_hours_saved,
                "reuse_count": r.reuses,
            }
            for r in results
        ]
    }


@router.get("/{case_study_id}", response={200: CaseStudyDetailOut, 403: ErrorOut, 404: ErrorOut})
def case_study_detail(request: HttpRequest, case_study_id: int) -> dict[str, object]:
    user = _user(request)
    try:
        cs = selectors.case_study_get(user=user, pk=case_study_id)
    except Http404 as error:
        raise HttpError(404, "事例が見つかりません。") from error
    return {
        **_out(cs, selectors.own_city_name()),
        "version": cs.version,
        "uid": str(cs.uid),
        "department": cs.department_name,
        "summary": cs.summary,
        "challenge": cs.challenge,
        "solution": cs.solution,
        "outcome": cs.outcome,
        "continuity": cs.continuity,
        "operation_period": cs.operation_period,
        "references": cs.references,
        "effect_period_start": cs.effect_period_start,
        "effect_period_end": cs.effect_period_end,
        "reuse_count": selectors.reuse_count(cs),
    }
