from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "chiso.tracking"
    verbose_name = _("Theo dõi tiến độ")

    def ready(self) -> None:
        from chiso.audit.recording import track

        from . import models, signals

        track(models.ProgressUpdate, exclude={"updated_at"})
        track(models.Evidence)
        track(models.ReportingPeriod)
        signals.connect(self)
