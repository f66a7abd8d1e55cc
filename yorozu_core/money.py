"""Money as integer yen, shown the Japanese way: 万 and 億 grouping, never "M" or "B"."""

from __future__ import annotations

MAN = 10_000
OKU = 100_000_000
CHO = 1_000_000_000_000

_UNITS: tuple[tuple[int, str], ...] = ((CHO, "兆"), (OKU, "億"), (MAN, "万"))
_ROUND_TO = {"円": 1, "万": MAN, "億": OKU}


def format_yen(amount: int, *, smallest: str = "円") -> str:
    """``110_700_000_000`` → ``1,107億円``; ``123_456_789`` → ``1億2,345万6,789円``.

    ``smallest`` ("円", "万" or "億") rounds half up to that unit first:
    ``format_yen(123_456_789, smallest="万")`` → ``1億2,346万円``.
    """
    step = _ROUND_TO[smallest]
    sign = "-" if amount < 0 else ""
    rest = (abs(amount) + step // 2) // step * step
    parts: list[str] = []
    for size, name in _UNITS:
        if rest >= size:
            parts.append(f"{rest // size:,}{name}")
            rest %= size
    if rest or not parts:
        parts.append(f"{rest:,}")
    return f"{sign}{''.join(parts)}円"


def format_change_percent(current: int, previous: int | None) -> str:
    """Year-over-year change as "+3.2%" / "-1.0%"; "—" when there is nothing to compare."""
    if not previous:
        return "—"
    change = (current - previous) / abs(previous) * 100
    return f"{change:+.1f}%"
