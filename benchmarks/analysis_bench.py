"""データ分析 benchmark; prints numbers. Run: uv run python benchmarks/analysis_bench.py [--rows N]

Generates its own data in a temporary folder (nothing from ../shared/data):
- a 1,000,000-row event/survey CSV (ID, 入場日時, 年代, 満足度, きっかけ as multi-select, 町丁目, 同伴人数):
  load into Parquet (the checked pass + DuckDB), type detection, column profile, and a cross-tab with a
  filter (年代 × 満足度 where きっかけ includes SNS, and a multi-select × ordinal one), median of 7 runs;
- 10,000 free-text answers: word frequency + co-occurrence the first time (SudachiPy tokenisation) and
  cached (the JSON cache the pages use).
These are the functions the views call (the server time of a page is this plus template rendering).
Peak memory is the process's maximum resident set size (DuckDB's buffers included).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from yorozu_core.analysis import analyses  # noqa: E402
from yorozu_core.analysis import text as text_core  # noqa: E402
from yorozu_core.analysis.cache import cache_key, cached  # noqa: E402
from yorozu_core.analysis.columns import TownList, find_option_groups, infer_spec  # noqa: E402
from yorozu_core.analysis.engine import Filter, Table, sample_columns  # noqa: E402
from yorozu_core.analysis.reading import column_key, load_file  # noqa: E402

SCALE = ("とても満足", "満足", "どちらともいえない", "不満", "とても不満", "無回答")
AGES = ("10代", "20代", "30代", "40代", "50代", "60代", "70代以上", "")
TRIGGERS = ("区報", "チラシ", "SNS", "学校", "友人", "通りがかり")
TOWNS = tuple(f"{name}{n}丁目" for name in ("本町", "中央", "港南", "桜台", "緑が丘") for n in "一二三四")
PHRASES = (
    "絵本の読み聞かせがとても楽しかったです", "駐車場が狭くて停めるのに時間がかかりました",
    "子どもが絵本作家さんと話せて喜んでいました", "人気のワークショップは待ち時間が長かった",
    "トイレが混んでいて小さい子には大変でした", "会場の案内表示がわかりにくかった",
    "古本市で懐かしい本を見つけました", "スタッフの皆さんが親切でした", "来年もぜひ参加したいです",
    "屋外は暑く日陰の休憩所がほしい", "ベビーカーで移動しにくい場所がありました",
)  # fmt: skip


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU of this process, every thread included (DuckDB runs several): on a machine
    shared with other jobs the wall time grows with the load, the CPU time much less."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(label: str, action: Callable[[], Any]) -> Any:
    started, cpu = time.perf_counter(), cpu_seconds()
    value = action()
    print(
        f"{label}: {time.perf_counter() - started:.2f} s wall, {cpu_seconds() - cpu:.2f} s CPU (peak RSS {peak_mb():.0f} MB)"
    )
    return value


def write_events(path: Path, rows: int) -> None:
    rng = random.Random(13)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["受付番号", "入場日時", "年代", "満足度", "来場のきっかけ", "お住まい", "同伴人数"])
        for n in range(rows):
            writer.writerow([
                f"G{n:07d}", f"2026/10/{rng.choice((17, 18))} {rng.randint(9, 16)}:{rng.randrange(60):02d}:00",
                rng.choice(AGES), rng.choice(SCALE), ",".join(rng.sample(TRIGGERS, rng.randint(1, 3))),
                rng.choice(TOWNS) if rng.random() < 0.8 else "みらい市", rng.randint(1, 5),
            ])  # fmt: skip


def median_ms(action: Callable[[], Any], runs: int = 7) -> str:
    """Median wall and CPU milliseconds of ``runs`` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), cpu_seconds()
        action()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((cpu_seconds() - cpu) * 1000)
    return f"{statistics.median(walls):.0f} ms wall, {statistics.median(cpus):.0f} ms CPU"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--answers", type=int, default=10_000)
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    folder = Path(tempfile.mkdtemp(prefix="yorozu-analysis-bench-"))
    source = folder / "events.csv"
    timed(f"generate {args.rows:,}-row CSV", lambda: write_events(source, args.rows))
    print(f"  file size: {source.stat().st_size / 1024 / 1024:.1f} MB")
    parquet = folder / "events.parquet"
    result = timed("load (check + Parquet)", lambda: load_file(source, parquet, kind="csv", name=source.name))
    print(f"  rows: {result.row_count:,}, Parquet {parquet.stat().st_size / 1024 / 1024:.1f} MB")
    keys = [column_key(i) for i in range(len(result.headers))]
    samples = timed("type detection", lambda: sample_columns(parquet, keys))
    specs = [infer_spec(k, h, samples[k]) for k, h in zip(keys, result.headers, strict=True)]
    specs += find_option_groups(list(zip(keys, result.headers, strict=True)))
    print("  types: " + ", ".join(f"{s.name}={s.kind_label}" for s in specs))
    table = Table(parquet, specs, TownList(city="よろず区", towns=TOWNS))
    timed("profile (every column)", lambda: analyses.profile(table, specs))
    by = {s.name: s for s in specs}
    sns = [Filter(by["来場のきっかけ"], ("SNS",))]
    print(
        f"cross-tab 年代 × 満足度, filter きっかけ=SNS: {median_ms(lambda: analyses.crosstab(table, by['年代'], by['満足度'], sns))} (median of 7)"
    )
    print(
        f"cross-tab きっかけ(multi) × 満足度, filter 年代=30代: {median_ms(lambda: analyses.crosstab(table, by['来場のきっかけ'], by['満足度'], [Filter(by['年代'], ('30代',))]))}"
    )
    print(
        f"frequencies お住まい (町丁目 mapping): {median_ms(lambda: analyses.frequencies(table, by['お住まい']))}"
    )
    print(f"after the 1M-row part: peak RSS {peak_mb():.0f} MB")

    rng = random.Random(7)
    answers = [(i + 2, "。".join(rng.sample(PHRASES, rng.randint(1, 3))) + "。", rng.choice(SCALE[:5]))
               for i in range(args.answers)]  # fmt: skip
    cache = folder / "cache"
    key = cache_key("text", "bench", list(text_core.DEFAULT_STOP_WORDS))

    def first() -> Any:
        return cached(
            cache, key, lambda: text_core.analyse(text_core.documents(answers), text_core.DEFAULT_STOP_WORDS)
        )

    found = timed(f"free text {args.answers:,} answers, frequency + co-occurrence (first)", first)
    print(f"  words {len(found['words'])}, edges {len(found['edges'])}")
    print(f"free text cached: {median_ms(first)} (median of 7)")
    print(f"peak RSS overall: {peak_mb():.0f} MB")
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
