"""chiso reorganise FILE [--dry-run]: apply a file of unit changes, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chiso.audit.recording import acting_user
from chiso.org.change_files import reorganise
from chiso.org.unit_files import UnitFileError


class Command(BaseCommand):
    help = (
        "Move, rename, merge, split or end units from a .csv/.xlsx file: date, kind, units, "
        "into, new_parent, new_name, new_kind, legal_basis, note. All rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check the file, save nothing")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            with acting_user(None):
                done = reorganise(file, dry_run=dry_run)
        except UnitFileError as error:
            lines = "\n".join(f"  - {e}" for e in error.errors)
            raise CommandError(
                _("%(file)s: không áp dụng được, không có gì được lưu:\n%(lines)s")
                % {"file": file.name, "lines": lines}
            ) from None
        summary = done.describe()
        if dry_run:
            self.stdout.write(
                _("%(file)s: hợp lệ, chưa lưu (--dry-run): %(summary)s")
                % {"file": file.name, "summary": summary}
            )
        else:
            self.stdout.write(_("%(file)s: %(summary)s") % {"file": file.name, "summary": summary})
