#!/usr/bin/env python
"""Same as the ``yorozu`` console command."""

from yorozu.cli import main

if __name__ == "__main__":
    main()
