from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocimportConfig(AppConfig):
    name = "chiso.docimport"
    verbose_name = _("Nhập văn bản kế hoạch")
