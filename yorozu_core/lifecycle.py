"""The lifecycle of a consultation case (相談の段階) and the arithmetic on it.

受付 → 業務分析 → 事業計画（予算化） → システム設計 → 実装・導入 → 効果測定 → 完了, plus 保留 (from any
open stage, and back to where it was) and 取下げ (from any open stage or 保留, with a reason).
Stages are the string values stored by ``yorozu.consultations.models.Stage`` (decision record 0301).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date

FLOW: tuple[str, ...] = (
    "received",
    "analysis",
    "planning",
    "design",
    "implementation",
    "measurement",
    "done",
)
ON_HOLD = "on_hold"
WITHDRAWN = "withdrawn"
DONE = "done"
CLOSED: frozenset[str] = frozenset({DONE, WITHDRAWN})
ALL_STAGES: tuple[str, ...] = (*FLOW, ON_HOLD, WITHDRAWN)


class TransitionError(ValueError):
    """A stage change the lifecycle does not allow; the message is Japanese and shown to the user."""


def allowed_transitions(stage: str, resume_stage: str = "") -> tuple[str, ...]:
    """The stages a case in ``stage`` may move to. ``resume_stage`` is where a held case came from."""
    if stage == ON_HOLD:
        return (resume_stage, WITHDRAWN) if resume_stage in FLOW else (WITHDRAWN,)
    if stage in CLOSED or stage not in FLOW:
        return ()
    following = FLOW[FLOW.index(stage) + 1]
    return (following, ON_HOLD, WITHDRAWN)


def check_transition(stage: str, to: str, *, resume_stage: str = "", reason: str = "") -> None:
    """Raise :class:`TransitionError` unless ``stage`` → ``to`` is allowed and complete."""
    if to not in ALL_STAGES:
        raise TransitionError(f"「{to}」という段階はありません。")
    if stage in CLOSED:
        raise TransitionError("完了または取下げの相談は段階を変更できません。")
    if to not in allowed_transitions(stage, resume_stage):
        raise TransitionError("この段階へは移せません。次の段階、保留、取下げのいずれかを選んでください。")
    if to == WITHDRAWN and not reason.strip():
        raise TransitionError("取下げには理由の入力が必要です。")


def is_open(stage: str) -> bool:
    return stage not in CLOSED


def elapsed_days(start: date, end: date) -> int:
    """Calendar days from ``start`` to ``end`` (never negative): the time a case spent in a stage."""
    return max(0, (end - start).days)


def median(values: Sequence[float]) -> float | None:
    """The median of already sorted ``values`` (the middle one, or the mean of the middle two)."""
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return float(values[middle])
    return (values[middle - 1] + values[middle]) / 2


def median_from_counts(counts: Mapping[int, int]) -> float | None:
    """The median of a histogram {value: how many}: the database groups, Python picks the middle.

    Same result as :func:`median` over the expanded values, without loading every row.
    """
    total = sum(counts.values())
    if total == 0:
        return None
    wanted = [(total - 1) // 2, total // 2]  # 0-based ranks of the middle one or two values
    found: list[int] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
    return sum(found) / 2


def search_key(*parts: str) -> str:
    """Text for keyword search: NFKC (全角/半角, ｶﾅ → カナ), case-folded, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", " ".join(parts)).casefold()
    return " ".join(text.split())


def search_terms(keyword: str) -> list[str]:
    """The normalised words of a search box entry (all must match)."""
    return search_key(keyword).split()


MEASUREMENT = "measurement"


def check_stage_requirements(to: str, *, deployments: int, realised_effects: int, reason: str = "") -> None:
    """The work a stage needs before a case may enter it (issue 9).

    効果測定 needs at least one deployment created from the case; 完了 needs a realised effect on one
    of them or a written reason (e.g. 効果測定の対象外), which goes on the timeline.
    """
    if to == MEASUREMENT and deployments < 1:
        raise TransitionError("効果測定に進むには、この相談から導入を1件以上登録してください。")
    if to == DONE and realised_effects < 1 and not reason.strip():
        raise TransitionError(
            "完了にするには、導入の効果（実績）を記録するか、理由（例: 効果測定の対象外）を入力してください。"
        )
