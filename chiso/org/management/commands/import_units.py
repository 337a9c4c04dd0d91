"""chiso import-units FILE: load the org tree from .csv/.xlsx, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chiso.org.unit_files import UnitFileError, import_units


class Command(BaseCommand):
    help = "Load org units from .csv/.xlsx: code, name, parent_code, kind, aliases, peer_group."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            result = import_units(file)
        except UnitFileError as error:
            lines = "\n".join(f"  - {e}" for e in error.errors)
            raise CommandError(
                _("%(file)s: không nhập được, không có gì được lưu:\n%(lines)s")
                % {"file": file.name, "lines": lines}
            ) from None
        self.stdout.write(
            _("%(file)s: %(created)d đơn vị mới, %(updated)d đơn vị cập nhật.")
            % {"file": file.name, "created": result.created, "updated": result.updated}
        )
