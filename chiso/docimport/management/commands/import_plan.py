"""chiso import-plan PATH [--issuer UNIT] [--json] [--save]: read a plan document."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chiso.audit.recording import acting_user
from chiso.docimport.blocks import DocumentError
from chiso.docimport.jobs import read_plan
from chiso.docimport.saving import DraftError, save_draft
from chiso.org.models import OrgUnit
from chiso.org.unit_matching import UnitNotFound, find_unit


class Command(BaseCommand):
    help = "Read a plan document (.docx, .pdf, .txt, .md, scans) and propose the structured plan."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--issuer", help="issuing unit: its code or name")
        parser.add_argument("--json", action="store_true", help="print the draft as JSON")
        parser.add_argument("--save", action="store_true", help="save it as a draft plan")

    def handle(self, *args, path: Path, issuer: str | None, json: bool, save: bool, **options):
        unit = _issuer(issuer) if issuer else None
        progress = None if json else (lambda stage, _done: self.stderr.write(stage))
        try:
            _blocks, draft = read_plan(path, name=path.name, issuer=unit, progress=progress)
        except DocumentError as error:
            raise CommandError(str(error)) from None
        data = draft.to_json()
        if save:
            try:
                with acting_user(None):
                    plan = save_draft(data)
            except DraftError as error:
                raise CommandError(f"{path.name}: {error}") from None
            data["plan_id"] = plan.pk
            data["url"] = settings.CHISO_BASE_URL.rstrip("/") + plan.get_absolute_url()
        if json:
            self.stdout.write(_dumps(data))
            return
        self._summary(data)

    def _summary(self, data: dict) -> None:
        write = self.stdout.write
        write(f"{data['number'] or '—'} · {data['date'] or '—'} · {_name(data['issuer'])}")
        write(data["title"] or _("(chưa có trích yếu)"))
        write(_("Chỉ số: %s") % (", ".join(data["indices"]) or "—"))
        write(_("Nhiệm vụ: %d") % len(data["tasks"]))
        for task in data["tasks"]:
            lead = _name(task["lead"])
            write(
                f"  {task['ordinal']:>6} {task['component'] or '—':<8} {lead[:30]:<30} "
                f"{task['deadline']['date'] or task['deadline']['text'][:16]:<16} "
                f"{task['text'][:70]}"
            )
        for warning in data["warnings"]:
            write(_("Cảnh báo: %s") % warning)
        if data.get("url"):
            write(_("Đã lưu dự thảo: %s") % data["url"])


def _issuer(text: str) -> OrgUnit:
    try:
        return find_unit(text)
    except UnitNotFound as error:
        raise CommandError(str(error)) from None


def _name(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if "unresolved" in value:
        return "? " + value["unresolved"]
    return value.get("text", "")


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
