"""A framework copied to another year with its whole component tree, so that a new year's
method starts as the last one and is then edited where it changed. Used by the admin action,
`chiso copy-framework` and the demo; each copy is one transaction."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from .models import Component, Framework

FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years a framework file may name


class FrameworkCopyError(Exception):
    """The copy was not made; the message says why, in Vietnamese."""


def copy_framework(code: str, from_year: int, to_year: int) -> Framework:
    """The framework `code` of `from_year` copied to `to_year` with every component (same
    codes, names, levels, order, maximum points, descriptions); refused when the source is
    missing or `to_year` already has that framework."""
    if not FIRST_YEAR <= to_year <= LAST_YEAR:
        raise FrameworkCopyError(
            _("Năm %(year)s không hợp lệ: cần một năm từ %(first)d đến %(last)d.")
            % {"year": to_year, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    source = Framework.objects.filter(code__iexact=code.strip(), year=from_year).first()
    if source is None:
        raise FrameworkCopyError(
            _("Không có bộ chỉ số %(code)s năm %(year)d để sao chép.")
            % {"code": code.strip(), "year": from_year}
        )
    if Framework.objects.filter(code=source.code, year=to_year).exists():
        raise FrameworkCopyError(_already_there(source.code, to_year))
    try:
        with transaction.atomic():
            copy = _copy_framework_row(source, to_year)
            _copy_components(source, copy)
    except IntegrityError:  # made meanwhile by someone else
        raise FrameworkCopyError(_already_there(source.code, to_year)) from None
    return copy


def copy_latest_to(year: int) -> list[Framework]:
    """For each index that has no framework of `year`, a copy of its latest earlier one
    (plans of a year whose method is not out yet are tracked against the last method)."""
    latest = (
        Framework.objects.filter(year__lt=year)
        .exclude(code__in=Framework.objects.filter(year=year).values("code"))
        .values("code")
        .annotate(year=Max("year"))
        .order_by("code")
    )
    return [copy_framework(row["code"], row["year"], year) for row in latest]


def _already_there(code: str, year: int) -> str:
    return _("Đã có bộ chỉ số %(code)s năm %(year)d; không sao chép đè lên.") % {
        "code": code,
        "year": year,
    }


def _copy_framework_row(source: Framework, to_year: int) -> Framework:
    note = _(
        "Sao chép từ bộ năm %(year)d: cần đối chiếu phương pháp của năm %(to_year)d và sửa "
        "những gì đã thay đổi."
    ) % {"year": source.year, "to_year": to_year}
    return Framework.objects.create(
        code=source.code,
        year=to_year,
        name=source.name,
        short_name=source.short_name,
        version=source.version,
        legal_basis=source.legal_basis,
        max_points=source.max_points,
        description=f"{source.description}\n\n{note}".strip(),
    )


def _copy_components(source: Framework, copy: Framework) -> None:
    """The component tree, a level at a time (parents before their children), in as many
    inserts as the tree has levels."""
    made: dict[int, int] = {}  # source component id → its copy's id
    remaining = list(source.components.order_by("level", "order", "pk"))
    while remaining:
        ready = [c for c in remaining if c.parent_id is None or c.parent_id in made]
        if not ready:  # a parent outside this framework: the tree is broken, copy nothing
            raise FrameworkCopyError(
                _("Cây thành phần của %(framework)s bị lỗi: %(code)s thuộc thành phần ngoài bộ.")
                % {"framework": source, "code": remaining[0].code}
            )
        copies = Component.objects.bulk_create(
            Component(
                framework=copy,
                parent_id=made.get(item.parent_id),
                code=item.code,
                name=item.name,
                level=item.level,
                max_points=item.max_points,
                order=item.order,
                description=item.description,
            )
            for item in ready
        )
        made.update((item.pk, new.pk) for item, new in zip(ready, copies, strict=True))
        remaining = [c for c in remaining if c.pk not in made]
