from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = _("Assistance notices")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from assets.registry import register_renewal_drafter
        from assistance import documents  # noqa: F401  (registers 协助执行通知书 and 司法建议函)
        from assistance.services import draft_renewal

        register_renewal_drafter(draft_renewal)
