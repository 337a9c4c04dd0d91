"""chiso import-responses PATH --year YYYY [--round CODE] [--skip-invalid] [--json]: import a
file of survey responses (.xlsx/.csv) into the year's round and recompute its indices.

The import is recorded and run as a job, like an upload on the web, in the foreground."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from chiso.metrics.importing import RowError
from chiso.surveys.indices import indices_json
from chiso.surveys.models import SurveyRound
from chiso.surveys.response_import import ResponseImportResult, ResponsesRefused
from chiso.surveys.rounds import RoundError, find_round
from chiso.surveys.tasks import import_record, new_import


class Command(BaseCommand):
    help = "Import survey responses (.csv or .xlsx) into a round and recompute its indices."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--year", type=int, required=True, help="the questionnaire's year")
        parser.add_argument(
            "--round", dest="code", help="the round's code (default: the one round of the year)"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the good rows; the others go to PATH.rejected.csv with reasons",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the outcome as JSON"
        )

    def handle(self, *args, path: Path, year: int, code, skip_invalid, as_json: bool, **options):
        try:
            survey = find_round(year, code)
        except RoundError as error:
            raise CommandError(str(error)) from None
        bar = tqdm(total=100, unit="%", file=sys.stderr, disable=None, leave=False)

        def progress(stage: str, done: float) -> None:
            bar.set_description(stage)
            bar.update(round(100 * done) - bar.n)

        refused: list[ResponseImportResult] = []

        def describe(error: Exception) -> str:
            if isinstance(error, ResponsesRefused):
                refused.append(error.result)
            return str(error)

        record = new_import(survey, path.name, skip_invalid=skip_invalid)
        try:
            result = import_record(record, path, progress=progress, describe=describe)
        finally:
            bar.close()
        if result is None:  # failed: the job's message says why
            if refused and as_json:
                self._print_json(survey, refused[0])
            for line, column, value, expected in record.errors:
                self.stderr.write(str(RowError(line, column, value, expected)))
            raise CommandError(record.job.message)
        if as_json:
            self._print_json(survey, result)
            return
        if result.rejected:
            self.stderr.write(
                _("%(n)s dòng bị loại, lý do ghi trong %(path)s")
                % {"n": result.rejected, "path": result.errors_path}
            )
        self.stdout.write(
            _(
                "Đã nhập %(accepted)s/%(rows)s phiếu vào đợt “%(round)s”; đã tính lại chỉ số "
                "của %(units)s đơn vị."
            )
            % {
                "accepted": result.accepted,
                "rows": result.rows,
                "round": survey.code,
                "units": len(result.unit_codes),
            }
        )

    def _print_json(self, survey: SurveyRound, result: ResponseImportResult) -> None:
        printed = {
            "rows": result.rows,
            "accepted": result.accepted,
            "rejected": result.rejected,
            "indices": indices_json(survey, result.unit_codes),
        }
        self.stdout.write(json.dumps(printed, ensure_ascii=False))
