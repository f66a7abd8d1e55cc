"""Field values of a shared ledger (共有台帳): parsing input, converting on a type change, display.

A ledger record stores its values as JSON (one key per field). This module knows what each field
kind accepts, how a value is shown (dates in 和暦), and which type changes keep every value — a
change that would lose data is refused with the reason (the design-change rule of issue 14).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Final

JsonValue = str | int | float | bool | list[str] | list[int] | None

TEXT: Final = "text"
TEXTAREA: Final = "textarea"
NUMBER: Final = "number"
DATE: Final = "date"
DATETIME: Final = "datetime"
CHOICE: Final = "choice"
MULTI: Final = "multi"
BOOL: Final = "bool"
USER: Final = "user"
FILE: Final = "file"

KIND_LABELS: Final[dict[str, str]] = {
    TEXT: "短い文字",
    TEXTAREA: "長い文字",
    NUMBER: "数値",
    DATE: "日付",
    DATETIME: "日時",
    CHOICE: "選択",
    MULTI: "複数選択",
    BOOL: "はい/いいえ",
    USER: "担当者",
    FILE: "添付ファイル",
}

# Era start dates (the day each era began), newest first, for 和暦 dates.
_ERA_STARTS: Final = (
    ("令和", date(2019, 5, 1)),
    ("平成", date(1989, 1, 8)),
    ("昭和", date(1926, 12, 25)),
    ("大正", date(1912, 7, 30)),
    ("明治", date(1868, 1, 25)),
)
_TRUE_WORDS: Final = {"はい", "true", "1", "yes", "on", "○", "有"}
_FALSE_WORDS: Final = {"いいえ", "false", "0", "no", "off", "×", "無", ""}


class FieldValueError(ValueError):
    """A value that a field of this kind cannot hold (message in Japanese)."""


class ConversionError(ValueError):
    """A type change that would lose a stored value (message in Japanese, names the value)."""


def wareki_date(day: date) -> str:
    """``2024-04-01`` → ``令和6年4月1日``; the first year of an era is 元年."""
    for name, start in _ERA_STARTS:
        if day >= start:
            number = day.year - start.year + 1
            return f"{name}{'元' if number == 1 else number}年{day.month}月{day.day}日"
    return day.isoformat()


def _normalise(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw).strip()


def _parse_number(text: str) -> int | float:
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation as error:
        raise FieldValueError(f"「{text}」は数値ではありません。") from error
    if not number.is_finite():
        raise FieldValueError(f"「{text}」は数値ではありません。")
    return int(number) if number == number.to_integral_value() else float(number)


def _parse_date(text: str) -> str:
    try:
        return date.fromisoformat(text.replace("/", "-")).isoformat()
    except ValueError as error:
        raise FieldValueError(f"「{text}」は日付（例: 2024-04-01）ではありません。") from error


def _parse_datetime(text: str) -> str:
    try:
        return datetime.fromisoformat(text.replace("/", "-")).isoformat(timespec="minutes")
    except ValueError as error:
        raise FieldValueError(f"「{text}」は日時（例: 2024-04-01T09:30）ではありません。") from error


def _parse_bool(text: str) -> bool:
    word = text.lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise FieldValueError(f"「{text}」は「はい」か「いいえ」で入力してください。")


def _parse_choice(text: str, choices: list[str]) -> str:
    if text not in choices:
        raise FieldValueError(f"「{text}」は選択肢（{'、'.join(choices)}）にありません。")
    return text


def parse_value(kind: str, raw: object, choices: list[str] | None = None) -> JsonValue:
    """The stored value for one input (a string, a list for 複数選択, or an already typed value).

    Empty input is ``None`` (or ``[]`` for 複数選択); required checks are the caller's.
    """
    options = choices or []
    if kind == MULTI:
        items = raw if isinstance(raw, list) else _split_multi(str(raw or ""))
        return [_parse_choice(_normalise(str(item)), options) for item in items if str(item).strip()]
    if kind == BOOL and isinstance(raw, bool):
        return raw
    if kind in (NUMBER, USER) and isinstance(raw, int | float) and not isinstance(raw, bool):
        return int(raw) if kind == USER else raw
    text = _normalise(str(raw)) if raw is not None else ""
    if kind == BOOL:
        return _parse_bool(text)
    if not text:
        return None
    return _parse_text_kind(kind, text, options)


def _parse_text_kind(kind: str, text: str, options: list[str]) -> JsonValue:
    if kind in (TEXT, TEXTAREA, FILE):
        return text
    if kind == NUMBER:
        return _parse_number(text)
    if kind == DATE:
        return _parse_date(text)
    if kind == DATETIME:
        return _parse_datetime(text)
    if kind == CHOICE:
        return _parse_choice(text, options)
    if kind == USER:
        if not text.isdigit():
            raise FieldValueError(f"担当者「{text}」は利用者の番号で指定してください。")
        return int(text)
    raise FieldValueError(f"種類「{kind}」はありません。")


def _split_multi(text: str) -> list[str]:
    return [part for part in re.split(r"[,、;；\n]", text) if part.strip()]


def is_empty(value: JsonValue) -> bool:
    return value is None or value == "" or value == []


def convert(value: JsonValue, *, to_kind: str, choices: list[str] | None = None) -> JsonValue:
    """``value`` as the new kind, or ``ConversionError`` naming the value that would be lost."""
    if is_empty(value):
        return [] if to_kind == MULTI else None
    if to_kind in (TEXT, TEXTAREA):
        return display(_kind_of(value), value)
    if to_kind == FILE:
        raise ConversionError("入力済みの値は添付ファイルに変換できません。")
    if to_kind == MULTI and not isinstance(value, list):
        value = [str(value)]
    try:
        return parse_value(to_kind, value if isinstance(value, list) else str(value), choices)
    except FieldValueError as error:
        raise ConversionError(f"値を変換できません: {error}") from error


def _kind_of(value: JsonValue) -> str:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, list):
        return MULTI
    return TEXT


def display(kind: str, value: JsonValue, user_names: dict[int, str] | None = None) -> str:
    """How a value reads on a page or in an export: 和暦 dates, はい/いいえ, names for 担当者."""
    if is_empty(value):
        return ""
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    if kind == DATE and isinstance(value, str):
        return wareki_date(date.fromisoformat(value))
    if kind == DATETIME and isinstance(value, str):
        moment = datetime.fromisoformat(value)
        return f"{wareki_date(moment.date())} {moment:%H:%M}"
    if kind == USER and isinstance(value, int):
        return (user_names or {}).get(value, f"利用者{value}")
    if kind == NUMBER and isinstance(value, int | float):
        return f"{value:,}"
    return str(value)


def sort_key(value: JsonValue) -> tuple[int, str | float]:
    """Empty values last; numbers by size; everything else by text (ISO dates sort as text)."""
    if is_empty(value):
        return (2, "")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, float(value))
    return (1, str(value))
