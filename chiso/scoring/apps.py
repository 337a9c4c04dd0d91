from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "chiso.scoring"
    verbose_name = _("Chấm điểm và xếp hạng")
