from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "chiso.reporting"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self):
        from chiso.tracking.reminders import reminding

        from .reminders import remind_reports

        reminding.connect(remind_reports, dispatch_uid="chiso.reporting.reports_due")
