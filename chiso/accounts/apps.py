from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "chiso.accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from chiso.audit.recording import track

        from . import models

        # A user's unit and role decide what they see; the password and logins are not data.
        track(models.User, exclude={"password", "last_login"})
