"""A province's own scoring index as a workbook an officer edits and loads again.

The layout (.xlsx; sheet names, labels, headers and words match without accents or case):
- “Thông tin”: label | value rows “Mã chỉ số”, “Tên”, “Năm”, “Điểm tối đa”, “Đơn vị được
  chấm” (unit kinds separated by “;”) and, optionally, “Căn cứ”;
- “Tiêu chí”: one row per field, criterion and sub-criterion, columns “Mã” (codes nest by
  dots), “Tên”, “Điểm tối đa”, “Phần”, “Cách tính”, “Nguồn số liệu”, “Mã chỉ tiêu, chỉ số”,
  “Ngưỡng”, “Điểm khi trễ hạn”, “Không áp dụng cho”;
- “Xếp loại” (optional): “Xếp loại” | “Từ (%)”.

`read_scheme` checks a workbook whole (`scheme_reading`, `scheme_criteria`), `load_scheme`
stores it as a framework, its scheme and one rule per sub-criterion, and `write_scheme`
(`scheme_writing`) writes a framework back in the same layout.
"""

from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from chiso.audit.recording import acting_user
from chiso.frameworks.loading import FrameworkSpec, load_framework
from chiso.frameworks.models import Framework
from chiso.vietnamese.text import decimal_text

from .models import Rule, Scheme, Score
from .scheme_criteria import read_criteria
from .scheme_reading import (
    INFO_ROWS,
    SHEETS,
    Info,
    Problems,
    SchemeFileError,
    SchemeSpec,
    find_sheets,
    open_workbook,
    read_grades,
    read_info,
    read_table,
)
from .scheme_writing import write_scheme

__all__ = ["SchemeFileError", "SchemeInUse", "load_scheme", "read_scheme", "write_scheme"]


class SchemeInUse(SchemeFileError):
    """The framework is being scored: changing it would change points already given."""


def read_scheme(path: Path | str) -> SchemeSpec:
    """The scheme of workbook `path`; SchemeFileError listing every problem found."""
    path = Path(path)
    book = open_workbook(path)
    problems = Problems()
    sheets = find_sheets(book, problems)
    info = read_info(sheets["info"], problems) if "info" in sheets else Info({}, {})
    criteria, grades = None, ()
    if "criteria" in sheets:
        table = read_table("criteria", sheets["criteria"], problems, ("code", "name", "max"))
        if table and not table.rows:
            problems.add(SHEETS["criteria"], None, "", None, _("chưa có tiêu chí nào."))
        criteria = read_criteria(table, problems) if table else None
    if "grades" in sheets:
        table = read_table("grades", sheets["grades"], problems, ("name", "low"))
        grades = read_grades(table, problems) if table else ()
    expected = info.values.get("max")
    scored = criteria.scored if criteria else None
    if scored is not None and expected is not None and scored != expected:
        message = _(
            "các tiêu chí phần “Tự đánh giá” và “Điều tra xã hội học” cộng lại %(total)s — cần "
            "bằng điểm tối đa của bộ chỉ số (điểm thưởng, điểm trừ không tính vào)."
        ) % {"total": decimal_text(scored)}
        problems.add(
            SHEETS["info"], info.rows["max"], INFO_ROWS["max"], decimal_text(expected), message
        )
    if problems or criteria is None:
        order = {title: index for index, title in enumerate(SHEETS.values())}
        problems.sort(key=lambda problem: (order.get(problem.sheet, -1), problem.row or 0))
        raise SchemeFileError(path.name, [str(problem) for problem in problems])
    values = info.values
    framework = FrameworkSpec(
        source=path.name,
        code=values["code"],
        name=values["name"],
        year=values["year"],
        legal_basis=values.get("basis") or "",
        max_points=values["max"],
        components=criteria.components,
    )
    return SchemeSpec(framework, values["units"], grades, criteria.rules)


def load_scheme(path: Path | str, user=None) -> Scheme:
    """Check workbook `path` and store it in one transaction: the framework and its component
    tree, its scheme, one rule per sub-criterion. Loading the same file again changes nothing;
    a framework some unit has scored is refused (SchemeInUse)."""
    path = Path(path)
    spec = read_scheme(path)
    with acting_user(user), transaction.atomic():
        framework = Framework.objects.filter(
            code=spec.framework.code, year=spec.framework.year
        ).first()
        if framework is not None:
            _clear_blank_scores(framework, spec, path.name)
        framework = load_framework(spec.framework)
        scheme, _created = Scheme.objects.update_or_create(
            framework=framework,
            defaults={
                "unit_kinds": list(spec.unit_kinds),
                "bands": [[name, f"{low.normalize():f}"] for name, low in spec.grades],
                "source_name": path.name[:255],
            },
        )
        leaves = {rule.code for rule in spec.rules}
        Rule.objects.filter(component__framework=framework).exclude(
            component__code__in=leaves
        ).delete()
        components = {c.code: c for c in framework.components.filter(code__in=leaves)}
        for rule in spec.rules:
            Rule.objects.update_or_create(
                component=components[rule.code],
                defaults={
                    "part": rule.part,
                    "kind": rule.kind,
                    "source": rule.source,
                    "source_code": rule.source_code,
                    "bands": rule.bands,
                    "late_points": rule.late_points,
                    "not_for_kinds": list(rule.not_for_kinds),
                    "not_for_units": list(rule.not_for_units),
                },
            )
    return scheme


def _clear_blank_scores(framework: Framework, spec: SchemeSpec, name: str) -> None:
    """Refuse a framework that has points, or a unit's words on a sub-criterion the file
    drops; delete the blank score rows of the dropped ones (nothing was written in them)."""
    scores = Score.objects.filter(assessment__window__scheme__framework=framework)
    if scores.filter(Q(self_points__isnull=False) | Q(council_points__isnull=False)).exists():
        message = _(
            "Bộ chỉ số %(code)s năm %(year)s đã có đơn vị chấm điểm theo bộ này nên không sửa "
            "được nữa: hãy sao chép sang năm sau (đổi “Năm” ở trang “Thông tin”)."
        )
        raise SchemeInUse(name, [message % {"code": framework.code, "year": framework.year}])
    dropped = scores.exclude(component__code__in=[rule.code for rule in spec.rules])
    written = dropped.filter(Q(evidence__isnull=False) | ~Q(explanation="") | ~Q(answer=""))
    codes = sorted(set(written.values_list("component__code", flat=True)))
    if codes:
        message = _(
            "Bộ chỉ số %(code)s năm %(year)s: đơn vị đã ghi giải thích hoặc tài liệu kiểm chứng "
            "cho %(codes)s mà tệp bỏ đi — hãy giữ các tiêu chí đó."
        ) % {"code": framework.code, "year": framework.year, "codes": ", ".join(codes)}
        raise SchemeInUse(name, [message])
    dropped.delete()
