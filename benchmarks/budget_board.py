"""Budget board benchmarks; prints numbers. Run: uv run python benchmarks/budget_board.py [--skip-load]

Measures: import of 富士市 R8 xlsx, server time p95 and queries of public pages, page weight (gzip),
static export of four years, and a loopback load run (gunicorn, 50 concurrent × 30 s) against
production-like settings (SECRET_KEY set, YOROZU_DEBUG=false, collectstatic into the data dir,
the manifest static storage). Uses a throw-away SQLite database under a temporary folder (the
product's own SQLite settings: WAL, busy timeout), or DATABASE_URL when set.
"""

from __future__ import annotations

import gzip
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = Path(tempfile.mkdtemp(prefix="yorozu-budget-bench-"))
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
os.environ["YOROZU_DEBUG"] = "false"
os.environ.pop("YOROZU_TESTING", None)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ["YOROZU_DATA_DIR"] = str(TMP / "var")
# Without DATABASE_URL the settings' SQLite database (DATA_DIR/yorozu.sqlite3, WAL, busy_timeout) is used.
os.environ["DJANGO_SETTINGS_MODULE"] = "yorozu.settings"
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

SHARED = Path(os.environ.get("YOROZU_SHARED_DATA", ROOT.parent / "shared" / "data"))


def readers() -> None:
    """--readers: the workbook reader alone on 富士市's xlsx (docs/adr/0205; the reader before issue 11
    was measured the same way from `git show b7accb9:yorozu_core/budget/table.py`)."""
    from yorozu_core.budget.table import read_table

    for name in ("r6-long.xlsx", "r8-long.xlsx"):
        data = (SHARED / "fuji-r6-r8-expenditure" / name).read_bytes()
        times = []
        for _ in range(5):
            started = time.perf_counter()
            rows = len(read_table(data, source=name).rows)
            times.append(time.perf_counter() - started)
        print(
            f"read {name} (python-calamine): median {statistics.median(times):.3f} s, min {min(times):.3f} s, {rows} rows"
        )


def main() -> None:
    if "--readers" in sys.argv:
        readers()
        return
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from yorozu.budget.demo import load_demo
    from yorozu.budget.models import BudgetLine, Municipality
    from yorozu.budget.services import budget_import, municipality_get_or_create

    load_demo()
    fuji_file = SHARED / "fuji-r6-r8-expenditure" / "r8-long.xlsx"
    if fuji_file.exists():
        fuji = municipality_get_or_create(code="222101", name="富士市")
        data = fuji_file.read_bytes()
        times = []
        for _ in range(3):
            started = time.perf_counter()
            budget_import(
                user=None, municipality=fuji, data=data, source=fuji_file.name, fiscal_year=2026, publish=True
            )
            times.append(time.perf_counter() - started)
        print(f"import Fuji R8 xlsx: best {min(times):.2f} s, worst {max(times):.2f} s (target ≤ 3 s)")
        r6 = SHARED / "fuji-r6-r8-expenditure" / "r6-long.xlsx"
        budget_import(
            user=None, municipality=fuji, data=r6.read_bytes(), source=r6.name, fiscal_year=2024, publish=True
        )

    client = Client()
    demo = Municipality.objects.get(code="139998")
    node = BudgetLine.objects.filter(budget__fiscal_year=2025, budget__municipality=demo, depth=2).first()
    pages = [
        "/budget/139998/2025/",
        f"/budget/139998/2025/n/{node.path}/",
        "/budget/139998/2025/search/?q=費",
        "/budget/139998/2025/tax/?salary=5000000&household=couple",
        "/api/budget/139998/2025/",
    ]
    if fuji_file.exists():
        pages += ["/budget/222101/2026/", "/budget/222101/2026/n/3/", "/budget/222101/2026/n/3-1-1/"]
    from django.db import connection

    for url in pages:
        client.get(url)
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        samples = []
        for _ in range(60):
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        p95 = statistics.quantiles(samples, n=20)[18]
        print(
            f"server time {url}: median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms (target p95 ≤ 50 ms), "
            f"{len(queries)} queries"
        )

    from django.contrib.staticfiles import finders

    def asset(name: str) -> bytes:
        return Path(str(finders.find(name))).read_bytes()

    extra = [
        "/budget/139998/2025/trend/n/3-2/",
        "/budget/139998/2024/phases/",
        "/budget/139998/2025/compare/?kan=民生費",
    ]
    for url in pages[:2] + (pages[5:6] if fuji_file.exists() else []) + extra:
        html = client.get(url).content
        css = sum(len(gzip.compress(asset(n))) for n in ("css/yorozu.css", "budget/budget.css"))
        js = sum(
            len(gzip.compress(asset(n))) for n in ("vendor/chartjs/chart.umd.min.js", "budget/budget.js")
        )
        print(
            f"page weight {url}: HTML+data {len(gzip.compress(html)) / 1024:.1f} KiB + CSS {css / 1024:.1f} KiB "
            f"= {(len(gzip.compress(html)) + css) / 1024:.1f} KiB gzip (≤ 150); JS {js / 1024:.1f} KiB gzip (≤ 150)"
        )

    from yorozu.budget.export import export_static

    started = time.perf_counter()
    counts = export_static(TMP / "site", municipality=demo)
    print(
        f"static export よろず区: {counts['years']} years, {counts['pages']} pages in {time.perf_counter() - started:.2f} s (target ≤ 10 s)"
    )
    if fuji_file.exists():
        started = time.perf_counter()
        counts = export_static(TMP / "site-fuji", municipality=Municipality.objects.get(code="222101"))
        print(
            f"static export 富士市: {counts['years']} years (R5–R8), {counts['pages']} pages in {time.perf_counter() - started:.2f} s"
        )
        search = (TMP / "site-fuji" / "222101" / "2026" / "search" / "index.html").read_bytes()
        css = sum(len(gzip.compress(asset(n))) for n in ("css/yorozu.css", "budget/budget.css"))
        print(
            f"page weight static search 富士市 R8 (every line with its search key): HTML {len(gzip.compress(search)) / 1024:.1f}"
            f" KiB + CSS {css / 1024:.1f} KiB gzip (≤ 150)"
        )
    if "--skip-load" not in sys.argv:
        load_run(pages[:4] + pages[5:])


def load_run(paths: list[str], concurrency: int = 50, seconds: float = 30.0) -> None:
    from django.db import connection

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "yorozu.wsgi", "-b", f"127.0.0.1:{port}", "-w", "3", "--threads", "4",
         "--log-level", "warning"], cwd=ROOT, env=os.environ.copy())  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        counts = {"ok": 0, "error": 0}
        kinds: dict[str, int] = {}
        latencies: list[float] = []
        lock = threading.Lock()
        deadline = time.monotonic() + seconds

        def worker(index: int) -> None:
            i = index
            while time.monotonic() < deadline:
                # percent-encoded: a raw "費" in the request line fails in the client (UnicodeEncodeError)
                # before anything reaches the server, which is what the first load runs counted as errors
                url = f"http://127.0.0.1:{port}{urllib.parse.quote(paths[i % len(paths)], safe='/?=&')}"
                i += 1
                started = time.perf_counter()
                kind = ""
                try:
                    with urllib.request.urlopen(
                        urllib.request.Request(url, headers={"Accept-Encoding": "identity"}), timeout=10
                    ) as r:
                        r.read()
                        kind = "" if r.status == 200 else f"HTTP {r.status}"
                except urllib.error.HTTPError as error:
                    kind = f"HTTP {error.code}"
                except Exception as error:  # timeouts, resets, refused connections
                    kind = f"{type(error).__name__}: {getattr(error, 'reason', error)}"
                with lock:
                    counts["error" if kind else "ok"] += 1
                    if kind:
                        kinds[kind] = kinds.get(kind, 0) + 1
                    latencies.append((time.perf_counter() - started) * 1000)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        total = counts["ok"] + counts["error"]
        p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) > 20 else float("nan")
        print(
            f"load run: {concurrency} concurrent × {seconds:.0f} s: {total} requests, {total / seconds:.0f} req/s, "
            f"errors {counts['error']}, p95 {p95:.0f} ms (gunicorn 3 workers × 4 threads, "
            f"{connection.vendor})"
        )
        for kind, number in sorted(kinds.items(), key=lambda item: -item[1]):
            print(f"  error {number}× {kind}")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
