from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("Courts, agencies and audit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import media_checks, signals  # noqa: F401  (system checks; login/logout audit)
