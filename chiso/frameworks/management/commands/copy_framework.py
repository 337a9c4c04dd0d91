"""chiso copy-framework CODE FROM_YEAR [TO_YEAR]: copy an index framework, with its whole
component tree, to another year (the next one by default)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chiso.frameworks.copying import FrameworkCopyError, copy_framework

from .load_frameworks import summary


class Command(BaseCommand):
    help = (
        "Copy an index framework and its components to another year, e.g. "
        "`chiso copy-framework PAR 2025 2026`; refused when that year already has it."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", metavar="CODE", help="PAR, SIPAS, PAPI, PCI, …")
        parser.add_argument("from_year", type=int, metavar="FROM_YEAR")
        parser.add_argument(
            "to_year", type=int, nargs="?", metavar="TO_YEAR", help="default: FROM_YEAR + 1"
        )

    def handle(self, *args, code: str, from_year: int, to_year: int | None, **options):
        target = from_year + 1 if to_year is None else to_year
        try:
            copy = copy_framework(code, from_year, target)
        except FrameworkCopyError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Đã sao chép sang năm %(year)d: %(summary)s")
            % {"year": target, "summary": summary(copy)}
        )
