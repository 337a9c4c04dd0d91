"""chiso import-results PATH --index PAR|SIPAS|PAPI|PCI --year YYYY [--scope national|units]
[--json]: store a published results table of an index and year, refused whole when a row is
wrong; ranks the table printed that differ from chiso's are reported."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from chiso.scoring.models import ResultScope
from chiso.scoring.results_import import import_results

from ._refusals import refusals

INDICES = ("PAR", "SIPAS", "PAPI", "PCI")


class Command(BaseCommand):
    help = "Import an index's published results (.csv or .xlsx) for a year."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--index", required=True, type=str.upper, choices=INDICES)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--scope", default=ResultScope.NATIONAL, choices=list(ResultScope.values)
        )
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, path, index, year, scope, as_json, **options):
        with refusals(self, as_json):
            found = import_results(path, index, year, scope)
        disagreements = [
            {"unit": d.name, "line": d.line, "published_rank": d.published, "rank": d.ours}
            for d in found.disagreements
        ]
        if as_json:
            printed = {
                "index": index,
                "year": year,
                "scope": scope,
                "entries": found.entries,
                "skipped": [{"line": line, "name": name} for line, name in found.skipped],
                "rank_disagreements": disagreements,
            }
            self.stdout.write(json.dumps(printed, ensure_ascii=False))
            return
        for d in found.disagreements:
            self.stderr.write(
                _("Dòng %(line)s, “%(name)s”: tệp ghi hạng %(published)s, chiso xếp %(ours)s")
                % {
                    "line": d.line,
                    "name": d.name,
                    "published": d.published,
                    "ours": d.ours if d.ours is not None else _("không xếp hạng"),
                }
            )
        self.stdout.write(
            _("Đã nhập kết quả %(index)s năm %(year)s: %(n)s dòng.")
            % {"index": index, "year": year, "n": found.entries}
        )
