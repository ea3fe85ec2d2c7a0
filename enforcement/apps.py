from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("Courts, agencies and audit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import media_checks, signals  # noqa: F401  (system checks; login/logout audit)


class AxesConfig(AxesAppConfig):
    """django-axes under a Chinese name in the admin (the app itself has none)."""

    verbose_name = _("Sign-in lock-out")
