"""The `chiso` console script: every Django management command, with hyphenated names.

`chiso import-units FILE` runs the `import_units` command; `chiso worker` runs the
background task worker.
"""

import os
import sys

ALIASES = {"worker": "db_worker"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "chiso"
    if len(args) > 1 and not args[1].startswith("-"):
        name = ALIASES.get(args[1], args[1])
        args[1] = name.replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
