"""chiso import-survey-points PATH --window ID [--json]: enter the survey points of a scoring
window's units from a table (.csv or .xlsx), refused whole when a line is wrong or the cycle
does not allow the council's points yet."""

import json
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chiso.scoring.models import Window
from chiso.scoring.survey_points import import_survey_points

from ._refusals import refusals


class Command(BaseCommand):
    help = "Import the survey points of a scoring window's units (.csv or .xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--window", type=int, required=True, dest="window_id")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, path, window_id, as_json, **options):
        window = (
            Window.objects.select_related("scheme__framework", "block").filter(pk=window_id).first()
        )
        if window is None:
            raise CommandError(_("Không có đợt chấm điểm số %(id)s.") % {"id": window_id})
        with (
            refusals(self, as_json),
            tempfile.TemporaryDirectory(prefix="chiso-survey-points-") as workdir,
        ):
            found = import_survey_points(window, path, Path(workdir), None)
        if as_json:
            printed = {"window": window.pk, "units": found.units, "scores": found.scores}
            self.stdout.write(json.dumps(printed, ensure_ascii=False))
            return
        self.stdout.write(
            _("Đã nhập điểm điều tra của %(window)s: %(scores)s điểm của %(units)s đơn vị.")
            % {"window": window, "scores": found.scores, "units": found.units}
        )
