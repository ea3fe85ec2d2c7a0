from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisposalConfig(AppConfig):
    """处置变价: the reference price (参考价) of a held asset, online judicial auctions and their
    rounds, 变卖 and 以物抵债. Above money (proceeds become a receipt of the case) and assets; beside
    sanctions, aid and objections (an outsider's objection holds a disposal through
    assets.registry.disposal_blockers)."""

    name = "disposal"
    verbose_name = _("Disposal of assets")
    default_auto_field = "django.db.models.BigAutoField"
