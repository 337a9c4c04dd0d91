"""How the import commands report a refused table: its bad cells as JSON (with --json) and
one line each on stderr, then the one-line error."""

import contextlib
import json
from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError

from chiso.metrics.reading import FileError
from chiso.scoring.results_file import ResultsRefused


@contextlib.contextmanager
def refusals(command: BaseCommand, as_json: bool) -> Iterator[None]:
    try:
        yield
    except ResultsRefused as error:
        if as_json:
            command.stdout.write(json.dumps(error.as_json(), ensure_ascii=False))
        for cell in error.errors:
            command.stderr.write(str(cell))
        raise CommandError(str(error)) from None
    except FileError as error:
        raise CommandError(str(error)) from None
