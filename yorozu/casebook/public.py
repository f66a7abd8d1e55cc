"""The public 事例 page: rendered live at /casebook/public/ or written as static files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse

from yorozu.casebook import selectors
from yorozu.casebook.models import CaseStudy

CSS_FILES = {"yorozu_css": "css/yorozu.css", "casebook_css": "casebook/casebook.css"}


def live_context() -> dict[str, Any]:
    return {
        "city": selectors.own_city_name(),
        "assets": {key: static(path) for key, path in CSS_FILES.items()},
        "index_href": reverse("casebook:public-list"),
    }


def live_rows(rows: list[CaseStudy]) -> list[dict[str, Any]]:
    return [{"cs": cs, "href": reverse("casebook:public-detail", args=[cs.uid])} for cs in rows]


def export_static(directory: Path) -> int:
    """Write index.html, one page per public 事例 and the CSS; returns the number of 事例 pages.

    Written whatever the public-page switch says: the city decides where the files go.
    """
    rows = list(
        CaseStudy.objects.filter(status="published", level="public", municipality_code="").order_by("id")
    )
    (directory / "cases").mkdir(parents=True, exist_ok=True)
    (directory / "assets").mkdir(exist_ok=True)
    for path in CSS_FILES.values():
        found = finders.find(path)
        if found:
            shutil.copyfile(str(found), directory / "assets" / Path(path).name)
    city = selectors.own_city_name()

    def context(prefix: str) -> dict[str, Any]:
        assets = {key: f"{prefix}assets/{Path(path).name}" for key, path in CSS_FILES.items()}
        return {"city": city, "assets": assets, "index_href": f"{prefix}index.html"}

    listing = [{"cs": cs, "href": f"cases/{cs.uid}.html"} for cs in rows]
    html = render_to_string("casebook/public_list.html", {**context(""), "rows": listing})
    (directory / "index.html").write_text(html, encoding="utf-8")
    for cs in rows:
        page = render_to_string("casebook/public_detail.html", {**context("../"), "cs": cs})
        (directory / "cases" / f"{cs.uid}.html").write_text(page, encoding="utf-8")
    return len(rows)
