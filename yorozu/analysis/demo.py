"""Demo of データ分析: the fictional 絵本のまちフェスタ of よろず区 (gate check-ins and a questionnaire),
tied to a BI可視化 consultation, with saved views and a published results page. Written for the demo,
not copied from any real data. Idempotent."""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from pathlib import Path
from typing import TextIO

from django.utils import timezone

from yorozu.accounts.models import Department, User
from yorozu.consultations.models import Consultation, Stage, Theme
from yorozu_core.fiscal import fiscal_year_of

from . import services
from .models import Dataset, TownList

SEED = 1013
CITY = "よろず区"
TOWNS = (
    "本町一丁目",
    "本町二丁目",
    "中央一丁目",
    "中央二丁目",
    "桜台",
    "緑が丘",
    "川端町",
    "港南一丁目",
    "港南二丁目",
    "北山町",
)
ELSEWHERE = ("みらい市", "あおば市", "ひかり町", "東京都千代田区")
DAYS = (dt.date(2026, 10, 17), dt.date(2026, 10, 18))
CHECKINS = "絵本のまちフェスタ2026 入場記録"
SURVEY = "絵本のまちフェスタ2026 来場者アンケート"
CASE_TITLE = "絵本のまちフェスタの来場者・アンケート分析"
SCALE = ("とても満足", "満足", "どちらともいえない", "不満", "とても不満")
TRIGGERS = ("区報", "チラシ・ポスター", "SNS", "学校・園からのお知らせ", "友人・知人", "通りがかり")
AGES = ("10代", "20代", "30代", "40代", "50代", "60代", "70代以上")
GOOD = (
    "絵本の読み聞かせがとても楽しかったです。",
    "子どもが絵本作家さんと話せて喜んでいました。",
    "ワークショップで親子で絵本を作れたのが良い思い出になりました。",
    "会場の飾り付けがかわいくて、写真をたくさん撮りました。",
    "図書館の方の読み聞かせが上手で、子どもが夢中になっていました。",
    "古本市で懐かしい絵本を見つけられてうれしかったです。",
    "スタッフの皆さんが親切でした。",
)
BAD = (
    "駐車場が少なく、停めるまでに時間がかかりました。",
    "人気の読み聞かせは待ち時間が長くて入れませんでした。",
    "トイレが混んでいて、小さい子どもには大変でした。",
    "屋外は暑く、休憩できる日陰がもっとほしいです。",
    "会場の案内表示が分かりにくかったです。",
    "ベビーカーで移動しにくい場所がありました。",
)
WISHES = (
    "来年も開催してほしいです。",
    "平日の夕方にも読み聞かせがあるとうれしいです。",
    "外国語の絵本のコーナーがあると良いと思います。",
    "",
    "",
)


def load_demo(*, stdout: TextIO) -> None:
    if Dataset.objects.filter(name=SURVEY).exists():
        stdout.write("データ分析: デモデータは読み込み済みです。\n")
        return
    _town_list()
    department = Department.objects.filter(name="文化・国際交流課").first() or Department.objects.first()
    if department is None:
        stdout.write("データ分析: 課がないためデモデータを読み込みません。\n")
        return
    case = _consultation(department)
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as folder:
        checkins = _write(Path(folder) / "checkins.csv", *_checkin_rows(rng))
        survey = _write(Path(folder) / "survey.csv", *_survey_rows(rng))
        gate = services.dataset_import(user=None, source=checkins, name=CHECKINS, file_name="入場記録.csv",
                                       department=department, consultation=case)  # fmt: skip
        answers = services.dataset_import(user=None, source=survey, name=SURVEY, file_name="アンケート.csv",
                                          department=department, consultation=case)  # fmt: skip
    library = Department.objects.filter(name="生涯学習課").first()
    if library is not None:
        services.dataset_share(user=None, dataset=answers, departments=[library])
    _views(gate, answers)
    stdout.write(
        f"データ分析: {CHECKINS} {gate.row_count:,}行、{SURVEY} {answers.row_count:,}行、保存した集計2件（1件公開）\n"
    )


def _town_list() -> None:
    if not TownList.objects.exists():
        services.town_list_save(
            user=None, city_name=CITY, towns="\n".join(TOWNS), postal_codes="1999001\n1999002"
        )


def _consultation(department: Department) -> Consultation:
    found = Consultation.objects.filter(title=CASE_TITLE).first()
    if found:
        return found
    requester = (
        User.objects.filter(department=department, role=User.Role.REQUESTER).first()
        or User.objects.filter(role=User.Role.CONSULTANT).first()
        or User.objects.first()
    )
    received = dt.date(2026, 10, 24)
    case = Consultation.objects.create(
        title=CASE_TITLE, theme=Theme.BI, department=department, requester=requester,
        current_issue="フェスタの入場記録とアンケートを毎年Excelで手集計しており、自由記述は読み切れていない。",
        target_work="イベントの来場者数の集計、アンケートの集計と報告書の作成",
        desired_timing="2026年11月（次年度予算の検討まで）", received_on=received,
        fiscal_year=fiscal_year_of(received), stage=Stage.ANALYSIS, stage_changed_at=timezone.now(),
    )  # fmt: skip
    consultant = User.objects.filter(role=User.Role.CONSULTANT).order_by("username").first()
    if consultant:
        case.assignees.add(consultant)
    return case


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _address(rng: random.Random) -> str:
    if rng.random() < 0.28:
        return rng.choice(ELSEWHERE)
    return f"{CITY}{rng.choice(TOWNS)}" if rng.random() < 0.7 else rng.choice(TOWNS)


def _checkin_rows(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    rows = []
    for number in range(1, 5001):
        day = DAYS[0] if rng.random() < 0.45 else DAYS[1]
        hour = min(16, max(9, int(rng.gauss(12.5 if rng.random() < 0.6 else 14.5, 1.6))))
        moment = dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60)))
        rows.append([f"G{number:05d}", moment.strftime("%Y/%m/%d %H:%M:%S"), rng.choice(("東ゲート", "西ゲート")),
                     _address(rng), str(rng.choice((1, 2, 2, 3, 3, 4)))])  # fmt: skip
    return ["受付番号", "入場日時", "入場ゲート", "お住まい", "同伴人数"], rows


def _survey_rows(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    rows = []
    for number in range(1, 601):
        mood = rng.random()
        satisfaction = SCALE[
            0 if mood < 0.35 else 1 if mood < 0.72 else 2 if mood < 0.86 else 3 if mood < 0.96 else 4
        ]
        if rng.random() < 0.04:
            satisfaction = "無回答"
        again = {"とても満足": "ぜひ来たい", "満足": rng.choice(("ぜひ来たい", "来たい")),
                 "どちらともいえない": rng.choice(("来たい", "どちらともいえない")),
                 "不満": rng.choice(("どちらともいえない", "あまり来たくない")),
                 "とても不満": "来たくない", "無回答": ""}[satisfaction]  # fmt: skip
        triggers = rng.sample(TRIGGERS, rng.choice((1, 1, 2, 2, 3)))
        moment = dt.datetime.combine(rng.choice(DAYS), dt.time(rng.randint(10, 16), rng.randrange(60)))
        rows.append([str(number), moment.strftime("%Y/%m/%d %H:%M"), rng.choice(AGES) if rng.random() > 0.03 else "",
                     ",".join(triggers), satisfaction, again, _opinion(rng, satisfaction)])  # fmt: skip
    return ["回答ID", "回答日時", "年代", "来場のきっかけ", "満足度", "もう一度来たいか", "ご意見"], rows


def _opinion(rng: random.Random, satisfaction: str) -> str:
    if rng.random() < 0.3:
        return ""
    positive = satisfaction in ("とても満足", "満足")
    parts = [rng.choice(GOOD if positive or rng.random() < 0.3 else BAD)]
    if rng.random() < 0.4:
        parts.append(rng.choice(BAD if positive and rng.random() < 0.3 else GOOD if positive else BAD))
    parts.append(rng.choice(WISHES))
    return "".join(dict.fromkeys(p for p in parts if p))


def _views(gate: Dataset, answers: Dataset) -> None:
    spec = {s.name: s.key for s in answers.specs}
    report = services.saved_view_add(user=None, dataset=answers, name="絵本のまちフェスタ2026 アンケート結果",
                                     analysis={"type": "frequencies", "column": spec["満足度"]})  # fmt: skip
    for analysis in (
        {"type": "frequencies", "column": spec["来場のきっかけ"]},
        {"type": "frequencies", "column": spec["年代"]},
        {"type": "crosstab", "row": spec["年代"], "column": spec["満足度"]},
        {"type": "crosstab", "row": spec["来場のきっかけ"], "column": spec["もう一度来たいか"]},
        {"type": "text", "column": spec["ご意見"], "segment": spec["満足度"]},
    ):
        report = services.saved_view_add(user=None, dataset=answers, name="", analysis=analysis, view=report)
    chosen = [row for row in range(2, 40) if row % 7 == 3][:3]
    services.saved_view_update(user=None, view=report, is_public=True, min_count=5, public_answers=chosen,
                               description="令和8年10月17日・18日に開催した絵本のまちフェスタの来場者アンケートの結果です。")  # fmt: skip
    gate_spec = {s.name: s.key for s in gate.specs}
    view = services.saved_view_add(user=None, dataset=gate, name="入場者数の推移（2日間の比較）",
                                   analysis={"type": "timeseries", "column": gate_spec["入場日時"], "unit": "hour",
                                             "compare": "day"})  # fmt: skip
    services.saved_view_add(user=None, dataset=gate, name="", view=view,
                            analysis={"type": "frequencies", "column": gate_spec["お住まい"]})  # fmt: skip
