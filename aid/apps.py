from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    """国家司法救助: court budgets as ledgers, applications reviewed by the judge and approved by the
    head (or the court's aid committee) within a cap, paid once by finance; above money (the aid is
    a line of the case's ledger that does not reduce the debt) and assistance (the referral)."""

    name = "aid"
    verbose_name = _("Judicial aid")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from celery.schedules import crontab

        from aid import documents, events, selectors
        from cases.registry import CasePanel, case_panels
        from enforcement import registry
        from money.registry import LedgerLines, ledger_lines

        registry.register_audit_event_types(*registry.declared_event_types(events))
        documents.register_kinds()
        ledger_lines.register(LedgerLines("aid", selectors.ledger_lines))
        case_panels.register(CasePanel("aid", "aid/case_panel.html", selectors.case_panel, order=460))
        registry.home_panels.register(registry.HomePanel("aid", selectors.home_items, order=270))
        registry.browser_urls.register(registry.UrlInclude("aid.urls"))
        registry.api_urls.register(registry.UrlInclude("aid.api.urls"))
        registry.navigation.register(
            registry.NavItem(
                _("Judicial aid"),
                "aid:list",
                roles=("clerk", "judge", "head", "finance", "supervisor"),
                order=470,
            )
        )
        # decision due within 10 working days (warned 2 before, then overdue); applicant to be told
        registry.register_periodic_task(
            registry.PeriodicTask("aid-deadlines", "aid.deadline_sweep", crontab(hour=6, minute=50))
        )
