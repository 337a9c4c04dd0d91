"""The columns of a file of survey responses, found by their header.

`Đơn vị` and `Ngày khảo sát` are required, `Mã hồ sơ` is optional; a column headed by a
criterion code of the questionnaire ("SIPAS.1.1") holds its answers; columns of opinions
("Ý kiến khác", "Góp ý", "Kiến nghị", "Ghi chú") make the response's comment; the rest are
ignored. Headers are compared by their accent-free key, so "NGAY KHAO SAT" is `Ngày khảo sát`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from chiso.metrics.reading import FileError
from chiso.vietnamese.text import search_key

UNIT_HEADER = "Đơn vị"
DATE_HEADER = "Ngày khảo sát"
CODE_HEADER = "Mã hồ sơ"
_COMMENT_KEYS = {"y kien", "y kien khac", "gop y", "kien nghi", "ghi chu"}
_COMMENT_PREFIXES = ("y kien", "gop y")


@dataclass(frozen=True)
class ResponseColumns:
    """Positions of the columns in the file's header row."""

    unit: int
    surveyed: int
    dossier: int | None
    criteria: dict[str, int]  # criterion code → position, in the questionnaire's order
    comments: list[int]

    def positions(self) -> dict[str, int]:
        """Name in the staged table → position (`chiso.metrics.records.csv_source`)."""
        found = {"unit_name": self.unit, "surveyed": self.surveyed}
        if self.dossier is not None:
            found["dossier_code"] = self.dossier
        found.update({f"a{i}": pos for i, pos in enumerate(self.criteria.values())})
        found.update({f"k{i}": pos for i, pos in enumerate(self.comments)})
        return found


def header_key(header: str) -> str:
    return search_key(header.replace("_", " "))


def find_columns(name: str, headers: list[str], codes: list[str]) -> ResponseColumns:
    """The columns of file `name` from its `headers`, for criteria `codes`; FileError naming
    the file and the missing header."""
    positions: dict[str, int] = {}
    for position, header in enumerate(headers):
        if header.strip():
            positions.setdefault(header_key(header), position)
    missing = [h for h in (UNIT_HEADER, DATE_HEADER) if header_key(h) not in positions]
    if missing:
        raise FileError(
            _("Tệp %(name)s thiếu cột “%(missing)s”. Dòng tiêu đề của tệp có: %(headers)s.")
            % {"name": name, "missing": "”, “".join(missing), "headers": _listed(headers)}
        )
    criteria = {c: positions[header_key(c)] for c in codes if header_key(c) in positions}
    if not criteria:
        raise FileError(
            _(
                "Tệp %(name)s không có cột tiêu chí nào: tiêu đề cột phải là mã tiêu chí của bộ "
                "câu hỏi (%(codes)s). Dòng tiêu đề của tệp có: %(headers)s."
            )
            % {"name": name, "codes": _codes(codes), "headers": _listed(headers)}
        )
    fixed = {header_key(h) for h in (UNIT_HEADER, DATE_HEADER, CODE_HEADER)}
    used = fixed | {header_key(c) for c in criteria}
    comments = [
        position
        for key, position in positions.items()
        if key not in used and (key in _COMMENT_KEYS or key.startswith(_COMMENT_PREFIXES))
    ]
    return ResponseColumns(
        unit=positions[header_key(UNIT_HEADER)],
        surveyed=positions[header_key(DATE_HEADER)],
        dossier=positions.get(header_key(CODE_HEADER)),
        criteria=criteria,
        comments=sorted(comments),
    )


def _listed(headers: list[str]) -> str:
    return ", ".join(h for h in headers if h.strip())[:300] or _("(trống)")


def _codes(codes: list[str]) -> str:
    shown = ", ".join(codes[:3])
    return f"{shown}, …" if len(codes) > 3 else shown or _("chưa có tiêu chí nào")
