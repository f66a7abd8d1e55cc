"""Which tool fits a task: the fit rules of 業務分析, in one place (explained for staff in docs/worksheets.md).

For each of six tools a task first passes **gates** (conditions without which the tool does not
apply), then gets a **score** 0–100:

    score = round(100 × suitability × volume_factor)

* ``suitability`` (0–1) comes from the assessment items of the 業務量調査 (定型か, ルール化できるか,
  判断・例外の多さ, 変更見込み, 手順書, コア/ノンコア), weighted by :class:`FitWeights`.
* ``volume_factor`` = min(1, log(1 + T) / log(1 + T_full)), T the task's annual hours and T_full
  (``full_volume_hours``) the hours at which a task is "big enough"; a task done fewer than
  ``min_cases`` times a year is multiplied by ``few_cases_factor`` (a task done a few times a year is
  not worth automating).

Gates (issue 5, decision record 0503):

* RPA needs the work to be done entirely on a PC and its steps to be writable as rules.
* Paper input points to AI-OCR first: RPA on paper-fed work is scaled by ``paper_rpa_factor`` and
  :func:`ranked` puts AI-OCR (and オンライン申請) before RPA.
* A paper form from residents or businesses points to オンライン申請 (LoGoフォーム等).
* Sharing across departments or agencies points to ローコード (kintone等).
* BI needs collecting/reporting work; 生成AI needs drafting or answering work.

Every gate and item adds a reason in plain Japanese, shown next to the score. A city adjusts the
weights (:meth:`FitWeights.from_mapping`); the gates are the rules and stay fixed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from enum import StrEnum


class Tool(StrEnum):
    RPA = "rpa"
    AI_OCR = "ai_ocr"
    ONLINE_FORM = "online_form"
    LOW_CODE = "low_code"
    BI = "bi"
    GEN_AI = "gen_ai"

    @property
    def label(self) -> str:
        return TOOL_LABELS[self]


TOOL_LABELS: dict[Tool, str] = {
    Tool.RPA: "RPA",
    Tool.AI_OCR: "AI-OCR",
    Tool.ONLINE_FORM: "オンライン申請（LoGoフォーム等）",
    Tool.LOW_CODE: "ローコード（kintone等）",
    Tool.BI: "BI",
    Tool.GEN_AI: "生成AI",
}


class Medium(StrEnum):
    PAPER = "paper"
    MIXED = "mixed"
    ELECTRONIC = "electronic"


class Degree(StrEnum):
    """Used for 手順をルールとして書けるか (YES/PARTLY/NO) and 判断・例外の多さ (FEW/SOME/MANY)."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    FEW = "few"
    SOME = "some"
    MANY = "many"


class WorkKind(StrEnum):
    DATA_ENTRY = "data_entry"  # 入力・転記
    APPLICATION = "application"  # 申請・届出の受付
    CHECK = "check"  # 審査・確認
    AGGREGATION = "aggregation"  # 集計・報告
    DOCUMENT = "document"  # 文書作成・要約
    INQUIRY = "inquiry"  # 問合せ対応
    OTHER = "other"


_RULES_VALUE = {Degree.YES: 1.0, Degree.PARTLY: 0.5, Degree.NO: 0.0}
_FEW_JUDGEMENT_VALUE = {Degree.FEW: 1.0, Degree.SOME: 0.5, Degree.MANY: 0.0}


@dataclass(frozen=True, slots=True)
class TaskTraits:
    """What the 業務量調査 says about one task (the inputs of the fit rules)."""

    annual_cases: Decimal
    annual_hours: Decimal
    medium: Medium
    completes_on_pc: bool
    rules_writable: Degree  # YES / PARTLY / NO
    judgement: Degree  # FEW / SOME / MANY
    routine: bool  # 定型
    core: bool  # コア業務
    change_expected: bool  # 6か月以内の変更見込み
    has_manual: bool  # 手順書あり
    resident_facing: bool = False  # 住民・事業者からの申請・届出
    shared_across: bool = False  # 他部署・他機関との共有
    work_kind: WorkKind = WorkKind.OTHER


@dataclass(frozen=True, slots=True)
class FitWeights:
    """The adjustable part of the rules. Item weights are relative (they are normalised)."""

    routine: float = 0.20
    rules: float = 0.25
    few_judgement: float = 0.20
    stable: float = 0.15
    has_manual: float = 0.10
    non_core: float = 0.10
    full_volume_hours: float = 500.0
    min_cases: float = 12.0
    few_cases_factor: float = 0.3
    paper_rpa_factor: float = 0.5

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> FitWeights:
        """Defaults overridden by ``data``; unknown keys and out-of-range values raise ValueError."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"不明な重みの項目です: {', '.join(unknown)}")
        values: dict[str, float] = {}
        for key, raw in data.items():
            try:
                value = float(str(raw))
            except ValueError as error:
                raise ValueError(f"重み「{key}」が数値ではありません: {raw}") from error
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"重み「{key}」は0以上の数値にしてください")
            values[key] = value
        weights = cls(**{**asdict(cls()), **values})
        if weights.full_volume_hours <= 0:
            raise ValueError("full_volume_hours は正の値にしてください")
        if weights.few_cases_factor > 1 or weights.paper_rpa_factor > 1:
            raise ValueError("few_cases_factor と paper_rpa_factor は0〜1にしてください")
        return weights

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Fit:
    tool: Tool
    score: int  # 0–100
    passed: bool  # all gates passed
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.tool.label


def volume_factor(traits: TaskTraits, weights: FitWeights) -> tuple[float, list[str]]:
    """min(1, log(1 + T) / log(1 + T_full)), × few_cases_factor below min_cases a year."""
    hours = float(traits.annual_hours)
    factor = min(1.0, math.log1p(max(hours, 0.0)) / math.log1p(weights.full_volume_hours))
    reasons = [f"年間{hours:,.1f}時間の業務量"]
    if traits.annual_cases < Decimal(str(weights.min_cases)):
        factor *= weights.few_cases_factor
        reasons.append(f"年{traits.annual_cases:,.0f}件と少なく、自動化の手間に見合いにくい")
    return factor, reasons


def quality(traits: TaskTraits, weights: FitWeights) -> float:
    """Σ w_i × x_i / Σ w_i over the assessment items (each x_i in 0–1)."""
    items = (
        (weights.routine, 1.0 if traits.routine else 0.0),
        (weights.rules, _RULES_VALUE.get(traits.rules_writable, 0.0)),
        (weights.few_judgement, _FEW_JUDGEMENT_VALUE.get(traits.judgement, 0.0)),
        (weights.stable, 0.0 if traits.change_expected else 1.0),
        (weights.has_manual, 1.0 if traits.has_manual else 0.0),
        (weights.non_core, 0.0 if traits.core else 1.0),
    )
    total = sum(w for w, _ in items)
    return sum(w * x for w, x in items) / total if total else 0.0


def _quality_reasons(traits: TaskTraits) -> list[str]:
    notes = ["定型業務" if traits.routine else "非定型業務のため自動化しにくい"]
    if traits.judgement == Degree.MANY:
        notes.append("判断・例外が多い")
    if traits.change_expected:
        notes.append("6か月以内に手順が変わる見込みがあり、作り直しが生じやすい")
    if not traits.has_manual:
        notes.append("手順書がなく、まず手順の整理が必要")
    return notes


_Rule = Callable[[TaskTraits, FitWeights], tuple[float, list[str]]]


def _rpa(t: TaskTraits, w: FitWeights) -> tuple[float, list[str]]:
    if not t.completes_on_pc:
        return 0.0, ["PC上で完結しないため、RPAは使えない"]
    if t.rules_writable == Degree.NO:
        return 0.0, ["手順をルールとして書けないため、RPAは使えない"]
    reasons = ["PC上で完結し、手順をルールとして書ける", *_quality_reasons(t)]
    suit = quality(t, w)
    if t.medium != Medium.ELECTRONIC:
        suit *= w.paper_rpa_factor
        reasons.append("入力に紙があるため、まずAI-OCRで電子化してからRPAにつなぐ")
    return suit, reasons


def _ai_ocr(t: TaskTraits, w: FitWeights) -> tuple[float, list[str]]:
    if t.medium == Medium.ELECTRONIC:
        return 0.0, ["入力が電子のため、AI-OCRは不要"]
    reasons = ["紙の入力を読み取って電子化できる"]
    suit = 0.6 + 0.2 * (1.0 if t.routine else 0.0) + 0.2 * _FEW_JUDGEMENT_VALUE.get(t.judgement, 0.0)
    reasons.append("定型の帳票で読み取りやすい" if t.routine else "帳票の形が一定でなく、読み取り精度に注意")
    if t.resident_facing:
        reasons.append("住民・事業者の紙の申請なら、オンライン申請で紙そのものを減らす方が先")
    return suit, reasons


def _online_form(t: TaskTraits, w: FitWeights) -> tuple[float, list[str]]:
    if not t.resident_facing:
        return 0.0, ["住民・事業者からの申請・届出ではないため、オンライン申請の対象外"]
    if t.medium == Medium.ELECTRONIC:
        return 0.4, ["既に電子で受け付けているため、オンライン申請化の効果は限定的"]
    bonus = 1.0 if t.work_kind == WorkKind.APPLICATION else 0.8
    return bonus, ["住民・事業者の紙の申請・届出は、オンライン申請（LoGoフォーム等）で入口から電子化できる"]


def _low_code(t: TaskTraits, w: FitWeights) -> tuple[float, list[str]]:
    if not t.shared_across:
        return 0.25, ["他部署・他機関との共有がなく、表計算でも足りる可能性がある"]
    reasons = ["他部署・他機関と情報を共有するため、ローコード（kintone等）で一つの台帳にまとめられる"]
    if t.change_expected:
        reasons.append("手順の変更にも画面の修正で追随しやすい")
    return 0.7 + 0.3 * quality(t, w), reasons


def _bi(t: TaskTraits, w: FitWeights) -> tuple[float, list[str]]:
    if t.work_kind != WorkKind.AGGREGATION:
        return 0.0, ["集計・報告の業務ではないため、BIの対象外"]
    electronic = t.medium == Medium.ELECTRONIC
    reasons = ["集計・報告の業務で、BIで自動集計と可視化ができる"]
    if not electronic:
        reasons.append("元データに紙があり、先に電子化が必要")
    return 0.5 + 0.5 * (1.0 if electronic else 0.0), reasons


def _gen_ai(t: TaskTraits, w: FitWeights) -> tuple[float, list[str]]:
    if t.work_kind not in (WorkKind.DOCUMENT, WorkKind.INQUIRY):
        return 0.0, ["文書作成・要約や問合せ対応の業務ではないため、生成AIの対象外"]
    reasons = ["文書の下書き・要約や回答案の作成に生成AIを使える（内容は職員が確認する）"]
    if t.core:
        reasons.append("コア業務のため、生成AIは下書きまでとし判断は職員が行う")
    return 0.8 if t.core else 0.9, reasons


RULES: dict[Tool, _Rule] = {
    Tool.RPA: _rpa,
    Tool.AI_OCR: _ai_ocr,
    Tool.ONLINE_FORM: _online_form,
    Tool.LOW_CODE: _low_code,
    Tool.BI: _bi,
    Tool.GEN_AI: _gen_ai,
}


def assess(traits: TaskTraits, weights: FitWeights | None = None) -> tuple[Fit, ...]:
    """The fit of every tool for one task, in :data:`RULES` order."""
    weights = weights or FitWeights()
    factor, volume_reasons = volume_factor(traits, weights)
    fits = []
    for tool, rule in RULES.items():
        suit, reasons = rule(traits, weights)
        passed = suit > 0
        score = round(100 * suit * factor) if passed else 0
        fits.append(Fit(tool, score, passed, tuple(reasons + (volume_reasons if passed else []))))
    return tuple(fits)


# Electronicise first: where input is paper, the tools that remove or read the paper come before RPA.
_PAPER_PRECEDENCE = {Tool.ONLINE_FORM: 0, Tool.AI_OCR: 1}


def ranked(fits: tuple[Fit, ...], traits: TaskTraits) -> list[Fit]:
    """Passing fits, best first; with paper input オンライン申請 and AI-OCR precede RPA."""
    passing = [f for f in fits if f.passed and f.score > 0]
    if traits.medium == Medium.ELECTRONIC:
        return sorted(passing, key=lambda f: -f.score)
    return sorted(passing, key=lambda f: (_PAPER_PRECEDENCE.get(f.tool, 2), -f.score))


PAPER_ORDER_RULE = (
    "入力が紙の業務では、紙をなくすオンライン申請、紙を読み取るAI-OCR、その後にRPAの順に勧めます"
    "（点数の順ではありません）"
)


def ranking_notes(order: list[Fit], fits: tuple[Fit, ...]) -> list[str]:
    """Why the ranking is not simply by score, in words shown beside it.

    One note for the first tool placed above a higher-scoring one (the paper-input precedence rule),
    one per tool left out by a gate with that gate's reason.
    Example: paper input, オンライン申請 72点 above AI-OCR 80点 → 「オンライン申請（72点）を点数の高い
    AI-OCR（80点）より先に勧めています。入力が紙の業務では…」.
    """
    notes = []
    for position, fit in enumerate(order):
        higher = next((f for f in order[position + 1 :] if f.score > fit.score), None)
        if higher is not None:
            notes.append(
                f"{fit.label}（{fit.score}点）を点数の高い{higher.label}（{higher.score}点）より"
                f"先に勧めています。{PAPER_ORDER_RULE}。"
            )
            break
    for fit in fits:
        if not fit.passed:
            notes.append(f"{fit.label}は条件（ゲート）を満たさないため順位に入りません: {fit.reasons[0]}")
    return notes
