from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "chiso.surveys"
    verbose_name = _("Khảo sát sự hài lòng")

    def ready(self) -> None:
        from chiso.audit.recording import track

        from . import models

        for model in (models.Questionnaire, models.SurveyRound, models.RoundUnit):
            track(model)
