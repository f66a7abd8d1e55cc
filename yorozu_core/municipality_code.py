"""全国地方公共団体コード: five digits and a check digit (板橋区 = 13119 + 9).

The check digit (総務省「全国地方公共団体コード」): multiply the five digits by 6, 5, 4, 3, 2, sum,
take the remainder by 11; the check digit is the last digit of 11 minus that remainder.
"""

from __future__ import annotations

_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_five, _WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def is_valid_municipality_code(code: str) -> bool:
    """True for a 6-digit code whose last digit is the right check digit."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return False
    return check_digit(code[:5]) == int(code[5])
