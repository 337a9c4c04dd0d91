"""chiso export-scheme --code CODE --year YYYY --out FILE.xlsx: write a framework and its
scoring scheme as the workbook `load-scheme` reads, to edit and load again."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chiso.frameworks.models import Framework
from chiso.scoring.scheme_file import write_scheme


class Command(BaseCommand):
    help = "Write a framework's scoring index (a province's own, or a national one to start from)."

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="framework code, e.g. PAR-SO")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")

    def handle(self, *args, code: str, year: int, out: Path, **options):
        out, year = Path(out), int(year)
        framework = Framework.objects.filter(code__iexact=code, year=year).first()
        if framework is None:
            raise CommandError(
                _("Không có bộ chỉ số %(code)s năm %(year)d.") % {"code": code, "year": year}
            )
        if out.suffix.lower() != ".xlsx":
            raise CommandError(_("Tệp ghi ra cần đuôi .xlsx: %(name)s.") % {"name": out})
        if not out.parent.is_dir():
            raise CommandError(_("Không có thư mục %(dir)s.") % {"dir": out.parent})
        write_scheme(framework, out)
        self.stdout.write(
            _("Đã ghi %(code)s năm %(year)d vào %(out)s (%(count)d dòng tiêu chí).")
            % {
                "code": framework.code,
                "year": framework.year,
                "out": out,
                "count": framework.components.count(),
            }
        )
