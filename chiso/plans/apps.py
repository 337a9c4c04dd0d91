from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "chiso.plans"
    verbose_name = _("Kế hoạch")

    def ready(self) -> None:
        from chiso.audit.recording import track

        from . import models

        track(models.Plan, exclude={"updated_at", "search_key"})
        track(models.Task, m2m={"coordinators"})
        track(models.Target)
        track(models.PlanReference)
