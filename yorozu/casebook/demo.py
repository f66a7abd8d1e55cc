"""Demo 事例 of よろず区 (drafted from the demo's finished cases, then edited as a consultant would)
and the import files of two fictional neighbouring cities (demo_data/*.json). Idempotent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from yorozu.accounts.models import User
from yorozu.casebook import services
from yorozu.casebook.models import CaseStudy, Level, Status
from yorozu.consultations.models import Consultation
from yorozu_core.casebook.exchange import parse_document

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
NEIGHBOUR_FILES = ("midori.json", "aoba.json")

# Demo case title → (公開範囲, the consultant's sentence on 解決の手法 added to the draft).
OWN_CASES: dict[str, tuple[str, str]] = {
    "粗大ごみ受付のオンライン化": (
        Level.PUBLIC,
        "LoGoフォームで品目・収集日を選べる申込フォームを作り、手数料券の案内まで画面で完結させた。",
    ),
    "給与支払報告書のAI-OCR": (
        Level.SHARED,
        "紙の報告書をAI-OCRで読み取り、読取結果を職員が確認して課税システムに取り込む。",
    ),
    "会議室予約の庁内ローコードアプリ": (
        Level.INTERNAL,
        "kintoneで会議室予約アプリを作り、空き状況を庁内の誰でも見られるようにした。",
    ),
    "介護認定調査票の電子化": (
        Level.SHARED,
        "調査員がタブレットで調査票を入力し、事務所での再入力をなくした。",
    ),
    "障がい福祉サービス請求のRPA化": (
        Level.SHARED,
        "請求データの点検項目をRPAのシナリオにし、エラーのある請求だけを職員が確認する。",
    ),
    "AI-OCRによる申請書の読み取り": (
        Level.PUBLIC,
        "手書きの申請書をAI-OCRで読み取り、RPAで介護保険システムに登録する。",
    ),
    "契約事務のRPA化": (
        Level.SHARED,
        "入札結果の一覧から財務会計システムと契約台帳への登録をRPAで自動化した。",
    ),
    "ごみ収集量のBIダッシュボード": (
        Level.PUBLIC,
        "収集量のデータをBIツールに取り込み、地区別・月別のグラフを自動で更新する。",
    ),
    "議会答弁資料の検索": (Level.INTERNAL, "過去の答弁をまとめて検索できる庁内生成AIチャットを用意した。"),
    "児童相談所と関係機関の情報共有": (
        Level.INTERNAL,
        "関係機関と共有する項目を決め、kintoneの台帳アプリで共有と記録を一度に行う。",
    ),
    "保育料算定のRPA化": (
        Level.SHARED,
        "税情報の照会結果から保育料を算定する手順をRPAにし、通知書の作成まで自動化した。",
    ),
    "健診結果のAI-OCR": (
        Level.SHARED,
        "医療機関から届く健診結果票をAI-OCRで読み取り、健康管理システムに取り込む。",
    ),
}


def _own(admin: User, stdout: TextIO) -> int:
    made = 0
    for title, (level, solution) in OWN_CASES.items():
        case = (
            Consultation.objects.filter(title=title, stage__in=["measurement", "done"]).order_by("id").first()
        )
        if case is None or CaseStudy.objects.filter(consultation=case).exists():
            continue
        draft = services.case_study_draft(user=admin, consultation=case)
        draft = services.case_study_update(
            user=admin, case_study=draft, data={"solution": f"{solution}\n{draft.solution}".strip()}
        )
        services.case_study_publish(user=admin, case_study=draft, level=level)
        made += 1
    return made


def _neighbours(admin: User) -> list[str]:
    results = []
    for name in NEIGHBOUR_FILES:
        document = parse_document(json.loads((DEMO_DATA / name).read_text(encoding="utf-8")))
        results.append(services.casebook_import(user=admin, document=document).summary())
    return results


def load_demo(*, stdout: TextIO) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        stdout.write("事例集: 管理者がいないため、デモの事例を作りませんでした。\n")
        return
    made = _own(admin, stdout)
    summaries = _neighbours(admin)
    published = CaseStudy.objects.filter(status=Status.PUBLISHED).count()
    stdout.write(
        f"事例集: 自団体の事例 {made} 件を作成、" + "、".join(summaries) + f"（公開済み計 {published} 件）\n"
    )
