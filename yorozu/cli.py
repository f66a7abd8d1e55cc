"""The ``yorozu`` console command: the project's manage.py, with the operational verbs
(``demo``, ``createtoken``, ``backup``, ``restore``, ``regqa``, ``budget`` …) as management commands."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yorozu.settings")
    if (argv or sys.argv)[1:2] == ["demo"]:
        # The demo runs the development server on the loopback address: debug pages are acceptable there.
        os.environ.setdefault("YOROZU_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv or sys.argv)


if __name__ == "__main__":
    main()
