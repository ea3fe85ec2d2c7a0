from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MoneyConfig(AppConfig):
    """The case-money ledger (执行款): a payment reference per case, money received, payouts
    proposed by the judge, approved by the head and executed by finance. Above assistance, beside
    sanctions and aid; cases never import it (the account is opened by a post_save receiver)."""

    name = "money"
    verbose_name = _("Case money")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from celery.schedules import crontab
        from django.db.models.signals import post_save

        from assistance.registry import AnswerHook, answer_hooks
        from cases import actions
        from cases.models import Case
        from cases.registry import CaseFigures, CasePanel, case_figures, case_panels
        from enforcement import registry
        from enforcement.choices import Role
        from money import events, hooks, selectors, services, standing

        registry.register_audit_event_types(*registry.declared_event_types(events))
        post_save.connect(services.open_on_filing, sender=Case, dispatch_uid="money.open_on_filing")
        case_panels.register(CasePanel("money", "money/case_panel.html", selectors.case_panel, order=450))
        registry.home_panels.register(registry.HomePanel("money", selectors.home_items, order=260))
        registry.browser_urls.register(registry.UrlInclude("money.urls"))
        registry.navigation.register(
            registry.NavItem(
                _("Reconciliation"),
                "money:reconciliation",
                roles=(Role.FINANCE, Role.HEAD, Role.SUPERVISOR),
                order=300,
            )
        )
        # money received and not paid out: warning at 20 days, overdue at 30 (money.rules)
        registry.register_periodic_task(
            registry.PeriodicTask(
                "money-payout-deadline", "money.payout_deadline_sweep", crontab(hour=6, minute=40)
            )
        )
        # 执行完毕 only with the account empty and nothing owed (or the applicant's confirmation)
        actions.add_condition("conclude", standing.money_settled)
        case_figures.register(CaseFigures("money", standing.figures, order=300))
        answer_hooks.register(AnswerHook("money.deduction", hooks.deduction_answered))
        # served distribution plans whose objection window passed without objection become payable
        registry.register_periodic_task(
            registry.PeriodicTask(
                "money-plan-payable", "money.plan_payable_sweep", crontab(hour=6, minute=45)
            )
        )
        # 恢复执行: the 执恢 case carries the original's ledger (money.carry)
        from money.carry import register_carry

        register_carry()
        registry.api_urls.register(
            registry.UrlInclude("money.api.urls")
        )  # money-accounts/, receipts/, payouts/
