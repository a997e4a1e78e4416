"""The `outpost` console script: Django's management commands under one name.

`outpost --help` lists the commands; `outpost geo --help`, `outpost report --help` and
`outpost import --help` describe the grouped ones.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outpost.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        args = ["help"]
    execute_from_command_line(["outpost", *args])


if __name__ == "__main__":
    main()
