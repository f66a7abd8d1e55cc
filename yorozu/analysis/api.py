"""JSON API of データ分析: datasets (list, multipart upload, one), cross-tabulation and frequencies.

The same shapes as the CLI (``yorozu analysis crosstab|frequencies --json``)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from yorozu.accounts.models import Department, User
from yorozu.common.api import paginate, require_writer
from yorozu.consultations.models import Consultation

from . import selectors, services
from .models import Dataset
from .results import run

router = Router(tags=["データ分析"])


class ColumnOut(Schema):
    key: str
    name: str
    kind: str
    kind_label: str


class DatasetOut(Schema):
    id: int
    name: str
    department: str
    department_id: int
    consultation_id: int | None
    row_count: int
    version: int
    source_name: str
    columns: list[ColumnOut]


class DatasetList(Schema):
    count: int
    items: list[DatasetOut]


def _out(dataset: Dataset) -> dict[str, Any]:
    return {
        "id": dataset.pk, "name": dataset.name, "department": str(dataset.department),
        "department_id": dataset.department_id, "consultation_id": dataset.consultation_id,
        "row_count": dataset.row_count, "version": dataset.version, "source_name": dataset.source_name,
        "columns": [{"key": s.key, "name": s.name, "kind": s.kind.value, "kind_label": s.kind_label}
                    for s in dataset.specs],
    }  # fmt: skip


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if user.is_external:
        raise HttpError(403, "データ分析は庁内の職員だけが使えます。")
    return user


def _dataset(request: HttpRequest, dataset_id: int) -> Dataset:
    try:
        return selectors.dataset_get(user=_user(request), pk=dataset_id)
    except Http404 as exc:
        raise HttpError(404, "データが見つかりません。") from exc


def _column_key(dataset: Dataset, name_or_key: str) -> str:
    """Columns may be named by their header (「満足度」) or their key (``c3``)."""
    for spec in dataset.specs:
        if name_or_key in (spec.key, spec.name):
            return spec.key
    raise HttpError(422, f"列「{name_or_key}」はこのデータにありません。")


@router.get("/datasets/", response=DatasetList)
def dataset_list(
    request: HttpRequest, page: int = 1, page_size: int = 50, consultation: int | None = None
) -> Any:
    count, rows = paginate(
        selectors.dataset_list(user=_user(request), filters={"consultation": consultation}),
        page=page, page_size=page_size,
    )  # fmt: skip
    return {"count": count, "items": [_out(d) for d in rows]}


@router.post("/datasets/", response={201: DatasetOut})
def dataset_upload(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008 - django-ninja's declaration style
    name: str = Form(""),  # noqa: B008
    department: int | None = Form(None),  # noqa: B008
    consultation: int | None = Form(None),  # noqa: B008
    sheet: str = Form(""),  # noqa: B008
) -> Any:
    user = _user(request)
    require_writer(request)
    target = _department(user, department)
    linked = _consultation(user, consultation)
    suffix = Path(file.name or "").suffix.lower()
    path = Path(settings.DATA_DIR) / "analysis" / "incoming" / f"api-{secrets.token_hex(16)}{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for chunk in file.chunks():
            handle.write(chunk)
    try:
        dataset = services.dataset_import(user=user, source=path, name=name, file_name=file.name or "",
                                          department=target, consultation=linked, sheet=sheet)  # fmt: skip
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc
    finally:
        path.unlink(missing_ok=True)
    return Status(201, _out(dataset))


def _department(user: User, department: int | None) -> Department:
    if department is None:
        if user.department is None:
            raise HttpError(422, "department（所管課のID）を指定してください。")
        return user.department
    found = Department.objects.filter(pk=department).first()
    if found is None or not (user.sees_all_departments or found.pk == user.department_id):
        raise HttpError(422, "この所管課にはデータを登録できません。")
    return found


def _consultation(user: User, consultation: int | None) -> Consultation | None:
    if consultation is None:
        return None
    found = selectors.consultations_for(user=user).filter(pk=consultation).first()
    if found is None:
        raise HttpError(422, f"相談 #{consultation} が見つかりません。")
    return found


@router.get("/datasets/{dataset_id}", response=DatasetOut)
def dataset_detail(request: HttpRequest, dataset_id: int) -> Any:
    return _out(_dataset(request, dataset_id))


@router.get("/datasets/{dataset_id}/crosstab")
def dataset_crosstab(
    request: HttpRequest,
    dataset_id: int,
    row: str,
    column: str,
    filter_column: str = "",
    filter_value: str = "",
) -> Any:
    dataset = _dataset(request, dataset_id)
    analysis = {"type": "crosstab", "row": _column_key(dataset, row), "column": _column_key(dataset, column)}
    if filter_column and filter_value:
        analysis |= {"filter_column": _column_key(dataset, filter_column), "filter_value": filter_value}
    try:
        result = run(dataset, analysis)
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc
    assert result.crosstab is not None
    return result.crosstab.as_json()


@router.get("/datasets/{dataset_id}/frequencies")
def dataset_frequencies(
    request: HttpRequest, dataset_id: int, column: str, filter_column: str = "", filter_value: str = ""
) -> Any:
    dataset = _dataset(request, dataset_id)
    analysis = {"type": "frequencies", "column": _column_key(dataset, column)}
    if filter_column and filter_value:
        analysis |= {"filter_column": _column_key(dataset, filter_column), "filter_value": filter_value}
    try:
        result = run(dataset, analysis)
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc
    assert result.frequencies is not None
    return result.frequencies.as_json()
