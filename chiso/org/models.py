"""Org units, their peer groups for ranking, and the changes that end or create them."""

import datetime
import functools
import operator

from django.db import connection, models
from django.db.models import Func, Q, Value
from django.db.models.functions import Left, StrIndex, Substr
from django.db.models.lookups import Exact
from django.dispatch import Signal
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chiso.vietnamese.text import nfc, search_key

# Sent (sender=OrgUnit, unit=…) when a unit moves under another: its branch changed.
unit_moved = Signal()


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DISTRICT = "district", _("UBND huyện")
    COMMUNE = "commune", _("UBND xã, phường")
    DIVISION = "division", _("Phòng, đơn vị thuộc")
    EXTERNAL = "external", _("Cơ quan, tổ chức ngoài")


class PeerGroup(models.Model):
    """A block of units ranked together, e.g. "Khối sở, ban, ngành"."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)

    class Meta:
        verbose_name = _("khối xếp hạng")
        verbose_name_plural = pgettext_lazy("plural", "khối xếp hạng")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def in_subtree(unit: "OrgUnit", path_field: str = "path", indexed: bool = True) -> Q:
    """Rows whose unit (reached through `path_field`) is `unit` or lies below it. With
    `indexed` False the condition is written so that no database reads it from the path
    index: for a subtree that holds most rows, which another index finds faster."""
    if not indexed:
        return Q(Exact(Left(path_field, len(unit.path)), unit.path))
    return under_paths([unit.path], path_field)


def listed_ids(units: "models.QuerySet", most: int = 500) -> "list[int] | models.QuerySet":
    """The ids of these units as a list when there are at most `most` (a unit's subtree,
    a department's scope), else the ids as a subquery. Filtering tasks or coordinator links
    by a short list of ids lets PostgreSQL read them through their unit's index; with the
    subquery it scanned the 126,000 coordinator links of a province, or walked every task
    in deadline order testing each lead against it."""
    ids = list(units.values_list("pk", flat=True)[: most + 1])
    return ids if len(ids) <= most else units.values("pk")


def under_paths(paths: list[str], path_field: str = "path") -> Q:
    """Rows whose unit's path (through `path_field`) starts with one of `paths`.

    On SQLite LIKE is case-insensitive and cannot use the path index, so each prefix is
    written as a byte range ('/' + 1 == '0'); PostgreSQL compares text by collation, where
    punctuation may not sort by code point, and serves LIKE 'prefix%' from its pattern index.
    """
    if not paths:
        return Q(pk__in=[])
    if connection.vendor == "sqlite":
        each = [{f"{path_field}__gte": p, f"{path_field}__lt": p[:-1] + "0"} for p in paths]
    else:
        each = [{f"{path_field}__startswith": p} for p in paths]
    return functools.reduce(operator.or_, (Q(**lookup) for lookup in each))


def child_path(root: "OrgUnit", path_field: str = "path") -> Func:
    """For rows in `root`'s subtree, the path of the unit right below `root` they lie under
    ("/1/5/" for "/1/5/23/" below "/1/"); `root`'s own path for `root` itself. An SQL
    expression, to group a subtree's rows by branch."""
    start = len(root.path)
    rest = Substr(path_field, start + 1)
    return Substr(path_field, 1, Value(start) + StrIndex(rest, Value("/")))


class OrgUnitQuerySet(models.QuerySet):
    def subtree(self, unit: "OrgUnit") -> "OrgUnitQuerySet":
        """The unit and every unit below it."""
        return self.filter(in_subtree(unit))

    def active_on(self, day: datetime.date) -> "OrgUnitQuerySet":
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def current(self) -> "OrgUnitQuerySet":
        return self.active_on(datetime.date.today())


class OrgUnit(models.Model):
    """A body in the tree: province → department / commune → division.

    `path` is the materialised chain of ids ("/1/7/42/") so that a subtree is one indexed
    prefix query; `search_key` is the accent-free key of the name used by every matcher.
    A unit that ended keeps its row: `valid_until` says when, `UnitChange` says what followed.
    """

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên đầy đủ"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    aliases = models.JSONField(_("tên khác, viết tắt"), default=list, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    peer_group = models.ForeignKey(
        PeerGroup,
        verbose_name=_("khối xếp hạng"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units",
    )
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_until = models.DateField(_("hoạt động đến"), null=True, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    search_key = models.CharField(max_length=255, db_index=True, editable=False, default="")

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.aliases = [nfc(alias) for alias in self.aliases if nfc(alias)]
        self.search_key = search_key(self.name)[:255]
        if self.path and self.parent_id and self.parent.is_within(self):
            raise ValueError(f"{self.code}: a unit cannot sit below itself")
        super().save(*args, **kwargs)
        self._refresh_path()

    def get_absolute_url(self) -> str:
        return reverse("org:unit", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to the parent."""
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    def ancestors(self) -> "OrgUnitQuerySet":
        return OrgUnit.objects.filter(pk__in=self.ancestor_ids())

    def is_within(self, other: "OrgUnit") -> bool:
        """True when this unit is `other` or below it."""
        return self.path.startswith(other.path)

    def name_on(self, day: datetime.date) -> str:
        """The unit's name on `day`: the former name kept by the first rename after it."""
        later = (
            self.changes_out.filter(kind=ChangeKind.RENAME, date__gt=day).order_by("date").first()
        )
        return later.former_name if later else self.name

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def _refresh_path(self) -> None:
        """Recompute the materialised path, and the descendants' when it moved."""
        parent_path = self.parent.path if self.parent_id else "/"
        new_path = f"{parent_path}{self.pk}/"
        if new_path == self.path:
            return
        old_path = self.path
        OrgUnit.objects.filter(pk=self.pk).update(path=new_path)
        self.path = new_path
        if old_path:
            for child in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                child.path = new_path + child.path[len(old_path) :]
                OrgUnit.objects.filter(pk=child.pk).update(path=child.path)
            unit_moved.send(sender=OrgUnit, unit=self)


class ChangeKind(models.TextChoices):
    CREATE = "create", _("Thành lập")
    MOVE = "move", _("Điều chuyển")
    RENAME = "rename", _("Đổi tên")
    MERGE = "merge", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    ABOLISH = "abolish", _("Giải thể, kết thúc hoạt động")


class UnitChange(models.Model):
    """One reorganisation event: which units ended and which took over, on which date.

    A move or a rename names the unit as both predecessor and successor and keeps what it
    was: its parent before the move, its name before the rename.
    """

    kind = models.CharField(_("loại thay đổi"), max_length=20, choices=ChangeKind.choices)
    date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    predecessors = models.ManyToManyField(
        OrgUnit, verbose_name=_("đơn vị trước"), related_name="changes_out", blank=True
    )
    successors = models.ManyToManyField(
        OrgUnit, verbose_name=_("đơn vị sau"), related_name="changes_in", blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)
    former_name = models.CharField(_("tên trước khi đổi"), max_length=255, blank=True)
    former_parent = models.ForeignKey(
        OrgUnit,
        verbose_name=_("cấp trên trước khi điều chuyển"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("thay đổi tổ chức")
        verbose_name_plural = pgettext_lazy("plural", "thay đổi tổ chức")
        ordering = ["-date"]

    def __str__(self) -> str:
        # The audit trail names a change as soon as it is created, its date maybe as given.
        day = datetime.date.fromisoformat(self.date) if isinstance(self.date, str) else self.date
        return f"{self.get_kind_display()} {day:%d/%m/%Y}"
