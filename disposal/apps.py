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

    def ready(self):
        from cases.registry import CasePanel, NextSteps, case_panels, next_steps
        from disposal import documents, events, selectors  # noqa: F401  (documents registers its kinds)
        from enforcement import registry
        from money.registry import LedgerLines, ledger_lines

        registry.register_audit_event_types(*registry.declared_event_types(events))
        case_panels.register(
            CasePanel("disposal", "disposal/case_panel.html", selectors.case_panel, order=440)
        )
        next_steps.register(NextSteps("disposal", selectors.next_steps))
        registry.home_panels.register(registry.HomePanel("disposal", selectors.home_items, order=270))
        ledger_lines.register(LedgerLines("disposal", selectors.ledger_lines))
        registry.browser_urls.register(registry.UrlInclude("disposal.urls"))
        registry.api_urls.register(registry.UrlInclude("disposal.api.urls", prefix="disposal/"))
