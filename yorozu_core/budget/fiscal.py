"""Fiscal years (年度, 1 April – 31 March, 地方自治法 第208条) written the ways budget files write them."""

from __future__ import annotations

import re
import unicodedata

# 元年 of each era, as a Western year: 令和1 = 2019, 平成1 = 1989, 昭和1 = 1926.
_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}
_WAREKI = re.compile(r"^(令和|平成|昭和|R|H|S)\s*(元|\d{1,2})\s*(年度?)?$", re.IGNORECASE)
_WESTERN = re.compile(r"^(\d{4})\s*(年度?)?$")


def parse_fiscal_year(text: object) -> int:
    """ "2021", "R3", "R03", "令和３年度", "令和元年度", "H31" → the starting Western year."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    if isinstance(text, float) and text.is_integer():
        cleaned = str(int(text))
    match = _WESTERN.match(cleaned)
    if match:
        year = int(match.group(1))
        if 1900 <= year <= 2200:
            return year
    match = _WAREKI.match(cleaned)
    if match:
        era = match.group(1)
        base = _ERAS[era.upper() if len(era) == 1 else era]
        number = 1 if match.group(2) == "元" else int(match.group(2))
        if number >= 1:
            return base + number
    raise ValueError(f"年度として読めません（{str(text)[:20]!r}）")


def wareki_label(year: int) -> str:
    """2024 → "令和6年度"; 2019 → "令和元年度" (the era changed on 1 May 2019, inside FY2019)."""
    for era, base in (("令和", 2018), ("平成", 1988), ("昭和", 1925)):
        if year > base:
            number = year - base
            return f"{era}{'元' if number == 1 else number}年度"
    return f"{year}年度"
