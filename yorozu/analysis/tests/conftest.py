from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from yorozu.common.audit import acting_as
from yorozu_core.analysis.reading import rows_to_csv_bytes

SCALE = ("とても満足", "満足", "どちらともいえない", "不満", "とても不満")
HEADER = ["回答ID", "年代", "来場のきっかけ", "満足度", "ご意見", "回答日時"]
OPINIONS = (
    "絵本の読み聞かせがとても楽しかったです。",
    "駐車場が狭くて困りました。",
    "子どもが絵本を選ぶのを楽しんでいました。",
    "待ち時間が長く、トイレも混んでいました。",
    "",
)


def survey_rows(seed: int = 3, n: int = 120) -> list[list[str]]:
    rng = random.Random(seed)
    return [
        [str(i), rng.choice(("20代", "30代", "40代")), ",".join(rng.sample(("SNS", "チラシ", "区報"), rng.randint(1, 2))),
         rng.choice((*SCALE, "満足", "とても満足")), rng.choice(OPINIONS),
         f"2026/10/{rng.choice((17, 18))} {rng.randint(9, 16)}:{rng.randrange(60):02d}"]
        for i in range(1, n + 1)
    ]  # fmt: skip


def write_csv(
    folder: Path, rows: list[list[str]], *, name: str = "survey.csv", encoding: str = "utf-8"
) -> Path:
    path = folder / name
    path.write_bytes(rows_to_csv_bytes(HEADER, rows).decode().encode(encoding))
    return path


@pytest.fixture
def survey(cast: Any, tmp_path: Path) -> Any:
    """A 120-answer questionnaire of the requester's department."""
    from yorozu.analysis import services

    with acting_as(cast.requester):
        return services.dataset_import(
            user=cast.requester, source=write_csv(tmp_path, survey_rows()), name="フェスタのアンケート",
            file_name="survey.csv", department=cast.department,
        )  # fmt: skip


def key_of(dataset: Any, name: str) -> str:
    return next(s.key for s in dataset.specs if s.name == name)
