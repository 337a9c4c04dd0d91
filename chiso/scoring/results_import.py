"""Import a published results table of an index and year (`chiso import-results`, and the
same from the browser): each line's province or unit found, its total taken or computed, the
table stored whole or refused whole, and the ranks it printed compared with chiso's.

A total the table does not give is computed by the index's rule: PAR INDEX and PAPI add their
components, SIPAS averages them, PCI weighs each sub-index (0–10) by its weight (the
framework's maximum points) ÷ 10; an entry with a missing component has no total."""

import datetime
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from chiso.frameworks.models import Component, Framework
from chiso.org.models import OrgUnit
from chiso.org.unit_keys import unit_keys
from chiso.vietnamese.text import search_key

from .models import ResultEntry, ResultScope, ResultSet
from .provinces import find_province, provinces
from .rankings import ranking
from .results_file import ResultRow, read_results

TEN = Decimal(10)


@dataclass(frozen=True)
class RankDisagreement:
    name: str
    line: int
    published: int
    ours: int | None


@dataclass
class ImportedResults:
    result_set: ResultSet
    entries: int
    skipped: list[tuple[int, str]] = field(default_factory=list)
    disagreements: list[RankDisagreement] = field(default_factory=list)


def import_results(
    path: Path, index: str, year: int, scope: str = ResultScope.NATIONAL, user=None
) -> ImportedResults:
    """Store the table at `path` as the results of `index` in `year` (replacing an earlier
    import of the same); FileError or ResultsRefused (every bad cell) otherwise."""
    index = index.upper()
    framework = Framework.objects.filter(code=index, year=year).first()
    parts = list(
        Component.objects.filter(framework=framework, parent=None).order_by("order")
        if framework
        else []
    )
    places = _Places(scope, year)
    with tempfile.TemporaryDirectory(prefix="chiso-results-") as workdir:
        table = read_results(
            path,
            Path(workdir),
            scope=scope,
            components={c.code: c.name for c in parts} or None,
            maxima=_maxima(index, parts),
            check_name=places,
        )
    weights = {c.code: c.max_points for c in parts}
    with transaction.atomic():
        ResultSet.objects.filter(index=index, year=year, scope=scope).delete()
        results = ResultSet.objects.create(
            index=index,
            year=year,
            scope=scope,
            framework=framework,
            components=table.components,
            source_name=path.name[:255],
            imported_by=user,
        )
        ResultEntry.objects.bulk_create(
            [
                ResultEntry(
                    result_set=results,
                    written_name=row.name[:255],
                    line=row.line,
                    components={
                        c: None if v is None else str(v) for c, v in row.components.items()
                    },
                    total=row.total if table.has_total else total_of(index, row, weights),
                    published_rank=row.rank,
                    **places.found[row.line],
                )
                for row in table.rows
            ]
        )
    found = ImportedResults(results, len(table.rows), list(table.skipped))
    for item in ranking(index, year, scope):
        published = item.entry.published_rank
        if published is not None and published != item.rank:
            found.disagreements.append(
                RankDisagreement(item.entry.written_name, item.entry.line, published, item.rank)
            )
    return found


def total_of(index: str, row: ResultRow, weights: dict[str, Decimal | None]) -> Decimal | None:
    """The total of a line that the table does not give, by the index's rule; None when a
    component is missing."""
    values = list(row.components.values())
    if not values or any(v is None for v in values):
        return None
    if index == "SIPAS":
        return sum(values) / len(values)
    if index == "PCI":
        if any(weights.get(code) is None for code in row.components):
            return None
        return sum(v * weights[code] / TEN for code, v in row.components.items())
    return sum(values)


def _maxima(index: str, parts: list[Component]) -> dict[str, Decimal]:
    """The highest points each component can have: PCI's sub-indices are 0–10 (their
    maximum points are weights), SIPAS's components percentages."""
    if index == "PCI":
        return {c.code: TEN for c in parts}
    if index == "SIPAS":
        return {c.code: Decimal(100) for c in parts}
    return {c.code: c.max_points for c in parts if c.max_points is not None}


class _Places:
    """The province or unit each line names, read as the file is (`check_name`): what was
    expected of a name that is none of that year's, or that an earlier line named."""

    def __init__(self, scope: str, year: int):
        self.national = scope == ResultScope.NATIONAL
        self.year = year
        self.existing = {p.code for p in provinces(year)} if self.national else set()
        self.keys = {} if self.national else unit_keys()
        year_start, year_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        self.units = dict(  # code → id of the units that existed in the year
            OrgUnit.objects.filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=year_end),
                Q(valid_until__isnull=True) | Q(valid_until__gte=year_start),
            ).values_list("code", "pk")
        )
        self.found: dict[int, dict] = {}  # line → the entry's province or unit
        self.seen: dict[str, int] = {}  # province or unit code → its line

    def __call__(self, line: int, name: str) -> str | None:
        if self.national:
            province = find_province(name, self.year)
            code = province.code if province and province.code in self.existing else None
            place = {"province": code}
            expected = _("tên một tỉnh, thành phố có trong năm %(year)s") % {"year": self.year}
        else:  # a unit of the org tree that existed in the year
            code = self.keys.get(search_key(name))
            unit = self.units.get(code)
            code = code if unit else None
            place = {"unit_id": unit}
            expected = _(
                "tên, tên ngắn, mã hoặc tên khác của một đơn vị trong cây tổ chức có trong năm "
                "%(year)s"
            ) % {"year": self.year}
        if code is None:
            return expected
        if code in self.seen:
            return _("mỗi nơi một dòng (đã có ở dòng %(line)s)") % {"line": self.seen[code]}
        self.seen[code] = line
        self.found[line] = place
        return None
