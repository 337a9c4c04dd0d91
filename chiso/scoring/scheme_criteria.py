"""The “Tiêu chí” sheet of a scheme workbook: rows → the component tree (codes nest by dots)
and each leaf's rule, every problem noted by row and column.

Where the sheet leaves room: a part or a "Không áp dụng cho" written on a field or criterion
holds for the leaves below it (the nearest part; every unit named); a blank "Cách tính" is
"Theo ngưỡng" when bands are written, "Đúng hạn" when the source is the plan on time, else
manual; "Đúng hạn" reads the plan on time when no source is written; a survey source without a
code reads the whole SIPAS."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from chiso.frameworks.loading import ComponentSpec
from chiso.frameworks.models import ComponentLevel
from chiso.indicators.catalog import CATALOG
from chiso.org.unit_keys import unit_keys
from chiso.vietnamese.text import decimal_text, nfc, search_key

from .models import Part, RuleKind, Source
from .rules import RuleError, parse_bands
from .scheme_reading import (
    HUNDREDTH,
    SHEETS,
    Problems,
    RuleSpec,
    Table,
    checked_points,
    listed,
    tokens,
    word_keys,
)

RULE_COLUMNS = ("kind", "source", "source_code", "bands", "late")  # written on leaves only
BAD = "\0bad"  # a word already refused: the checks that depend on it are skipped
_SURVEY_CODE = re.compile(r"[A-Z][A-Z0-9_-]*(\.\d+)*")
_DOTS = re.compile(r"\s*\.\s*")


@dataclass(frozen=True)
class Criteria:
    components: tuple[ComponentSpec, ...]
    rules: tuple[RuleSpec, ...]
    scored: Decimal | None  # the self and survey leaves' maxima; None when they cannot add up


@dataclass
class _Row:
    number: int
    code: str
    name: str
    cells: dict[str, str]
    max_points: Decimal | None
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    part: str | None = None  # as written on this row; BAD when unknown
    not_for: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # unit kinds, unit codes


def read_criteria(table: Table, problems: Problems) -> Criteria:
    return _Reader(table, problems).criteria()


class _Reader:
    def __init__(self, table: Table, problems: Problems):
        self.table = table
        self.problems = problems
        self.keys = {name: word_keys(name) for name in ("part", "kind", "source", "unit_kind")}
        self.units: dict[str, str] | None = None  # unit_keys(), read when first needed
        self.rows: dict[str, _Row] = {}

    def note(self, row: int, column: str, value: str | None, message: str) -> None:
        self.problems.add(SHEETS["criteria"], row, self.table.column(column), value, message)

    def criteria(self) -> Criteria:
        before = len(self.problems)
        for number, cells in self.table.rows:
            self.add_row(number, cells)
        self.tree()
        for row in self.rows.values():
            if not row.children and not row.cells.get("max"):
                self.note(row.number, "max", "", _("cần điểm tối đa của tiêu chí."))
        sound = len(self.problems) == before
        for row in self.rows.values():
            row.part = self.word(row, "part")
            row.not_for = self.not_for(row)
            for column in RULE_COLUMNS if row.children else ():
                if row.cells.get(column):
                    message = _("chỉ ghi ở tiêu chí không có mục con.")
                    self.note(row.number, column, row.cells[column], message)
        rules = tuple(self.rule(row) for row in self.rows.values() if not row.children)
        scored = None
        if sound and all(row.part != BAD for row in self.rows.values()):
            self.check_sums()
            parts = (Part.SELF, Part.SURVEY)
            points = [self.rows[rule.code].max_points for rule in rules if rule.part in parts]
            scored = sum(points, Decimal(0))
        tops = [self.spec(row) for row in self.rows.values() if row.parent is None]
        return Criteria(tuple(tops), rules, scored)

    def add_row(self, number: int, cells: dict[str, str]) -> None:
        code = _DOTS.sub(".", nfc(cells.get("code", ""))).strip(".")
        name = nfc(cells.get("name", ""))
        if not code:
            self.note(number, "code", "", _("cần mã, ví dụ “1”, “1.1” hoặc “PAR.1.1”."))
        elif len(code) > 30:
            self.note(number, "code", code, _("dài quá 30 ký tự."))
        elif code in self.rows:
            message = _("trùng mã với dòng %(row)d.") % {"row": self.rows[code].number}
            self.note(number, "code", code, message)
        if not name:
            self.note(number, "name", "", _("cần tên của tiêu chí."))
        elif len(name) > 500:
            self.note(number, "name", name, _("dài quá 500 ký tự."))
        if code and len(code) <= 30 and code not in self.rows:
            text, points = cells.get("max", ""), None
            if text:
                column = self.table.column("max")
                points = checked_points(text, self.problems, SHEETS["criteria"], number, column)
            self.rows[code] = _Row(number, code, name, cells, points)

    def tree(self) -> None:
        """Each row's parent: the longest other code that is a dotted prefix of its code. It
        must be the code without its last part and come first; three levels at most."""
        rows = self.rows
        for row in rows.values():
            segments = row.code.split(".")
            prefixes = (".".join(segments[:k]) for k in range(len(segments) - 1, 0, -1))
            row.parent = next((prefix for prefix in prefixes if prefix in rows), None)
            if row.parent:
                rows[row.parent].children.append(row.code)
        tops = [row.code.count(".") for row in rows.values() if row.parent is None]
        for row in rows.values():
            immediate = row.code.rsplit(".", 1)[0]
            parent = rows.get(row.parent or "")
            skipped = parent.code != immediate if parent else row.code.count(".") > min(tops)
            if skipped:
                message = _("thiếu dòng mục cha “%(parent)s” — cần thêm dòng đó trước dòng này.")
                self.note(row.number, "code", row.code, message % {"parent": immediate})
            elif parent and parent.number > row.number:
                message = _(
                    "mục cha “%(parent)s” ở dòng %(row)d, sau dòng này — cần đặt mục cha "
                    "trước các mục con."
                ) % {"parent": parent.code, "row": parent.number}
                self.note(row.number, "code", row.code, message)
            elif len(self.ancestors(row)) >= len(ComponentLevel):
                message = _("quá %(n)d cấp (lĩnh vực, tiêu chí, tiêu chí thành phần).")
                self.note(row.number, "code", row.code, message % {"n": len(ComponentLevel)})

    def word(self, row: _Row, column: str) -> str | None:
        """The part, kind or source a cell names; None when blank, BAD when unknown."""
        text = nfc(row.cells.get(column, ""))
        if not text:
            return None
        value = self.keys[column].get(search_key(text))
        if value is None:
            message = _("cần một trong: %(words)s.") % {"words": listed(column)}
            self.note(row.number, column, text, message)
            return BAD
        return value

    def not_for(self, row: _Row) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The unit kinds and the units (by code) a row's "Không áp dụng cho" names."""
        kinds: list[str] = []
        units: list[str] = []
        for token in tokens(row.cells.get("not_for", "")):
            kind = self.keys["unit_kind"].get(search_key(token))
            if kind is None and self.units is None:
                self.units = unit_keys()
            unit = None if kind or self.units is None else self.units.get(search_key(token))
            if kind is None and unit is None:
                message = _(
                    "không phải loại đơn vị hay đơn vị nào — cần loại đơn vị (%(kinds)s) hoặc "
                    "tên, tên ngắn, mã của một đơn vị."
                ) % {"kinds": listed("unit_kind")}
                self.note(row.number, "not_for", token, message)
            for value, found in ((kind, kinds), (unit, units)):
                if value and value not in found:
                    found.append(value)
        return tuple(kinds), tuple(units)

    def rule(self, row: _Row) -> RuleSpec:
        chain = [row, *(self.rows[code] for code in self.ancestors(row))]
        part = next((r.part for r in chain if r.part is not None), Part.SELF)
        kinds = dict.fromkeys(kind for r in reversed(chain) for kind in r.not_for[0])
        units = dict.fromkeys(unit for r in reversed(chain) for unit in r.not_for[1])
        kind, source = self.word(row, "kind"), self.word(row, "source")
        if kind is None and row.cells.get("bands"):
            kind = RuleKind.BANDS
        elif kind is None:
            kind = RuleKind.ON_TIME if source == Source.PLAN_ON_TIME else RuleKind.MANUAL
        if source is None:
            source = Source.PLAN_ON_TIME if kind == RuleKind.ON_TIME else Source.NONE
        if BAD not in (kind, source):
            self.check_source(row, kind, source)
        return RuleSpec(
            code=row.code,
            part=part,
            kind=kind,
            source=source,
            source_code=self.source_code(row, source),
            bands=self.bands(row, kind),
            late_points=self.late_points(row, kind),
            not_for_kinds=tuple(kinds),
            not_for_units=tuple(units),
        )

    def check_source(self, row: _Row, kind: str, source: str) -> None:
        """A computed kind reads a value: its source must give one it can use."""
        names = {"kind": RuleKind(kind).label, "source": Source.PLAN_ON_TIME.label}
        if kind == RuleKind.ON_TIME and source != Source.PLAN_ON_TIME:
            message = _("cách tính “%(kind)s” cần nguồn “%(source)s”.") % names
        elif kind != RuleKind.MANUAL and source == Source.NONE:
            message = _(
                "cách tính “%(kind)s” tính từ một giá trị: đọc ở đâu? — cần nguồn số liệu: "
                "%(words)s."
            ) % {**names, "words": listed("source")}
        elif source == Source.PLAN_ON_TIME and kind in (RuleKind.BANDS, RuleKind.PROPORTIONAL):
            message = _(
                "nguồn “%(source)s” cho biết đúng hạn, trễ hạn hay không thực hiện, không phải "
                "một số — cần cách tính “%(on_time)s”."
            ) % {**names, "on_time": RuleKind.ON_TIME.label}
        else:
            return
        self.note(row.number, "source", nfc(row.cells.get("source", "")), message)

    def bands(self, row: _Row, kind: str) -> str:
        """The bands in canonical form; their points within the leaf's maximum."""
        text, label = row.cells.get("bands", ""), RuleKind.BANDS.label
        if kind != RuleKind.BANDS:
            if text and kind != BAD:
                message = _("chỉ ghi ngưỡng khi cách tính là “%(kind)s”.") % {"kind": label}
                self.note(row.number, "bands", text, message)
            return ""
        if not text:
            message = _("cách tính “%(kind)s” cần ngưỡng, ví dụ “> 90: 2; 70 - 90: 1; < 70: 0”.")
            self.note(row.number, "bands", "", message % {"kind": label})
            return ""
        try:
            bands = parse_bands(text)
        except RuleError as error:
            # The error names the clause: not again when it is the whole cell.
            self.note(row.number, "bands", text, str(error).removeprefix(f"“{text}”: "))
            return ""
        maximum = row.max_points
        for band in bands:
            if maximum is not None and band.points > maximum:
                message = _(
                    "ngưỡng “%(band)s” cho %(points)s điểm — cần không quá điểm tối đa "
                    "%(max)s của tiêu chí."
                ) % {
                    "band": band.text,
                    "points": decimal_text(band.points),
                    "max": decimal_text(maximum),
                }
                self.note(row.number, "bands", text, message)
        return "; ".join(band.text for band in bands)

    def source_code(self, row: _Row, source: str) -> str:
        """An indicator of the catalog (by code or name), or a survey index or component."""
        text = nfc(row.cells.get("source_code", ""))
        if source == Source.INDICATOR:
            by_key = {search_key(str(i.name)): i.code for i in CATALOG}
            by_key |= {search_key(i.code): i.code for i in CATALOG}
            code = by_key.get(search_key(text))
            if code is None:
                codes = "; ".join(f"{i.code} ({i.name})" for i in CATALOG)
                message = _("cần mã một chỉ tiêu dịch vụ: %(codes)s.") % {"codes": codes}
                self.note(row.number, "source_code", text, message)
            return code or ""
        if source == Source.SURVEY:
            code = text.upper() or "SIPAS"
            if not _SURVEY_CODE.fullmatch(code) or len(code) > 40:
                message = _("cần mã chỉ số khảo sát hoặc thành phần, ví dụ “SIPAS”, “SIPAS.2”.")
                self.note(row.number, "source_code", text, message)
            return code
        if text and source != BAD:
            message = _("chỉ ghi mã khi nguồn số liệu là chỉ tiêu dịch vụ hoặc khảo sát.")
            self.note(row.number, "source_code", text, message)
        return ""

    def late_points(self, row: _Row, kind: str) -> Decimal | None:
        """Points when the plan came late: half the maximum unless written."""
        text, maximum = row.cells.get("late", ""), row.max_points
        if kind != RuleKind.ON_TIME:
            if text and kind != BAD:
                message = _("chỉ ghi khi cách tính là “%(kind)s”.")
                self.note(row.number, "late", text, message % {"kind": RuleKind.ON_TIME.label})
            return None
        if not text:
            return None if maximum is None else (maximum / 2).quantize(HUNDREDTH)
        column = self.table.column("late")
        late = checked_points(text, self.problems, SHEETS["criteria"], row.number, column)
        if late is not None and maximum is not None and late > maximum:
            message = _("cần không quá điểm tối đa %(max)s của tiêu chí.")
            self.note(row.number, "late", text, message % {"max": decimal_text(maximum)})
        return late

    def check_sums(self) -> None:
        """A parent's maximum, when written, is its children's sum."""
        for row in self.rows.values():
            total = sum((self.maximum(self.rows[code]) for code in row.children), Decimal(0))
            if row.children and row.max_points is not None and total != row.max_points:
                message = _(
                    "các mục con (%(codes)s) cộng lại %(total)s, khác điểm tối đa %(max)s "
                    "của “%(code)s”."
                ) % {
                    "codes": ", ".join(row.children),
                    "total": decimal_text(total),
                    "max": decimal_text(row.max_points),
                    "code": row.code,
                }
                self.note(row.number, "max", row.cells["max"], message)

    def ancestors(self, row: _Row) -> list[str]:
        codes = []
        while row.parent:
            codes.append(row.parent)
            row = self.rows[row.parent]
        return codes

    def maximum(self, row: _Row) -> Decimal:
        """A row's maximum as written, else its children's sum."""
        if row.max_points is not None or not row.children:
            return row.max_points or Decimal(0)
        return sum((self.maximum(self.rows[code]) for code in row.children), Decimal(0))

    def spec(self, row: _Row) -> ComponentSpec:
        return ComponentSpec(
            code=row.code,
            name=row.name,
            max_points=self.maximum(row),
            children=tuple(self.spec(self.rows[code]) for code in row.children),
        )
