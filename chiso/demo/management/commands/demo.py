"""chiso demo [--no-serve] [--force]: migrate, build the demo province once, print the
logins, serve. Its logins share a published password, so it refuses to run with DEBUG off
or to add them to a database that holds other users, unless forced."""

import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.audit.recording import acting_user
from chiso.demo.build import build_demo, demo_exists
from chiso.demo.users import LOGINS, PASSWORD, other_users


class Command(BaseCommand):
    help = "Create the database and the demo province (once), then serve the site."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="exit after loading")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even with DEBUG off or other users in the database (tests only)",
        )

    def handle(self, *args, no_serve: bool, addr: str, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG đang tắt: chiso demo không chạy trên hệ thống thật (tài khoản mẫu "
                    "có mật khẩu công khai “%s”); dùng --force nếu đây là máy thử."
                )
                % PASSWORD
            )
        call_command("migrate", interactive=False, verbosity=0)
        if demo_exists():
            self.stdout.write(_("Dữ liệu mẫu đã có, dùng lại."))
        elif not force and (others := other_users()):
            raise CommandError(
                _(
                    "Cơ sở dữ liệu đã có %(n)d người dùng khác: chiso demo không thêm tài khoản "
                    "mẫu (mật khẩu công khai “%(password)s”) vào đây; dùng --force nếu chắc chắn."
                )
                % {"n": others, "password": PASSWORD}
            )
        else:
            self.stdout.write(_("Đang tạo tỉnh mẫu…"))
            with acting_user(None):
                counts = build_demo(timezone.localdate())
            self.stdout.write(
                _(
                    "Đã tạo %(units)d đơn vị, %(plans)d kế hoạch, %(tasks)d nhiệm vụ, "
                    "%(updates)d báo cáo tiến độ, %(dossiers)d hồ sơ TTHC, %(responses)d phiếu "
                    "khảo sát."
                )
                % counts
            )
        self.stdout.write(_("Tài khoản mẫu (mật khẩu: %s):") % PASSWORD)
        for username, full_name, _position, _unit, role in LOGINS:
            self.stdout.write(f"  {username:<14} {role.label}  ({full_name})")
        if not no_serve:
            self.stdout.write(_("Mở http://%s/") % addr)
            # Background work (reading large documents) needs the worker beside the server.
            worker = subprocess.Popen(
                [sys.executable, "-m", "chiso.cli", "worker", "--no-reload", "-v", "0"]
            )
            # Stopping the demo (Ctrl-C or a TERM signal) stops the worker too.
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            try:
                call_command("runserver", addr, use_reloader=False)
            finally:
                worker.terminate()
                worker.wait(10)
