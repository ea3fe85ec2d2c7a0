from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Official PDF documents (DESIGN 7): kinds, numbering, issue, preview, batches, verification and
    the sweep of orphaned files. Above cases (it reads cases and parties), below assistance."""

    name = "documents"
    verbose_name = _("Documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from documents import kinds  # noqa: F401  (registers 执行通知书 and 报告财产令)
