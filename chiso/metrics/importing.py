"""Import a dossier or feedback export: read, check, store as Parquet, compute the indicators.

One import is all or nothing: by default a file with any bad row stores nothing and lists
every bad row; with `skip_invalid` the good rows are imported and the bad ones listed. The
list (row, column, value, what was expected) is written beside the input file. New values
refresh the plans whose targets read an indicator, in the same transaction.
"""

import csv
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from django.db import transaction
from django.utils.translation import gettext as _

from chiso.jobs.running import Progress
from chiso.lib.periods import parse_period
from chiso.org.succession import stretches
from chiso.org.unit_keys import unit_keys
from chiso.plans.kept import plans_changed
from chiso.plans.models import Target

from . import records
from .columns import HeaderError, find_columns, literal
from .compute import Value, compute, computed_values, save_values, touched_periods
from .models import DataImport
from .reading import FileError, open_export
from .store import Store, import_workspace, record_months

ERRORS_SHOWN = 100


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        return _("Dòng %(line)s, cột “%(column)s”: “%(value)s” — cần %(expected)s.") % {
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "expected": self.expected,
        }


@dataclass
class ImportResult:
    rows: int  # records stored, one per dossier code
    rejected: int  # bad rows
    errors: list[RowError] = field(default_factory=list)  # the first ERRORS_SHOWN
    errors_path: Path | None = None
    values: list[Value] = field(default_factory=list)  # of the periods the file touched


class ImportRefused(Exception):
    """Bad rows and no `skip_invalid`: nothing was stored."""

    def __init__(self, result: ImportResult):
        self.result = result
        super().__init__(
            _("%(n)s dòng không hợp lệ; chưa nhập dòng nào. Danh sách lỗi: %(path)s")
            % {"n": result.rejected, "path": result.errors_path}
        )


def import_export(
    path: Path,
    kind: str,
    *,
    mapping: dict[str, str] | None = None,
    skip_invalid: bool = False,
    record: DataImport | None = None,
    progress: Progress | None = None,
    store: Store | None = None,
) -> ImportResult:
    """Import `path`; FileError for a file that is not an export, ImportRefused for bad rows.

    `record`, when given, keeps the outcome, saved with the values."""
    store = store or Store()
    report = progress or (lambda _stage, _done: None)
    with import_workspace(store.root) as (con, workdir):
        report(_("Đọc tệp"), 0.0)
        export = open_export(path, workdir, lambda done: report(_("Đọc tệp Excel"), 0.3 * done))
        try:
            positions = find_columns(kind, export.headers, mapping)
        except HeaderError as error:
            raise FileError(f"{path.name}: {error}") from error
        try:
            rules = records.stage(con, export, kind, positions, unit_keys(), stretches())
        except duckdb.InvalidInputException as error:  # the CSV reader's errors
            raise FileError(
                _("Tệp %(name)s không đọc được như bảng CSV: %(error)s")
                % {"name": path.name, "error": str(error).splitlines()[0]}
            ) from error
        total = records.count_rows(con)
        if total == 0:
            raise FileError(_("Tệp %(name)s không có dòng dữ liệu nào.") % {"name": path.name})
        report(_("Kiểm tra %(n)s dòng") % {"n": f"{total:,}".replace(",", ".")}, 0.3)
        result = ImportResult(rows=0, rejected=records.keep_bad_rows(con, rules))
        if result.rejected:
            listing = records.bad_rows(rules, export.first_line)
            result.errors_path = write_errors(con, listing, path, skip_invalid)
            result.errors = first_errors(result.errors_path)
            if not skip_invalid:
                raise ImportRefused(result)
        result.rows = records.valid_records(con, kind)
        report(_("Lưu %(n)s hồ sơ") % {"n": f"{result.rows:,}".replace(",", ".")}, 0.6)
        if result.rows:
            file_months = record_months(con, "records", kind)
            with store.merging(con, kind, file_months) as months:
                report(_("Tính chỉ tiêu"), 0.8)
                years = {month.year for month in months}
                compute(con, store, years)
                file_periods = touched_periods(file_months)
                with transaction.atomic():
                    save_values(con, years)
                    refresh_indicator_targets()
                    if record is not None:
                        _finish(record, result, sorted(file_periods, key=_in_time))
            result.values = computed_values(con, file_periods)
        elif record is not None:
            _finish(record, result, [])
        report(_("Hoàn tất"), 1.0)
        return result


def write_errors(con, listing: str, path: Path, skipped: bool) -> Path:
    """The rows of `listing` (line, column_name, value, expected), as CSV beside the input:
    `<name>.errors.csv` (nothing imported) or `<name>.rejected.csv` (the good rows were)."""
    target = path.with_name(f"{path.stem}.{'rejected' if skipped else 'errors'}.csv")
    header = [_("Dòng"), _("Cột"), _("Giá trị"), _("Cần có")]
    fields = ["line", "column_name", "value", "expected"]
    names = ", ".join(f'{f} AS "{h}"' for f, h in zip(fields, header, strict=True))
    listing = f"SELECT {names} FROM ({listing})"
    con.execute(f"COPY ({listing}) TO {literal(str(target))} (HEADER, DELIMITER ',')")
    return target


def first_errors(listing: Path) -> list[RowError]:
    with listing.open(encoding="utf-8", newline="") as stream:
        rows = csv.reader(stream)
        next(rows)  # the header
        return [
            RowError(int(line), column, value, expected)
            for line, column, value, expected in itertools.islice(rows, ERRORS_SHOWN)
        ]


def _in_time(code: str) -> tuple:
    """Months first, then the quarter, half-year and year they close."""
    period = parse_period(code)
    return period.end, -period.start.toordinal()


def note_result(record: DataImport, result: ImportResult) -> None:
    """Put the outcome on `record` (not saved): counts, the first bad rows, their file."""
    record.rows, record.rejected = result.rows, result.rejected
    record.errors = [[e.line, e.column, e.value, e.expected] for e in result.errors]
    record.errors_file = str(result.errors_path or "")


def _finish(record: DataImport, result: ImportResult, periods: list[str]) -> None:
    note_result(record, result)
    record.periods = periods
    record.save()


def refresh_indicator_targets() -> None:
    """New indicator values may put targets behind or back on track; the values are written
    in bulk, which sends no signal (chiso.tracking.signals)."""
    targets = Target.objects.filter(task__isnull=False).exclude(indicator="")
    plans_changed(
        targets.values_list("plan_id", flat=True).distinct(),
        tasks=targets.values_list("task_id", flat=True),
    )
