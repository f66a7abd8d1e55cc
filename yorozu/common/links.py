"""Absolute links for what leaves the site (notifications, e-mail, .ics files).

The base is ``YOROZU_BASE_URL`` in production. Without it, the address ``yorozu demo --port`` is
actually serving on (written to ``DATA_DIR/demo-address.txt`` when the demo starts, so that a
``yorozu training_remind`` run from another terminal links to the same server), else
``http://127.0.0.1:8000``.
"""

from __future__ import annotations

from django.conf import settings

DEMO_ADDRESS_FILE = "demo-address.txt"
FALLBACK_BASE_URL = "http://127.0.0.1:8000"


def base_url() -> str:
    configured: str = settings.YOROZU_BASE_URL
    if configured:
        return configured.rstrip("/")
    demo = settings.DATA_DIR / DEMO_ADDRESS_FILE
    if demo.is_file():
        address = demo.read_text(encoding="utf-8").strip()
        if address.startswith(("http://", "https://")):
            return address.rstrip("/")
    return FALLBACK_BASE_URL


def absolute_url(path: str) -> str:
    """``/training/3/`` → ``https://yorozu.city.example.lg.jp/training/3/``; absolute URLs pass through."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return base_url() + ("" if path.startswith("/") else "/") + path


def remember_demo_address(address: str) -> None:
    """Called by ``yorozu demo`` before serving: links then point at the port really in use."""
    (settings.DATA_DIR / DEMO_ADDRESS_FILE).write_text(address + "\n", encoding="utf-8")
