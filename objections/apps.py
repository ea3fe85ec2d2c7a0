from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectionsConfig(AppConfig):
    """执行异议 and 案外人异议 (执异 cases) and their reconsideration (执复 cases at the higher court),
    linked to the enforcement case, with their statutory deadlines. Beside disposal: an outsider's
    objection to an asset holds its disposal through assets.registry.disposal_blockers."""

    name = "objections"
    verbose_name = _("Objections and reconsideration")
    default_auto_field = "django.db.models.BigAutoField"
