"""chiso load-questionnaire PATH [--year YYYY] [--kind sipas|officials]: load a questionnaire
from an XLSForm workbook (.xlsx), refused with every problem's sheet, row and column."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chiso.surveys.models import QuestionType, SurveyKind
from chiso.surveys.parsed_form import ParsedForm
from chiso.surveys.xlsform import (
    QuestionnaireFrozen,
    XLSFormError,
    read_xlsform,
    save_questionnaire,
)


class Command(BaseCommand):
    help = (
        "Load a questionnaire from an XLSForm workbook (sheets survey, choices, settings; "
        "settings.version required). The same kind, year and version is replaced unless it "
        "has responses."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="PATH")
        parser.add_argument("--year", type=int, help="when the file has no settings.year")
        parser.add_argument(
            "--kind", choices=SurveyKind.values, help="when the file has no settings.survey_kind"
        )

    def handle(self, *args, path: Path, year: int | None, kind: str | None, **options):
        path = Path(path)
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(name)s.") % {"name": path})
        try:
            parsed = read_xlsform(path, year=year, kind=kind)
        except XLSFormError as error:
            for problem in error.errors:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(
                ngettext(
                    "%(name)s: %(count)d lỗi, chưa nạp gì.",
                    "%(name)s: %(count)d lỗi, chưa nạp gì.",
                    len(error.errors),
                )
                % {"name": path.name, "count": len(error.errors)}
            ) from None
        try:
            questionnaire = save_questionnaire(parsed)
        except QuestionnaireFrozen as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Đã nạp %(title)s (%(kind)s, năm %(year)d, phiên bản %(version)s): %(summary)s")
            % {
                "title": questionnaire.title,
                "kind": questionnaire.index_code,
                "year": questionnaire.year,
                "version": questionnaire.version,
                "summary": summary(parsed),
            }
        )


def summary(parsed: ParsedForm) -> str:
    """Counts of a questionnaire's parts, e.g. "10 nhóm, 43 câu hỏi (22 tiêu chí tính vào chỉ
    số), …": a criterion is a rating question of weight > 0 in a section of weight > 0."""
    outside = {s.code for s in parsed.sections if not s.weight}
    criteria = sum(
        1
        for q in parsed.questions
        if q.type == QuestionType.RATING and q.weight and q.section not in outside
    )
    lists = {c.list_name for c in parsed.choices}
    return _(
        "%(sections)d nhóm, %(questions)d câu hỏi (%(criteria)d tiêu chí tính vào chỉ số), "
        "%(lists)d danh sách lựa chọn."
    ) % {
        "sections": len(parsed.sections),
        "questions": len(parsed.questions),
        "criteria": criteria,
        "lists": len(lists),
    }
