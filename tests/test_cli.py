"""The `chiso` console script: the demo, Django's commands, and one-line errors."""

import ast
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CHISO = str(Path(sys.executable).parent / "chiso")


def run(*args, data_dir: Path) -> subprocess.CompletedProcess:
    return run_env(*args, data_dir=data_dir)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    first = run("demo", "--no-serve", data_dir=data_dir)
    assert first.returncode == 0, first.stderr
    assert "Đã tạo" in first.stdout
    assert "vanphong.sxd" in first.stdout
    return data_dir


def test_demo_builds_once_into_the_data_dir(demo_dir):
    assert (demo_dir / "chiso.sqlite3").is_file()
    again = run("demo", "--no-serve", data_dir=demo_dir)
    assert again.returncode == 0, again.stderr
    assert "dùng lại" in again.stdout


def test_demo_is_deterministic(demo_dir, tmp_path):
    query = (
        "from chiso.plans.models import Task;"
        "print(list(Task.objects.order_by('pk').values_list('text', 'status', 'lead__code')[:40]))"
    )
    other = run("demo", "--no-serve", data_dir=tmp_path)
    assert other.returncode == 0, other.stderr
    first = run("shell", "-v", "0", "-c", query, data_dir=demo_dir).stdout
    second = run("shell", "-v", "0", "-c", query, data_dir=tmp_path).stdout
    assert first == second
    assert len(ast.literal_eval(first)) == 40


def test_hyphenated_commands_and_django_commands(demo_dir, tmp_path):
    out = tmp_path / "units.csv"
    exported = run("export-units", str(out), data_dir=demo_dir)
    assert exported.returncode == 0, exported.stderr
    assert "sxd-vp" in out.read_text(encoding="utf-8-sig")
    assert run("check", data_dir=demo_dir).returncode == 0
    assert "worker" in run("worker", "--help", data_dir=demo_dir).stdout.lower()


def test_a_bad_file_is_a_clear_error_and_exit_code(demo_dir, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,parent_code,kind\nx,Xã X,khong-co,xã\n", encoding="utf-8")
    result = run("import-units", str(bad), data_dir=demo_dir)
    assert result.returncode == 1
    assert "bad.csv" in result.stderr
    assert "dòng 2" in result.stderr
    assert "Traceback" not in result.stderr


def test_period_codes_on_the_command_line(demo_dir, tmp_path):
    year = datetime.date.today().year  # the demo's plans are of this year
    out = tmp_path / "bao-cao.docx"
    made = run(
        "report", "--unit", "sxd", "--period", f"{year}-m9", "--out", str(out), data_dir=demo_dir
    )
    assert made.returncode == 0, made.stderr
    assert f"9 tháng năm {year} ({year}-M9)" in made.stderr and out.stat().st_size > 0
    none = run(
        "report", "--unit", "sxd", "--period", f"{year}-Q3", "--out", str(out), data_dir=demo_dir
    )
    assert none.returncode == 1 and f"“{year}-Q3”" in none.stderr
    assert f"{year}-M9" in none.stderr.split("các kỳ:")[1]  # the periods there are
    bad = run("indicators", "--unit", "sxd", "--period", f"{year}-Y", data_dir=demo_dir)
    assert bad.returncode == 1 and "2025-M9 (9 tháng)" in bad.stderr
    assert "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    # the nine months of last year, summed from its months, as a code or as its window
    last = year - 1
    by_code, by_window = (
        run("indicators", "--unit", "sxd", "--period", period, "--json", data_dir=demo_dir)
        for period in (f"{last}-M9", f"{last}-01-01..{last}-09-30")
    )
    assert by_code.returncode == 0, by_code.stderr
    printed = json.loads(by_code.stdout)
    assert printed["period"] == f"{last}-M9" and printed["values"]
    assert json.loads(by_window.stdout) == printed
    assert all(0 <= v["numerator"] <= v["denominator"] for v in printed["values"])


def test_production_refuses_to_start_without_secret_key_or_hosts(tmp_path):
    env = {"DEBUG": "0"}
    result = run_env("check", data_dir=tmp_path, **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    result = run_env("check", data_dir=tmp_path, SECRET_KEY="x" * 50, **env)
    assert "ALLOWED_HOSTS must be set" in result.stderr
    result = run_env(
        "check", data_dir=tmp_path, SECRET_KEY="x" * 50, ALLOWED_HOSTS="chiso.example", **env
    )
    assert result.returncode == 0, result.stderr


def run_env(*args, data_dir: Path, **extra: str) -> subprocess.CompletedProcess:
    """The console script on a fresh SQLite database in data_dir, with extra variables."""
    env = {**os.environ, "CHISO_DATA_DIR": str(data_dir), **extra}
    env.pop("DATABASE_URL", None)
    return subprocess.run([CHISO, *args], env=env, capture_output=True, text=True, timeout=300)
