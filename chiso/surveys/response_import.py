"""Import a file of survey responses (.xlsx/.csv): read, check, store as Parquet, refresh the
round's indices.

One import is all or nothing: by default a file with any bad row (an answer that is none, a
unit not found, a date that is not one) or duplicate (a dossier code an earlier row or
response holds) stores nothing and every such row is listed, in `NAME.errors.csv` beside the
file; with `skip_invalid` the good rows are stored and the others listed in
`NAME.rejected.csv`. The Parquet file is put in place once the database work (the import's
record, the round's units, its indices) has committed, and removed when it fails.
"""

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.jobs.models import Job, JobKind, JobState
from chiso.jobs.running import Progress
from chiso.metrics.columns import literal
from chiso.metrics.importing import RowError, first_errors, write_errors
from chiso.metrics.reading import FileError, open_export
from chiso.metrics.store import import_workspace, table
from chiso.org.models import OrgUnit
from chiso.org.unit_keys import unit_keys

from . import response_rows as rows
from .answers import components, criteria
from .indices import count_answers, refresh_round
from .models import (
    Channel,
    Response,
    ReviewState,
    RoundUnit,
    SurveyImport,
    SurveyRound,
)
from .response_columns import find_columns
from .store import ResponseStore


@dataclass
class ResponseImportResult:
    rows: int  # data rows of the file
    accepted: int  # rows stored
    rejected: int  # bad rows and duplicates
    errors: list[RowError] = field(default_factory=list)  # the first ERRORS_SHOWN
    errors_path: Path | None = None
    unit_codes: set[str] = field(default_factory=set)  # the units of the rows stored


class ResponsesRefused(Exception):
    """Bad rows or duplicates and no `skip_invalid`: nothing was stored."""

    def __init__(self, result: ResponseImportResult):
        self.result = result
        super().__init__(
            _(
                "%(n)s dòng không hợp lệ hoặc trùng mã hồ sơ; chưa nhập dòng nào. Danh sách "
                "lỗi: %(path)s"
            )
            % {"n": result.rejected, "path": result.errors_path}
        )


def import_responses(
    path: Path,
    round: SurveyRound,
    *,
    skip_invalid: bool = False,
    channel: str = Channel.PAPER,
    record: SurveyImport | None = None,
    progress: Progress | None = None,
) -> ResponseImportResult:
    """Import `path` into `round`; FileError for a file that is not one of responses,
    ResponsesRefused for bad rows or duplicates without `skip_invalid`.

    `record` keeps the outcome, saved with the indices; without one, a record is made (its
    id names the stored file). Call it outside a transaction: the file is put in place when
    the import's own transaction ends."""
    store = ResponseStore()  # the one the indices read
    report = progress or (lambda _stage, _done: None)
    with import_workspace(store.root) as (con, workdir):
        report(_("Đọc tệp"), 0.0)
        export = open_export(path, workdir, lambda done: report(_("Đọc tệp Excel"), 0.3 * done))
        codes = [c.code for c in criteria(round.questionnaire)]
        columns = find_columns(path.name, export.headers, codes)
        codes = list(columns.criteria)  # those the file has, in the questionnaire's order
        try:
            rows.stage(con, export, columns, unit_keys())
        except duckdb.InvalidInputException as error:  # the CSV reader's errors
            raise FileError(
                _("Tệp %(name)s không đọc được như bảng CSV: %(error)s")
                % {"name": path.name, "error": str(error).splitlines()[0]}
            ) from error
        total = rows.count_rows(con)
        if total == 0:
            raise FileError(_("Tệp %(name)s không có dòng dữ liệu nào.") % {"name": path.name})
        report(_("Kiểm tra %(n)s dòng") % {"n": _number(total)}, 0.3)
        bad = rows.keep_bad_rows(con, codes)
        result = ResponseImportResult(rows=total, accepted=0, rejected=bad)
        report(_("Kiểm tra mã hồ sơ"), 0.5)
        context = _Context(path, round, codes, export.first_line, skip_invalid, channel)
        _save(con, store, context, result, record, report)
        report(_("Hoàn tất"), 1.0)
        return result


@dataclass(frozen=True)
class _Context:
    path: Path
    round: SurveyRound
    codes: list[str]  # the criteria the file has columns for
    first_line: int
    skip_invalid: bool
    channel: str


def _save(
    con: duckdb.DuckDBPyConnection,
    store: ResponseStore,
    context: _Context,
    result: ResponseImportResult,
    record: SurveyImport | None,
    report: Progress,
) -> None:
    """In one transaction, the round locked: the duplicates of what the round holds, then
    (unless refused) the Parquet file, the round's units, the record and the indices. The
    file is put in place once the transaction has committed, and removed if it fails."""
    round, codes = context.round, context.codes
    pending = None
    try:
        with transaction.atomic():
            # One import of a round at a time: the codes it holds are those committed.
            SurveyRound.objects.select_for_update().filter(pk=round.pk).first()
            held = _held_codes(con, store, round)
            result.rejected += rows.keep_duplicates(con, held, context.first_line)
            result.unit_codes = rows.accepted_units(con, codes, bool(result.rejected))
            if result.rejected:
                listing = rows.listing(codes, context.first_line)
                result.errors_path = write_errors(con, listing, context.path, context.skip_invalid)
                result.errors = first_errors(result.errors_path)
                if not context.skip_invalid:
                    raise ResponsesRefused(result)
            result.accepted = result.rows - result.rejected
            record = record or _new_record(context)
            report(_("Lưu %(n)s phiếu") % {"n": _number(result.accepted)}, 0.6)
            if result.accepted:
                accepted = rows.accepted(codes, context.channel, bool(result.rejected))
                parts = components(round.questionnaire, only=codes)
                count_answers(con, parts, accepted, "file_counts")
                pending = store.write(con, round, record.pk, accepted, "file_counts")
            _add_units(round, result.unit_codes)
            note_result(record, result)
            record.save()
            report(_("Tính chỉ số"), 0.8)
            refresh_round(round)
    except BaseException:
        if pending is not None:
            pending.rollback()
        raise
    if pending is not None:
        pending.commit()


def _held_codes(con: duckdb.DuckDBPyConnection, store: ResponseStore, round: SurveyRound) -> str:
    """SQL for the dossier codes the round holds, each with what a row repeating it is told:
    those of its stored imports (table `imports` names them) and of its accepted responses
    (table `answered`)."""
    names = SurveyImport.objects.filter(round=round).values_list("pk", "name")
    table(con, "imports", {"import_id": "BIGINT", "name": "VARCHAR"}, list(names))
    answered = (
        Response.objects.filter(round=round, state=ReviewState.ACCEPTED)
        .exclude(dossier_code="")
        .values_list("dossier_code", "pk")
    )
    table(con, "answered", {"dossier_code": "VARCHAR", "response_id": "BIGINT"}, list(answered))
    imported = literal(_("một mã hồ sơ chưa có phiếu (đã có trong tệp “%(name)s” nhập trước)"))
    responded = literal(_("một mã hồ sơ chưa có phiếu (đã có ở phiếu số %(id)s của đợt)"))
    return f"""(SELECT s.dossier_code,
            replace({imported}, '%(name)s', coalesce(i.name, s.import_id::VARCHAR)) AS expected
        FROM {store.codes_sql(round)} s LEFT JOIN imports i USING (import_id)
        UNION ALL
        SELECT dossier_code, replace({responded}, '%(id)s', response_id::VARCHAR)
        FROM answered)"""


def _new_record(context: _Context) -> SurveyImport:
    """The record of an import run without one (a script, the benchmark): its job done."""
    now = timezone.now()
    job = Job.objects.create(
        kind=JobKind.SURVEY_IMPORT,
        state=JobState.DONE,
        done=1.0,
        started_at=now,
        finished_at=now,
        heartbeat_at=now,
    )
    return SurveyImport.objects.create(
        job=job,
        round=context.round,
        channel=context.channel,
        name=context.path.name[:255],
        skip_invalid=context.skip_invalid,
    )


def _add_units(round: SurveyRound, codes: set[str]) -> None:
    """Put the units of the file that the round lacks in it, without a target."""
    present = RoundUnit.objects.filter(round=round).values_list("unit__code", flat=True)
    missing = OrgUnit.objects.filter(code__in=codes).exclude(code__in=present)
    RoundUnit.objects.bulk_create([RoundUnit(round=round, unit=unit) for unit in missing])


def note_result(record: SurveyImport, result: ResponseImportResult) -> None:
    """Put the outcome on `record` (not saved): counts, the first bad rows, their file."""
    record.rows, record.rejected = result.accepted, result.rejected
    record.errors = [[e.line, e.column, e.value, e.expected] for e in result.errors]
    record.errors_file = str(result.errors_path or "")


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")
