"""Intake templates per theme: the questions the desk needs answered before the first meeting.

They pre-fill 現状の課題 and 対象業務 on the 相談票 so that a requester writes what a consultant would
ask anyway (for RPA: volume, rules, PC-only work). Plain data, edited here (decision record 0304).
"""

from __future__ import annotations

from dataclasses import dataclass

from yorozu.consultations.models import Theme


@dataclass(frozen=True)
class ThemeTemplate:
    guidance: str
    current_issue: str
    target_work: str


_COMMON_ISSUE = "・いま困っていること：\n・その結果起きていること（残業、待ち時間、誤り など）：\n"
_COMMON_WORK = "・業務名：\n・担当者数：\n・年間の件数（繁忙期／閑散期）：\n"

TEMPLATES: dict[str, ThemeTemplate] = {
    Theme.ONLINE_APPLICATION: ThemeTemplate(
        "紙や来庁で受けている申請・届出をオンライン化する相談です。様式と本人確認の要否を教えてください。",
        _COMMON_ISSUE + "・現在の受付方法（窓口／郵送／メール）：\n・押印や本人確認の要否：\n",
        _COMMON_WORK + "・対象の申請・届出の様式名：\n・受付後の処理（システム入力、審査、通知）：\n",
    ),
    Theme.RPA: ThemeTemplate(
        "パソコン上の定型作業をRPAで自動化する相談です。件数、ルール、PCだけで完結するかが判断の鍵です。",
        _COMMON_ISSUE + "・1件あたりの作業時間（分）：\n・入力ミスや手戻りの頻度：\n",
        _COMMON_WORK
        + "・作業はPC上だけで完結しますか（紙の確認や電話が入りますか）：\n"
        + "・手順はルール化できますか（判断が入る箇所）：\n・使っているシステム・Excel：\n",
    ),
    Theme.AI_OCR: ThemeTemplate(
        "手書き・印字の帳票をAI-OCRで読み取ってデータ化する相談です。帳票の種類と枚数を教えてください。",
        _COMMON_ISSUE + "・手入力にかかっている時間：\n",
        _COMMON_WORK + "・帳票の種類と年間枚数：\n・手書きか印字か：\n・読み取った後の入力先：\n",
    ),
    Theme.LOW_CODE: ThemeTemplate(
        "Excelや紙の台帳をローコードツール（kintone等）でアプリ化する相談です。",
        _COMMON_ISSUE + "・台帳の共有・集計で困っていること：\n",
        _COMMON_WORK + "・現在の台帳（Excel／紙／Access）と項目数：\n・利用する人数と部署：\n",
    ),
    Theme.BI: ThemeTemplate(
        "データを集計・可視化（BI）して判断や公表に使う相談です。元データと見せたい相手を教えてください。",
        _COMMON_ISSUE + "・いまの集計方法と頻度：\n",
        _COMMON_WORK + "・元データ（システム名、CSV、Excel）：\n・見せたい相手（庁内／議会／住民）：\n",
    ),
    Theme.GENERATIVE_AI: ThemeTemplate(
        "生成AIで文書作成や問合せ対応を支援する相談です。扱う情報の機密性を必ず記入してください。",
        _COMMON_ISSUE + "・時間がかかっている文書・問合せ：\n",
        _COMMON_WORK + "・扱う情報に個人情報や非公開情報が含まれますか：\n・参照させたい規程・資料：\n",
    ),
    Theme.LIVE_STREAMING: ThemeTemplate(
        "イベントや会議のライブ配信の相談です。会場、回数、視聴者を教えてください。",
        _COMMON_ISSUE + "・参加できていない人・困っている点：\n",
        "・イベント名と会場：\n・年間の回数と時間：\n・想定視聴者数と公開範囲：\n・会場の回線：\n",
    ),
    Theme.COUNTER: ThemeTemplate(
        "窓口の待ち時間や記入の負担を減らす相談です（書かない窓口など）。",
        _COMMON_ISSUE + "・待ち時間・記入の負担：\n",
        _COMMON_WORK + "・窓口で扱う手続と1日の来庁者数：\n・関係する課：\n",
    ),
    Theme.OTHER: ThemeTemplate(
        "上記にあてはまらない相談です。自由に記入してください。", _COMMON_ISSUE, _COMMON_WORK
    ),
}


def template_for(theme: str) -> ThemeTemplate | None:
    return TEMPLATES.get(theme)
