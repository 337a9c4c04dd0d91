"""Screenshots of the main pages on a laptop and a phone, written under var/screenshots/.

Builds the demo province in a scratch data folder, serves it on a free loopback port and
drives Debian's Chromium through Playwright. Run with `make screenshots`.
"""

import datetime
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "screenshots"
CHISO = str(Path(sys.executable).parent / "chiso")
DEVICES = {"laptop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
SAMPLE = ROOT.parent / "shared" / "corpus" / "so-xay-dung-2025-phu-luc-I.docx"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer at {url}")


def pages(base: str, ids: dict[str, int]) -> list[tuple[str, str]]:
    return [
        ("home", f"{base}/"),
        ("plan-list", f"{base}/plans/"),
        ("plan-province", f"{base}/plans/{ids['province_plan']}/"),
        ("plan-unit", f"{base}/plans/{ids['unit_plan']}/"),
        ("unit", f"{base}/units/{ids['unit']}/"),
        ("unit-list", f"{base}/units/"),
        ("frameworks", f"{base}/frameworks/{ids['framework']}/"),
        ("task-edit", f"{base}/plans/tasks/{ids['task']}/edit/"),
        ("progress-period", f"{base}/progress/plans/{ids['unit_plan']}/"),
        (
            "progress-form",
            f"{base}/progress/periods/{ids['period']}/tasks/{ids['task']}"
            f"/units/{ids['task_lead']}/",
        ),
        ("progress-review", f"{base}/progress/updates/{ids['submitted']}/"),
        ("notifications", f"{base}/progress/notifications/"),
        ("inbox", f"{base}/inbox/"),
        ("tasks-late", f"{base}/plans/tasks/?state=late"),
        ("indicators", f"{base}/indicators/units/{ids['unit']}/"),
        ("indicators-month", f"{base}/indicators/units/{ids['unit']}/?kind=month"),
        ("indicators-late", f"{base}/indicators/units/{ids['unit']}/late-without-apology/"),
        ("indicators-procedures", f"{base}/indicators/units/{ids['unit']}/procedures/"),
    ]


def survey_pages(base: str, ids: dict[str, int]) -> list[tuple[str, str]]:
    """The survey pages of this year's round (the demo's, open, with flagged forms); the
    imports of last year's, whose forms came in a file."""
    year = datetime.date.today().year
    round = f"{base}/surveys/rounds/sipas-{year}"
    return [
        ("surveys", f"{base}/surveys/"),
        ("survey-round", f"{round}/"),
        ("survey-results", f"{round}/results/"),
        ("survey-unit-results", f"{round}/results/{ids['unit']}/"),
        ("survey-responses", f"{round}/responses/"),
        ("survey-entry", f"{round}/entry/?unit={ids['unit']}"),
        ("survey-imports", f"{base}/surveys/rounds/sipas-{year - 1}/imports/"),
    ]


def scoring_pages(base: str, ids: dict[str, int]) -> list[tuple[str, str]]:
    """The scoring pages as the secretariat sees them: last year's national PAPI and the
    departments' own index (PAR-SO) ranked, a trend of each, last year's published window and
    an assessment in it, this year's open window."""
    year = datetime.date.today().year - 1
    results = f"{base}/scoring/results"
    return [
        ("scoring", f"{base}/scoring/"),
        ("scoring-ranking-papi", f"{results}/PAPI/{year}/national/"),
        ("scoring-ranking-par-so", f"{results}/PAR-SO/{year}/units/"),
        ("scoring-trend-papi", f"{base}/scoring/trend/PAPI/national/lang-son/"),
        ("scoring-trend-par-so", f"{base}/scoring/trend/PAR-SO/units/sxd/"),
        ("scoring-window-published", f"{base}/scoring/windows/{ids['window_published']}/"),
        ("scoring-assessment-published", f"{base}/scoring/assessments/{ids['published']}/"),
        ("scoring-window-open", f"{base}/scoring/windows/{ids['window_open']}/"),
        ("reports-period", f"{base}/reports/units/{ids['unit']}/periods/{ids['period']}/"),
        ("report-templates", f"{base}/reports/templates/"),
    ]


def shoot_survey_form(browser, base: str, device: str, viewport) -> None:
    """The public form of a unit as a citizen opens it from the poster: the first page and
    a screen of ratings."""
    context = browser.new_context(
        viewport=viewport, locale="vi-VN", is_mobile=device == "phone", has_touch=True
    )
    page = context.new_page()
    start = f"{base}/khao-sat/sipas-{datetime.date.today().year}/sxd/"
    page.goto(start)
    page.screenshot(path=OUT / f"survey-form-start-{device}.png", full_page=True)
    page.fill("#dossier_code", "H2026000123")
    page.click("button:has-text('Bắt đầu')")
    page.wait_for_url("**/1/")
    page.goto(f"{start}3/")  # the first screen of ratings (SIPAS.1)
    page.locator("label.option >> nth=3").click()
    page.screenshot(path=OUT / f"survey-form-step-{device}.png", full_page=True)
    context.close()


def demo_ids(env: dict) -> dict[str, int]:
    code = (
        "from chiso.plans.models import Plan, Task;"
        "from chiso.org.models import OrgUnit;"
        "from chiso.frameworks.models import Framework;"
        "p = Plan.objects.get(issuer__code='tinh');"
        "u = Plan.objects.get(issuer__code='sxd');"
        "from chiso.tracking.models import ProgressUpdate;"
        "from chiso.tracking.schedule import ensure_periods, current_period;"
        "from chiso.tracking.reminders import remind;"
        "from django.utils import timezone;"
        "remind(timezone.localdate());"
        "t = u.tasks.filter(lead__code='sxd-vp').first();"
        "per = current_period(ensure_periods(u), timezone.localdate());"
        "s = ProgressUpdate.objects.filter(state='submitted', unit__path__startswith="
        "OrgUnit.objects.get(code='sxd').path).first();"
        "from chiso.scoring.models import Assessment;"
        "a = Assessment.objects.filter(unit__code='sxd')"
        ".order_by('window__scheme__framework__year');"
        "print(p.pk, u.pk, OrgUnit.objects.get(code='sxd').pk,"
        " Framework.objects.filter(code='PAR').order_by('-year').first().pk,"
        " t.pk, per.pk, t.lead_id, s.pk,"
        " a.first().pk, a.first().window_id, a.last().pk, a.last().window_id)"
    )
    out = (
        subprocess.run(
            [CHISO, "shell", "-v", "0", "-c", code],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
        .split()
    )  # the last line: after any mail
    keys = [
        "province_plan",
        "unit_plan",
        "unit",
        "framework",
        "task",
        "period",
        "task_lead",
        "submitted",
        "published",  # the department's assessment of last year, in the published window
        "window_published",
        "draft",  # of this year, begun by the department's officer
        "window_open",
    ]
    return dict(zip(keys, map(int, out), strict=True))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "CHISO_DATA_DIR": data, "DEBUG": "1"}
        env.pop("DATABASE_URL", None)
        subprocess.run(
            [CHISO, "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        ids = demo_ids(env)
        port = free_port()
        server = subprocess.Popen(
            [CHISO, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/login/")
            shoot(base, ids)
        finally:
            server.terminate()
            server.wait(10)


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "chiso-demo")
    page.click("text=Đăng nhập >> nth=-1")
    page.wait_for_url(f"{base}/")


def shoot_import(page, base: str, device: str) -> None:
    """The upload page, then the review page of a corpus plan (when the corpus is there)."""
    page.goto(f"{base}/imports/")
    page.screenshot(path=OUT / f"import-upload-{device}.png", full_page=True)
    if not SAMPLE.is_file():
        print(f"no {SAMPLE}: review page not shot")
        return
    page.set_input_files("#id_file", str(SAMPLE))
    page.click("text=Tải lên và đọc")
    page.wait_for_url("**/review/")
    page.screenshot(path=OUT / f"import-review-{device}.png", full_page=False)


def shoot_public(browser, base: str, ids: dict[str, int], device: str, viewport) -> None:
    """The citizens' pages, as someone who is not logged in sees them."""
    context = browser.new_context(viewport=viewport, locale="vi-VN", device_scale_factor=1)
    page = context.new_page()
    for name, url in (
        ("public-index", f"{base}/public/"),
        ("public-plan", f"{base}/public/plans/{ids['province_plan']}/"),
        ("public-rankings", f"{base}/public/xep-hang/"),
        ("public-window", f"{base}/public/xep-hang/{ids['window_published']}/"),
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=OUT / f"{name}-{device}.png", full_page=True)
    context.close()


def shoot(base: str, ids: dict[str, int]) -> None:
    chromium = os.environ.get("CHISO_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        for device, viewport in DEVICES.items():
            shoot_public(browser, base, ids, device, viewport)
            if device == "phone":
                shoot_survey_form(browser, base, device, viewport)
            context = browser.new_context(viewport=viewport, locale="vi-VN", device_scale_factor=1)
            page = context.new_page()
            page.goto(f"{base}/login/")
            page.screenshot(path=OUT / f"login-{device}.png", full_page=True)
            log_in(page, base, "giamdoc.sxd")
            for name, url in pages(base, ids):
                page.goto(url)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=OUT / f"{name}-{device}.png", full_page=True)
            shoot_import(page, base, device)
            page.goto(f"{base}/progress/plans/{ids['unit_plan']}/")
            page.click("button:has-text('Word')")
            page.wait_for_url("**/reports/*/")
            page.screenshot(path=OUT / f"report-status-{device}.png", full_page=True)
            context.close()
            coordinator = browser.new_context(viewport=viewport, locale="vi-VN")
            page = coordinator.new_page()
            log_in(page, base, "noivu")
            page.goto(f"{base}/progress/dashboard/")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=OUT / f"dashboard-province-{device}.png", full_page=True)
            page.goto(f"{base}/indicators/imports/")
            page.screenshot(path=OUT / f"indicator-imports-{device}.png", full_page=True)
            page.click(".recent-imports a >> nth=0")
            page.wait_for_url("**/indicators/imports/*/")
            page.screenshot(path=OUT / f"indicator-import-{device}.png", full_page=True)
            for name, url in survey_pages(base, ids) + scoring_pages(base, ids):
                page.goto(url)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=OUT / f"{name}-{device}.png", full_page=True)
            coordinator.close()
            officer = browser.new_context(viewport=viewport, locale="vi-VN")
            page = officer.new_page()
            log_in(page, base, "vanphong.sxd")
            for name, url in [
                ("home-officer", f"{base}/"),
                ("inbox-officer", f"{base}/inbox/"),
                ("period-officer", f"{base}/progress/periods/{ids['period']}/"),
                ("scoring-officer", f"{base}/scoring/"),
                ("scoring-window-officer", f"{base}/scoring/windows/{ids['window_open']}/"),
                ("scoring-assessment-draft", f"{base}/scoring/assessments/{ids['draft']}/"),
                (
                    "reports-period-officer",
                    f"{base}/reports/units/{ids['unit']}/periods/{ids['period']}/",
                ),
            ]:
                page.goto(url)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=OUT / f"{name}-{device}.png", full_page=True)
            officer.close()
        browser.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
