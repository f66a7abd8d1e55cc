"""Column types of a survey or event table and their automatic detection.

Detection looks at the column's name and at its most frequent values (counted by DuckDB); the result
is a ``ColumnSpec`` that a person may correct. Sources of the conventions: the CSV exports of
LoGoフォーム, Googleフォーム and Microsoft Forms (multi-select joined by 「,」 or 「;」, or one column per
option), and the usual 5段階 scales of 市民意識調査."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum


class Kind(StrEnum):
    NUMBER = "number"
    DATETIME = "datetime"
    SINGLE = "single"
    MULTI = "multi"
    ORDINAL = "ordinal"
    TEXT = "text"
    AGE = "age"
    ADDRESS = "address"
    ID = "id"


KIND_LABELS: dict[Kind, str] = {
    Kind.NUMBER: "数値",
    Kind.DATETIME: "日付・日時",
    Kind.SINGLE: "単一選択",
    Kind.MULTI: "複数選択",
    Kind.ORDINAL: "順序尺度",
    Kind.TEXT: "自由記述",
    Kind.AGE: "年齢・年代",
    Kind.ADDRESS: "住所・町丁目",
    Kind.ID: "ID",
}
CATEGORICAL = frozenset({Kind.SINGLE, Kind.MULTI, Kind.ORDINAL, Kind.AGE, Kind.ADDRESS})
NO_ANSWER = "無回答"
NO_ANSWER_VALUES = ("無回答", "未回答", "回答なし", "-", "－", "ー", "N/A", "n/a")
SEPARATORS = (";", "、", "／", ",", "/")
TRUTHY = ("1", "○", "〇", "✓", "✔", "TRUE", "true", "はい", "Yes", "yes", "選択")

# Known ordered scales, from the most positive answer to the most negative one.
SCALES: tuple[tuple[str, ...], ...] = (
    ("とても満足", "満足", "どちらともいえない", "不満", "とても不満"),
    ("満足", "やや満足", "どちらともいえない", "やや不満", "不満"),
    ("満足", "やや満足", "普通", "やや不満", "不満"),
    ("非常に満足", "満足", "普通", "不満", "非常に不満"),
    ("とても満足", "やや満足", "どちらともいえない", "やや不満", "とても不満"),
    ("そう思う", "ややそう思う", "どちらともいえない", "あまりそう思わない", "そう思わない"),
    ("とてもそう思う", "そう思う", "どちらともいえない", "そう思わない", "まったくそう思わない"),
    ("ぜひ来たい", "来たい", "どちらともいえない", "あまり来たくない", "来たくない"),
    ("とても良い", "良い", "普通", "悪い", "とても悪い"),
    ("とてもわかりやすい", "わかりやすい", "どちらともいえない", "わかりにくい", "とてもわかりにくい"),
    ("はい", "どちらともいえない", "いいえ"),
    ("大変よかった", "よかった", "ふつう", "あまりよくなかった", "よくなかった"),
)
_AGE_NAME = re.compile(r"年齢|年代|歳")
_ADDRESS_NAME = re.compile(r"住所|町丁|郵便|所在地|お住まい|居住地|地区")
_ID_NAME = re.compile(r"(^|[^A-Za-z])(ID|Id|id)$|番号$|No\.?$|^ID")
_TIME_NAME = re.compile(r"日時|日付|時刻|時間|タイムスタンプ|Timestamp|開始時刻|完了時刻|入場")
_GROUP_HEADER = re.compile(
    r"^(?P<stem>.+?)\s*(?:[\[［【(（]\s*(?P<a>[^\]］】)）]+)\s*[\]］】)）]|[:：_＿]\s*(?P<b>.+))$"
)
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_DATE = re.compile(
    r"^\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?([ T]\d{1,2}:\d{2}(:\d{2})?)?$|^\d{1,2}:\d{2}(:\d{2})?$"
)


@dataclass(frozen=True)
class ColumnSpec:
    """How one column (or one group of option columns) is read in every analysis.

    ``key`` is the Parquet column (``c3``) or, for a group of one-column-per-option answers, ``g:c3,c4``;
    ``order`` is the scale of an ordinal column (most positive first) or the option order of a group."""

    key: str
    name: str
    kind: Kind
    separator: str = ""
    order: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # Parquet columns of a one-column-per-option group, parallel to order
    padded: bool = False  # a multi-select written with spaces around its separator (「A, B」)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def is_group(self) -> bool:
        return bool(self.members)

    def with_kind(
        self, kind: Kind, *, separator: str = "", order: Sequence[str] = (), padded: bool = False
    ) -> ColumnSpec:
        return replace(self, kind=kind, separator=separator, order=tuple(order), padded=padded)


@dataclass(frozen=True)
class ValueSample:
    """What DuckDB told us about a column: its most frequent values and a few counts."""

    non_missing: int
    distinct: int
    top: tuple[tuple[str, int], ...]  # up to ~200 most frequent values
    mean_length: float = 0.0
    numeric_share: float = 0.0  # share of non-missing values that are numbers
    datetime_share: float = 0.0
    tokens: tuple[tuple[str, int], ...] = field(default=())


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def infer_spec(key: str, name: str, sample: ValueSample) -> ColumnSpec:
    """The most likely type of a column; the first rule that fits wins."""
    spec = ColumnSpec(key=key, name=name, kind=Kind.SINGLE)
    if sample.non_missing == 0:
        return spec
    values = [value for value, _ in sample.top if value not in NO_ANSWER_VALUES]
    if _ADDRESS_NAME.search(name):
        return spec.with_kind(Kind.ADDRESS)
    if _AGE_NAME.search(name) and not _TIME_NAME.search(name):
        return spec.with_kind(Kind.AGE)
    if sample.datetime_share >= 0.95:
        return spec.with_kind(Kind.DATETIME)
    scale = match_scale(values)
    if scale:
        return spec.with_kind(Kind.ORDINAL, order=scale)
    if _ID_NAME.search(name) and sample.distinct >= 0.9 * sample.non_missing:
        return spec.with_kind(Kind.ID)
    if sample.numeric_share >= 0.95:
        return spec.with_kind(Kind.NUMBER)
    if _looks_like_sentences(values, sample):
        return spec.with_kind(Kind.TEXT)
    separator = find_separator(values, sample)
    if separator:
        return spec.with_kind(Kind.MULTI, separator=separator)
    if sample.distinct >= 0.95 * sample.non_missing and sample.non_missing > 50:
        return spec.with_kind(Kind.ID if sample.mean_length < 12 else Kind.TEXT)
    return spec


def _looks_like_sentences(values: Sequence[str], sample: ValueSample) -> bool:
    """Free text: long answers, or answers written as sentences (「。」「！」), or mostly different."""
    sentences = sum(1 for v in values if re.search(r"[。！？!?]", v))
    if sample.mean_length >= 20 or (values and sentences >= 0.3 * len(values)):
        return True
    return sample.mean_length >= 12 and sample.distinct >= 0.5 * sample.non_missing


def match_scale(values: Sequence[str]) -> tuple[str, ...]:
    """The known scale that holds every answered value (at least two of them), else ()."""
    present = {normalise(v) for v in values}
    if len(present) < 2:
        return ()
    for scale in SCALES:
        if present <= set(scale):
            return scale
    return ()


def find_separator(values: Sequence[str], sample: ValueSample) -> str:
    """A separator that joins several options: splitting by it gives far fewer distinct parts than the
    column has distinct values, and each part is short (so a sentence with 「、」 is not a multi-select)."""
    if sample.mean_length > 40:
        return ""
    best = ""
    best_hits = 0
    for separator in SEPARATORS:
        joined = [v for v in values if separator in v]
        if len(joined) < max(2, len(values) // 10):
            continue
        parts = {p.strip() for v in values for p in v.split(separator) if p.strip()}
        if max((len(p) for p in parts), default=0) > 30 or len(parts) >= len(values):
            continue
        if len(joined) > best_hits:
            best, best_hits = separator, len(joined)
    return best


def split_multi(value: str, separator: str) -> list[str]:
    return [part.strip() for part in value.split(separator) if part.strip()]


def find_option_groups(headers: Sequence[tuple[str, str]]) -> list[ColumnSpec]:
    """One-column-per-option multi-selects (Googleフォーム 「Q [option]」, Microsoft Forms 「Q：option」,
    paper keyed as 「Q_option」): two or more neighbouring headers with the same stem."""
    groups: list[ColumnSpec] = []
    run: list[tuple[str, str, str]] = []  # (key, stem, option)
    for key, name in [*headers, ("", "")]:
        match = _GROUP_HEADER.match(name) if name else None
        stem = match.group("stem").strip() if match else None
        option = (match.group("a") or match.group("b") or "").strip() if match else ""
        if run and stem != run[0][1]:
            if len(run) >= 2:
                groups.append(
                    ColumnSpec(
                        key="g:" + ",".join(k for k, _, _ in run),
                        name=run[0][1],
                        kind=Kind.MULTI,
                        order=tuple(o for _, _, o in run),
                        members=tuple(k for k, _, _ in run),
                    )
                )
            run = []
        if stem is not None:
            run.append((key, stem, option))
    return groups


def age_label(value: str) -> str | None:
    """「34」→「30代」, 「30歳代」→「30代」, 「70歳以上」 kept; None when not an age."""
    text = normalise(value)
    match = re.match(r"^(\d{1,3})(?:\.\d+)?(歳|才)?$", text)
    if match:
        age = int(match.group(1))
        if age < 10:
            return "10歳未満"
        return f"{min(age // 10 * 10, 90)}代"
    return re.sub(r"^(\d{1,2}0)\s*歳代", r"\1代", text) or None


def age_sort_key(label: str) -> tuple[int, str]:
    match = re.search(r"\d+", label)
    if label == "10歳未満":
        return (0, label)
    return (int(match.group()) if match else 999, label)


@dataclass(frozen=True)
class TownList:
    """The city's 町丁目 (and postal codes), used to place an address inside or outside the city."""

    city: str
    towns: tuple[str, ...] = ()
    postal_codes: tuple[str, ...] = ()

    def place(self, value: str) -> str:
        """「よろず区本町二丁目3-4」→「本町二丁目」; an address elsewhere →「区外」."""
        text = normalise(value)
        digits = re.sub(r"\D", "", text)
        if len(digits) == 7 and re.fullmatch(r"〒?\s*\d{3}-?\d{4}", text):
            return "区内（郵便番号）" if digits in self.postal_codes else "区外"
        for town in sorted(self.towns, key=len, reverse=True):
            if town and normalise(town) in text:
                return town
        if self.city and normalise(self.city) in text:
            return "区内（町丁目不明）" if self.towns else "区内"
        return "区外" if text else NO_ANSWER
