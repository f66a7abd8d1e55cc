"""Cleaning line names: NFKC, line-wrap spaces from PDF extraction, number prefixes, known 節 names."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u3000]+")
_NUMBER_PREFIX = re.compile(r"^\s*第?\s*(\d+)\s*[款項目節]?\s+(?=\S)")

# 地方自治法施行規則 第15条 別記「歳出予算に係る節の区分」, as revised for 令和2年度 (賃金 removed).
STANDARD_SETSU_NAMES: dict[str, str] = {
    "1": "報酬", "2": "給料", "3": "職員手当等", "4": "共済費", "5": "災害補償費",
    "6": "恩給及び退職年金", "7": "報償費", "8": "旅費", "9": "交際費", "10": "需用費",
    "11": "役務費", "12": "委託料", "13": "使用料及び賃借料", "14": "工事請負費",
    "15": "原材料費", "16": "公有財産購入費", "17": "備品購入費", "18": "負担金、補助及び交付金",
    "19": "扶助費", "20": "貸付金", "21": "補償、補塡及び賠償金", "22": "償還金、利子及び割引料",
    "23": "投資及び出資金", "24": "積立金", "25": "寄附金", "26": "公課費", "27": "繰出金",
}  # fmt: skip


def clean_name(text: object) -> str:
    """NFKC, then drop every space: a Japanese budget name has none, PDF line wraps add them.

    "3 総合体育館 費" keeps its number here; use :func:`split_number` to separate it.
    """
    if text is None:
        return ""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text)))


def split_number(text: object) -> tuple[str, str]:
    """ "3 総合体育館 費" → ("3", "総合体育館費"); a name without a number prefix → ("", name)."""
    raw = unicodedata.normalize("NFKC", "" if text is None else str(text))
    match = _NUMBER_PREFIX.match(raw)
    if match:
        return match.group(1), clean_name(raw[match.end() :])
    return "", clean_name(raw)


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(ch in chars for ch in short)


def repair_setsu_name(number: str, name: str) -> str:
    """Restore a standard 節 name that lost a glyph in PDF extraction ("補償、補及び賠償金").

    Only a name that is the standard name for its number with exactly one character missing is
    replaced; anything else is returned unchanged.
    """
    standard = STANDARD_SETSU_NAMES.get(number.lstrip("0") or "0")
    if standard and len(name) == len(standard) - 1 and _is_subsequence(name, standard):
        return standard
    return name


def match_key(name: str) -> str:
    """The key used to match a line across fiscal years: cleaned name, number prefix removed."""
    return split_number(name)[1]
