"""The casebook exchange file: one JSON document per municipality, versioned (docs/casebook.md).

The shape follows the national 地方公共団体DX事例データベース (概要, 課題, 解決の手法, 成果, 継続性,
運用期間, 参考資料) plus what a consultant needs to compare effects (annual hours and yen, period).
``SCHEMA`` is the JSON Schema of the format; :func:`parse_document` checks a document against the
same rules and names the item and field of the first problem in Japanese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from yorozu_core.municipality_code import is_valid_municipality_code

FORMAT = "yorozu-casebook"
FORMAT_VERSION = 1
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
THEMES = (
    "online_application",
    "rpa",
    "ai_ocr",
    "low_code",
    "bi",
    "generative_ai",
    "live_streaming",
    "counter",
    "other",
)
TEXT_FIELDS = (
    "title",
    "summary",
    "challenge",
    "solution",
    "outcome",
    "continuity",
    "operation_period",
    "references",
)
FIELD_LABELS = {
    "id": "ID",
    "version": "版",
    "updated_at": "更新日時",
    "title": "事例名",
    "summary": "概要",
    "challenge": "課題",
    "solution": "解決の手法",
    "outcome": "成果",
    "continuity": "継続性",
    "operation_period": "運用期間",
    "references": "参考資料",
    "theme": "テーマ",
    "tools": "ツール",
    "department": "担当部署",
    "effect": "効果",
}
MAX_TEXT = 4000
JST = timezone(timedelta(hours=9))
MAX_ITEMS = 5000

_STRING = {"type": "string", "maxLength": MAX_TEXT}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://yorozu.example/schemas/casebook-1.json",
    "title": "yorozu 事例集 交換ファイル（第1版）",
    "type": "object",
    "required": ["format", "format_version", "exported_at", "municipality", "items"],
    "properties": {
        "format": {"const": FORMAT},
        "format_version": {"const": FORMAT_VERSION},
        "exported_at": {"type": "string", "format": "date-time"},
        "municipality": {
            "type": "object",
            "required": ["name", "code"],
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 50},
                "code": {"type": "string", "pattern": r"^\d{6}$", "description": "全国地方公共団体コード"},
            },
        },
        "items": {
            "type": "array",
            "maxItems": MAX_ITEMS,
            "items": {
                "type": "object",
                "required": ["id", "version", "updated_at", "title", "theme"],
                "properties": {
                    "id": {"type": "string", "pattern": UUID_PATTERN},
                    "version": {"type": "integer", "minimum": 1},
                    "updated_at": {"type": "string", "format": "date-time"},
                    "title": {"type": "string", "minLength": 1, "maxLength": 200},
                    **{name: _STRING for name in TEXT_FIELDS if name != "title"},
                    "theme": {"enum": list(THEMES)},
                    "tools": {"type": "array", "items": {"type": "string", "maxLength": 100}},
                    "department": {"type": "string", "maxLength": 200},
                    "effect": {
                        "type": ["object", "null"],
                        "properties": {
                            "annual_hours": {"type": ["number", "null"], "minimum": 0},
                            "annual_yen": {"type": ["integer", "null"], "minimum": 0},
                            "period_start": {"type": ["string", "null"], "format": "date"},
                            "period_end": {"type": ["string", "null"], "format": "date"},
                        },
                    },
                },
            },
        },
    },
}


class ExchangeError(ValueError):
    """A document that does not follow the format; the message is Japanese and names the place."""


@dataclass(frozen=True, slots=True)
class Municipality:
    name: str
    code: str


@dataclass(frozen=True, slots=True)
class Effect:
    annual_hours: float | None = None
    annual_yen: int | None = None
    period_start: date | None = None
    period_end: date | None = None


@dataclass(frozen=True, slots=True)
class CaseStudyRecord:
    """One 事例 as it travels between municipalities."""

    uid: str
    version: int
    updated_at: datetime
    title: str
    theme: str
    summary: str = ""
    challenge: str = ""
    solution: str = ""
    outcome: str = ""
    continuity: str = ""
    operation_period: str = ""
    references: str = ""
    tools: tuple[str, ...] = ()
    department: str = ""
    effect: Effect | None = None


@dataclass(frozen=True, slots=True)
class CasebookDocument:
    municipality: Municipality
    exported_at: datetime
    items: tuple[CaseStudyRecord, ...]


def dump_document(document: CasebookDocument) -> dict[str, Any]:
    """The JSON-ready dict of a document (``json.dumps(..., ensure_ascii=False)`` it)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": document.exported_at.isoformat(),
        "municipality": {"name": document.municipality.name, "code": document.municipality.code},
        "items": [dump_record(r) for r in document.items],
    }


def dump_record(record: CaseStudyRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": record.uid,
        "version": record.version,
        "updated_at": record.updated_at.isoformat(),
    }
    out.update({name: getattr(record, name) for name in TEXT_FIELDS})
    out.update({"theme": record.theme, "tools": list(record.tools), "department": record.department})
    out["effect"] = _dump_effect(record.effect)
    return out


def _dump_effect(effect: Effect | None) -> dict[str, Any] | None:
    if effect is None:
        return None
    return {
        "annual_hours": effect.annual_hours,
        "annual_yen": effect.annual_yen,
        "period_start": effect.period_start.isoformat() if effect.period_start else None,
        "period_end": effect.period_end.isoformat() if effect.period_end else None,
    }


def parse_document(data: object) -> CasebookDocument:
    """Check ``data`` (decoded JSON) against the format and return it typed; ExchangeError otherwise."""
    if not isinstance(data, dict):
        raise ExchangeError("ファイルの最上位がオブジェクト（{…}）ではありません。")
    if data.get("format") != FORMAT:
        raise ExchangeError(f'format が "{FORMAT}" ではありません（事例集の交換ファイルではありません）。')
    if data.get("format_version") != FORMAT_VERSION:
        raise ExchangeError(
            f"format_version {data.get('format_version')!r} には対応していません（対応: {FORMAT_VERSION}）。"
        )
    municipality = _municipality(data.get("municipality"))
    exported_at = _datetime(data.get("exported_at"), "exported_at")
    items = data.get("items")
    if not isinstance(items, list):
        raise ExchangeError("items が配列ではありません。")
    if len(items) > MAX_ITEMS:
        raise ExchangeError(f"事例が多すぎます（{len(items)}件。上限 {MAX_ITEMS}件）。")
    records = tuple(_record(item, index) for index, item in enumerate(items, start=1))
    _reject_duplicate_ids(records)
    return CasebookDocument(municipality, exported_at, records)


def _municipality(value: object) -> Municipality:
    if not isinstance(value, dict):
        raise ExchangeError("municipality（団体名と団体コード）がありません。")
    name, code = value.get("name"), value.get("code")
    if not isinstance(name, str) or not name.strip() or len(name) > 50:
        raise ExchangeError("municipality.name（団体名）を1〜50文字で入れてください。")
    if not isinstance(code, str) or not is_valid_municipality_code(code):
        raise ExchangeError(
            f"municipality.code {code!r} は全国地方公共団体コード（検査数字付き6桁）ではありません。"
        )
    return Municipality(name.strip(), code)


def _record(item: object, index: int) -> CaseStudyRecord:
    where = f"{index}件目の事例"
    if not isinstance(item, dict):
        raise ExchangeError(f"{where}: オブジェクト（{{…}}）ではありません。")
    uid = item.get("id")
    if not isinstance(uid, str) or not re.match(UUID_PATTERN, uid):
        raise ExchangeError(f"{where}: id（{FIELD_LABELS['id']}）がUUIDではありません。")
    version = item.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ExchangeError(f"{where}: version（{FIELD_LABELS['version']}）は1以上の整数にしてください。")
    texts = {name: _text(item, name, where) for name in TEXT_FIELDS}
    if not texts["title"] or len(texts["title"]) > 200:
        raise ExchangeError(f"{where}: title（事例名）を1〜200文字で入れてください。")
    theme = item.get("theme")
    if theme not in THEMES:
        raise ExchangeError(
            f"{where}: theme（テーマ）{theme!r} は {', '.join(THEMES)} のいずれかにしてください。"
        )
    return CaseStudyRecord(
        uid=uid.lower(),
        version=version,
        updated_at=_datetime(item.get("updated_at"), f"{where}: updated_at"),
        theme=str(theme),
        tools=_tools(item.get("tools", []), where),
        department=_text(item, "department", where),
        effect=_effect(item.get("effect"), where),
        **texts,
    )


def _text(item: dict[str, Any], name: str, where: str) -> str:
    value = item.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ExchangeError(f"{where}: {name}（{FIELD_LABELS[name]}）が文字列ではありません。")
    if len(value) > MAX_TEXT:
        raise ExchangeError(f"{where}: {name}（{FIELD_LABELS[name]}）が長すぎます（上限 {MAX_TEXT}文字）。")
    return value.strip()


def _tools(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(t, str) and len(t) <= 100 for t in value):
        raise ExchangeError(f"{where}: tools（ツール）は100文字以内の文字列の配列にしてください。")
    return tuple(t.strip() for t in value if t.strip())


def _effect(value: object, where: str) -> Effect | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ExchangeError(f"{where}: effect（効果）がオブジェクトではありません。")
    hours, yen = value.get("annual_hours"), value.get("annual_yen")
    if hours is not None and (not isinstance(hours, int | float) or isinstance(hours, bool) or hours < 0):
        raise ExchangeError(f"{where}: effect.annual_hours（年間削減時間）は0以上の数にしてください。")
    if yen is not None and (not isinstance(yen, int) or isinstance(yen, bool) or yen < 0):
        raise ExchangeError(f"{where}: effect.annual_yen（年間削減額）は0以上の整数（円）にしてください。")
    start = _date(value.get("period_start"), f"{where}: effect.period_start")
    end = _date(value.get("period_end"), f"{where}: effect.period_end")
    if start and end and end < start:
        raise ExchangeError(f"{where}: effect の測定期間の終了日が開始日より前です。")
    return Effect(float(hours) if hours is not None else None, yen, start, end)


def _date(value: object, where: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise ExchangeError(f"{where}: 日付 {value!r} は YYYY-MM-DD で書いてください。") from error


def _datetime(value: object, where: str) -> datetime:
    if not isinstance(value, str):
        raise ExchangeError(f"{where}: 日時がありません。")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise ExchangeError(f"{where}: 日時 {value!r} はISO 8601で書いてください。") from error
    # a time without an offset is read as Japan time (the format's documented default)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=JST)


def _reject_duplicate_ids(records: tuple[CaseStudyRecord, ...]) -> None:
    seen: dict[str, int] = {}
    for index, record in enumerate(records, start=1):
        if record.uid in seen:
            raise ExchangeError(
                f"{index}件目の事例: id {record.uid} が{seen[record.uid]}件目と重複しています。"
            )
        seen[record.uid] = index


def is_newer(incoming: CaseStudyRecord, *, stored_version: int, stored_updated_at: datetime) -> bool:
    """A record replaces the stored one when its version is higher (same version: later update)."""
    if incoming.version != stored_version:
        return incoming.version > stored_version
    return incoming.updated_at > stored_updated_at
