"""Counts, percentages and the chi-square test against independent calculations (Counter, scipy)."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from scipy.stats import chi2_contingency

from yorozu_core.analysis import analyses
from yorozu_core.analysis.columns import NO_ANSWER, ColumnSpec, Kind, TownList, infer_spec
from yorozu_core.analysis.engine import Filter, Table, sample_columns
from yorozu_core.analysis.reading import column_key, load_file, rows_to_csv_bytes

SCALE = ("とても満足", "満足", "どちらともいえない", "不満", "とても不満")
AGES = ("20代", "30代", "40代")
OPTIONS = ("SNS", "チラシ", "区報", "友人")
HEADER = ["年代", "満足度", "きっかけ", "お住まい", "来場日時"]


def _survey(seed: int = 7, n: int = 400) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        age = rng.choice((*AGES, ""))
        satisfaction = rng.choice((*SCALE, SCALE[0], SCALE[1], "無回答", ""))
        chosen = rng.sample(OPTIONS, rng.randint(0, 3))
        rows.append([age, satisfaction, "、".join(chosen), rng.choice(("よろず区桜台", "本町", "みらい市", "")),
                     f"2026/10/{rng.choice((17, 18))} {rng.randint(9, 16)}:{rng.randrange(60):02d}"])  # fmt: skip
    return rows


@pytest.fixture
def survey(tmp_path: Path) -> tuple[Table, list[list[str]]]:
    rows = _survey()
    source = tmp_path / "survey.csv"
    source.write_bytes(rows_to_csv_bytes(HEADER, rows))
    result = load_file(source, tmp_path / "survey.parquet", kind="csv", name="survey.csv")
    keys = [column_key(i) for i in range(len(result.headers))]
    samples = sample_columns(tmp_path / "survey.parquet", keys)
    specs = [infer_spec(k, h, samples[k]) for k, h in zip(keys, result.headers, strict=True)]
    towns = TownList(city="よろず区", towns=("桜台", "本町"))
    return Table(tmp_path / "survey.parquet", specs, towns), rows


def test_columns_are_typed_from_their_names_and_values(survey: tuple[Table, list[list[str]]]) -> None:
    table, _ = survey
    kinds = {s.name: (s.kind, s.separator, s.order) for s in table.specs}
    assert kinds["年代"][0] == Kind.AGE
    assert kinds["満足度"] == (Kind.ORDINAL, "", SCALE)
    assert kinds["きっかけ"] == (Kind.MULTI, "、", ())
    assert kinds["お住まい"][0] == Kind.ADDRESS
    assert kinds["来場日時"][0] == Kind.DATETIME


def test_frequencies_match_an_independent_count(survey: tuple[Table, list[list[str]]]) -> None:
    table, rows = survey
    found = analyses.frequencies(table, table.spec("c1"))
    answers = [r[1] for r in rows if r[1] not in ("", "無回答")]
    expected = Counter(answers)
    assert found.base == len(answers) and found.no_answer == len(rows) - len(answers)
    assert [i.value for i in found.items] == [v for v in SCALE if v in expected]  # the scale's order
    for item in found.items:
        assert item.count == expected[item.value]
        assert item.percent == round(expected[item.value] / len(answers) * 100, 1)
    scores = {v: 5 - i for i, v in enumerate(SCALE)}
    assert found.mean == round(sum(scores[a] for a in answers) / len(answers), 2)


def test_multi_select_counts_each_option_against_respondents(survey: tuple[Table, list[list[str]]]) -> None:
    table, rows = survey
    found = analyses.frequencies(table, table.spec("c2"))
    chosen = [r[2].split("、") for r in rows if r[2]]
    expected = Counter(option for answer in chosen for option in answer)
    assert found.base == len(chosen) and found.no_answer == len(rows) - len(chosen)
    assert found.mentions == sum(expected.values()) > found.base
    assert {i.value: i.count for i in found.items} == dict(expected)
    assert all(i.percent == round(expected[i.value] / len(chosen) * 100, 1) for i in found.items)


def test_crosstab_counts_and_chi_square_match_scipy(survey: tuple[Table, list[list[str]]]) -> None:
    table, rows = survey
    found = analyses.crosstab(table, table.spec("c0"), table.spec("c1"))
    assert found.rows == (*AGES, NO_ANSWER) and found.columns == (*SCALE, NO_ANSWER)

    def label(value: str) -> str:
        return NO_ANSWER if value in ("", "無回答") else value

    pairs = Counter((label(r[0]), label(r[1])) for r in rows)
    assert [list(r) for r in found.counts] == [[pairs[(a, s)] for s in found.columns] for a in found.rows]
    answered = [[pairs[(a, s)] for s in SCALE] for a in AGES]
    statistic, p, dof, _ = chi2_contingency(answered, correction=False)
    assert found.test is not None
    assert found.test.statistic == pytest.approx(statistic, rel=1e-9)
    assert found.test.p == pytest.approx(p, rel=1e-9) and found.test.dof == dof


def test_two_by_two_tables_use_no_continuity_correction() -> None:
    from yorozu_core.analysis.stats import chi_square

    table = [[12, 5], [3, 9]]
    statistic, p, dof, expected = chi2_contingency(table, correction=False)
    found = chi_square(table)
    assert found is not None and found.statistic == pytest.approx(statistic) and found.dof == 1
    assert found.min_expected == pytest.approx(expected.min()) and found.low_expected_cells == 0
    small = chi_square([[2, 1], [1, 3]])
    assert (
        small is not None and small.low_expected_cells == 4 and "期待度数が5未満のセルが4個" in small.warning
    )


def test_multi_select_cross_tabulates_per_option_with_a_filter(survey: tuple[Table, list[list[str]]]) -> None:
    table, rows = survey
    found = analyses.crosstab(
        table, table.spec("c2"), table.spec("c0"), [Filter(table.spec("c1"), ("とても満足",))]
    )
    kept = [r for r in rows if r[1] == "とても満足"]
    expected = Counter(
        (o if r[2] else NO_ANSWER, r[0] or NO_ANSWER)
        for r in kept
        for o in (r[2].split("、") if r[2] else [""])
    )
    cells = {
        (a, b): n
        for a, r in zip(found.rows, found.counts, strict=True)
        for b, n in zip(found.columns, r, strict=True)
        if n
    }
    assert cells == dict(expected)
    assert found.rows[-1] == NO_ANSWER


def test_addresses_become_towns_or_outside_the_city(survey: tuple[Table, list[list[str]]]) -> None:
    table, rows = survey
    found = analyses.frequencies(table, table.spec("c3"))
    expected = Counter(
        {"よろず区桜台": "桜台", "本町": "本町", "みらい市": "区外"}[r[3]] for r in rows if r[3]
    )
    assert {i.value: i.count for i in found.items} == dict(expected)


def test_timeseries_puts_the_two_days_side_by_side(survey: tuple[Table, list[list[str]]]) -> None:
    table, rows = survey
    found = analyses.timeseries(table, table.spec("c4"), unit="hour", compare="day")
    assert found.series == ("2026-10-17", "2026-10-18")
    expected = Counter(
        (f"{int(r[4].split()[1].split(':')[0]):02d}:00", r[4][:10].replace("/", "-")) for r in rows
    )
    assert {
        (b, s): n
        for b, c in zip(found.buckets, found.counts, strict=True)
        for s, n in zip(found.series, c, strict=True)
    } == dict(expected)
    daily = analyses.timeseries(table, table.spec("c4"), unit="day")
    assert sum(c[0] for c in daily.counts) == len(rows) and daily.unparsed == 0


def test_a_corrected_type_changes_the_counts_without_reloading(survey: tuple[Table, list[list[str]]]) -> None:
    table, rows = survey
    as_single = ColumnSpec(key="c2", name="きっかけ", kind=Kind.SINGLE)
    found = analyses.frequencies(Table(table.path, [as_single]), as_single)
    assert found.mentions == sum(1 for r in rows if r[2])  # whole answers, not options


def test_parts_written_with_spaces_are_trimmed_and_empty_parts_dropped(tmp_path: Path) -> None:
    from dataclasses import replace

    from yorozu_core.analysis.engine import padded_separator

    source = tmp_path / "a.csv"
    source.write_bytes(
        rows_to_csv_bytes(["きっかけ"], [["SNS, チラシ"], ["チラシ"], ["SNS,"], ["区報 ,SNS"]])
    )
    load_file(source, tmp_path / "a.parquet", kind="csv", name="a.csv")
    assert padded_separator(tmp_path / "a.parquet", "c0", ",")
    spec = ColumnSpec(key="c0", name="きっかけ", kind=Kind.MULTI, separator=",")
    found = analyses.frequencies(
        Table(tmp_path / "a.parquet", [replace(spec, padded=True)]), replace(spec, padded=True)
    )
    assert {i.value: i.count for i in found.items} == {"SNS": 3, "チラシ": 2, "区報": 1}
