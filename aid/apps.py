from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "aid"
    verbose_name = _("Judicial aid")
    default_auto_field = "django.db.models.BigAutoField"
