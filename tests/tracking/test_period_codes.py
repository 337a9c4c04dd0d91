"""A plan's reporting periods carry the code of their data window, standard or imported,
and the migration gives the periods stored before the same codes."""

import datetime
import importlib

import pytest
from django.apps import apps

from chiso.tracking.models import ReportingPeriod
from chiso.tracking.schedule import ensure_periods

D = datetime.date
pytestmark = pytest.mark.django_db


def test_standard_periods_take_their_codes_from_their_windows(plans):
    periods = ensure_periods(plans.a)
    assert [(p.code, p.data_from, p.data_to) for p in periods] == [
        ("2025-Q1", D(2025, 1, 1), D(2025, 3, 31)),
        ("2025-H1", D(2025, 1, 1), D(2025, 6, 30)),
        ("2025-M9", D(2025, 1, 1), D(2025, 9, 30)),
        ("2025", D(2025, 1, 1), D(2025, 12, 31)),
    ]


def test_imported_periods_take_the_code_of_their_window(plans):
    plans.a.report_schedule = [
        {"period": "quarter", "label": "Báo cáo quý III", "from": "2025-07-01", "to": "2025-09-30"},
        {"period": "quarter", "label": "Báo cáo 9 tháng", "from": "2025-01-01", "to": "2025-09-30"},
        {"period": "year", "label": "", "from": "2024-12-15", "to": "2025-11-14"},
        {
            "period": "half_year",
            "label": "Báo cáo 6 tháng",
            "from": "2025-01-01",
            "to": "2025-06-30",
        },
        # the same window again (another due date): kept once, as first written
        {"period": "ad_hoc", "label": "Lần nữa", "from": "2025-01-01", "to": "2025-06-30"},
        {"period": "month", "label": "Không ngày"},
    ]
    plans.a.save()
    periods = {p.code: p for p in ensure_periods(plans.a)}
    assert set(periods) == {"2025-Q3", "2025-M9", "2024-12-15..2025-11-14", "2025-H1"}
    assert periods["2025-H1"].label == "Báo cáo 6 tháng"
    assert periods["2024-12-15..2025-11-14"].label == "Từ 15/12/2024 đến 14/11/2025"
    assert periods["2024-12-15..2025-11-14"].due == D(2025, 11, 16)


def test_the_migration_rewrites_stored_codes_from_their_windows(plans):
    def stored(plan, code, start, end, due):
        return ReportingPeriod.objects.create(
            plan=plan, kind="quarter", code=code, label=code, data_from=start, data_to=end, due=due
        )

    old = [
        stored(plans.a, "2025-Q1", D(2025, 1, 1), D(2025, 3, 31), D(2025, 4, 2)),
        stored(plans.a, "2025-Q3", D(2025, 1, 1), D(2025, 9, 30), D(2025, 10, 2)),
        stored(plans.a, "2025-Y", D(2025, 1, 1), D(2025, 12, 31), D(2026, 1, 2)),
        stored(plans.b, "2025-06-30-half_year", D(2025, 1, 1), D(2025, 6, 30), D(2025, 7, 2)),
        stored(plans.b, "2025-06-30-ad_hoc", D(2025, 1, 1), D(2025, 6, 30), D(2025, 7, 9)),
        stored(plans.b, "2025-09-30-quarter", D(2025, 7, 1), D(2025, 9, 30), D(2025, 10, 2)),
        # the old nine-month code, in a plan whose July–September quarter takes `2025-Q3`
        stored(plans.province, "2025-Q3", D(2025, 1, 1), D(2025, 9, 30), D(2025, 10, 2)),
        stored(plans.province, "2025-09-30-quarter", D(2025, 7, 1), D(2025, 9, 30), D(2025, 9, 1)),
    ]
    migration = importlib.import_module(
        "chiso.tracking.migrations.0003_period_codes_from_data_windows"
    )
    migration.codes_from_windows(apps, None)
    assert [ReportingPeriod.objects.get(pk=p.pk).code for p in old] == [
        "2025-Q1",
        "2025-M9",
        "2025",
        "2025-H1",
        "2025-06-30-ad_hoc",  # the same window as the one due first: keeps its code
        "2025-Q3",
        "2025-M9",
        "2025-Q3",
    ]
