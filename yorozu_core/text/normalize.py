"""Japanese text normalization for retrieval.

Both sides (documents and queries) go through the same functions so that 「第5条」 in a question
meets 「第五条」 in the law, and full-width/half-width variants meet each other (NFKC, Unicode
UAX #15).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_DIGITS = "〇一二三四五六七八九"
_DIGIT_VALUE = {ch: i for i, ch in enumerate(_DIGITS)} | {"零": 0, "壱": 1, "弐": 2, "参": 3}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10_000, "億": 100_000_000, "兆": 1_000_000_000_000}
_KANJI_NUMERAL = "〇一二三四五六七八九零壱弐参十百千万億兆"

_WAVE_DASHES = str.maketrans({"〜": "~", "～": "~", "〰": "~", "−": "-", "‐": "-", "―": "-", "─": "-"})
_SPACES = re.compile(r"\s+")

_REF_UNITS = "条項号章節款目編"
_ARABIC_REF = re.compile(rf"第([0-9]+)([{_REF_UNITS}])")
_ARABIC_NO = re.compile(r"([条号])((?:の[0-9]+)+)")
_KANJI_REF = re.compile(rf"第([{_KANJI_NUMERAL}]+)([{_REF_UNITS}])")
_KANJI_NO = re.compile(rf"([条号])((?:の[{_KANJI_NUMERAL}]+)+)")


def normalize_text(s: str) -> str:
    """NFKC, one wave dash (``~``), one hyphen, collapsed whitespace.

    NFKC turns 「１２３」 into 「123」 and 「ｶﾀｶﾅ」 into 「カタカナ」; 〜 and ～ are unified because
    staff type either in ranges (「1日〜5日」).
    """
    s = unicodedata.normalize("NFKC", s)
    s = s.translate(_WAVE_DASHES)
    return _SPACES.sub(" ", s).strip()


def kanji_to_int(s: str) -> int:
    """Read a kanji numeral: 「二十三」→23, 「千二十八」→1028, 「二〇二四」→2024 (digit by digit).

    Raises ``ValueError`` for anything that is not a kanji numeral.
    """
    if not s or any(ch not in _KANJI_NUMERAL for ch in s):
        raise ValueError(f"not a kanji numeral: {s!r}")
    if all(ch in _DIGIT_VALUE for ch in s):
        return int("".join(str(_DIGIT_VALUE[ch]) for ch in s))
    total, section, digit = 0, 0, 0
    for ch in s:
        if ch in _DIGIT_VALUE:
            digit = _DIGIT_VALUE[ch]
        elif ch in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[ch]
            digit = 0
        else:
            total += (section + digit or 1) * _LARGE_UNITS[ch]
            section, digit = 0, 0
    return total + section + digit


def int_to_kanji(n: int) -> str:
    """Write ``n`` the way statutes do: 23→「二十三」, 1028→「千二十八」, 0→「〇」."""
    if n < 0:
        raise ValueError("negative numbers have no statute form")
    if n == 0:
        return "〇"
    parts: list[str] = []
    if n >= 10_000 * 1_000_000_000_000:
        raise ValueError("numbers from 一京 up are not supported")
    for unit_value, unit in ((1_000_000_000_000, "兆"), (100_000_000, "億"), (10_000, "万"), (1, "")):
        block, n = divmod(n, unit_value)
        if block:
            parts.append(_below_10000(block) + unit)
    return "".join(parts)


def _below_10000(n: int) -> str:
    out = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        d, n = divmod(n, value)
        if d:
            out.append(("" if d == 1 else _DIGITS[d]) + unit)
    if n:
        out.append(_DIGITS[n])
    return "".join(out)


def normalize_article_ref(s: str) -> str:
    """Arabic references to the statute form: 「第5条」→「第五条」, 「第13条の2第1項第3号」→
    「第十三条の二第一項第三号」. Text around the references is kept; NFKC is applied first."""
    s = unicodedata.normalize("NFKC", s)
    s = _ARABIC_REF.sub(lambda m: f"第{int_to_kanji(int(m[1]))}{m[2]}", s)
    return _ARABIC_NO.sub(lambda m: m[1] + _convert_branches(m[2], lambda x: int_to_kanji(int(x))), s)


def article_ref_to_arabic(s: str) -> str:
    """The reverse of :func:`normalize_article_ref`: 「第十三条の二」→「第13条の2」."""
    s = _KANJI_REF.sub(lambda m: f"第{kanji_to_int(m[1])}{m[2]}", s)
    return _KANJI_NO.sub(lambda m: m[1] + _convert_branches(m[2], lambda x: str(kanji_to_int(x))), s)


def _convert_branches(branches: str, convert: Callable[[str], str]) -> str:
    """「の2の3」 → 「の二の三」 (枝番 of 条 and 号 can nest: 第二十七条の二十二の二)."""
    return "".join("の" + convert(part) for part in branches.split("の")[1:])


def normalize_article_label(s: str) -> str:
    """Canonical article label for comparisons: NFKC, statute numerals, no spaces, 附則 kept.

    「第 5 条」, 「第５条」 and 「第五条」 all become 「第五条」; a bare 「5」 becomes 「第五条」.
    """
    s = normalize_article_ref(normalize_text(s).replace(" ", ""))
    if s.isdigit():
        return f"第{int_to_kanji(int(s))}条"
    return s


_COUNTED = re.compile(
    r"(?<![0-9.,第])([0-9]{1,4})(?![0-9.,])(週間|時間|日間|日|分|か月|ヶ月|カ月|箇月|月|年|歳|回|人|円|週)?"
)
_MONTHS = {"か月": "箇月", "ヶ月": "箇月", "カ月": "箇月"}


def statute_numerals(s: str) -> list[str]:
    """Arabic figures of a question in the form statutes write them: 「1週間」→「一週間」,
    「6か月」→「六箇月」, 「20日」→「二十日」 (statutes write kanji numerals; e-Gov, 例規集)."""
    out: list[str] = []
    for m in _COUNTED.finditer(s):
        counter = m[2] or ""
        phrase = int_to_kanji(int(m[1])) + _MONTHS.get(counter, counter)
        if phrase not in out:
            out.append(phrase)
    return out
