"""Reads, always scoped by the requesting user (a dataset the user may not see is 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from yorozu.accounts.models import User
from yorozu.consultations.models import Consultation
from yorozu_core.analysis.columns import TownList as CoreTownList
from yorozu_core.analysis.engine import Table

from .models import Dataset, SavedView, TownList


def dataset_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Dataset]:
    """Consultants, viewers and admins see all; a requester their department's and those shared with it."""
    queryset = Dataset.objects.select_related("department", "consultation")
    if not user.is_authenticated or not user.is_active or user.is_external:
        return queryset.none()
    if not user.sees_all_departments:
        if not user.department_id:
            return queryset.none()
        queryset = queryset.filter(
            Q(department_id=user.department_id) | Q(shared_departments__id=user.department_id)
        ).distinct()
    filters = filters or {}
    if filters.get("consultation"):
        queryset = queryset.filter(consultation_id=filters["consultation"])
    if filters.get("q"):
        queryset = queryset.filter(name__icontains=filters["q"])
    return queryset


def dataset_get(*, user: User, pk: int) -> Dataset:
    dataset = dataset_list(user=user).filter(pk=pk).first()
    if dataset is None:
        raise Http404("データが見つかりません。")
    return dataset


def dataset_can_change(*, user: User, dataset: Dataset) -> bool:
    """The owning department's requesters and the desk; a department it is shared with only reads."""
    if not user.is_authenticated or not user.can_write or user.is_external:
        return False
    return user.sees_all_departments or dataset.department_id == user.department_id


def saved_view_get(*, user: User, pk: int) -> SavedView:
    view = (
        SavedView.objects.filter(pk=pk, dataset__in=dataset_list(user=user)).select_related("dataset").first()
    )
    if view is None:
        raise Http404("保存した集計が見つかりません。")
    return view


def public_view_get(*, slug: str) -> SavedView:
    view = SavedView.objects.filter(public_slug=slug, is_public=True).select_related("dataset").first()
    if view is None:
        raise Http404("公開ページが見つかりません。")
    return view


def town_list() -> CoreTownList:
    stored = TownList.objects.order_by("-updated_at").first()
    if stored is None:
        return CoreTownList(city="")
    return CoreTownList(
        city=stored.city_name,
        towns=tuple(t.strip() for t in stored.towns.splitlines() if t.strip()),
        postal_codes=tuple(p.strip().replace("-", "") for p in stored.postal_codes.splitlines() if p.strip()),
    )


def table_of(dataset: Dataset) -> Table:
    return Table(path=dataset.parquet_path, specs=dataset.specs, towns=town_list())


def consultations_for(*, user: User) -> QuerySet[Consultation]:
    from yorozu.accounts.permissions import scope_to_user

    return scope_to_user(Consultation.objects.order_by("-received_on", "-id"), user)
