"""chiso report --unit UNIT --period 2025-H1 [--compiled [--block CODE]]
--out FILE.docx|.xlsx|.pdf [--json]:
write a unit's periodic report, or its compilation of its units' submitted reports."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.org.models import PeerGroup
from chiso.reporting.documents import document_file, report_document
from chiso.reporting.lookup import NotFound, unit_named, unit_period
from chiso.reporting.models import ReportFormat
from chiso.reporting.office import OfficeFailed, OfficeUnavailable


class Command(BaseCommand):
    help = (
        "Write a unit's periodic report (or with --compiled, its compilation of its units' "
        "submitted reports) for a reporting period as .docx, .xlsx or .pdf."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="the unit: its code or name")
        parser.add_argument(
            "--period",
            required=True,
            help="a period of the unit's plans: 2025-Q1, 2025-H1, 2025-M9, 2025, 2025-03 or "
            "2025-01-15..2025-02-14",
        )
        parser.add_argument(
            "--compiled",
            action="store_true",
            help="compile the reports the units under it submitted",
        )
        parser.add_argument(
            "--block", help="with --compiled: the units of this block only (its code)"
        )
        parser.add_argument(
            "--out", required=True, type=Path, help="FILE.docx, FILE.xlsx or FILE.pdf"
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="also print the figures as JSON"
        )

    def handle(self, *args, unit, period, compiled, block, out: Path, as_json, **options):
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in (*ReportFormat.values, "pdf"):
            raise CommandError(_("Tệp “%s” phải có đuôi .docx, .xlsx hoặc .pdf.") % out.name)
        try:
            found = unit_named(unit)
            reporting_period = unit_period(found, period.strip())
        except NotFound as error:
            raise CommandError(str(error)) from None
        self.stderr.write(
            _("Đang tạo báo cáo của %(unit)s, %(period)s (%(code)s)…")
            % {"unit": found.name, "period": reporting_period.label, "code": reporting_period.code}
        )
        document = report_document(
            found,
            reporting_period,
            timezone.localdate(),
            compiled=compiled,
            block_id=_block(block) if block else None,
        )
        try:
            content = document_file(document, fmt)
        except (OfficeUnavailable, OfficeFailed) as error:
            raise CommandError(str(error)) from None
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(
                _("Không ghi được tệp “%(path)s”: %(error)s")
                % {"path": out, "error": error.strerror}
            ) from None
        if as_json:
            self.stdout.write(json.dumps(document.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(_("Đã ghi %s") % out)


def _block(code: str) -> int:
    found = PeerGroup.objects.filter(code=code.strip()).values_list("pk", flat=True).first()
    if found is None:
        codes = ", ".join(PeerGroup.objects.order_by("code").values_list("code", flat=True))
        raise CommandError(
            _("Không có khối “%(code)s”; các khối: %(codes)s.") % {"code": code, "codes": codes}
        )
    return found
