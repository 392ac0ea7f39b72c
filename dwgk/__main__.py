"""The `dwgk` console command: Django's management commands for this project."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dwgk.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "dwgk"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
