"""Import the survey points (điểm điều tra xã hội học) of a scoring window from a table
(`chiso import-survey-points`, and the same from the browser): a line per unit of the window,
a column per survey-part sub-criterion, each cell entered by the council's appraisal step;
the file is taken whole or refused whole."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from chiso.frameworks.models import Component
from chiso.metrics.reading import FileError
from chiso.org.unit_keys import unit_keys
from chiso.vietnamese.text import decimal_text, search_key

from . import cycle
from .models import Assessment, Part, Score, Window
from .results_file import NAME_HEADERS, CellError, ResultsRefused, read_results

UNIT_COLUMN = NAME_HEADERS["units"][0]


@dataclass(frozen=True)
class SurveyPointsResult:
    name: str  # the file's name
    units: int  # units with at least one score set
    scores: int  # scores set


@dataclass(frozen=True)
class UnitRefused(CellError):
    """A line the cycle refuses: the unit's scores cannot be entered now."""

    code: str = ""  # the sub-criterion whose entry was refused

    def __str__(self) -> str:
        return _("Dòng %(line)s, đơn vị “%(unit)s”, tiêu chí %(code)s: %(reason)s") % {
            "line": self.line,
            "unit": self.value,
            "code": self.code,
            "reason": self.expected,
        }


def survey_components(window: Window) -> list[Component]:
    """The sub-criteria of the window's survey part, in the framework's order."""
    return list(_survey_part(window).order_by("order"))


def has_survey_part(window: Window) -> bool:
    return _survey_part(window).exists()


def _survey_part(window: Window):
    return Component.objects.filter(framework=window.scheme.framework, rule__part=Part.SURVEY)


def import_survey_points(
    window: Window,
    path: Path,
    workdir: Path,
    user,
    may_enter: Callable[[Assessment], bool] | None = None,
) -> SurveyPointsResult:
    """Enter the survey points of the table at `path` in `window` as the council's points;
    an empty cell or a unit the table leaves out is untouched; a line for a unit whose points
    the user may not enter (`may_enter`) is refused. FileError for a file that is no
    such table, ResultsRefused naming every bad cell or line; nothing is written then."""
    parts = survey_components(window)
    if not parts:
        framework = window.scheme.framework
        raise FileError(
            _(
                "Bộ chỉ số %(index)s năm %(year)s không có tiêu chí nào thuộc phần điều tra xã "
                "hội học: đợt chấm điểm này không có điểm điều tra để nhập."
            )
            % {"index": framework.code, "year": framework.year}
        )
    units = _WindowUnits(window, may_enter)
    table = read_results(
        path,
        workdir,
        scope="units",
        components={c.code: c.name for c in parts},
        # the maximum cycle.appraise allows
        maxima={c.code: c.max_points or Decimal(0) for c in parts},
        check_name=units,
    )
    if not table.components:  # a "Tổng" column only: survey points are entered per criterion
        raise FileError(
            _(
                "Tệp %(name)s không có cột điểm điều tra nào: cần các cột %(codes)s (theo mã "
                "hoặc tên)."
            )
            % {"name": path.name, "codes": ", ".join(c.code for c in parts)}
        )
    scores = {
        (s.assessment_id, s.component.code): s
        for s in Score.objects.filter(
            assessment__window=window, component__in=parts
        ).select_related("component", "assessment")
    }
    for score in scores.values():
        score.assessment.window = window  # read by the cycle's checks
    # an entry over points chiso gave from its own survey data is a change with this reason
    reason = _("Nhập từ tệp %(name)s") % {"name": path.name}
    errors: list[CellError] = []
    units_set = scores_set = 0
    with transaction.atomic():
        for row in table.rows:
            assessment = units.found[row.line]
            entered = 0
            for code, points in row.components.items():
                if points is None:
                    continue
                score = scores.get((assessment.pk, code))
                if score is None:
                    errors.append(
                        CellError(row.line, code, decimal_text(points), _not_applying(code))
                    )
                    continue
                try:
                    cycle.appraise(score, user, points, reason)
                except cycle.CycleError as error:
                    # The cycle's checks hold for the whole assessment: one error a line.
                    errors.append(UnitRefused(row.line, UNIT_COLUMN, row.name, str(error), code))
                    break
                entered += 1
            units_set += entered > 0
            scores_set += entered
        if errors:
            raise ResultsRefused(path.name, errors)  # rolls back what was entered
    return SurveyPointsResult(path.name, units_set, scores_set)


class _WindowUnits:
    """The assessment each line names (`check_name`), by the unit's name, short name, code or
    other name as the results import reads them: what was expected of a name that is no unit
    of the window, or that an earlier line named."""

    def __init__(self, window: Window, may_enter: Callable[[Assessment], bool] | None):
        self.may_enter = may_enter
        self.keys = unit_keys()
        self.assessments = {a.unit.code: a for a in window.assessments.select_related("unit")}
        self.found: dict[int, Assessment] = {}  # line → the assessment of the unit it names
        self.seen: dict[str, int] = {}  # unit code → its line

    def __call__(self, line: int, name: str) -> str | None:
        code = self.keys.get(search_key(name))
        if code not in self.assessments:
            return _("tên, tên ngắn, mã hoặc tên khác của một đơn vị được chấm trong đợt này")
        if self.may_enter and not self.may_enter(self.assessments[code]):
            return _("một đơn vị bạn được thẩm định (thành viên không chấm đơn vị mình)")
        if code in self.seen:
            return _("mỗi đơn vị một dòng (đã có ở dòng %(line)s)") % {"line": self.seen[code]}
        self.seen[code] = line
        self.found[line] = self.assessments[code]
        return None


def _not_applying(code: str) -> str:
    return _("ô trống: tiêu chí %(code)s không áp dụng cho đơn vị này") % {"code": code}
