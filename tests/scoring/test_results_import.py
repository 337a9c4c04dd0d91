"""Official results: a published table stored whole or refused whole, totals by each index's
rule, ranks and groups by the one rule, the printed ranks compared; the two commands."""

import csv
import datetime
import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from chiso.frameworks.loading import load_builtin_frameworks
from chiso.org.models import PeerGroup
from chiso.scoring.models import ResultEntry, ResultScope, ResultSet
from chiso.scoring.provinces import provinces
from chiso.scoring.rankings import NoResults, ranking
from chiso.scoring.results_file import ResultsRefused
from chiso.scoring.results_import import import_results

from ..test_cli import run_env

PAPI = [f"PAPI.{i}" for i in range(1, 9)]


@pytest.fixture
def frameworks(db):
    load_builtin_frameworks([2024, 2025])


def write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def papi_rows(count: int = 63) -> list[list]:
    """A national PAPI table of 2024: every province, its dimensions adding up to a total
    that falls by 0.1 a line, province names written in the forms tables use."""
    rows = [["STT", "Tỉnh, thành phố", *PAPI, "Xếp hạng"]]
    for i, province in enumerate(provinces(2024)[:count]):
        name = province.display_name if i % 3 == 0 else province.name.upper()
        points = [D("6") - D(i) / 80] + [D(5)] * 7  # totals 41, 40.9875, …
        rows.append([i + 1, name, *(f"{p:f}".replace(".", ",") for p in points), i + 1])
    return rows


def test_a_national_table_totals_ranks_and_groups(frameworks, tmp_path):
    rows = papi_rows()
    rows[5][-1] = "4"  # the table prints a rank chiso does not give
    found = import_results(write_csv(tmp_path / "papi.csv", rows), "PAPI", 2024)
    assert found.entries == 63
    assert [(d.line, d.published, d.ours) for d in found.disagreements] == [(6, 4, 5)]
    ranked = ranking("PAPI", 2024)
    assert [e.rank for e in ranked[:3]] == [1, 2, 3]
    assert ranked[0].score == D(41) and ranked[0].name == provinces(2024)[0].name
    groups = [e.group for e in ranked]
    assert groups[0] == "Cao nhất" and groups[-1] == "Thấp nhất"
    # 63 distinct totals: Q3 falls between the 16th and 17th best, Q2 on the 32nd, Q1 between
    # the 47th and 48th; the 32nd is "Trung bình thấp" (up to Q2 included).
    assert [groups.count(g) for g in dict.fromkeys(groups)] == [16, 15, 16, 16]


def test_a_line_missing_a_component_has_no_total_and_no_rank(frameworks, tmp_path):
    rows = papi_rows(4)
    rows[2][3] = ""  # PAPI.2 of the second province
    import_results(write_csv(tmp_path / "papi.csv", rows), "PAPI", 2024)
    ranked = ranking("PAPI", 2024)
    assert [(e.rank, e.score is None) for e in ranked] == [
        (1, False),
        (2, False),
        (3, False),
        (None, True),
    ]


def test_ties_share_a_rank_and_the_next_skips(frameworks, tmp_path):
    rows = [
        ["Tỉnh, thành phố", "Tổng"],
        ["Lạng Sơn", "43,847"],
        ["Cao Bằng", "44.1"],
        ["Hà Giang", "43.847"],
        ["Bắc Kạn", "40"],
    ]
    import_results(write_csv(tmp_path / "par.csv", rows), "PAPI", 2024)
    assert [(e.name, e.rank) for e in ranking("PAPI", 2024)] == [
        ("Cao Bằng", 1),
        ("Lạng Sơn", 2),  # ties in the table's order
        ("Hà Giang", 2),
        ("Bắc Kạn", 4),
    ]


def test_par_groups_by_percent_of_the_maximum(frameworks, tmp_path):
    rows = [
        ["Tỉnh, thành phố", "Tổng"],
        ["Lạng Sơn", "90"],
        ["Cao Bằng", "89,99"],
        ["Hà Giang", "80"],
        ["Bắc Kạn", "79.5"],
    ]
    import_results(write_csv(tmp_path / "par.csv", rows), "PAR", 2024)
    assert [e.group for e in ranking("PAR", 2024)] == ["A", "B", "B", None]


@pytest.mark.parametrize(
    ("index", "header", "values", "total"),
    [
        ("SIPAS", [f"SIPAS.{i}" for i in range(1, 6)], ["80", "82", "84", "86", "88"], D(84)),
        # PCI: each sub-index 0–10 weighs its weight (the framework's maximum points) ÷ 10
        ("PCI", [f"PCI.{i}" for i in range(1, 11)], ["5"] * 10, D(50)),
    ],
)
def test_a_missing_total_follows_the_index_rule(frameworks, tmp_path, index, header, values, total):
    rows = [["Tỉnh, thành phố", *header], ["Lạng Sơn", *values]]
    import_results(write_csv(tmp_path / "t.csv", rows), index, 2024)
    assert ranking(index, 2024)[0].score == total


def test_a_year_without_a_framework_takes_totals(db, tmp_path):
    rows = [["Tỉnh, thành phố", "Tổng", "Xếp hạng"], ["Lạng Sơn", "43,847", "13"]]
    import_results(write_csv(tmp_path / "papi.csv", rows), "PAPI", 2022)
    entry = ResultEntry.objects.get()
    assert (entry.province, entry.total, entry.published_rank) == ("lang-son", D("43.847"), 13)


def test_unknown_and_repeated_provinces_refuse_the_file_naming_each_line(frameworks, tmp_path):
    unknown, again = ["4", "Tỉnh Không Có", *["5"] * 8, "4"], ["5", "lạng sơn", *["5"] * 8, "5"]
    rows = [*papi_rows(3), unknown, again]
    rows[1][1] = "Lạng Sơn"
    with pytest.raises(ResultsRefused) as caught:
        import_results(write_csv(tmp_path / "papi.csv", rows), "PAPI", 2024)
    found = [(e.line, e.column, e.value) for e in caught.value.errors]
    assert found == [(5, "Tỉnh, thành phố", "Tỉnh Không Có"), (6, "Tỉnh, thành phố", "lạng sơn")]
    assert "dòng 2" in caught.value.errors[1].expected
    assert not ResultSet.objects.exists()


def test_a_province_of_another_year_is_not_one_of_this_year(frameworks, tmp_path):
    rows = [["Tỉnh, thành phố", "Tổng"], ["Hà Giang", "40"]]  # merged into Tuyên Quang in 2025
    import_results(write_csv(tmp_path / "a.csv", rows), "PAPI", 2024)
    with pytest.raises(ResultsRefused):
        import_results(write_csv(tmp_path / "b.csv", rows), "PAPI", 2026)


def test_a_new_import_replaces_the_last(frameworks, tmp_path):
    import_results(write_csv(tmp_path / "a.csv", papi_rows(5)), "PAPI", 2024)
    import_results(write_csv(tmp_path / "b.csv", papi_rows(3)), "PAPI", 2024)
    assert ResultSet.objects.get().source_name == "b.csv"
    assert ResultEntry.objects.count() == 3


def test_units_ranked_within_their_block(org, tmp_path):
    block = PeerGroup.objects.create(code="khoi-so", name="Khối sở")
    for unit in (org.dept_a, org.dept_b, org.snv):
        unit.peer_group = block
        unit.save()
    rows = [
        ["Đơn vị", "Tổng"],
        ["SXD", "85"],
        ["Sở Tư pháp", "91"],
        ["so noi vu", "85"],
        ["UBND xã An Bình", "95"],
    ]
    import_results(write_csv(tmp_path / "u.csv", rows), "PAR", 2025, ResultScope.UNITS)
    everyone = [(e.name, e.rank) for e in ranking("PAR", 2025, ResultScope.UNITS)]
    assert everyone == [("x-an", 1), ("stp", 2), ("sxd", 3), ("snv", 3)]
    in_block = [(e.name, e.rank) for e in ranking("PAR", 2025, ResultScope.UNITS, "khoi-so")]
    assert in_block == [("stp", 1), ("sxd", 2), ("snv", 2)]


def test_no_results_yet(db):
    with pytest.raises(NoResults, match="PAPI"):
        ranking("PAPI", 2030)


def test_the_commands_import_and_print_the_ranking(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for args in (["migrate", "-v", "0"], ["load-frameworks"]):
        done = run_env(*args, data_dir=data_dir)
        assert done.returncode == 0, done.stderr
    path = write_csv(tmp_path / "papi.csv", papi_rows(10))
    done = run_env(
        "import-results",
        str(path),
        "--index",
        "papi",
        "--year",
        "2024",
        "--json",
        data_dir=data_dir,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["entries"] == 10
    done = run_env("rankings", "--index", "PAPI", "--year", "2024", "--json", data_dir=data_dir)
    printed = json.loads(done.stdout)
    assert (printed["index"], printed["year"]) == ("PAPI", 2024)
    first = printed["entries"][0]
    assert first == {"unit": provinces(2024)[0].name, "score": 41.0, "rank": 1, "group": "Cao nhất"}
    bad = write_csv(tmp_path / "bad.csv", [["Tỉnh, thành phố", "Tổng"], ["Nơi Nào", "4"]])
    done = run_env(
        "import-results", str(bad), "--index", "PAPI", "--year", "2024", data_dir=data_dir
    )
    assert done.returncode == 1
    assert "Dòng 2, cột “Tỉnh, thành phố”: “Nơi Nào”" in done.stderr


def test_a_unit_that_did_not_exist_that_year_is_not_ranked_in_it(org, tmp_path):
    org.commune.valid_until = datetime.date(2025, 6, 30)  # merged away in 2025
    org.commune.save()
    rows = [["Đơn vị", "Tổng"], ["Sở Xây dựng", "85"], ["UBND xã An Bình", "95"]]
    import_results(write_csv(tmp_path / "a.csv", rows), "PAR", 2025, ResultScope.UNITS)
    with pytest.raises(ResultsRefused) as caught:
        import_results(write_csv(tmp_path / "b.csv", rows), "PAR", 2026, ResultScope.UNITS)
    assert [(e.line, e.value) for e in caught.value.errors] == [(3, "UBND xã An Bình")]
