"""JSON API of 共有台帳."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["共有台帳"])
