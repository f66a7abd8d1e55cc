"""Static export of the published results pages: plain files with relative links (works offline),
like the budget board's export. Only what the public page shows is written (suppressed counts)."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.html import escape

from yorozu.common.exports import csv_bytes

from .models import SavedView

ASSETS = (
    "css/yorozu.css",
    "analysis/analysis.css",
    "analysis/analysis.js",
    "vendor/chartjs/chart.umd.min.js",
)


def export_static(directory: Path) -> dict[str, int]:
    from .views import public_context

    directory.mkdir(parents=True, exist_ok=True)
    views = list(SavedView.objects.filter(is_public=True).select_related("dataset").order_by("name", "pk"))
    pages = 0
    for view in views:
        folder = directory / view.public_slug
        _copy_assets(folder)
        context = public_context(view, static_site=True)
        (folder / "index.html").write_text(
            render_to_string("analysis/public_view.html", context), encoding="utf-8"
        )
        for index, (_, result, _, _) in enumerate(context["results"]):
            for number, table in enumerate(result.tables if result else []):
                rows = [list(r) for r in table.rows]
                (folder / f"table-{index}-{number}.csv").write_bytes(csv_bytes(list(table.header), rows))
        pages += 1
    links = "".join(f'<li><a href="{v.public_slug}/index.html">{escape(v.name)}</a></li>' for v in views)
    (directory / "index.html").write_text(
        '<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" '
        'content="width=device-width, initial-scale=1"><title>集計結果の公開</title></head>'
        f"<body><main><h1>集計結果の公開</h1><ul>{links}</ul></main></body></html>",
        encoding="utf-8",
    )
    return {"pages": pages}


def _copy_assets(folder: Path) -> None:
    for name in ASSETS:
        found = finders.find(name)
        if found:
            target = folder / "static" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(str(found), target)
