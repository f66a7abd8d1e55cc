"""JSON API of データ分析."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["データ分析"])
