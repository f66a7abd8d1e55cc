"""Writes of the casebook: draft from a case, edit, review and publish, link reuse, import files.

Every write is one transaction and saved through the models, so the audit log records it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from yorozu.accounts.models import City, User
from yorozu.accounts.permissions import is_desk_staff
from yorozu.casebook import selectors
from yorozu.casebook.models import CasebookSettings, CaseStudy, CaseStudyReuse, Level, Status
from yorozu.common.audit import record as audit_record
from yorozu.consultations.models import Consultation
from yorozu.impacts.models import Deployment, EffectRecord
from yorozu.impacts.services import ledger_settings
from yorozu.worksheets.plan import chosen_tool
from yorozu.worksheets.selectors import analysis_for
from yorozu_core.casebook.draft import DeploymentFacts, DraftFacts, EffectFacts, WorkFacts, compose_draft
from yorozu_core.casebook.exchange import (
    CasebookDocument,
    CaseStudyRecord,
    Effect,
    Municipality,
    is_newer,
)
from yorozu_core.casebook.similar import CaseText, case_terms
from yorozu_core.effects import is_live

EDITABLE_FIELDS = (
    "title",
    "summary",
    "challenge",
    "solution",
    "outcome",
    "continuity",
    "operation_period",
    "references",
    "theme",
    "tools",
    "annual_hours_saved",
    "annual_yen_saved",
    "effect_period_start",
    "effect_period_end",
)


def refresh_index_terms(case_study: CaseStudy) -> None:
    body = "\n".join((case_study.summary, case_study.challenge, case_study.solution))
    text = CaseText(
        str(case_study.pk),
        case_study.title,
        body,
        selectors.theme_label(case_study.theme),
        tuple(case_study.tools),
    )
    case_study.index_terms = case_terms(text)


# --- drafting ------------------------------------------------------------------------------------


def draft_facts(consultation: Consultation) -> DraftFacts:
    """What yorozu holds about a finished case, without any person's name."""
    analysis = analysis_for(consultation=consultation)
    worksheet = analysis.worksheet
    tool = chosen_tool(analysis) if analysis.rows else None
    fit_reasons: tuple[str, ...] = ()
    if tool is not None:
        fits = [f for row in analysis.rows for f in row.fits if f.tool == tool and f.passed]
        fit_reasons = tuple(dict.fromkeys(r for f in fits for r in f.reasons))[:4]
    deployments = list(Deployment.objects.filter(consultation=consultation).select_related("tool"))
    effects = EffectRecord.objects.filter(
        deployment__in=deployments, kind=EffectRecord.Kind.REALISED
    ).order_by("period_start")
    today = timezone.localdate()
    return DraftFacts(
        title=consultation.title,
        theme_label=consultation.get_theme_display(),
        department=consultation.department.full_name,
        current_issue=consultation.current_issue,
        target_work=consultation.target_work,
        work=tuple(
            WorkFacts(r.item.name, r.item.annual_cases, r.figures.hours_before, r.item.get_medium_display())
            for r in analysis.rows
        ),
        annual_hours_before=analysis.totals.hours_before if analysis.rows else None,
        planned_hours_saved=analysis.totals.hours_saved if analysis.rows else None,
        proposed_tool=tool.label if tool else "",
        fit_reasons=fit_reasons,
        solution=worksheet.solution if worksheet else "",
        selection_reason=worksheet.selection_reason if worksheet else "",
        deployments=tuple(
            DeploymentFacts(
                d.name,
                d.tool.name,
                d.go_live,
                d.retired_on,
                d.get_status_display(),
                is_live(d.go_live, d.retired_on, today),
            )
            for d in deployments
        ),
        effects=tuple(
            EffectFacts(e.period_start, e.period_end, e.hours_saved, e.annual_hours) for e in effects
        ),
        hourly_rate_yen=ledger_settings().hourly_rate_yen,
    )


@transaction.atomic
def case_study_draft(*, user: User, consultation: Consultation) -> CaseStudy:
    """「事例にする」: a draft from a case in 効果測定 or 完了 (the existing one when already drafted)."""
    if not selectors.can_draft(user, consultation):
        raise PermissionDenied("事例にできるのは、効果測定・完了の相談で、IT推進課の担当者です。")
    existing = CaseStudy.objects.filter(consultation=consultation, municipality_code="").first()
    if existing is not None:
        return existing
    text = compose_draft(draft_facts(consultation))
    realised = text.realised
    case_study = CaseStudy(
        title=text.title[:200],
        summary=text.summary,
        challenge=text.challenge,
        solution=text.solution,
        outcome=text.outcome,
        continuity=text.continuity,
        operation_period=text.operation_period[:200],
        theme=consultation.theme,
        tools=list(text.tools),
        department=consultation.department,
        department_name=consultation.department.full_name,
        consultation=consultation,
        annual_hours_saved=realised.annual_hours.quantize(Decimal("0.1")) if realised else None,
        annual_yen_saved=realised.annual_yen if realised else None,
        effect_period_start=realised.period_start if realised else None,
        effect_period_end=realised.period_end if realised else None,
        created_by=user,
    )
    refresh_index_terms(case_study)
    case_study.save()
    return case_study


# --- editing, review, publication -----------------------------------------------------------------


@transaction.atomic
def case_study_update(*, user: User, case_study: CaseStudy, data: dict[str, Any]) -> CaseStudy:
    if not selectors.can_edit(user, case_study):
        raise PermissionDenied("この事例を編集する権限がありません。")
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(case_study, name, data[name])
    case_study.full_clean(exclude=["department", "consultation", "created_by"])
    if case_study.is_published:
        case_study.version += 1  # other cities replace their copy with the newer version
    refresh_index_terms(case_study)
    case_study.save()
    return case_study


@transaction.atomic
def case_study_submit(*, user: User, case_study: CaseStudy) -> CaseStudy:
    if not selectors.can_edit(user, case_study) or case_study.status != Status.DRAFT:
        raise PermissionDenied("下書きの事例だけを確認に回せます。")
    case_study.status = Status.REVIEW
    case_study.save()
    return case_study


@transaction.atomic
def case_study_publish(*, user: User, case_study: CaseStudy, level: str) -> CaseStudy:
    if not selectors.can_review(user, case_study):
        raise PermissionDenied("事例を公開できるのは所管課（または管理者）です。")
    if level not in Level.values:
        raise ValidationError({"level": "公開範囲は 庁内・公開・他団体と共有 のいずれかにしてください。"})
    case_study.level = level
    if not case_study.is_published:
        case_study.status = Status.PUBLISHED
        case_study.published_at = timezone.now()
        if case_study.department_id and case_study.department:
            case_study.department_name = case_study.department.full_name
    case_study.save()
    return case_study


@transaction.atomic
def case_study_withdraw(*, user: User, case_study: CaseStudy) -> CaseStudy:
    """Back to 下書き (the public page and exports stop showing it)."""
    if not selectors.can_review(user, case_study):
        raise PermissionDenied("事例を非公開に戻せるのは所管課（または管理者）です。")
    case_study.status = Status.DRAFT
    case_study.save()
    return case_study


@transaction.atomic
def case_study_link_reuse(*, user: User, case_study: CaseStudy, consultation: Consultation) -> CaseStudyReuse:
    """Record that ``consultation`` reused ``case_study`` (the desk links; once per pair)."""
    if not is_desk_staff(user):
        raise PermissionDenied("事例の再利用を記録できるのはIT推進課の担当者です。")
    if not case_study.is_published:
        raise ValidationError("公開済みの事例だけを参考にした事例として記録できます。")
    reuse, _ = CaseStudyReuse.objects.get_or_create(
        case_study=case_study, consultation=consultation, defaults={"linked_by": user}
    )
    return reuse


@transaction.atomic
def casebook_settings_update(*, user: User, public_page: bool) -> CasebookSettings:
    if not user.is_yorozu_admin:
        raise PermissionDenied("設定を変更できるのは管理者です。")
    current = selectors.casebook_settings()
    current.public_page = public_page
    current.save()
    return current


# --- exchange between municipalities ------------------------------------------------------------

EXPORT_LEVELS: dict[str, tuple[str, ...]] = {
    # 公開 is more open than 他団体と共有: what residents may read, other cities may too.
    Level.SHARED: (Level.SHARED, Level.PUBLIC),
    Level.PUBLIC: (Level.PUBLIC,),
    Level.INTERNAL: (Level.INTERNAL, Level.SHARED, Level.PUBLIC),
}


def own_municipality() -> Municipality:
    city = City.objects.order_by("id").first()
    if city is None:
        raise ValidationError(
            "自治体（団体名・全国地方公共団体コード）が設定されていません。管理画面で登録してください。"
        )
    return Municipality(city.name, city.code)


def to_record(case_study: CaseStudy) -> CaseStudyRecord:
    effect = None
    if case_study.annual_hours_saved is not None or case_study.annual_yen_saved is not None:
        effect = Effect(
            float(case_study.annual_hours_saved) if case_study.annual_hours_saved is not None else None,
            case_study.annual_yen_saved,
            case_study.effect_period_start,
            case_study.effect_period_end,
        )
    return CaseStudyRecord(
        uid=str(case_study.uid),
        version=case_study.version,
        updated_at=case_study.source_updated_at or case_study.updated_at,
        title=case_study.title,
        theme=case_study.theme,
        summary=case_study.summary,
        challenge=case_study.challenge,
        solution=case_study.solution,
        outcome=case_study.outcome,
        continuity=case_study.continuity,
        operation_period=case_study.operation_period,
        references=case_study.references,
        tools=tuple(case_study.tools),
        department=case_study.department_name,
        effect=effect,
    )


def casebook_export(*, level: str = Level.SHARED) -> CasebookDocument:
    """Our own published 事例 at ``level`` (never another city's) as an exchange document."""
    if level not in EXPORT_LEVELS:
        raise ValidationError(f"公開範囲 {level!r} は shared・public・internal のいずれかにしてください。")
    rows = CaseStudy.objects.filter(
        municipality_code="", status=Status.PUBLISHED, level__in=EXPORT_LEVELS[level]
    ).order_by("id")
    return CasebookDocument(own_municipality(), timezone.now(), tuple(to_record(c) for c in rows))


@dataclass
class ImportResult:
    municipality: Municipality
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.municipality.name}（{self.municipality.code}）: 追加 {len(self.added)}件、"
            f"更新 {len(self.replaced)}件、変更なし {len(self.unchanged)}件"
        )


def _apply(case_study: CaseStudy, record: CaseStudyRecord, municipality: Municipality, now: datetime) -> None:
    effect = record.effect or Effect()
    values: dict[str, Any] = {
        "version": record.version,
        "title": record.title,
        "summary": record.summary,
        "challenge": record.challenge,
        "solution": record.solution,
        "outcome": record.outcome,
        "continuity": record.continuity,
        "operation_period": record.operation_period[:200],
        "references": record.references,
        "theme": record.theme,
        "tools": list(record.tools),
        "department_name": record.department,
        "annual_hours_saved": Decimal(str(effect.annual_hours)).quantize(Decimal("0.1"))
        if effect.annual_hours is not None
        else None,
        "annual_yen_saved": effect.annual_yen,
        "effect_period_start": effect.period_start,
        "effect_period_end": effect.period_end,
        "status": Status.PUBLISHED,
        "level": Level.SHARED,
        "municipality_name": municipality.name,
        "source_updated_at": record.updated_at,
        "imported_at": now,
        "published_at": record.updated_at,
    }
    for name, value in values.items():
        setattr(case_study, name, value)
    refresh_index_terms(case_study)


@transaction.atomic
def casebook_import(*, user: User, document: CasebookDocument) -> ImportResult:
    """Add another municipality's 事例; a newer version replaces the older; the same adds nothing."""
    if not (user.is_yorozu_admin or user.is_consultant):
        raise PermissionDenied("事例を取り込めるのはIT推進課の担当者と管理者です。")
    municipality = document.municipality
    own = City.objects.filter(code=municipality.code).first()
    if own is not None:
        raise ValidationError(f"自団体（{own.name} {own.code}）のファイルは取り込めません。")
    result = ImportResult(municipality)
    now = timezone.now()
    stored_by_uid = {str(c.uid): c for c in CaseStudy.objects.filter(municipality_code=municipality.code)}
    for record in document.items:
        stored = stored_by_uid.get(record.uid)
        if stored is not None and not is_newer(
            record,
            stored_version=stored.version,
            stored_updated_at=stored.source_updated_at or stored.updated_at,
        ):
            result.unchanged.append(record.title)
            continue
        target = stored or CaseStudy(uid=record.uid, municipality_code=municipality.code, created_by=user)
        (result.replaced if stored else result.added).append(record.title)
        _apply(target, record, municipality, now)
        target.save()
    # Each row went through save() (audited one by one); one more entry records the file itself.
    audit_record(
        action="import",
        model="casebook.casestudy",
        object_id=municipality.code,
        object_repr=f"事例集の取込: {municipality.name}",
        changes={
            "added": len(result.added),
            "replaced": len(result.replaced),
            "unchanged": len(result.unchanged),
        },
    )
    return result
