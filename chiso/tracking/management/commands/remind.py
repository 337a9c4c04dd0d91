"""chiso remind [--days N] [--date YYYY-MM-DD] [--schedule]: send today's reminders."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.tracking.reminders import DUE_WITHIN, daily_reminders, remind


class Command(BaseCommand):
    help = "Email each unit's officers their late and due-soon tasks, and leaders a digest."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DUE_WITHIN, help="due within N days")
        parser.add_argument("--date", help="the day to remind for (default: today)")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="enqueue the daily background job instead (the worker runs it every morning)",
        )

    def handle(self, *args, days: int, date: str | None, schedule: bool, **options):
        if schedule:
            daily_reminders.enqueue()
            self.stdout.write(_("Đã đặt lịch đôn đốc hằng ngày (cần chạy chiso worker)."))
            return
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(_("Ngày “%s” không hợp lệ, cần dạng YYYY-MM-DD.") % date) from None
        result = remind(day, days)
        self.stdout.write(
            _("%(notices)d thông báo mới, %(emails)d thư đã gửi.")
            % {"notices": result.notices, "emails": result.emails}
        )
