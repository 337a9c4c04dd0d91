"""chiso import-dossiers PATH [--kind dossiers|feedback] [--mapping FILE] [--skip-invalid]
[--json]: import an export of the dossier system and compute the service indicators."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from chiso.indicators.catalog import Source
from chiso.metrics.columns import HeaderError, read_mapping
from chiso.metrics.importing import ImportRefused, import_export
from chiso.metrics.reading import FileError


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

        try:
            result = import_export(
                path, kind, mapping=fields, skip_invalid=skip_invalid, progress=progress
            )
        except FileError as error:
            raise CommandError(str(error)) from None
        except ImportRefused as refused:
            for error in refused.result.errors:
                self.stderr.write(str(error))
            raise CommandError(str(refused)) from None
        finally:
            bar.close()
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
