"""`chiso demo` publishes its logins' password: it refuses to add them to a database with
other users, or to run with DEBUG off, unless forced."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from chiso.accounts.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db
CHISO = str(Path(sys.executable).parent / "chiso")


@pytest.fixture
def built(monkeypatch):
    """Stands in for the demo's build: records that it was asked for."""
    calls = []

    def build(today):
        calls.append(today)
        return {
            "units": 0,
            "plans": 0,
            "tasks": 0,
            "users": 0,
            "updates": 0,
            "dossiers": 0,
            "responses": 0,
        }

    monkeypatch.setattr("chiso.demo.management.commands.demo.build_demo", build)
    return calls


def test_with_debug_off_the_demo_refuses(settings, built):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG đang tắt: chiso demo không chạy"):
        call_command("demo", no_serve=True)
    assert built == []


def test_with_other_users_the_demo_refuses_to_add_its_logins(settings, built):
    settings.DEBUG = True
    UserFactory(username="nguyen.van.a")
    UserFactory(username="admin", email="admin@so.gov.vn")  # not the demo's admin
    with pytest.raises(CommandError) as refused:
        call_command("demo", no_serve=True)
    assert str(refused.value).startswith("Cơ sở dữ liệu đã có 2 người dùng khác")
    assert "chiso-demo" in str(refused.value)
    assert built == []
    assert User.objects.count() == 2


def test_force_overrides_both(settings, built, capsys):
    settings.DEBUG = False
    UserFactory(username="nguyen.van.a")
    call_command("demo", no_serve=True, force=True)
    assert len(built) == 1
    assert "vanphong.sxd" in capsys.readouterr().out


def test_an_empty_database_gets_the_demo(settings, built):
    settings.DEBUG = True
    call_command("demo", no_serve=True)
    assert len(built) == 1


def test_the_refusal_is_one_line_from_the_console_script(tmp_path):
    env = {
        **os.environ,
        "CHISO_DATA_DIR": str(tmp_path),
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "chiso.example",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [CHISO, "demo", "--no-serve"], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "DEBUG đang tắt" in result.stderr
    assert "Traceback" not in result.stderr
