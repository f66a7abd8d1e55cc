"""The 2020 census population file (e-Stat 0003433219 via ../shared/data/census2020-population)."""

from __future__ import annotations

import csv
import io

from yorozu_core.municipality_code import check_digit

from .encoding import decode_text


def read_census_population(data: bytes, *, source: str = "census") -> dict[str, tuple[str, int]]:
    """6-digit 団体コード → (name, population). The file's codes lack the check digit; rows with a
    blank population (双葉町, evacuated in 2020) are left out."""
    text, _ = decode_text(data, source=source)
    found: dict[str, tuple[str, int]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code5 = (row.get("area_code") or "").strip()
        population = (row.get("population") or "").strip()
        if len(code5) == 5 and code5.isdigit() and population.isdigit():
            found[f"{code5}{check_digit(code5)}"] = ((row.get("area_name") or "").strip(), int(population))
    return found
