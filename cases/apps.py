from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Enforcement cases")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cases import actions  # noqa: F401  (registers the case actions table)
