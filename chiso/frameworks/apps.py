from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "chiso.frameworks"
    verbose_name = _("Bộ chỉ số")
