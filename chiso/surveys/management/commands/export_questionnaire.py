"""chiso export-questionnaire --kind sipas --year YYYY [--version V] --out FILE.xlsx: write a
questionnaire as an XLSForm workbook, for KoboToolbox, ODK or editing in a spreadsheet."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chiso.surveys.defaults import default_questionnaire, default_version
from chiso.surveys.models import Questionnaire, SurveyKind
from chiso.surveys.xlsform import form_of, write_form

from .load_questionnaire import summary


class Command(BaseCommand):
    help = (
        "Write a questionnaire as an XLSForm workbook (.xlsx). Without --version, the year's "
        "latest version; the built-in default is made when the year has none."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # our --version names the questionnaire's version, in place of Django's own
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=SurveyKind.values)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--version", dest="form_version", metavar="VERSION")
        parser.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")

    def handle(self, *args, kind: str, year: int, form_version: str | None, out: Path, **options):
        versions = Questionnaire.objects.filter(kind=kind, year=year)
        if form_version:
            questionnaire = versions.filter(version=form_version).first()
            if questionnaire is None and form_version == default_version(year):
                questionnaire = default_questionnaire(kind, year)
            if questionnaire is None:
                known = ", ".join(versions.values_list("version", flat=True)) or "—"
                raise CommandError(
                    _("Không có phiên bản %(version)s năm %(year)d; các phiên bản: %(known)s.")
                    % {"version": form_version, "year": year, "known": known}
                )
        else:
            questionnaire = versions.order_by("-created_at", "-pk").first()
            questionnaire = questionnaire or default_questionnaire(kind, year)
        form = form_of(questionnaire)
        out = Path(out)
        try:
            out.write_bytes(write_form(form))
        except OSError as error:
            raise CommandError(
                _("Không ghi được %(name)s: %(reason)s") % {"name": out, "reason": error.strerror}
            ) from None
        self.stdout.write(
            _("Đã ghi %(title)s (phiên bản %(version)s) vào %(name)s: %(summary)s")
            % {
                "title": questionnaire.title,
                "version": questionnaire.version,
                "name": out,
                "summary": summary(form),
            }
        )
