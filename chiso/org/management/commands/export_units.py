"""chiso export-units FILE: write the org tree to .csv or .xlsx."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chiso.org.unit_files import UnitFileError, export_units


class Command(BaseCommand):
    help = "Export org units to a .csv or .xlsx file in the import-units layout."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            count = export_units(file)
        except UnitFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("%(file)s: %(count)d đơn vị.") % {"file": file, "count": count})
