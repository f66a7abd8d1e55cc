"""Demo ledger of the fictional よろず区: the programme's story told by records.

RPA grows from a 令和2年度 pilot to exactly 36 scenarios live on 2023-10-01 (19 a year earlier), other
tools follow (AI-OCR, LoGoフォーム, kintone, BI, 生成AI), and the realised effect records through 令和4年度
add up to 1,065 h — a figure the report computes from cases and minutes; it is typed nowhere here.
One measurement shows seasonal annualisation: 116 h in April–June at 戸籍住民課, whose spring moving
season carries 35 % of the year's cases, is about 331 h a year (not 464 h).

Idempotent and deterministic: tools and deployments are looked up by name; a deployment's effect
records are created only if it has none. Deployments are linked to the consultations demo's cases
whose titles match, when that demo has loaded them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TextIO

from yorozu.accounts.models import Department, User
from yorozu.consultations.models import Consultation
from yorozu.impacts import services
from yorozu.impacts.models import Deployment, EffectRecord, MeasurementDue, Tool, ToolKind, VolumeProfile

TOOLS: list[tuple[str, str, str]] = [
    ("WinActor", ToolKind.RPA, "NTTアドバンステクノロジ"),
    ("UiPath", ToolKind.RPA, "UiPath"),
    ("DX Suite", ToolKind.AI_OCR, "AI inside"),
    ("LoGoフォーム", ToolKind.ONLINE_FORM, "トラストバンク"),
    ("kintone", ToolKind.LOW_CODE, "サイボウズ"),
    ("Power BI", ToolKind.BI, "Microsoft"),
    ("庁内生成AIチャット", ToolKind.GENERATIVE_AI, "Azure OpenAI Service（LGWAN接続）"),
]

# 戸籍住民課: the spring moving season (March–April) dominates. April … March, cases per month.
SEASONAL = {("区民文化部", "戸籍住民課"): [1400, 1100, 1000, 700, 600, 700, 700, 600, 600, 700, 800, 1100]}

# (name, tool, bureau, section, go-live, retired-on). Bureau "" = 全庁.
D = date
DEPLOYMENTS: list[tuple[str, str, str, str, date, date | None]] = [
    # 令和2年度 pilot: 6 RPA scenarios
    ("住民異動届の住基システム入力", "WinActor", "区民文化部", "戸籍住民課", D(2020, 10, 1), None),
    ("住民税申告書の課税システム入力", "WinActor", "総務部", "総務課", D(2021, 1, 12), None),
    ("会計伝票の起票", "WinActor", "政策経営部", "財政課", D(2021, 2, 1), None),
    ("職員の時間外勤務集計", "WinActor", "総務部", "人事課", D(2021, 2, 15), None),
    ("契約台帳の更新", "WinActor", "総務部", "契約管財課", D(2021, 3, 1), D(2022, 9, 30)),
    ("転入者への案内文書作成", "WinActor", "区民文化部", "戸籍住民課", D(2021, 3, 15), None),
    # 令和3年度: 10 more
    ("保育所入所申請の審査準備", "WinActor", "子ども家庭部", "保育サービス課", D(2021, 10, 1), None),
    ("児童手当現況の照合", "WinActor", "子ども家庭部", "子ども政策課", D(2021, 5, 10), None),
    ("介護保険認定結果の通知作成", "WinActor", "健康生きがい部", "介護保険課", D(2021, 6, 1), None),
    ("がん検診受診券の発送リスト作成", "WinActor", "健康生きがい部", "健康推進課", D(2021, 7, 1), None),
    ("生活保護費の支払データ作成", "WinActor", "福祉部", "生活支援課", D(2021, 8, 2), None),
    ("障害福祉サービス受給者証の更新", "WinActor", "福祉部", "障がい政策課", D(2021, 9, 1), None),
    ("粗大ごみ受付データの取込", "WinActor", "資源環境部", "清掃リサイクル課", D(2021, 10, 15), None),
    ("道路占用許可の台帳登録", "WinActor", "都市整備部", "道路管理課", D(2021, 11, 1), None),
    ("就学援助申請の所得照会", "WinActor", "教育委員会事務局", "学務課", D(2022, 1, 11), None),
    ("住民票写し郵送請求の受付記録", "WinActor", "区民文化部", "戸籍住民課", D(2022, 2, 1), None),
    # 令和4年度 first half: 4 more → 19 live on 2022-10-01 (契約台帳 retired on 2022-09-30)
    ("介護保険料の口座振替登録", "WinActor", "健康生きがい部", "介護保険課", D(2022, 5, 9), None),
    ("建築確認台帳の入力", "WinActor", "都市整備部", "建築指導課", D(2022, 6, 1), None),
    ("文化施設の利用料集計", "WinActor", "区民文化部", "文化・国際交流課", D(2022, 9, 1), None),
    ("特定健診結果の取込", "WinActor", "健康生きがい部", "健康推進課", D(2022, 9, 15), None),
    # 令和4年度 second half to 2023-10-01: 19 more (UiPath joins), 2 retired → 36 live
    ("ふるさと納税の受付データ整理", "UiPath", "政策経営部", "企画課", D(2022, 10, 3), None),
    ("議会答弁資料の様式変換", "UiPath", "政策経営部", "企画課", D(2022, 11, 1), D(2023, 9, 1)),
    ("児童扶養手当の現況届照合", "UiPath", "子ども家庭部", "子ども政策課", D(2022, 11, 15), None),
    ("保育料の算定データ作成", "UiPath", "子ども家庭部", "保育サービス課", D(2022, 12, 1), None),
    ("放課後児童クラブの申請取込", "WinActor", "子ども家庭部", "子ども政策課", D(2023, 1, 10), None),
    ("ごみ収集カレンダーの配信登録", "WinActor", "資源環境部", "清掃リサイクル課", D(2023, 2, 1), None),
    ("環境測定値の集計", "WinActor", "資源環境部", "環境政策課", D(2023, 2, 15), None),
    ("住宅改修費の支給決定通知", "UiPath", "健康生きがい部", "介護保険課", D(2023, 3, 1), None),
    ("転出証明書の発行記録", "WinActor", "区民文化部", "戸籍住民課", D(2023, 3, 20), None),
    ("職員研修の受講記録", "UiPath", "総務部", "人事課", D(2023, 4, 3), None),
    ("入札結果の財務会計システム登録", "UiPath", "総務部", "契約管財課", D(2023, 4, 17), None),
    ("地域活動団体の補助金集計", "WinActor", "区民文化部", "地域振興課", D(2023, 5, 1), None),
    ("生涯学習講座の受講者名簿", "WinActor", "教育委員会事務局", "生涯学習課", D(2023, 5, 15), None),
    ("給食費の口座振替結果取込", "UiPath", "教育委員会事務局", "学務課", D(2023, 6, 1), None),
    ("都市計画情報の照会記録", "WinActor", "都市整備部", "都市計画課", D(2023, 6, 15), None),
    ("障がい福祉サービス費の請求データ作成", "UiPath", "福祉部", "障がい政策課", D(2023, 7, 3), None),
    ("国民健康保険の資格異動入力", "UiPath", "福祉部", "福祉部管理課", D(2023, 7, 18), D(2023, 9, 29)),
    ("学校施設の修繕依頼集計", "WinActor", "教育委員会事務局", "指導室", D(2023, 8, 1), None),
    ("児童相談記録の統計作成", "UiPath", "子ども家庭部", "児童相談所", D(2023, 9, 1), None),
    # after 2023-10-01
    ("外国人住民の在留期間更新の確認", "UiPath", "区民文化部", "戸籍住民課", D(2023, 11, 1), None),
    ("選挙人名簿の抄本作成", "WinActor", "総務部", "総務課", D(2024, 1, 15), None),
    ("予算見積書の集計", "UiPath", "政策経営部", "財政課", D(2024, 4, 1), None),
    ("感染症発生届の集計", "WinActor", "健康生きがい部", "健康推進課", D(2024, 6, 3), None),
    # other tools
    ("児童手当請求書の読取", "DX Suite", "子ども家庭部", "子ども政策課", D(2021, 6, 1), None),
    ("要介護認定申請書の読取", "DX Suite", "健康生きがい部", "介護保険課", D(2023, 7, 3), None),
    ("給与支払報告書の読取", "DX Suite", "総務部", "人事課", D(2023, 1, 10), None),
    ("生活保護申請書類の読取", "DX Suite", "福祉部", "生活支援課", D(2023, 5, 1), None),
    ("健診結果票の読取", "DX Suite", "健康生きがい部", "健康推進課", D(2023, 6, 1), None),
    ("粗大ごみ収集のオンライン申込", "LoGoフォーム", "資源環境部", "清掃リサイクル課", D(2022, 10, 1), None),
    ("職員アンケート", "LoGoフォーム", "", "", D(2022, 4, 1), None),
    ("地域活動団体の補助金オンライン申請", "LoGoフォーム", "区民文化部", "地域振興課", D(2023, 5, 1), None),
    ("保育園入園申込のオンライン申請", "LoGoフォーム", "子ども家庭部", "保育サービス課", D(2023, 4, 1), None),
    ("職員研修の申込フォーム", "LoGoフォーム", "総務部", "人事課", D(2023, 6, 1), None),
    ("相談受付台帳アプリ", "kintone", "福祉部", "生活支援課", D(2022, 7, 1), None),
    ("道路損傷通報の管理", "kintone", "都市整備部", "道路管理課", D(2023, 4, 1), None),
    ("関係機関との情報共有アプリ", "kintone", "子ども家庭部", "児童相談所", D(2022, 12, 1), None),
    ("会議室予約アプリ", "kintone", "総務部", "総務課", D(2023, 6, 1), None),
    ("認定調査票の電子化", "kintone", "健康生きがい部", "介護保険課", D(2023, 2, 1), None),
    ("窓口混雑状況の可視化", "Power BI", "区民文化部", "戸籍住民課", D(2023, 6, 1), None),
    ("予算の見える化ダッシュボード", "Power BI", "政策経営部", "財政課", D(2023, 2, 1), None),
    ("ごみ収集量ダッシュボード", "Power BI", "資源環境部", "環境政策課", D(2023, 3, 1), None),
    ("庁内生成AIチャット（全庁）", "庁内生成AIチャット", "", "", D(2023, 8, 1), None),
    ("議会答弁資料の検索支援", "庁内生成AIチャット", "政策経営部", "企画課", D(2023, 9, 1), None),
    ("ケース記録の要約支援", "庁内生成AIチャット", "福祉部", "生活支援課", D(2023, 10, 2), None),
]

# Deployment → the consultations demo case it grew from (yorozu.consultations.demo.DEMO_CASES titles).
CASE_OF: dict[str, str] = {
    "保育料の算定データ作成": "保育料算定のRPA化",
    "入札結果の財務会計システム登録": "契約事務のRPA化",
    "障がい福祉サービス費の請求データ作成": "障がい福祉サービス請求のRPA化",
    "粗大ごみ収集のオンライン申込": "粗大ごみ受付のオンライン化",
    "要介護認定申請書の読取": "AI-OCRによる申請書の読み取り",
    "給与支払報告書の読取": "給与支払報告書のAI-OCR",
    "生活保護申請書類の読取": "生活保護申請書類のAI-OCR",
    "健診結果票の読取": "健診結果のAI-OCR",
    "地域活動団体の補助金オンライン申請": "地域活動団体の補助金申請オンライン化",
    "保育園入園申込のオンライン申請": "LoGoフォームでのオンライン申請",
    "職員研修の申込フォーム": "職員研修申込のオンライン化",
    "関係機関との情報共有アプリ": "児童相談所と関係機関の情報共有",
    "会議室予約アプリ": "会議室予約の庁内ローコードアプリ",
    "認定調査票の電子化": "介護認定調査票の電子化",
    "予算の見える化ダッシュボード": "予算の見える化",
    "ごみ収集量ダッシュボード": "ごみ収集量のBIダッシュボード",
    "議会答弁資料の検索支援": "議会答弁資料の検索",
    "ケース記録の要約支援": "生活保護業務の記録支援",
}

# Realised measurements: (deployment, start, end, cases, minutes before, after, upkeep hours).
R = "realised"
REALISED: list[tuple[str, date, date, int, int, int, int]] = [
    # 令和2年度
    ("住民異動届の住基システム入力", D(2021, 1, 1), D(2021, 3, 31), 600, 10, 2, 5),
    ("住民税申告書の課税システム入力", D(2021, 2, 1), D(2021, 3, 31), 450, 6, 2, 3),
    # 令和3年度
    ("住民異動届の住基システム入力", D(2021, 4, 1), D(2022, 3, 31), 2400, 10, 2, 20),
    ("住民税申告書の課税システム入力", D(2021, 4, 1), D(2022, 3, 31), 1500, 6, 2, 10),
    ("保育所入所申請の審査準備", D(2021, 10, 1), D(2022, 3, 31), 300, 15, 5, 4),
    ("児童手当請求書の読取", D(2021, 6, 1), D(2022, 3, 31), 1200, 5, 2, 8),
    # 令和4年度
    ("住民異動届の住基システム入力", D(2022, 4, 1), D(2022, 9, 30), 1380, 10, 2, 9),
    ("介護保険認定結果の通知作成", D(2022, 7, 1), D(2022, 12, 31), 720, 12, 2, 6),
    ("粗大ごみ収集のオンライン申込", D(2022, 10, 1), D(2023, 3, 31), 900, 8, 3, 5),
    ("保育所入所申請の審査準備", D(2022, 4, 1), D(2022, 9, 30), 420, 15, 5, 4),
    ("住民税申告書の課税システム入力", D(2022, 4, 1), D(2022, 6, 30), 750, 6, 2, 0),
    # 令和5年度: the seasonal example (116 h in April–June) and others
    ("転出証明書の発行記録", D(2023, 4, 1), D(2023, 6, 30), 870, 10, 2, 0),
    ("住民異動届の住基システム入力", D(2023, 4, 1), D(2024, 3, 31), 2700, 10, 2, 24),
    ("児童扶養手当の現況届照合", D(2023, 8, 1), D(2023, 9, 30), 640, 9, 3, 2),
    ("相談受付台帳アプリ", D(2023, 4, 1), D(2023, 9, 30), 1100, 6, 2, 6),
    ("庁内生成AIチャット（全庁）", D(2023, 10, 1), D(2023, 12, 31), 3000, 20, 12, 40),
    # 令和6年度〜令和8年度: the yearly measurements continue, so every year with live deployments has
    # realised effects (an executive opening the report for any year sees measured hours, not 0.0).
    ("住民異動届の住基システム入力", D(2024, 4, 1), D(2025, 3, 31), 2650, 10, 2, 24),
    ("粗大ごみ収集のオンライン申込", D(2024, 4, 1), D(2025, 3, 31), 1900, 8, 3, 10),
    ("外国人住民の在留期間更新の確認", D(2024, 4, 1), D(2024, 9, 30), 820, 8, 2, 6),
    ("予算見積書の集計", D(2024, 10, 1), D(2025, 3, 31), 280, 30, 5, 10),
    ("住民異動届の住基システム入力", D(2025, 4, 1), D(2026, 3, 31), 2600, 10, 2, 24),
    ("相談受付台帳アプリ", D(2025, 4, 1), D(2026, 3, 31), 2300, 6, 2, 12),
    ("庁内生成AIチャット（全庁）", D(2025, 4, 1), D(2025, 9, 30), 7000, 20, 12, 80),
    ("感染症発生届の集計", D(2025, 4, 1), D(2025, 12, 31), 540, 12, 3, 6),
    ("住民異動届の住基システム入力", D(2026, 4, 1), D(2026, 9, 30), 1350, 10, 2, 12),
    ("予算見積書の集計", D(2026, 4, 1), D(2026, 9, 30), 310, 30, 5, 10),
    ("庁内生成AIチャット（全庁）", D(2026, 4, 1), D(2026, 9, 30), 7400, 20, 12, 80),
]

# Projections made before go-live, for a whole fiscal year: (deployment, fiscal year, cases, before, after, upkeep).
PROJECTED: list[tuple[str, int, int, int, int, int]] = [
    ("住民異動届の住基システム入力", 2021, 2400, 10, 3, 20),
    ("住民税申告書の課税システム入力", 2021, 1500, 6, 2, 12),
    ("保育所入所申請の審査準備", 2022, 900, 15, 5, 10),
    ("介護保険認定結果の通知作成", 2022, 1500, 12, 3, 15),
    ("児童手当請求書の読取", 2021, 1500, 5, 2, 10),
    ("粗大ごみ収集のオンライン申込", 2023, 2000, 8, 3, 10),
    ("転出証明書の発行記録", 2023, 2400, 10, 2, 10),
    ("児童扶養手当の現況届照合", 2023, 1200, 9, 3, 8),
    ("相談受付台帳アプリ", 2023, 2400, 6, 2, 12),
    ("庁内生成AIチャット（全庁）", 2023, 12000, 20, 12, 160),
    ("外国人住民の在留期間更新の確認", 2024, 1800, 8, 2, 12),
    ("予算見積書の集計", 2024, 600, 30, 5, 20),
    ("感染症発生届の集計", 2025, 720, 12, 3, 8),
    ("庁内生成AIチャット（全庁）", 2026, 14000, 20, 12, 160),
    ("住民異動届の住基システム入力", 2026, 2600, 10, 2, 24),
]


def _department(bureau: str, section: str) -> Department | None:
    if not bureau:
        return None
    return Department.objects.filter(parent__name=bureau, name=section).first()


def _consultation(name: str, department: Department | None) -> Consultation | None:
    """The demo case this deployment grew from, if the consultations demo loaded it (same 所管課)."""
    title = CASE_OF.get(name)
    if not title or department is None:
        return None
    return Consultation.objects.filter(title=title, department=department).order_by("id").first()


def _tools(admin: User) -> dict[str, Tool]:
    tools = {}
    for name, kind, vendor in TOOLS:
        tools[name] = Tool.objects.filter(name=name).first() or services.tool_create(
            user=admin, name=name, kind=kind, vendor=vendor
        )
    return tools


def _deployments(admin: User, tools: dict[str, Tool]) -> dict[str, Deployment]:
    rows = {}
    for name, tool, bureau, section, go_live, retired in DEPLOYMENTS:
        found = Deployment.objects.filter(name=name, tool=tools[tool]).first()
        department = _department(bureau, section)
        case = _consultation(name, department)
        if found and case and found.consultation_id is None:  # the consultations demo loaded later
            services.deployment_update(user=admin, deployment=found, consultation=case)
        rows[name] = found or services.deployment_create(
            user=admin,
            tool=tools[tool],
            name=name,
            go_live=go_live,
            department=department,
            consultation=case,
            retired_on=retired,
        )
    return rows


def _effects(admin: User, deployments: dict[str, Deployment]) -> int:
    """Each demo record once: looked up by deployment, kind and period (re-running adds nothing)."""
    rows = [(R, name, start, end, *figures) for name, start, end, *figures in REALISED]
    rows += [
        ("projected", name, date(year, 4, 1), date(year + 1, 3, 31), *figures)
        for name, year, *figures in PROJECTED
    ]
    created = 0
    for kind, name, start, end, *figures in rows:
        deployment = deployments[name]
        if not EffectRecord.objects.filter(
            deployment=deployment, kind=kind, period_start=start, period_end=end
        ).exists():
            _record(admin, deployment, kind, start, end, *figures)
            created += 1
    return created


def _record(admin: User, deployment: Deployment, kind: str, *values: object) -> None:
    start, end, cases, before, after, upkeep = values
    services.deployment_record_effect(
        user=admin,
        deployment=deployment,
        kind=kind,
        period_start=start,  # type: ignore[arg-type]
        period_end=end,  # type: ignore[arg-type]
        cases=cases,  # type: ignore[arg-type]
        minutes_before=Decimal(str(before)),
        minutes_after=Decimal(str(after)),
        upkeep_hours=Decimal(str(upkeep)),
        note="デモデータ",
    )


def _seasons(admin: User) -> None:
    for (bureau, section), weights in SEASONAL.items():
        department = _department(bureau, section)
        if department and not VolumeProfile.objects.filter(department=department).exists():
            services.volume_profile_set(user=admin, department=department, weights=weights)


OTHER_TOOL = ("業務改善（その他）", ToolKind.OTHER, "")
# Scheduled measurements due this long before the demo's last day are history: the demo marks them
# 対象外 (their results are the yearly records above), so the home page shows only the live schedule.
DEMO_SCHEDULE_HORIZON = date(2026, 4, 1)


def deployment_for_case(case: Consultation, *, user: User, day: date) -> Deployment:
    """The deployment a demo case at 効果測定 grew from (the 効果測定 stage rule needs one).

    The ledger's own row when one belongs to the case (``CASE_OF``) or to its department and went
    live after the case came in; otherwise one of the kind その他 (so the RPA story's counts stay)."""
    found = Deployment.objects.filter(consultation=case).first()
    if found:
        return found
    for name, tool, bureau, section, go_live, retired in _candidates(case):
        existing = Deployment.objects.filter(name=name).first()
        if existing is not None:
            if existing.consultation_id is None:
                return services.deployment_update(user=user, deployment=existing, consultation=case)
            continue
        return services.deployment_create(
            user=user,
            tool=_tools(user)[tool],
            name=name,
            go_live=go_live,
            department=_department(bureau, section),
            consultation=case,
            retired_on=retired,
        )
    name, kind, vendor = OTHER_TOOL
    tool = Tool.objects.filter(name=name).first() or services.tool_create(user=user, name=name, kind=kind)
    return services.deployment_create(user=user, tool=tool, name=case.title, go_live=day, consultation=case)


def _candidates(case: Consultation) -> list[tuple[str, str, str, str, date, date | None]]:
    own = [row for row in DEPLOYMENTS if CASE_OF.get(row[0]) == case.title and row[3] == case.department.name]
    reserved = set(CASE_OF)
    same_section = [
        row
        for row in DEPLOYMENTS
        if row[0] not in reserved
        and row[3] == case.department.name
        and row[2] == getattr(case.department.parent, "name", "")
        and row[4] >= case.received_on
    ]
    return own + same_section


def _history_skipped(admin: User) -> int:
    old = MeasurementDue.objects.filter(status=MeasurementDue.Status.OPEN, due_on__lt=DEMO_SCHEDULE_HORIZON)
    count = 0
    for row in old:
        services.measurement_skip(
            user=admin, measurement=row, note="デモ: 過年度の定期測定（年度の実績記録で確認済み）"
        )
        count += 1
    return count


def load_demo(*, stdout: TextIO) -> None:
    admin = User.objects.filter(username="admin").first() or User.objects.filter(role=User.Role.ADMIN).first()
    if admin is None:
        stdout.write("効果測定: 管理者がいないためデモデータを読み込みませんでした。\n")
        return
    _seasons(admin)
    deployments = _deployments(admin, _tools(admin))
    created = _effects(admin, deployments)
    _history_skipped(admin)
    stdout.write(
        f"効果測定: ツール {Tool.objects.count()} 件、導入 {len(deployments)} 件、効果の記録 {created} 件を追加\n"
    )
