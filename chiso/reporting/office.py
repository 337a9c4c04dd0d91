"""Word to PDF through LibreOffice (`soffice --headless`), as a clerk's office would print it,
and the text of a PDF (`pdftotext -layout`) for tests and checks.

Each conversion runs in a fresh user profile of its own (LibreOffice refuses a second
instance on a profile in use, and a profile left half-written by a killed run breaks the
next), in a process group of its own that is killed whole on timeout.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

STDERR_TAIL = 2000


class OfficeUnavailable(RuntimeError):
    """LibreOffice (or poppler's pdftotext) is not installed."""


class OfficeFailed(RuntimeError):
    """The conversion ran and failed: timed out, or wrote no file."""


def to_pdf(docx: bytes, timeout: float = 120) -> bytes:
    """The PDF LibreOffice prints the Word file `docx` as."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise OfficeUnavailable(
            _("Cần LibreOffice để tạo bản PDF: chưa cài gói libreoffice-writer-nogui.")
        )
    with tempfile.TemporaryDirectory(prefix="chiso-office-") as folder:
        work = Path(folder)
        source = work / "report.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        _stdout, stderr = _run(command, timeout, cwd=work)
        result = work / "out" / "report.pdf"
        if not result.is_file() or result.stat().st_size == 0:
            raise OfficeFailed(
                _("LibreOffice không tạo được tệp PDF: %s") % (_tail(stderr) or _("không rõ lỗi"))
            )
        return result.read_bytes()


def pdf_text(pdf: bytes, timeout: float = 60) -> str:
    """The PDF's text laid out as on the page (`pdftotext -layout`): one line per line."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        raise OfficeUnavailable(_("Cần pdftotext (gói poppler-utils) để đọc chữ trong tệp PDF."))
    with tempfile.TemporaryDirectory(prefix="chiso-pdftext-") as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        stdout, _stderr = _run(
            [pdftotext, "-layout", "-enc", "UTF-8", str(source), "-"], timeout, cwd=Path(folder)
        )
    return stdout.decode("utf-8", errors="replace")


def _run(command: list[str], timeout: float, cwd: Path) -> tuple[bytes, bytes]:
    """Run `command` in a process group of its own; on timeout kill the whole group (soffice
    starts a child that outlives its parent otherwise)."""
    env = {**os.environ, "HOME": str(cwd), "SAL_USE_VCLPLUGIN": "svp"}
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a new session: its own process group, led by the child
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        raise OfficeFailed(
            _("%(program)s chạy quá %(seconds)s giây và đã bị dừng.")
            % {"program": Path(command[0]).name, "seconds": f"{timeout:g}"}
        ) from None
    except BaseException:
        _kill_group(process)
        process.communicate()
        raise
    if process.returncode != 0:
        raise OfficeFailed(
            _("%(program)s dừng với mã lỗi %(code)s: %(error)s")
            % {
                "program": Path(command[0]).name,
                "code": process.returncode,
                "error": _tail(stderr) or _("không rõ lỗi"),
            }
        )
    return stdout, stderr


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group ended already
        os.killpg(process.pid, signal.SIGKILL)


def _tail(stderr: bytes) -> str:
    return stderr.decode("utf-8", errors="replace").strip()[-STDERR_TAIL:]
