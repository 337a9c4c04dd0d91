from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "chiso.metrics"
    verbose_name = _("Chỉ tiêu dịch vụ công")

    def ready(self) -> None:
        from chiso.audit.recording import track

        from . import models

        track(models.DataImport)
