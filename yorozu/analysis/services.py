"""Writes: importing and replacing a dataset's file, correcting column types, sharing, saved views."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from yorozu.accounts.models import Department, User
from yorozu.common.audit import record
from yorozu.consultations.models import Consultation
from yorozu_core.analysis.columns import ColumnSpec, Kind, find_option_groups, infer_spec, match_scale
from yorozu_core.analysis.engine import padded_separator, sample_columns
from yorozu_core.analysis.errors import DatasetError
from yorozu_core.analysis.reading import DELIMITED, SPREADSHEETS, LoadResult, column_key, load_file

from .models import Dataset, SavedView, TownList, spec_from_json, spec_to_json

KINDS = DELIMITED | SPREADSHEETS
MAX_BYTES = 100 * 1024 * 1024
ANALYSIS_TYPES = ("frequencies", "crosstab", "timeseries", "text")


def _scratch() -> Path:
    folder = Path(settings.DATA_DIR) / "analysis" / "incoming"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _kind_of(name: str) -> str:
    kind = Path(name).suffix.lower().lstrip(".")
    if kind not in KINDS:
        raise ValidationError(f"「{name}」は読めない種類のファイルです（CSV・TSV・xlsx・xls・ods）。")
    return kind


def _load(source: Path, *, name: str, sheet: str) -> tuple[Path, LoadResult]:
    """Load into a scratch Parquet file; the caller moves it into place inside its transaction."""
    if source.stat().st_size > MAX_BYTES:
        raise ValidationError(f"「{name}」は大きすぎます（上限 100 MB）。")
    target = Path(tempfile.mkstemp(suffix=".parquet", dir=_scratch())[1])
    try:
        return target, load_file(source, target, kind=_kind_of(name), name=name, sheet=sheet)
    except DatasetError as exc:
        target.unlink(missing_ok=True)
        raise ValidationError(str(exc)) from exc


def detect_columns(parquet: Path, headers: list[str]) -> list[dict[str, object]]:
    keys = [column_key(i) for i in range(len(headers))]
    samples = sample_columns(parquet, keys)
    specs = [
        _padded(parquet, infer_spec(key, name, samples[key])) for key, name in zip(keys, headers, strict=True)
    ]
    groups = find_option_groups(list(zip(keys, headers, strict=True)))
    return [spec_to_json(s) for s in [*specs, *groups]]


def _padded(parquet: Path, spec: ColumnSpec) -> ColumnSpec:
    if spec.kind != Kind.MULTI or not spec.separator or spec.is_group:
        return spec
    return replace(spec, padded=padded_separator(parquet, spec.key, spec.separator))


def _move_into_place(parquet: Path, dataset: Dataset, placed: list[Path]) -> None:
    """Move the checked file into the dataset's folder (``placed`` lets the caller undo it on an error)."""
    dataset.folder.mkdir(parents=True, exist_ok=True)
    shutil.move(str(parquet), dataset.parquet_path)
    placed.append(dataset.parquet_path)


def _undo(parquet: Path, placed: list[Path]) -> None:
    for path in [parquet, *placed]:
        path.unlink(missing_ok=True)


def dataset_import(
    *,
    user: User | None,
    source: Path,
    name: str,
    file_name: str,
    department: Department,
    consultation: Consultation | None = None,
    sheet: str = "",
) -> Dataset:
    """Load ``source`` and register it; on any error nothing is stored (no row, no file)."""
    parquet, result = _load(source, name=file_name, sheet=sheet)
    placed: list[Path] = []
    try:
        with transaction.atomic():
            dataset = Dataset.objects.create(
                name=name or Path(file_name).stem, department=department, consultation=consultation,
                source_name=file_name, source_kind=_kind_of(file_name), sheet=result.sheet,
                encoding=result.encoding, row_count=result.row_count, headers=list(result.headers),
                columns=detect_columns(parquet, list(result.headers)), created_by=user,
            )  # fmt: skip
            _move_into_place(parquet, dataset, placed)
            record(action="import", model="analysis.dataset", object_id=dataset.pk, object_repr=dataset.name,
                   changes={"rows": result.row_count, "file": file_name, "sheet": result.sheet})  # fmt: skip
    except Exception:
        _undo(parquet, placed)
        raise
    return dataset


def dataset_replace(
    *, user: User | None, dataset: Dataset, source: Path, file_name: str, sheet: str = ""
) -> Dataset:
    """A newer file with the same columns (next year's event): a new version; types and views are kept."""
    parquet, result = _load(source, name=file_name, sheet=sheet or dataset.sheet)
    placed: list[Path] = []
    try:
        if list(result.headers) != list(dataset.headers):
            missing = [h for h in dataset.headers if h not in result.headers]
            extra = [h for h in result.headers if h not in dataset.headers]
            raise ValidationError(
                f"「{file_name}」の列が元のデータと違います。"
                + (f"ない列: {'、'.join(missing)}。" if missing else "")
                + (f"増えた列: {'、'.join(extra)}。" if extra else "")
                + ("" if missing or extra else "列の順番が違います。")
            )
        with transaction.atomic():
            dataset.version += 1
            dataset.row_count = result.row_count
            dataset.source_name = file_name
            dataset.source_kind = _kind_of(file_name)
            dataset.encoding = result.encoding
            dataset.sheet = result.sheet
            dataset.save()
            _move_into_place(parquet, dataset, placed)
    except Exception:
        _undo(parquet, placed)
        raise
    return dataset


@transaction.atomic
def dataset_set_column(
    *, user: User | None, dataset: Dataset, key: str, kind: str, separator: str = "", order: str = ""
) -> Dataset:
    """Correct a column's type (and its separator or scale order); no reload is needed."""
    try:
        chosen = Kind(kind)
    except ValueError as exc:
        raise ValidationError(f"型「{kind}」はありません。") from exc
    columns = list(dataset.columns)
    index = next((i for i, c in enumerate(columns) if c["key"] == key), None)
    if index is None:
        raise ValidationError(f"列「{key}」はこのデータにありません。")
    spec = spec_from_json(columns[index])
    if chosen == Kind.MULTI and not separator and not spec.is_group:
        raise ValidationError(
            f"「{spec.name}」: 複数選択には区切り文字を指定してください（, 、 ; ／ など）。"
        )
    labels = tuple(v.strip() for v in order.replace("、", "\n").replace(",", "\n").splitlines() if v.strip())
    if chosen == Kind.ORDINAL and not labels:
        labels = spec.order or match_scale([])
        if not labels:
            raise ValidationError(
                f"「{spec.name}」: 順序尺度には選択肢の順番を入力してください（良い方から）。"
            )
    if spec.is_group:
        chosen, separator, labels = Kind.MULTI, "", spec.order
    columns[index] = spec_to_json(
        _padded(dataset.parquet_path, spec.with_kind(chosen, separator=separator, order=labels))
    )
    dataset.columns = columns
    dataset.save()
    return dataset


@transaction.atomic
def dataset_share(*, user: User | None, dataset: Dataset, departments: list[Department]) -> Dataset:
    before = sorted(d.pk for d in dataset.shared_departments.all())
    dataset.shared_departments.set(departments)
    record(action="update", model="analysis.dataset", object_id=dataset.pk, object_repr=dataset.name,
           changes={"shared_departments": [before, sorted(d.pk for d in departments)]})  # fmt: skip
    return dataset


@transaction.atomic
def dataset_set_stop_words(*, user: User | None, dataset: Dataset, stop_words: str) -> Dataset:
    dataset.stop_words = "\n".join(
        w.strip() for w in stop_words.replace("、", "\n").splitlines() if w.strip()
    )
    dataset.save()
    return dataset


@transaction.atomic
def dataset_delete(*, user: User | None, dataset: Dataset) -> None:
    folder = dataset.folder
    dataset.delete()
    transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))


def clean_analysis(dataset: Dataset, analysis: dict[str, Any]) -> dict[str, Any]:
    """Keep only the known parameters of one analysis, checking its columns exist."""
    kind = analysis.get("type")
    if kind not in ANALYSIS_TYPES:
        raise ValidationError(f"分析の種類「{kind}」はありません。")
    keys = {c["key"] for c in dataset.columns}
    cleaned: dict[str, Any] = {"type": kind}
    for field in ("column", "row", "filter_column", "segment", "split"):
        value = analysis.get(field) or ""
        if value and value not in keys:
            raise ValidationError(f"列「{value}」はこのデータにありません。")
        if value:
            cleaned[field] = value
    for field in ("filter_value", "unit", "compare", "title"):
        if analysis.get(field):
            cleaned[field] = str(analysis[field])[:200]
    return cleaned


@transaction.atomic
def saved_view_add(
    *, user: User | None, dataset: Dataset, name: str, analysis: dict[str, Any], view: SavedView | None = None
) -> SavedView:
    """Add an analysis to a saved view (a new one when ``view`` is None)."""
    cleaned = clean_analysis(dataset, analysis)
    if view is None:
        if not name.strip():
            raise ValidationError("保存する集計の名前を入力してください。")
        view = SavedView(dataset=dataset, name=name.strip()[:200], created_by=user)
    view.analyses = [*view.analyses, cleaned]
    view.save()
    return view


@transaction.atomic
def saved_view_update(*, user: User | None, view: SavedView, **fields: Any) -> SavedView:
    allowed = {"name", "description", "is_public", "min_count", "public_answers", "analyses"}
    for field, value in fields.items():
        if field not in allowed:
            raise ValidationError(f"項目「{field}」は変更できません。")
        setattr(view, field, value)
    if fields.get("analyses") is not None:
        view.analyses = [clean_analysis(view.dataset, a) for a in fields["analyses"]]
    view.full_clean()
    view.save()
    return view


@transaction.atomic
def saved_view_delete(*, user: User | None, view: SavedView) -> None:
    view.delete()


@transaction.atomic
def town_list_save(*, user: User | None, city_name: str, towns: str, postal_codes: str) -> TownList:
    stored = TownList.objects.order_by("-updated_at").first() or TownList()
    stored.city_name, stored.towns, stored.postal_codes = city_name.strip(), towns, postal_codes
    stored.full_clean()
    stored.save()
    return stored
