from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "chiso.org"
    verbose_name = _("Tổ chức")

    def ready(self) -> None:
        from chiso.audit.recording import track

        from . import models

        # The path and the search key follow from the parent and the name.
        track(models.OrgUnit, exclude={"path", "search_key"})
        track(models.UnitChange, m2m={"predecessors", "successors"})
