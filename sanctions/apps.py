from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SanctionsConfig(AppConfig):
    """Sanctions against respondents: the defaulter list (失信被执行人名单), consumption-restriction
    orders (限制消费令), the public search and the joint-punishment check API. Above money; registers
    everything it adds to the case, documents, home page, beat and the API from ready()."""

    name = "sanctions"
    verbose_name = _("Sanctions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from celery.schedules import crontab

        from cases.actions import END_ROUND, add_condition, add_on_approved
        from cases.registry import CasePanel, case_panels
        from enforcement import registry
        from sanctions import documents, events, selectors, services  # noqa: F401 (documents registers its kinds)

        registry.register_audit_event_types(*registry.declared_event_types(events))
        case_panels.register(
            CasePanel("sanctions", "sanctions/case_panel.html", selectors.case_panel, order=470)
        )
        registry.home_panels.register(registry.HomePanel("sanctions", selectors.home_items, order=270))
        registry.browser_urls.register(registry.UrlInclude("sanctions.urls"))
        registry.api_urls.register(registry.UrlInclude("sanctions.api.urls"))
        # 终本 needs a 限制消费令 against every respondent (终本规定 2016 art. 1)
        add_condition(END_ROUND, selectors.consumption_order_issued)
        # closing the case lifts its sanctions in the decision's transaction
        for action, hook in services.ON_CLOSING.items():
            add_on_approved(action, hook)
        # expired entries and those with a recorded ground for removal (失信名单规定 art. 10)
        registry.register_periodic_task(
            registry.PeriodicTask(
                "sanctions-defaulter-removal", "sanctions.defaulter_removal_sweep", crontab(hour=1, minute=10)
            )
        )
        from sanctions.penalty_registration import register_all

        register_all()
