"""Demo consultations of the fictional よろず区: 34 cases in 令和4年度 and 33 in 令和5年度 (the
programme's reported counts), more in 令和6–8年度, with timelines, comments and effort logs.

Deterministic (fixed seed) and idempotent. Later apps look demo cases up by title: ``DEMO_CASES``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from yorozu.accounts.demo import section
from yorozu.accounts.models import User
from yorozu.consultations.models import Consultation, Stage, Theme
from yorozu.consultations.services import (
    CaseInput,
    consultation_assign,
    consultation_comment,
    consultation_create,
    consultation_transition,
    effort_log_create,
)
from yorozu.impacts.demo import deployment_for_case
from yorozu.impacts.models import EffectRecord
from yorozu_core.fiscal import fiscal_year_label
from yorozu_core.lifecycle import FLOW

SEED = 20221
CASES_PER_FISCAL_YEAR = {2022: 34, 2023: 33, 2024: 26, 2025: 29, 2026: 15}
LAST_DEMO_DAY = date(2026, 11, 20)


@dataclass(frozen=True)
class Topic:
    title: str
    theme: str
    bureau: str
    section: str
    issue: str
    work: str


T = Theme
TOPICS: tuple[Topic, ...] = (
    Topic(
        "書かない窓口の導入",
        T.COUNTER,
        "区民文化部",
        "戸籍住民課",
        "転入・転居の届出で申請書の記入に時間がかかり、繁忙期は待ち時間が2時間を超える。",
        "住民異動届、印鑑登録、証明書交付の窓口受付",
    ),
    Topic(
        "イベントのライブ配信",
        T.LIVE_STREAMING,
        "区民文化部",
        "文化・国際交流課",
        "区民まつりや講演会に来場できない区民から配信の要望が多い。",
        "年12回の文化イベント・講演会の運営",
    ),
    Topic(
        "児童相談所と関係機関の情報共有",
        T.LOW_CODE,
        "子ども家庭部",
        "児童相談所",
        "学校・警察・医療機関との情報共有が電話とFAXで、記録の転記に時間がかかる。",
        "通告受理、関係機関との連絡調整、ケース記録",
    ),
    Topic(
        "予算の見える化",
        T.BI,
        "政策経営部",
        "財政課",
        "予算書がPDFのみで、区民や議会への説明資料を毎年手作業で作っている。",
        "予算書・決算書の作成と公表資料の作成",
    ),
    Topic(
        "契約事務のRPA化",
        T.RPA,
        "総務部",
        "契約管財課",
        "入札結果の登録と契約台帳への転記を毎月手作業で行い、入力誤りが起きている。",
        "入札結果の財務会計システム登録、契約台帳の更新（年1,800件）",
    ),
    Topic(
        "AI-OCRによる申請書の読み取り",
        T.AI_OCR,
        "健康生きがい部",
        "介護保険課",
        "要介護認定申請書を職員が手入力しており、繁忙期に処理が遅れる。",
        "要介護認定申請書の受付とシステム入力（年6,000枚）",
    ),
    Topic(
        "LoGoフォームでのオンライン申請",
        T.ONLINE_APPLICATION,
        "子ども家庭部",
        "保育サービス課",
        "保育園の入園申込が紙と窓口のみで、書類不備の連絡に追われている。",
        "保育園入園申込、在園児の各種届出",
    ),
    Topic(
        "生成AI活用による議事録作成",
        T.GENERATIVE_AI,
        "政策経営部",
        "企画課",
        "審議会の議事録作成に1回あたり8時間かかっている。",
        "審議会・庁内会議の議事録作成",
    ),
    Topic(
        "粗大ごみ受付のオンライン化",
        T.ONLINE_APPLICATION,
        "資源環境部",
        "清掃リサイクル課",
        "電話受付が集中し、つながらないという苦情が多い。",
        "粗大ごみの収集申込受付（年24,000件）",
    ),
    Topic(
        "給与支払報告書のAI-OCR",
        T.AI_OCR,
        "総務部",
        "人事課",
        "紙で届く報告書の入力を臨時職員で対応している。",
        "給与支払報告書の入力",
    ),
    Topic(
        "道路占用許可のRPA化",
        T.RPA,
        "都市整備部",
        "道路管理課",
        "許可証の作成と台帳登録が二重入力になっている。",
        "道路占用許可の審査・許可証発行・台帳登録",
    ),
    Topic(
        "就学援助申請のオンライン化",
        T.ONLINE_APPLICATION,
        "教育委員会事務局",
        "学務課",
        "申請書の配布と回収を学校経由で行い、集計に時間がかかる。",
        "就学援助の申請受付と審査",
    ),
    Topic(
        "ごみ収集量のBIダッシュボード",
        T.BI,
        "資源環境部",
        "環境政策課",
        "収集量の集計をExcelで毎月手作業で作り、傾向がつかみにくい。",
        "ごみ収集量の月次集計と報告",
    ),
    Topic(
        "障がい福祉サービス請求のRPA化",
        T.RPA,
        "福祉部",
        "障がい政策課",
        "国保連への請求データの確認作業が月末に集中する。",
        "障がい福祉サービス費の請求データ確認",
    ),
    Topic(
        "生活保護業務の記録支援",
        T.GENERATIVE_AI,
        "福祉部",
        "生活支援課",
        "ケース記録の作成が訪問後の残業の主な原因になっている。",
        "訪問記録の作成と決裁",
    ),
    Topic(
        "健診結果のAI-OCR",
        T.AI_OCR,
        "健康生きがい部",
        "健康推進課",
        "医療機関から届く紙の健診結果を手入力している。",
        "特定健診・がん検診の結果入力（年30,000件）",
    ),
    Topic(
        "建築確認台帳のローコード化",
        T.LOW_CODE,
        "都市整備部",
        "建築指導課",
        "台帳がAccessで保守できる職員がいない。",
        "建築確認・完了検査の台帳管理",
    ),
    Topic(
        "職員研修申込のオンライン化",
        T.ONLINE_APPLICATION,
        "総務部",
        "人事課",
        "研修申込をメールとExcelで集約している。",
        "職員研修の申込と出欠管理",
    ),
    Topic(
        "公民館予約の窓口改善",
        T.COUNTER,
        "教育委員会事務局",
        "生涯学習課",
        "抽選申込のために早朝から窓口に行列ができる。",
        "公民館・集会室の予約受付",
    ),
    Topic(
        "子育て相談チャットボット",
        T.GENERATIVE_AI,
        "子ども家庭部",
        "子ども政策課",
        "同じ内容の電話問合せが多く、相談員が本来の相談に時間を割けない。",
        "子育て支援制度の問合せ対応",
    ),
    Topic(
        "地域活動団体の補助金申請オンライン化",
        T.ONLINE_APPLICATION,
        "区民文化部",
        "地域振興課",
        "補助金の申請書類が多く、団体から負担が大きいとの声がある。",
        "地域活動補助金の申請受付と審査",
    ),
    Topic(
        "議会答弁資料の検索",
        T.GENERATIVE_AI,
        "政策経営部",
        "企画課",
        "過去の答弁を探すのに時間がかかる。",
        "議会答弁の作成と過去答弁の確認",
    ),
    Topic(
        "介護認定調査票の電子化",
        T.LOW_CODE,
        "健康生きがい部",
        "介護保険課",
        "調査員が紙で記入し、事務所で再入力している。",
        "要介護認定調査票の作成と入力",
    ),
    Topic(
        "指導室の学校アンケート集計",
        T.BI,
        "教育委員会事務局",
        "指導室",
        "学校ごとのアンケートを手作業で集計している。",
        "学校評価アンケートの集計と公表",
    ),
    Topic(
        "保育料算定のRPA化",
        T.RPA,
        "子ども家庭部",
        "保育サービス課",
        "税情報の照会と保育料の算定を手作業で行っている。",
        "保育料の算定と通知（年4,000件）",
    ),
    Topic(
        "区民課窓口の呼出しシステム",
        T.COUNTER,
        "区民文化部",
        "戸籍住民課",
        "待ち人数がわからず、区民が窓口前で待ち続けている。",
        "証明書交付窓口の受付・呼出し",
    ),
    Topic(
        "会議室予約の庁内ローコードアプリ",
        T.LOW_CODE,
        "総務部",
        "総務課",
        "紙の予約簿で重複予約が起きている。",
        "庁内会議室の予約管理",
    ),
    Topic(
        "環境イベントのライブ配信",
        T.LIVE_STREAMING,
        "資源環境部",
        "環境政策課",
        "環境フォーラムの参加者が固定化している。",
        "環境フォーラムの運営（年2回）",
    ),
    Topic(
        "都市計画審議会のライブ配信",
        T.LIVE_STREAMING,
        "都市整備部",
        "都市計画課",
        "傍聴席が少なく、公開性の向上を求められている。",
        "都市計画審議会の運営",
    ),
    Topic(
        "生活保護申請書類のAI-OCR",
        T.AI_OCR,
        "福祉部",
        "生活支援課",
        "申請書類の手入力に時間がかかっている。",
        "生活保護申請書類の入力",
    ),
    Topic(
        "福祉部の相談記録のローコード化",
        T.LOW_CODE,
        "福祉部",
        "福祉部管理課",
        "相談記録がExcelに分散している。",
        "福祉総合相談の記録と集計",
    ),
    Topic(
        "その他：庁内ネットワークの相談",
        T.OTHER,
        "政策経営部",
        "企画課",
        "会議室でWi-Fiが使えず、ペーパーレス会議ができない。",
        "庁内会議の運営",
    ),
)

_OUTCOME_WEIGHTS: dict[int, dict[str, int]] = {
    2022: {"done": 23, "measurement": 3, "withdrawn": 5, "on_hold": 3},
    2023: {"done": 14, "measurement": 6, "implementation": 5, "withdrawn": 4, "on_hold": 4},
    2024: {
        "done": 5,
        "measurement": 6,
        "implementation": 6,
        "design": 4,
        "planning": 2,
        "withdrawn": 2,
        "on_hold": 1,
    },
    2025: {"implementation": 5, "design": 7, "planning": 8, "analysis": 5, "withdrawn": 2, "on_hold": 2},
    2026: {"received": 5, "analysis": 6, "planning": 3, "on_hold": 1},
}
_WITHDRAW_REASONS = (
    "所管課で既存システムの改修により対応することになったため",
    "制度改正の予定があり、検討を中止したため",
    "費用対効果が見込めなかったため",
)
_HOLD_REASON = "予算化を翌年度に見送ったため"
_DONE_REASON = "効果は所管課の年度の実績表で確認したため、個別の効果測定の対象外とします。"
_COMMENTS = (
    "業務量調査の日程を調整しました。",
    "現行の様式を共有いただきました。",
    "ヒアリングを実施しました。次回は課内の担当者も同席予定です。",
    "財政課との協議資料を作成中です。",
    "試行運用の結果を確認しました。",
)


@dataclass(frozen=True)
class CasePlan:
    title: str
    topic: Topic
    received_on: date
    outcome: str


def _plan() -> tuple[CasePlan, ...]:
    rng = random.Random(SEED)
    plans: list[CasePlan] = []
    used: set[str] = set()
    pool: list[Topic] = []
    for year, count in CASES_PER_FISCAL_YEAR.items():
        outcomes = [o for o, n in _OUTCOME_WEIGHTS[year].items() for _ in range(n)]
        rng.shuffle(outcomes)
        last = min(date(year + 1, 3, 31), LAST_DEMO_DAY)
        for index in range(count):
            if not pool:  # every topic once before any repeats
                pool = list(TOPICS)
                rng.shuffle(pool)
            topic = pool.pop()
            title = (
                topic.title
                if topic.title not in used
                else f"{topic.title}（{fiscal_year_label(year)} No.{index + 1}）"
            )
            used.add(title)
            day = date(year, 4, 1) + timedelta(days=rng.randrange((last - date(year, 4, 1)).days + 1))
            plans.append(CasePlan(title, topic, day, outcomes[index % len(outcomes)]))
    return tuple(plans)


PLAN = _plan()
DEMO_CASES: tuple[str, ...] = tuple(p.title for p in PLAN)


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _path(outcome: str, rng: random.Random) -> list[str]:
    """The stages a demo case walks through to reach ``outcome``."""
    if outcome in FLOW:
        return list(FLOW[1 : FLOW.index(outcome) + 1])
    stop = rng.randrange(0, 4)
    return [*FLOW[1 : stop + 1], outcome]


def _play(plan: CasePlan, rng: random.Random, desk: list[User], owners: dict[int, User]) -> None:
    department = section(plan.topic.bureau, plan.topic.section)
    author = owners.get(department.pk, desk[0])
    data = CaseInput(
        plan.title,
        plan.topic.theme,
        plan.topic.issue,
        plan.topic.work,
        desired_timing=f"{plan.received_on.year + 1}年度中",
    )
    case = consultation_create(
        user=author,
        data=data,
        department=department,
        received_on=plan.received_on,
        at=_moment(plan.received_on, 9),
    )
    day = plan.received_on + timedelta(days=rng.randint(1, 5))
    team = desk[:1] if rng.random() < 0.6 else desk
    consultation_assign(user=desk[0], consultation=case, consultants=team, at=_moment(day, 10))
    for stage in _path(plan.outcome, rng):
        day += timedelta(days=rng.randint(7, 75))
        if day > LAST_DEMO_DAY:
            break
        _work(case, rng, team, day)
        reason = {Stage.WITHDRAWN: rng.choice(_WITHDRAW_REASONS), Stage.ON_HOLD: _HOLD_REASON}.get(stage, "")
        if stage == Stage.MEASUREMENT:  # the stage rule: 効果測定 needs a deployment from the case
            deployment_for_case(case, user=team[0], day=day)
        if stage == Stage.DONE and not _has_realised_effect(case):
            reason = _DONE_REASON
        consultation_transition(
            user=team[0],
            consultation=case,
            to=stage,
            comment=f"{Stage(stage).label}へ進めます。",
            reason=reason,
            at=_moment(day, 16),
        )


def _has_realised_effect(case: Consultation) -> bool:
    return EffectRecord.objects.filter(
        deployment__consultation=case, kind=EffectRecord.Kind.REALISED
    ).exists()


def _work(case: Consultation, rng: random.Random, team: list[User], day: date) -> None:
    consultant = rng.choice(team)
    effort_log_create(
        user=consultant,
        consultation=case,
        worked_on=day,
        hours=Decimal(rng.choice(("1.5", "2", "3", "4.5"))),
        note="ヒアリング・資料作成",
    )
    if rng.random() < 0.5:
        consultation_comment(
            user=consultant, consultation=case, body=rng.choice(_COMMENTS), at=_moment(day, 11)
        )


def load_demo(*, stdout: TextIO) -> None:
    if Consultation.objects.filter(title__in=DEMO_CASES).exists():
        stdout.write("相談: デモデータは読み込み済みです。\n")
        return
    rng = random.Random(SEED)
    desk = list(User.objects.filter(username__in=["consultant", "consultant2"]).order_by("username"))
    owners = {
        u.department_id: u for u in User.objects.filter(role=User.Role.REQUESTER, department__isnull=False)
    }
    for plan in PLAN:
        _play(plan, rng, desk, owners)
    per_year = ", ".join(f"{y}年度 {n}件" for y, n in CASES_PER_FISCAL_YEAR.items())
    stdout.write(f"相談: {len(PLAN)} 件（{per_year}）\n")
