"""The data migrations to one Job model: every plan-document import, dossier import and report
file made before it gets a job with its state, stage, message and times, and reads the same
status afterwards; going back restores the old columns."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from chiso.docimport.models import ImportJob
from chiso.jobs.models import Job
from chiso.metrics.models import DataImport
from chiso.reporting.models import ReportFile
from chiso.tracking.schedule import ensure_periods

from ..factories import PlanFactory

# Migrations run outside a test transaction, as `chiso migrate` does.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("docimport", "0001_initial"),
    ("metrics", "0004_indicator_values_one_index_no_db_constraint"),
    ("reporting", "0001_initial"),
]
STATUSES = ["queued", "reading", "review", "confirmed", "failed"]  # of a plan-document import
UPLOADED = datetime.datetime(2025, 3, 1, 8, 0, tzinfo=datetime.UTC)
CHANGED = datetime.datetime(2025, 3, 1, 8, 5, tzinfo=datetime.UTC)


def migrate(targets=None):
    """Migrate to `targets` (the latest migrations when None); the models of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def old(org):
    """The models before the Job model; the database goes back to the latest afterwards."""
    try:
        yield migrate(BEFORE)
    finally:
        migrate()


def test_old_rows_get_their_jobs(old, org):
    plan = PlanFactory(issuer=org.dept_a)
    period = ensure_periods(plan)[0]

    OldImport = old.get_model("docimport", "ImportJob")
    for status in STATUSES:
        OldImport.objects.create(
            filename=f"{status}.docx",
            status=status,
            progress="Đang đối chiếu đơn vị…" if status == "reading" else "",
            error="Tệp failed.docx không đọc được." if status == "failed" else "",
            plan_id=plan.pk if status == "confirmed" else None,
        )
    OldImport.objects.update(created_at=UPLOADED, updated_at=CHANGED)
    OldDataImport = old.get_model("metrics", "DataImport")
    OldDataImport.objects.create(
        kind="dossiers", name="dang-chay.csv", status="running", stage="Kiểm tra", done=0.4
    )
    OldDataImport.objects.create(
        kind="dossiers", name="hong.csv", status="failed", message="Tệp hong.csv trống."
    )
    OldDataImport.objects.update(created_at=UPLOADED)
    OldDataImport.objects.filter(status="failed").update(finished_at=CHANGED)
    OldReport = old.get_model("reporting", "ReportFile")
    for status in ("done", "failed"):
        OldReport.objects.create(
            unit_id=org.dept_a.pk,
            period_id=period.pk,
            format="docx",
            status=status,
            error="RuntimeError('disk full')" if status == "failed" else "",
            finished_at=CHANGED,
        )

    migrate()

    imports = {row.filename: row for row in ImportJob.objects.select_related("job")}
    for status in STATUSES:
        assert imports[f"{status}.docx"].status == status
        assert imports[f"{status}.docx"].job.created_at == UPLOADED
    assert imports["reading.docx"].job.stage == "Đang đối chiếu đơn vị…"
    assert imports["reading.docx"].job.started_at == UPLOADED
    assert imports["queued.docx"].job.started_at is None
    failed = imports["failed.docx"].job
    assert (failed.message, failed.finished_at) == ("Tệp failed.docx không đọc được.", CHANGED)
    assert imports["review.docx"].job.done == 1.0

    dossiers = {row.name: row.job for row in DataImport.objects.select_related("job")}
    running = dossiers["dang-chay.csv"]
    assert (running.kind, running.state, running.stage, running.percent) == (
        "dossier_import",
        "running",
        "Kiểm tra",
        40,
    )
    assert (dossiers["hong.csv"].state, dossiers["hong.csv"].message) == (
        "failed",
        "Tệp hong.csv trống.",
    )
    assert dossiers["hong.csv"].finished_at == CHANGED

    reports = {r.job.state: r.job for r in ReportFile.objects.select_related("job")}
    assert reports["done"].finished_at == CHANGED and reports["done"].message == ""
    assert reports["failed"].message == (
        "Không tạo được báo cáo bao-cao-sxd-2025-Q1.docx do lỗi của hệ thống; "
        "hãy báo quản trị hệ thống."
    )

    back = migrate(BEFORE)
    statuses = back.get_model("docimport", "ImportJob").objects.values_list("filename", "status")
    assert sorted(statuses) == sorted((f"{s}.docx", s) for s in STATUSES)
    old_dossier = back.get_model("metrics", "DataImport").objects.get(name="dang-chay.csv")
    assert (old_dossier.status, old_dossier.stage, old_dossier.done) == ("running", "Kiểm tra", 0.4)
    assert not Job.objects.exists()
