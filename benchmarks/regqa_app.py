"""regqa through the app: parsing, ingest (parse + versions + incremental index) and ask latency.

Run:  uv run python benchmarks/regqa_app.py [--questions 50]

Uses a throw-away DATA_DIR and SQLite database. Prints: parse time of the 22 egov-laws-md files and
the 3 例規集 pages, the time of `document_ingest` for all 22 laws into one collection, the time of a
re-ingest of one changed law (incremental), and p50/p95 of `question_ask` (retrieval + relevance +
extractive answer + log row) on the demo regulation and on the 22 laws.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
TMP = Path(tempfile.mkdtemp(prefix="regqa-bench-"))
os.environ.update(YOROZU_DATA_DIR=str(TMP), YOROZU_DEBUG="true", DJANGO_SETTINGS_MODULE="yorozu.settings")
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from benchmarks.regqa_corpus import law_files, shared_data  # noqa: E402
from yorozu.accounts.models import User  # noqa: E402
from yorozu.common.audit import acting_as  # noqa: E402
from yorozu.regqa import services  # noqa: E402
from yorozu_core.regulations.dispatch import parse_document  # noqa: E402

QUESTIONS = [
    "年休って繰り越せる？", "子どもが熱を出したら休める？", "親の介護で休みを取りたい", "結婚したら休みある？",
    "病気休暇で診断書が必要になるのは何日から？", "夏休みは何日？", "育休は何歳まで？", "健康診断は受けないといけない？",
    "規則第16条第2項", "忌引は何日？", "ボランティアで休める？", "不妊治療の通院で休みたい",
]  # fmt: skip


def timed(fn: object, *args: object, **kwargs: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)  # type: ignore[operator]
    return time.perf_counter() - start, result


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def ask_latency(user: User, collection: object, n: int) -> str:
    samples = []
    for i in range(n):
        t, _ = timed(
            services.question_ask, user=user, question=QUESTIONS[i % len(QUESTIONS)], collection=collection
        )
        samples.append(t * 1000)
    return f"p50 {statistics.median(samples):.1f} ms, p95 {pct(samples, 0.95):.1f} ms (n={n})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=50)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    admin = User.objects.create_user("bench", password="x", role=User.Role.ADMIN)
    files = law_files()
    t, docs = timed(lambda: [parse_document(p) for p in files])
    chunks = sum(len(d.chunks) for d in docs)  # type: ignore[attr-defined]
    print(
        f"parse egov-laws-md: {len(files)} files, {sum(p.stat().st_size for p in files):,} bytes, {chunks} chunks in {t:.2f} s"
    )
    pages = sorted((shared_data() / "reiki-html-katsuragi").glob("*.html"))
    t, _ = timed(lambda: [parse_document(p) for p in pages])
    print(f"parse 例規集 HTML: {len(pages)} pages in {t * 1000:.0f} ms")
    with acting_as(admin):
        demo = services.collection_create(user=admin, name="demo")
        demo_file = REPO / "yorozu/regqa/demo_data/yorozu_fukuri_kyuka.txt"
        t, _ = timed(
            services.document_ingest,
            user=admin,
            collection=demo,
            files=[(demo_file.name, demo_file.read_bytes())],
        )
        print(f"ingest demo regulation (34 articles): {t:.2f} s")
        laws = services.collection_create(user=admin, name="laws")
        t, report = timed(
            services.document_ingest,
            user=admin,
            collection=laws,
            files=[(p.name, p.read_bytes()) for p in files],
        )
        print(
            f"ingest 22 laws through the app (BM25 word + bigram): {t:.1f} s, {report.article_count} articles"
        )  # type: ignore[attr-defined]
        small = files[0]
        changed = small.read_bytes().replace("。".encode(), "。".encode(), 1) + b"\n"
        t, _ = timed(services.document_ingest, user=admin, collection=laws, files=[(small.name, changed)])
        print(f"re-ingest one changed law ({small.name}, incremental into a 22-law index): {t:.1f} s")
        services.question_ask(user=admin, question="warm-up", collection=demo)
        print("ask, demo regulation: " + ask_latency(admin, demo, args.questions))
        print("ask, 22 laws:         " + ask_latency(admin, laws, args.questions))


if __name__ == "__main__":
    main()
