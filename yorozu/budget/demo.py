"""Demo data: the budget of よろず区, a fictional ward (団体コード 139998), FY2023–FY2026.

The figures are written here, not taken from a real city: a ward of about 230,000 people with a
一般会計 of roughly 1,100億円, shaped like a Tokyo special ward's 歳出 (民生費 about half). They
are generated in the yorozu import template and loaded through the same import as staff uploads.
"""

from __future__ import annotations

import csv
import hashlib
import io
from typing import Any

from .models import Budget, Municipality
from .services import budget_import, population_set

CODE, NAME = "139998", "よろず区"
YEARS = (2023, 2024, 2025, 2026)
# 人口 (fictional), 1 January of each year
POPULATION = {2023: 231_204, 2024: 232_015, 2025: 232_870, 2026: 233_402}

# 款 → 項 → 目 → [(節, 千円 in FY2025)]; growth per year applied per 款
STRUCTURE: list[tuple[str, float, list[tuple[str, list[tuple[str, list[tuple[str, int]]]]]]]] = [
    (
        "議会費",
        0.01,
        [("議会費", [("議会費", [("報酬", 310_000), ("職員手当等", 160_000), ("需用費", 52_000)])])],
    ),
    (
        "総務費",
        0.03,
        [
            (
                "総務管理費",
                [
                    ("一般管理費", [("給料", 2_100_000), ("職員手当等", 1_450_000), ("委託料", 820_000)]),
                    ("情報政策費", [("委託料", 1_380_000), ("使用料及び賃借料", 960_000)]),
                    ("区民施設費", [("工事請負費", 640_000), ("需用費", 210_000)]),
                ],
            ),
            ("徴税費", [("賦課徴収費", [("役務費", 180_000), ("委託料", 240_000)])]),
            ("戸籍住民基本台帳費", [("戸籍住民基本台帳費", [("給料", 520_000), ("委託料", 310_000)])]),
        ],
    ),
    (
        "民生費",
        0.04,
        [
            (
                "社会福祉費",
                [
                    ("障害者福祉費", [("扶助費", 9_200_000), ("委託料", 1_100_000)]),
                    ("高齢者福祉費", [("扶助費", 2_300_000), ("負担金、補助及び交付金", 1_800_000)]),
                    ("国民健康保険事業費", [("繰出金", 4_100_000)]),
                ],
            ),
            (
                "児童福祉費",
                [
                    ("保育所運営費", [("委託料", 14_800_000), ("負担金、補助及び交付金", 3_900_000)]),
                    ("児童手当費", [("扶助費", 5_600_000)]),
                    ("子ども家庭支援費", [("委託料", 1_250_000), ("報償費", 90_000)]),
                ],
            ),
            ("生活保護費", [("扶助費", [("扶助費", 10_400_000)])]),
        ],
    ),
    (
        "衛生費",
        0.02,
        [
            (
                "保健衛生費",
                [
                    ("保健予防費", [("委託料", 3_100_000), ("需用費", 420_000)]),
                    ("健康推進費", [("委託料", 880_000), ("報償費", 60_000)]),
                ],
            ),
            (
                "清掃費",
                [
                    ("ごみ収集費", [("委託料", 4_300_000), ("需用費", 380_000)]),
                    ("リサイクル推進費", [("委託料", 520_000)]),
                ],
            ),
        ],
    ),
    (
        "産業経済費",
        0.05,
        [("商工費", [("商工振興費", [("負担金、補助及び交付金", 1_150_000), ("委託料", 230_000)])])],
    ),
    (
        "土木費",
        0.02,
        [
            (
                "道路橋りょう費",
                [
                    ("道路維持費", [("工事請負費", 2_900_000), ("委託料", 540_000)]),
                    ("橋りょう費", [("工事請負費", 1_400_000)]),
                ],
            ),
            ("公園費", [("公園管理費", [("委託料", 1_600_000), ("工事請負費", 900_000)])]),
            ("都市計画費", [("まちづくり推進費", [("委託料", 1_200_000)])]),
        ],
    ),
    (
        "教育費",
        0.03,
        [
            ("教育総務費", [("事務局費", [("給料", 980_000), ("委託料", 1_350_000)])]),
            (
                "小学校費",
                [
                    ("学校管理費", [("需用費", 1_700_000), ("工事請負費", 3_800_000)]),
                    ("教育振興費", [("扶助費", 420_000), ("備品購入費", 610_000)]),
                ],
            ),
            ("中学校費", [("学校管理費", [("需用費", 900_000), ("工事請負費", 2_100_000)])]),
            ("社会教育費", [("図書館費", [("委託料", 760_000), ("備品購入費", 120_000)])]),
        ],
    ),
    (
        "公債費",
        -0.04,
        [
            (
                "公債費",
                [
                    ("元金", [("償還金、利子及び割引料", 2_400_000)]),
                    ("利子", [("償還金、利子及び割引料", 180_000)]),
                ],
            )
        ],
    ),
    ("諸支出金", 0.0, [("財政積立金", [("財政調整基金積立金", [("積立金", 1_500_000)])])]),
    ("予備費", 0.0, [("予備費", [("予備費", [("予備費", 300_000)])])]),
]
# Lines that exist only in some years, so that the board shows 新規 and 廃止
ONLY_IN = {
    ("民生費", "児童福祉費", "子ども家庭支援費"): (2024, 2025, 2026),
    ("総務費", "総務管理費", "区民施設費"): (2023, 2024, 2025),
    ("衛生費", "清掃費", "リサイクル推進費"): (2023, 2024),
}
NOTES = {
    ("民生費",): "子育て、高齢者や障害のある方の支援、生活保護など、暮らしを支えるための経費です。",
    ("教育費",): "区立小・中学校の運営や校舎の改修、図書館など、学びのための経費です。",
    ("公債費",): "学校や道路を整備したときに借りたお金（区債）の返済です。",
}


def template_csv(year: int) -> bytes:
    """The year's budget in the yorozu template (金額 in 千円)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["会計", "区分", "款", "項", "目", "節", "金額（千円）", "説明文"])
    for kan_number, (kan, growth, kous) in enumerate(STRUCTURE, start=1):
        factor = (1 + growth) ** (year - 2025)
        writer.writerow(["一般会計", "歳出", f"{kan_number} {kan}", "", "", "", "", NOTES.get((kan,), "")])
        for kou, moku_list in kous:
            for moku_number, (moku, setsu_list) in enumerate(moku_list, start=1):
                if year not in ONLY_IN.get((kan, kou, moku), YEARS):
                    continue
                for setsu, amount in setsu_list:
                    wobble = 1 + ((len(moku) * 7 + len(setsu) * 3 + year) % 9 - 4) / 200
                    value = (
                        round(amount * factor * wobble / 1000) * 1000
                        if amount >= 100_000
                        else round(amount * factor)
                    )
                    writer.writerow(
                        [
                            "一般会計",
                            "歳出",
                            f"{kan_number} {kan}",
                            kou,
                            f"{moku_number} {moku}",
                            setsu,
                            value,
                            "",
                        ]
                    )
    _write_revenue(writer, year, _expenditure_total(buffer.getvalue()))
    _write_special_account(writer, year)
    text = buffer.getvalue()
    # 款 rows carry only the note: drop their empty amount by giving them none at all
    return text.encode("utf-8-sig")


# 一般会計 歳入: 款 → 項 → 目 and its share of the 歳出 total; 諸収入 balances the budget
REVENUE: list[tuple[str, str, str, float]] = [
    ("特別区税", "特別区民税", "特別区民税", 0.28),
    ("地方消費税交付金", "地方消費税交付金", "地方消費税交付金", 0.08),
    ("特別区交付金", "特別区交付金", "特別区交付金", 0.22),
    ("使用料及び手数料", "使用料", "施設使用料", 0.03),
    ("国庫支出金", "国庫負担金", "民生費国庫負担金", 0.20),
    ("都支出金", "都負担金", "民生費都負担金", 0.08),
    ("繰入金", "基金繰入金", "財政調整基金繰入金", 0.05),
    ("特別区債", "特別区債", "教育債", 0.03),
]
# 特別会計: 款 → 項 → 目 → 千円 in FY2025 (fictional), growing 2 % a year
SPECIAL_ACCOUNT = "国民健康保険事業会計"
SPECIAL: list[tuple[str, str, str, int]] = [
    ("総務費", "総務管理費", "一般管理費", 820_000),
    ("保険給付費", "療養諸費", "一般被保険者療養給付費", 14_600_000),
    ("保険給付費", "高額療養費", "一般被保険者高額療養費", 2_100_000),
    ("国民健康保険事業費納付金", "医療給付費分", "一般被保険者医療給付費分", 6_900_000),
    ("保健事業費", "特定健康診査等事業費", "特定健康診査等事業費", 410_000),
]


def _expenditure_total(text: str) -> int:
    rows = csv.reader(io.StringIO(text))
    return sum(int(r[6]) for r in rows if r[:2] == ["一般会計", "歳出"] and r[6])


def _write_revenue(writer: Any, year: int, total: int) -> None:
    remaining = total
    for number, (kan, kou, moku, share) in enumerate(REVENUE, start=1):
        value = round(total * share / 1000) * 1000
        remaining -= value
        writer.writerow(["一般会計", "歳入", f"{number} {kan}", kou, f"1 {moku}", "", value, ""])
    writer.writerow(["一般会計", "歳入", f"{len(REVENUE) + 1} 諸収入", "雑入", "1 雑入", "", remaining, ""])


def _write_special_account(writer: Any, year: int) -> None:
    numbers: dict[str, int] = {}
    for kan, kou, moku, amount in SPECIAL:
        number = numbers.setdefault(kan, len(numbers) + 1)
        value = round(amount * 1.02 ** (year - 2025) / 1000) * 1000
        writer.writerow([SPECIAL_ACCOUNT, "歳出", f"{number} {kan}", kou, f"1 {moku}", "", value, ""])


def _rows_without_empty_parents(data: bytes) -> bytes:
    lines = data.decode("utf-8-sig").splitlines()
    kept = [line for line in lines if not line.startswith("一般会計,歳出,") or not line.split(",")[6] == ""]
    return ("\r\n".join(kept) + "\r\n").encode("utf-8-sig")


def load_demo(*, stdout: Any = None) -> None:
    municipality, _ = Municipality.objects.get_or_create(
        code=CODE,
        defaults={
            "name": NAME,
            "intro": "よろず区（架空の区）の一般会計歳出予算です。数値はすべて架空です。",
        },
    )
    for year, population in POPULATION.items():
        population_set(
            user=None, municipality=municipality, year=year, population=population, source="架空の数値"
        )
    for year in YEARS:
        data = _rows_without_empty_parents(template_csv(year))
        digest = hashlib.sha256(data).hexdigest()
        if Budget.objects.filter(municipality=municipality, fiscal_year=year, source_sha256=digest).exists():
            continue
        budget_import(user=None, municipality=municipality, data=data, source=f"yorozu-demo-{year}.csv",
                      fiscal_year=year, publish=True)  # fmt: skip
        if stdout is not None:
            stdout.write(f"予算ボード: {NAME} {year}年度を読み込みました\n")
    _load_settlement(municipality, stdout)
    _attach_notes(municipality)


SETTLED_YEAR = 2024


def _settlement_csv(year: int) -> bytes:
    """The 決算 of a year (fictional): 一般会計 歳出 only, each 節 spent at 90–99 % of its budget."""
    lines = _rows_without_empty_parents(template_csv(year)).decode("utf-8-sig").splitlines()
    out = [lines[0]]
    for index, line in enumerate(lines[1:]):
        cells = line.split(",")
        if cells[:2] != ["一般会計", "歳出"] or not cells[6]:
            continue
        cells[6] = str(int(cells[6]) * (90 + (index * 7) % 10) // 100)
        cells[7] = ""
        out.append(",".join(cells))
    return ("\r\n".join(out) + "\r\n").encode("utf-8-sig")


def _load_settlement(municipality: Municipality, stdout: Any) -> None:
    data = _settlement_csv(SETTLED_YEAR)
    digest = hashlib.sha256(data).hexdigest()
    if Budget.objects.filter(
        municipality=municipality, phase=Budget.Phase.SETTLED, source_sha256=digest
    ).exists():
        return
    budget_import(user=None, municipality=municipality, data=data, source=f"yorozu-demo-{SETTLED_YEAR}-settled.csv",
                  fiscal_year=SETTLED_YEAR, phase=Budget.Phase.SETTLED, publish=True)  # fmt: skip
    if stdout is not None:
        stdout.write(f"予算ボード: {NAME} {SETTLED_YEAR}年度の決算を読み込みました\n")


def _attach_notes(municipality: Municipality) -> None:
    from .services import line_note_set

    for path, text in NOTES.items():
        line_note_set(user=None, municipality=municipality, key_path="／".join(path), text=text)
