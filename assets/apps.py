from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    """Assets of respondents and the control measures on them (DESIGN 3.4): statutory terms,
    the over-seizure figures, expiry warnings. Above cases, below assistance."""

    name = "assets"
    verbose_name = _("Assets and control measures")
    default_auto_field = "django.db.models.BigAutoField"
