"""事例集 benchmarks; prints numbers. Run: uv run python benchmarks/casebook_bench.py

Measures, on a throw-away SQLite database (or DATABASE_URL) with the demo loaded:
* similar-case quality: top-1 / top-3 rate and MRR on the holdout (written before any retrieval code)
  and on the development questions (the only ones looked at while choosing settings);
* the similar-case query time (p50 / p95, index cached, the API's own selector) and the cold index build;
* the same at scale: a casebook of 5,000 imported 事例 (synthetic copies of the demo files);
* import time of one 1,000-item exchange file, and the re-import of the same file (adds nothing).
"""

from __future__ import annotations

import copy
import io
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = Path(tempfile.mkdtemp(prefix="yorozu-casebook-bench-"))
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
os.environ["YOROZU_DEBUG"] = "false"
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ["YOROZU_DATA_DIR"] = str(TMP / "var")
os.environ["DJANGO_SETTINGS_MODULE"] = "yorozu.settings"
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

TESTS = ROOT / "yorozu" / "casebook" / "tests"
DEMO = ROOT / "yorozu" / "casebook" / "demo_data"
APPS = ("accounts", "consultations", "worksheets", "impacts", "casebook")


def load_demo() -> None:
    from importlib import import_module

    from yorozu.accounts.models import User
    from yorozu.common.audit import acting_as

    for app in APPS:
        admin = User.objects.filter(username="admin").first()
        with acting_as(admin), transaction.atomic():
            import_module(f"yorozu.{app}.demo").load_demo(stdout=io.StringIO())


def quality(admin: object, name: str) -> str:
    from yorozu.casebook import selectors

    queries = json.loads((TESTS / f"{name}.json").read_text(encoding="utf-8"))["queries"]
    ranks = []
    for q in queries:
        titles = [
            r.case_study.title for r in selectors.similar_case_studies(user=admin, text=q["text"], k=10)
        ]
        ranks.append(titles.index(q["intended"]) + 1 if q["intended"] in titles else None)
    n = len(ranks)
    top1 = sum(1 for r in ranks if r == 1) / n
    top3 = sum(1 for r in ranks if r and r <= 3) / n
    mrr = sum(1 / r for r in ranks if r) / n
    return f"{name:<16} n={n:<3} top-1 {top1:.2f}  top-3 {top3:.2f}  MRR {mrr:.3f}"


def latency(admin: object, texts: list[str], label: str) -> None:
    from yorozu.casebook import selectors

    selectors._cache.clear()
    start = time.perf_counter()
    selectors.similar_index()
    cold = time.perf_counter() - start
    times = []
    for _ in range(3):
        for text in texts:
            t0 = time.perf_counter()
            selectors.similar_case_studies(user=admin, text=text, k=5)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"{label:<28} index build {cold * 1000:7.1f} ms   query p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms"
    )


def synthetic_file(n: int, code: str, name: str) -> dict[str, object]:
    base = [json.loads((DEMO / f).read_text(encoding="utf-8"))["items"] for f in ("midori.json", "aoba.json")]
    items = [i for group in base for i in group]
    out = []
    for k in range(n):
        item = copy.deepcopy(items[k % len(items)])
        item["id"] = str(uuid.UUID(int=k + 1))
        item["title"] = f"{item['title']}（{k}）"
        out.append(item)
    return {
        "format": "yorozu-casebook",
        "format_version": 1,
        "exported_at": "2026-10-01T09:00:00+09:00",
        "municipality": {"name": name, "code": code},
        "items": out,
    }


def main() -> None:
    from yorozu.accounts.models import User
    from yorozu.casebook import services
    from yorozu.casebook.models import CaseStudy
    from yorozu.common.audit import acting_as
    from yorozu_core.casebook.exchange import parse_document
    from yorozu_core.municipality_code import check_digit

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    load_demo()
    print(
        f"demo load (accounts … casebook): {time.perf_counter() - t0:.1f} s; 事例 {CaseStudy.objects.count()}"
    )
    admin = User.objects.get(username="admin")
    print(quality(admin, "similar_holdout"))
    print(quality(admin, "similar_dev"))
    texts = [
        q["text"] for q in json.loads((TESTS / "similar_holdout.json").read_text(encoding="utf-8"))["queries"]
    ]
    latency(admin, texts, f"casebook of {CaseStudy.objects.count()}")

    for batch in range(5):
        code = f"1398{batch}"
        document = parse_document(synthetic_file(1000, code + str(check_digit(code)), f"試験市{batch}"))
        start = time.perf_counter()
        with acting_as(admin):
            result = services.casebook_import(user=admin, document=document)
        took = time.perf_counter() - start
        if batch == 0:
            print(f"import of 1,000 事例: {took:.1f} s ({len(result.added)} added)")
            start = time.perf_counter()
            with acting_as(admin):
                again = services.casebook_import(user=admin, document=document)
            print(
                f"re-import of the same file: {time.perf_counter() - start:.1f} s ({len(again.added)} added)"
            )
    latency(admin, texts, f"casebook of {CaseStudy.objects.count()}")


if __name__ == "__main__":
    main()
