"""Survey responses imported from files: one Parquet file per import, under
`CHISO_SURVEYS_DIR/round=<round id>/import-<import id>.parquet`.

A file holds the import's accepted rows: `unit` (the unit's code), `surveyed_on`,
`dossier_code` ('' when none), `comment`, `channel`, `import_id` and one rating column per
criterion, named by its code (0 = not applicable, 1–5, NULL = no answer). An import writes its
file under a temporary name and puts it in place only once its database work has committed
(`write`); until then the file is read by the importing thread alone, so that the indices it
recomputes in that transaction count it.
"""

import threading
import uuid
from pathlib import Path

import duckdb
from django.conf import settings

from chiso.metrics.columns import literal

from .models import SurveyRound

FIXED_COLUMNS = {
    "unit": "VARCHAR",
    "surveyed_on": "DATE",
    "dossier_code": "VARCHAR",
    "comment": "VARCHAR",
    "channel": "VARCHAR",
    "import_id": "BIGINT",
}
RATING_TYPE = "UTINYINT"

# The files written by this thread whose transaction has not committed yet: folder → files.
_pending = threading.local()


def quoted(code: str) -> str:
    """`code` as a DuckDB identifier (criterion codes hold dots: "SIPAS.1.1")."""
    return '"' + code.replace('"', '""') + '"'


class ResponseStore:
    def __init__(self, root: Path | None = None):
        self.root = Path(root or settings.CHISO_SURVEYS_DIR)

    def folder(self, round: SurveyRound) -> Path:
        return self.root / f"round={round.pk}"

    def files(self, round: SurveyRound) -> list[str]:
        """The round's files, in the order of their imports; with those this thread is
        writing."""
        folder = self.folder(round)
        found = {str(f) for f in folder.glob("import-*.parquet")}
        found |= {str(f) for f in _pending_files().get(str(folder), ())}
        return sorted(found, key=_import_number)

    def source(self, round: SurveyRound, codes: list[str]) -> str:
        """SQL for the round's stored responses with a rating column for each of `codes`
        (NULL where a file has none); an empty relation of those columns when none."""
        columns = {**FIXED_COLUMNS, **dict.fromkeys(codes, RATING_TYPE)}
        empty = ", ".join(f"NULL::{kind} AS {quoted(name)}" for name, kind in columns.items())
        files = self.files(round)
        if not files:
            return f"(SELECT {empty} WHERE false)"
        # Union by name with the empty relation: a code no file has reads NULL.
        selected = ", ".join(quoted(name) for name in columns)
        return (
            f"(SELECT {selected} FROM (SELECT {empty} WHERE false UNION ALL BY NAME "
            f"SELECT * FROM read_parquet({files!r}, union_by_name = true)))"
        )

    def codes_sql(self, round: SurveyRound) -> str:
        """SQL for the dossier codes already stored in the round, with their import."""
        return (
            f"(SELECT dossier_code, import_id FROM {self.source(round, [])} "
            "WHERE dossier_code <> '')"
        )

    def write(
        self, con: duckdb.DuckDBPyConnection, round: SurveyRound, import_id: int, table: str
    ) -> "PendingFile":
        """Write `table` (a table's name or a parenthesised query, with every column but
        `import_id`, added here) as the file of import `import_id`, under a temporary name.
        The caller commits the returned file once its transaction has, or rolls it back."""
        folder = self.folder(round)
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f".import-{import_id}-{uuid.uuid4().hex}.parquet.tmp"
        try:
            con.execute(
                f"COPY (SELECT *, {int(import_id)}::BIGINT AS import_id FROM {table}) "
                f"TO {literal(str(temp))} (FORMAT parquet, COMPRESSION zstd)"
            )
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return PendingFile(temp, folder / f"import-{import_id}.parquet")


class PendingFile:
    """An import's file written under a temporary name: `commit` puts it in place,
    `rollback` deletes it."""

    def __init__(self, temp: Path, final: Path):
        self.temp, self.final = temp, final
        _pending_files().setdefault(str(final.parent), set()).add(temp)

    def commit(self) -> None:
        self.temp.rename(self.final)
        self._forget()

    def rollback(self) -> None:
        self.temp.unlink(missing_ok=True)
        self._forget()

    def _forget(self) -> None:
        _pending_files().get(str(self.final.parent), set()).discard(self.temp)


def _pending_files() -> dict[str, set[Path]]:
    if not hasattr(_pending, "files"):
        _pending.files = {}
    return _pending.files


def _import_number(path: str) -> int:
    """The import id in a file's name (`import-12.parquet`, `.import-12-<hex>.parquet.tmp`)."""
    name = Path(path).name.lstrip(".")
    return int(name.split("-")[1].split(".")[0])
