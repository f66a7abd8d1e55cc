"""The ``yorozu`` console command: the project's manage.py, with the operational verbs
(``demo``, ``createtoken``, ``backup``, ``restore``, ``regqa``, ``budget`` …) as management commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DEMO_MARKER = "demo-address.txt"  # written by `yorozu demo` (yorozu.common.links.remember_demo_address)


def _is_demo_data_dir() -> bool:
    """Whether ``yorozu demo`` prepared the data directory (resolved as settings.py does)."""
    default = Path(__file__).resolve().parent.parent / "var"
    return (Path(os.environ.get("YOROZU_DATA_DIR") or default) / DEMO_MARKER).is_file()


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yorozu.settings")
    if (argv or sys.argv)[1:2] == ["demo"] or _is_demo_data_dir():
        # The demo runs the development server on the loopback address: debug pages are acceptable
        # there, and every other verb run against the demo's data directory (createtoken, backup …)
        # uses the same development settings. gunicorn (wsgi.py) never takes this path.
        os.environ.setdefault("YOROZU_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv or sys.argv)


if __name__ == "__main__":
    main()
