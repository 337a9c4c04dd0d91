"""The benchmark's file of survey responses and its reference: both read a generated file as
`import_responses` does (no timing here)."""

from bench.surveys_import import reference, write_responses
from chiso.surveys.response_import import import_responses

from .conftest import CODES


def test_the_reference_agrees_with_the_import_on_a_generated_file(org, sipas_round, tmp_path):
    units = [(u.name, u.code) for u in (org.dept_a, org.dept_b, org.snv, org.commune)]
    path = tmp_path / "phieu.csv"
    written = write_responses(path, 20_000, units, CODES)
    rows, accepted, rejected = reference(path, written, CODES)
    assert rows == 20_000 and 0 < rejected < 200  # every kind of bad row, a few of each
    result = import_responses(path, sipas_round, skip_invalid=True)
    assert (result.rows, result.accepted, result.rejected) == (rows, accepted, rejected)
    faults = {e.column for e in result.errors}
    assert {"Đơn vị", "Ngày khảo sát", "Mã hồ sơ"} <= faults and faults - {"Đơn vị"}
