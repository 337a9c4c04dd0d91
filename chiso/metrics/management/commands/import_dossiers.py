"""chiso import-dossiers PATH [--kind dossiers|feedback] [--mapping FILE] [--skip-invalid]
[--json]: import an export of the dossier system and compute the service indicators.

The import is recorded and run as a job, like an upload on the web, in the foreground."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from chiso.indicators.catalog import Source
from chiso.metrics.columns import HeaderError, read_mapping
from chiso.metrics.importing import RowError
from chiso.metrics.tasks import import_record, new_import


class Command(BaseCommand):
    help = "Import a dossier or feedback (PAKN) export (.csv or .xlsx) and compute indicators."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--kind", choices=Source.values, default=Source.DOSSIERS)
        parser.add_argument(
            "--mapping", type=Path, help="JSON or CSV: our field (or header) → the file's header"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the good rows; the bad ones go to PATH.rejected.csv with reasons",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the outcome as JSON"
        )

    def handle(self, *args, path: Path, kind: str, mapping, skip_invalid, as_json: bool, **options):
        try:
            fields = read_mapping(mapping) if mapping else None
        except (HeaderError, OSError) as error:
            raise CommandError(str(error)) from None
        bar = tqdm(total=100, unit="%", file=sys.stderr, disable=None, leave=False)

        def progress(stage: str, done: float) -> None:
            bar.set_description(stage)
            bar.update(round(100 * done) - bar.n)

        record = new_import(kind, path.name, skip_invalid=skip_invalid, mapping=fields)
        try:
            result = import_record(record, path, progress=progress, describe=str)
        finally:
            bar.close()
        if result is None:  # failed: the job's message says why
            for line, column, value, expected in record.errors:
                self.stderr.write(str(RowError(line, column, value, expected)))
            raise CommandError(record.job.message)
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "rows": result.rows,
                        "rejected": result.rejected,
                        "values": [value.as_json() for value in result.values],
                    },
                    ensure_ascii=False,
                )
            )
            return
        if result.rejected:
            self.stderr.write(
                _("%(n)s dòng bị loại, lý do ghi trong %(path)s")
                % {"n": result.rejected, "path": result.errors_path}
            )
        self.stdout.write(
            _("Đã nhập %(rows)s bản ghi; tính %(values)s giá trị chỉ tiêu cho các kỳ của tệp.")
            % {"rows": result.rows, "values": len(result.values)}
        )
