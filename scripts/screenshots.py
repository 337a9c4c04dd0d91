"""Screenshots of the main pages on a laptop and a phone, written under var/screenshots/.

Builds the demo province in a scratch data folder, serves it on a free loopback port and
drives Debian's Chromium through Playwright. Run with `make screenshots`.
"""

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
    ]


def demo_ids(env: dict) -> dict[str, int]:
    code = (
        "from chiso.plans.models import Plan, Task;"
        "from chiso.org.models import OrgUnit;"
        "from chiso.frameworks.models import Framework;"
        "p = Plan.objects.get(issuer__code='tinh');"
        "u = Plan.objects.get(issuer__code='sxd');"
        "print(p.pk, u.pk, OrgUnit.objects.get(code='sxd').pk,"
        " Framework.objects.filter(code='PAR').order_by('-year').first().pk,"
        " u.tasks.filter(lead__code='sxd-vp').first().pk)"
    )
    out = subprocess.run(
        [CHISO, "shell", "-v", "0", "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    keys = ["province_plan", "unit_plan", "unit", "framework", "task"]
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


def shoot(base: str, ids: dict[str, int]) -> None:
    chromium = os.environ.get("CHISO_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        for device, viewport in DEVICES.items():
            context = browser.new_context(viewport=viewport, locale="vi-VN", device_scale_factor=1)
            page = context.new_page()
            page.goto(f"{base}/login/")
            page.screenshot(path=OUT / f"login-{device}.png", full_page=True)
            page.fill("#id_username", "giamdoc.sxd")
            page.fill("#id_password", "chiso-demo")
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/")
            for name, url in pages(base, ids):
                page.goto(url)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=OUT / f"{name}-{device}.png", full_page=True)
            shoot_import(page, base, device)
            context.close()
        browser.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
