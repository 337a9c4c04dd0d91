"""Plan targets on PAR INDEX and PAPI read against the published results through the one
target reading: the province's among the provinces, a department's in the province's own
index within its block; ranks, ranks gained, scores."""

import datetime
from decimal import Decimal

import pytest

from chiso.org.models import PeerGroup
from chiso.plans.models import Target
from chiso.plans.targets import TargetStatus, parse_targets
from chiso.scoring.models import ResultScope
from chiso.scoring.results_import import import_results
from chiso.tracking.target_status import assess_targets

from .test_results_import import write_csv

YEAR = 2025


def target(plan, text: str) -> Target:
    plan.year = YEAR
    plan.save()
    parsed = parse_targets(text, year=YEAR)[0]
    found = Target.from_parsed(parsed, plan, text=text)
    found.save()
    return found


@pytest.fixture
def national(org, tmp_path):
    org.province.name = "UBND tỉnh Lạng Sơn"
    org.province.save()
    for year, totals in ((2024, ["44", "45", "43.5"]), (2025, ["45.2", "44.9", "42"])):
        rows = [
            ["Tỉnh, thành phố", "Tổng"],
            ["Cao Bằng", totals[1]],
            ["Lạng Sơn", totals[0]],
            ["Bắc Ninh", totals[2]],
        ]
        import_results(write_csv(tmp_path / f"papi-{year}.csv", rows), "PAPI", year)


def test_the_provinces_rank_targets_read_the_national_ranking(org, plans, national):
    top = target(plans.province, "Chỉ số PAPI nằm trong nhóm 01 tỉnh dẫn đầu")
    rise = target(plans.province, "Chỉ số PAPI tăng 01 bậc")
    found = assess_targets([top, rise], datetime.date(YEAR + 1, 3, 1))
    assert [(a.actual, a.status) for a in found] == [
        (Decimal(1), TargetStatus.MET),  # 45.2: first of three in 2025
        (Decimal(1), TargetStatus.MET),  # second in 2024, first in 2025
    ]
    assert found[0].source.label == "kết quả PAPI 2025 công bố"


def test_a_percent_target_reads_the_provinces_total(org, plans, national, tmp_path):
    rows = [["Tỉnh, thành phố", "Tổng"], ["Lạng Sơn", "84,37"], ["Cao Bằng", "86"]]
    import_results(write_csv(tmp_path / "par.csv", rows), "PAR", YEAR)
    share = target(plans.province, "Chỉ số CCHC (PAR INDEX) đạt từ 85% trở lên")
    (found,) = assess_targets([share], datetime.date(YEAR + 1, 3, 1))
    assert (found.actual, found.status) == (Decimal("84.37"), TargetStatus.MISSED)


def test_a_department_reads_its_rank_in_its_block_of_the_provinces_own_index(org, plans, tmp_path):
    block = PeerGroup.objects.create(code="khoi-so", name="Khối sở")
    for unit in (org.dept_a, org.dept_b):
        unit.peer_group = block
        unit.save()
    rows = [
        ["Đơn vị", "Tổng"],
        ["Sở Xây dựng", "88"],
        ["Sở Tư pháp", "91"],
        ["UBND xã An Bình", "95"],
    ]
    import_results(write_csv(tmp_path / "par-so.csv", rows), "PAR-SO", YEAR, ResultScope.UNITS)
    rank = target(plans.a, "Chỉ số CCHC (PAR INDEX) xếp thứ 01/20")
    share = target(plans.a, "Chỉ số CCHC (PAR INDEX) đạt từ 85% trở lên")
    found = assess_targets([rank, share], datetime.date(YEAR + 1, 3, 1))
    assert [(a.actual, a.status) for a in found] == [
        (Decimal(2), TargetStatus.MISSED),  # second in its block (the commune is not in it)
        (Decimal(88), TargetStatus.MET),
    ]


def test_without_results_the_target_stays_without_data(org, plans):
    (found,) = assess_targets(
        [target(plans.province, "Chỉ số PAPI tăng 01 bậc")], datetime.date(YEAR + 1, 3, 1)
    )
    assert found.status == TargetStatus.NO_DATA
