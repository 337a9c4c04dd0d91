"""chiso load-scheme PATH: load a province's own scoring index from its workbook (.xlsx),
refused whole with every problem's sheet, row and column."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chiso.scoring.models import Part
from chiso.scoring.scheme_file import SchemeFileError, SchemeInUse, load_scheme


class Command(BaseCommand):
    help = (
        "Load a scoring index from a workbook (sheets Thông tin, Tiêu chí, Xếp loại): the "
        "framework, its scheme and one rule per sub-criterion. Loading the same file again "
        "changes nothing; a framework units have scored is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="PATH")

    def handle(self, *args, path: Path, **options):
        path = Path(path)
        try:
            scheme = load_scheme(path)
        except SchemeInUse as error:
            raise CommandError(error.errors[0]) from None
        except SchemeFileError as error:
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
        framework = scheme.framework
        rules = list(
            framework.components.filter(rule__isnull=False).values_list("rule__part", flat=True)
        )
        counted = {part: rules.count(part) for part in Part.values}
        self.stdout.write(
            _(
                "Đã nạp %(code)s năm %(year)d “%(name)s”: %(fields)d lĩnh vực, %(rules)d tiêu "
                "chí chấm (%(bonus)d điểm thưởng, %(penalty)d điểm trừ), %(grades)d mức xếp loại."
            )
            % {
                "code": framework.code,
                "year": framework.year,
                "name": framework.name,
                "fields": framework.components.filter(parent=None).count(),
                "rules": len(rules),
                "bonus": counted[Part.BONUS],
                "penalty": counted[Part.PENALTY],
                "grades": len(scheme.bands),
            }
        )
