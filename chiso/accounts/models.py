"""A user belongs to one org unit with one role; the role and the unit decide what they see."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    COORDINATOR = "coordinator", _("Cơ quan thường trực CCHC")
    LEADER = "leader", _("Lãnh đạo đơn vị")
    OFFICER = "officer", _("Cán bộ đơn vị")
    VIEWER = "viewer", _("Người xem")


class User(AbstractUser):
    """A civil servant (or an administrator) of one unit.

    Admins and coordinators see the whole province the unit belongs to; the other roles see
    their unit's subtree. Viewers never change anything.
    """

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = pgettext_lazy("plural", "người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username
