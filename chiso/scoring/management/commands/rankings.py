"""chiso rankings --index CODE --year YYYY [--scope national|units] [--block CODE] [--json]:
print a year's official ranking: each entry's score, rank and group."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chiso.scoring.models import ResultScope
from chiso.scoring.rankings import NoResults, ranking


class Command(BaseCommand):
    help = "Print the ranking of an index's official results for a year."

    def add_arguments(self, parser):
        parser.add_argument("--index", required=True, type=str.upper)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--scope", default=ResultScope.NATIONAL, choices=list(ResultScope.values)
        )
        parser.add_argument("--block", help="a block's code (units ranked within it)")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, index, year, scope, block, as_json, **options):
        try:
            entries = ranking(index, year, scope, block)
        except NoResults as error:
            raise CommandError(str(error)) from None
        if as_json:
            printed = {
                "index": index,
                "year": year,
                "entries": [
                    {
                        "unit": e.name,
                        "score": None if e.score is None else float(e.score),
                        "rank": e.rank,
                        "group": e.group,
                    }
                    for e in entries
                ],
            }
            self.stdout.write(json.dumps(printed, ensure_ascii=False))
            return
        for e in entries:
            rank = str(e.rank) if e.rank is not None else "–"
            score = f"{e.score.normalize():f}" if e.score is not None else _("chưa đủ điểm")
            self.stdout.write(f"{rank:>4}  {e.name:<40} {score:>10}  {e.group or ''}")
