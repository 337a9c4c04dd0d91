"""chiso load-frameworks [FILE ...]: load index frameworks from JSON, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chiso.frameworks.loading import (
    FrameworkFileError,
    kept_components,
    load_framework,
    read_builtin_frameworks,
    read_framework_files,
)
from chiso.frameworks.models import ComponentLevel, Framework


class Command(BaseCommand):
    help = (
        "Load index frameworks from JSON files; without files, the built-in PAR, SIPAS, PAPI, PCI."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, metavar="FILE")

    def handle(self, *args, files: list[Path], **options):
        try:
            specs = read_framework_files(files) if files else read_builtin_frameworks()
        except FrameworkFileError as error:
            raise CommandError(str(error)) from None
        with transaction.atomic():
            loaded = [(spec, load_framework(spec)) for spec in specs]
        for spec, framework in loaded:
            self.stdout.write(summary(framework))
            kept = list(kept_components(framework, spec).values_list("code", flat=True))
            if kept:
                self.stdout.write(
                    _("  giữ lại %(codes)s: không còn trong tệp nhưng đang có nhiệm vụ gắn vào.")
                    % {"codes": ", ".join(kept)}
                )


def summary(framework: Framework) -> str:
    """One line with the count of each level, e.g. "PAR INDEX 2025: 8 lĩnh vực, 32 tiêu chí"."""
    counts = dict(
        framework.components.values_list("level").annotate(count=Count("pk")).order_by("level")
    )
    labels = {
        ComponentLevel.FIELD: lambda n: ngettext("%d lĩnh vực", "%d lĩnh vực", n),
        ComponentLevel.CRITERION: lambda n: ngettext("%d tiêu chí", "%d tiêu chí", n),
        ComponentLevel.SUB_CRITERION: lambda n: ngettext(
            "%d tiêu chí thành phần", "%d tiêu chí thành phần", n
        ),
    }
    parts = [
        label(counts[level]) % counts[level] for level, label in labels.items() if counts.get(level)
    ]
    empty = _("chưa có thành phần")
    return f"{framework}: {', '.join(parts) or empty}"
