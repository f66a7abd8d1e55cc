"""JSON API of 事例集."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["事例集"])
