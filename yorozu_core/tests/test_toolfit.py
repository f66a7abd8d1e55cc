"""The fit rules, gate by gate (yorozu_core.toolfit)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from yorozu_core.toolfit import (
    Degree,
    FitWeights,
    Medium,
    TaskTraits,
    Tool,
    WorkKind,
    assess,
    ranked,
    ranking_notes,
)

BASE = TaskTraits(
    annual_cases=Decimal(2400),
    annual_hours=Decimal(400),
    medium=Medium.ELECTRONIC,
    completes_on_pc=True,
    rules_writable=Degree.YES,
    judgement=Degree.FEW,
    routine=True,
    core=False,
    change_expected=False,
    has_manual=True,
)


def fit(traits: TaskTraits, tool: Tool, weights: FitWeights | None = None):  # noqa: ANN201
    return next(f for f in assess(traits, weights) if f.tool == tool)


def test_a_routine_pc_task_with_written_rules_fits_rpa_well() -> None:
    rpa = fit(BASE, Tool.RPA)
    assert rpa.passed and rpa.score >= 90
    assert any("ルールとして書ける" in r for r in rpa.reasons)


def test_rpa_gate_needs_the_work_to_complete_on_a_pc() -> None:
    rpa = fit(replace(BASE, completes_on_pc=False), Tool.RPA)
    assert (rpa.passed, rpa.score) == (False, 0)
    assert "PC上で完結しない" in rpa.reasons[0]


def test_rpa_gate_needs_rules_that_can_be_written_down() -> None:
    rpa = fit(replace(BASE, rules_writable=Degree.NO), Tool.RPA)
    assert (rpa.passed, rpa.score) == (False, 0)
    assert fit(replace(BASE, rules_writable=Degree.PARTLY), Tool.RPA).score < fit(BASE, Tool.RPA).score


def test_paper_input_points_to_ai_ocr_first() -> None:
    paper = replace(BASE, medium=Medium.PAPER)
    assert fit(BASE, Tool.AI_OCR).passed is False
    ocr, rpa = fit(paper, Tool.AI_OCR), fit(paper, Tool.RPA)
    assert ocr.passed and rpa.score == round(fit(BASE, Tool.RPA).score * 0.5)
    assert any("AI-OCR" in r for r in rpa.reasons)
    order = [f.tool for f in ranked(assess(paper), paper)]
    assert order.index(Tool.AI_OCR) < order.index(Tool.RPA)


def test_a_residents_paper_form_points_to_online_application() -> None:
    form = replace(BASE, medium=Medium.PAPER, resident_facing=True, work_kind=WorkKind.APPLICATION)
    online = fit(form, Tool.ONLINE_FORM)
    assert online.passed and online.score >= 90
    assert ranked(assess(form), form)[0].tool == Tool.ONLINE_FORM
    assert fit(BASE, Tool.ONLINE_FORM).passed is False
    assert fit(replace(BASE, resident_facing=True), Tool.ONLINE_FORM).score < online.score


def test_sharing_across_departments_points_to_low_code() -> None:
    shared = fit(replace(BASE, shared_across=True), Tool.LOW_CODE)
    alone = fit(BASE, Tool.LOW_CODE)
    assert shared.score > 2 * alone.score
    assert any("他部署・他機関" in r for r in shared.reasons)


def test_bi_needs_collecting_and_reporting_work() -> None:
    assert fit(BASE, Tool.BI).passed is False
    assert fit(replace(BASE, work_kind=WorkKind.AGGREGATION), Tool.BI).score > 50


def test_generative_ai_needs_drafting_or_answering_work() -> None:
    assert fit(BASE, Tool.GEN_AI).passed is False
    drafting = fit(replace(BASE, work_kind=WorkKind.DOCUMENT, routine=False), Tool.GEN_AI)
    assert drafting.passed and drafting.score > 50


def test_a_task_done_a_few_times_a_year_is_not_worth_automating() -> None:
    rare = replace(BASE, annual_cases=Decimal(4), annual_hours=Decimal(8))
    assert fit(rare, Tool.RPA).score < 15
    assert any("少なく" in r for r in fit(rare, Tool.RPA).reasons)


def test_scores_grow_with_volume() -> None:
    scores = [fit(replace(BASE, annual_hours=Decimal(h)), Tool.RPA).score for h in (10, 50, 200, 500, 5000)]
    assert scores == sorted(scores) and scores[-1] == scores[-2]


def test_a_city_can_adjust_the_weights() -> None:
    changing = replace(BASE, change_expected=True)
    default = fit(changing, Tool.RPA).score
    strict = fit(changing, Tool.RPA, FitWeights.from_mapping({"stable": 2.0})).score
    assert strict < default


@pytest.mark.parametrize(
    "data", [{"unknown": 1}, {"routine": -1}, {"routine": "abc"}, {"full_volume_hours": 0}]
)
def test_bad_weights_are_refused_in_japanese(data: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="重み|不明|正の値"):
        FitWeights.from_mapping(data)


def test_the_ranking_says_why_a_lower_score_comes_first() -> None:
    form = replace(BASE, medium=Medium.PAPER, resident_facing=True, work_kind=WorkKind.APPLICATION)
    fits = assess(form)
    order = ranked(fits, form)
    inverted = [(a, b) for i, a in enumerate(order) for b in order[i + 1 :] if b.score > a.score]
    notes = ranking_notes(order, fits)
    if inverted:
        first = inverted[0][0]
        assert f"{first.label}（{first.score}点）を点数の高い" in notes[0] and "紙" in notes[0]
    assert any("条件（ゲート）を満たさない" in n for n in notes)


def test_an_electronic_task_ranked_by_score_needs_no_order_note() -> None:
    fits = assess(BASE)
    notes = ranking_notes(ranked(fits, BASE), fits)
    assert not any("点数の高い" in n for n in notes)
    assert any(n.startswith("AI-OCRは条件（ゲート）を満たさない") for n in notes)


def test_a_paper_task_where_ocr_outscores_online_form_explains_the_order() -> None:
    paper = replace(BASE, medium=Medium.PAPER, resident_facing=True)
    fits = assess(paper)
    order = ranked(fits, paper)
    by_tool = {f.tool: f for f in order}
    assert Tool.ONLINE_FORM in by_tool and Tool.AI_OCR in by_tool
    assert by_tool[Tool.AI_OCR].score > by_tool[Tool.ONLINE_FORM].score  # the walkthrough's case
    assert order[0].tool == Tool.ONLINE_FORM
    assert "オンライン申請" in ranking_notes(order, fits)[0] and "AI-OCR" in ranking_notes(order, fits)[0]
