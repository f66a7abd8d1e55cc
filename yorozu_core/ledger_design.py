"""The design of a shared ledger as a file (JSON), so a desk can reuse one in another department or city.

The file holds the design only — fields, statuses with their allowed moves, list views — never
records. Reading it checks everything and names the exact place of each problem
(``fields[3].kind``), so an import either succeeds whole or changes nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from yorozu_core.ledger_fields import CHOICE, KIND_LABELS, MULTI

FORMAT = "yorozu-ledger-design"
VERSION = 1
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class DesignError(ValueError):
    """The file is not a ledger design yorozu can read (Japanese, names the place)."""


@dataclass(frozen=True)
class FieldDesign:
    key: str
    label: str
    kind: str
    required: bool = False
    choices: list[str] = field(default_factory=list)
    help_text: str = ""
    hidden: bool = False


@dataclass(frozen=True)
class StatusDesign:
    name: str
    initial: bool = False
    next: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ViewDesign:
    name: str
    columns: list[str] = field(default_factory=list)
    sort: str = ""
    descending: bool = False


@dataclass(frozen=True)
class LedgerDesign:
    name: str
    description: str = ""
    fields: list[FieldDesign] = field(default_factory=list)
    statuses: list[StatusDesign] = field(default_factory=list)
    views: list[ViewDesign] = field(default_factory=list)


def dump_design(design: LedgerDesign) -> str:
    return json.dumps({"format": FORMAT, "version": VERSION, **asdict(design)}, ensure_ascii=False, indent=2)


def load_design(text: str) -> LedgerDesign:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DesignError(f"JSONとして読めません（{error.lineno}行 {error.colno}列）。") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DesignError(f"台帳の設計ファイルではありません（format が「{FORMAT}」ではありません）。")
    if data.get("version") != VERSION:
        raise DesignError(
            f"設計ファイルの版 {data.get('version')!r} には対応していません（対応: {VERSION}）。"
        )
    fields = [_field(item, f"fields[{i}]") for i, item in enumerate(_list(data, "fields"))]
    statuses = [_status(item, f"statuses[{i}]") for i, item in enumerate(_list(data, "statuses"))]
    views = [_view(item, f"views[{i}]") for i, item in enumerate(_list(data, "views"))]
    design = LedgerDesign(
        name=_text(data, "name", "name", required=True),
        description=_text(data, "description", "description"),
        fields=fields,
        statuses=statuses,
        views=views,
    )
    check_design(design)
    return design


def check_design(design: LedgerDesign) -> None:
    """Cross-references: unique keys, known moves and columns, one initial status at most."""
    keys = [f.key for f in design.fields]
    _unique(keys, "fields", "key")
    names = [s.name for s in design.statuses]
    _unique(names, "statuses", "name")
    for index, status in enumerate(design.statuses):
        for target in status.next:
            if target not in names:
                raise DesignError(f"statuses[{index}].next: 状態「{target}」は定義されていません。")
    if sum(1 for s in design.statuses if s.initial) > 1:
        raise DesignError("statuses: 最初の状態（initial）は1つだけにしてください。")
    for index, view in enumerate(design.views):
        for column in [*view.columns, *([view.sort] if view.sort else [])]:
            if column not in keys:
                raise DesignError(f"views[{index}]: 項目「{column}」は定義されていません。")


def _unique(values: list[str], where: str, what: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise DesignError(f"{where}[{index}].{what}: 「{value}」が重複しています。")
        seen.add(value)


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise DesignError(f"{name}: 配列にしてください。")
    return value


def _text(data: dict[str, Any], name: str, where: str, *, required: bool = False) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise DesignError(f"{where}: 文字列にしてください。")
    if required and not value.strip():
        raise DesignError(f"{where}: 必須です。")
    return value.strip()


def _strings(data: dict[str, Any], name: str, where: str) -> list[str]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DesignError(f"{where}.{name}: 文字列の配列にしてください。")
    return [v.strip() for v in value]


def _object(item: Any, where: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise DesignError(f"{where}: オブジェクトにしてください。")
    return item


def _field(item: Any, where: str) -> FieldDesign:
    data = _object(item, where)
    key = _text(data, "key", f"{where}.key", required=True)
    if not _KEY.match(key):
        raise DesignError(
            f"{where}.key: 「{key}」は英小文字で始まる英小文字・数字・_（40文字まで）にしてください。"
        )
    kind = _text(data, "kind", f"{where}.kind", required=True)
    if kind not in KIND_LABELS:
        raise DesignError(
            f"{where}.kind: 種類「{kind}」はありません（使える種類: {', '.join(KIND_LABELS)}）。"
        )
    choices = _strings(data, "choices", where)
    if kind in (CHOICE, MULTI) and not choices:
        raise DesignError(f"{where}.choices: 選択・複数選択の項目には選択肢が必要です。")
    return FieldDesign(
        key=key,
        label=_text(data, "label", f"{where}.label", required=True),
        kind=kind,
        required=bool(data.get("required", False)),
        choices=choices,
        help_text=_text(data, "help_text", f"{where}.help_text"),
        hidden=bool(data.get("hidden", False)),
    )


def _status(item: Any, where: str) -> StatusDesign:
    data = _object(item, where)
    return StatusDesign(
        name=_text(data, "name", f"{where}.name", required=True),
        initial=bool(data.get("initial", False)),
        next=_strings(data, "next", where),
    )


def _view(item: Any, where: str) -> ViewDesign:
    data = _object(item, where)
    return ViewDesign(
        name=_text(data, "name", f"{where}.name", required=True),
        columns=_strings(data, "columns", where),
        sort=_text(data, "sort", f"{where}.sort"),
        descending=bool(data.get("descending", False)),
    )
