"""Survey responses imported from files: one Parquet file per import, under
`CHISO_SURVEYS_DIR/round=<round id>/import-<import id>.parquet`, and beside it the counts the
indices add up, `counts-<import id>.parquet` (`indices.count_answers`).

A file holds the import's accepted rows: `unit` (the unit's code), `surveyed_on`,
`dossier_code` ('' when none), `comment`, `channel`, `import_id` and one rating column per
criterion, named by its code (0 = not applicable, 1–5, NULL = no answer). An import writes its
files under temporary names and puts them in place only once its database work has committed
(`write`); until then they are read by the importing thread alone, so that the indices it
recomputes in that transaction count them.
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

# The files written by this thread whose transaction has not committed yet: folder →
# {temporary path: final path}.
_pending = threading.local()


def quoted(code: str) -> str:
    """`code` as a DuckDB identifier (criterion codes hold dots: "SIPAS.1.1")."""
    return '"' + code.replace('"', '""') + '"'


class ResponseStore:
    def __init__(self, root: Path | None = None):
        self.root = Path(root or settings.CHISO_SURVEYS_DIR)

    def folder(self, round: SurveyRound) -> Path:
        return self.root / f"round={round.pk}"

    def files(self, round: SurveyRound, kind: str = "import") -> list[str]:
        """The round's files of responses (or of their counts: kind "counts"), in the order
        of their imports; with those this thread is writing."""
        folder = self.folder(round)
        found = {str(f) for f in folder.glob(f"{kind}-*.parquet")}
        pending = _pending_files().get(str(folder), {})
        found |= {str(temp) for temp, final in pending.items() if final.name.startswith(kind)}
        return sorted(found, key=_import_number)

    def uncounted(self, round: SurveyRound) -> list[str]:
        """The round's files of responses that have no counts beside them."""
        counted = {_import_number(f) for f in self.files(round, "counts")}
        return [f for f in self.files(round) if _import_number(f) not in counted]

    def counts_source(self, round: SurveyRound) -> str | None:
        """SQL for the stored counts of the round's imports; None when there are none."""
        files = self.files(round, "counts")
        return f"read_parquet({files!r})" if files else None

    def source(self, round: SurveyRound, codes: list[str], files: list[str] | None = None) -> str:
        """SQL for the round's stored responses (those of `files` when given) with a rating
        column for each of `codes` (NULL where a file has none); an empty relation of those
        columns when none."""
        columns = {**FIXED_COLUMNS, **dict.fromkeys(codes, RATING_TYPE)}
        empty = ", ".join(f"NULL::{kind} AS {quoted(name)}" for name, kind in columns.items())
        files = self.files(round) if files is None else files
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
        self,
        con: duckdb.DuckDBPyConnection,
        round: SurveyRound,
        import_id: int,
        rows: str,
        counts: str,
    ) -> "PendingFiles":
        """Write `rows` (a table's name or a parenthesised query, with every column but
        `import_id`, added here) as the file of import `import_id`, and table `counts` as its
        counts, under temporary names. The caller commits the returned files once its
        transaction has, or rolls them back."""
        folder = self.folder(round)
        folder.mkdir(parents=True, exist_ok=True)
        pending = PendingFiles(folder)
        try:
            for kind, query in [
                ("import", f"SELECT *, {int(import_id)}::BIGINT AS import_id FROM {rows}"),
                ("counts", f"SELECT * FROM {counts}"),
            ]:
                temp = pending.add(f"{kind}-{import_id}.parquet")
                con.execute(
                    f"COPY ({query}) TO {literal(str(temp))} (FORMAT parquet, COMPRESSION zstd)"
                )
        except BaseException:
            pending.rollback()
            raise
        return pending


class PendingFiles:
    """An import's files written under temporary names: `commit` puts them in place,
    `rollback` deletes them."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.names: dict[Path, Path] = {}  # temporary → final

    def add(self, name: str) -> Path:
        stem, suffix = name.split(".", 1)
        temp = self.folder / f".{stem}-{uuid.uuid4().hex}.{suffix}.tmp"
        self.names[temp] = self.folder / name
        _pending_files().setdefault(str(self.folder), {})[temp] = self.folder / name
        return temp

    def commit(self) -> None:
        for temp, final in self.names.items():
            temp.rename(final)
        self._forget()

    def rollback(self) -> None:
        for temp in self.names:
            temp.unlink(missing_ok=True)
        self._forget()

    def _forget(self) -> None:
        mine = _pending_files().get(str(self.folder), {})
        for temp in self.names:
            mine.pop(temp, None)


def _pending_files() -> dict[str, dict[Path, Path]]:
    if not hasattr(_pending, "files"):
        _pending.files = {}
    return _pending.files


def _import_number(path: str) -> int:
    """The import id in a file's name (`import-12.parquet`, `counts-12.parquet`,
    `.import-12-<hex>.parquet.tmp`)."""
    name = Path(path).name.lstrip(".")
    return int(name.split("-")[1].split(".")[0])
