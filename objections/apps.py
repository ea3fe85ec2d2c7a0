from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectionsConfig(AppConfig):
    """执行异议 and 案外人异议 (执异 cases) and their reconsideration (执复 cases at the higher court),
    linked to the enforcement case, with their statutory deadlines. Beside disposal: an outsider's
    objection to an asset holds its disposal through assets.registry.disposal_blockers."""

    name = "objections"
    verbose_name = _("Objections and reconsideration")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from celery.schedules import crontab

        from assets.registry import register_disposal_blocker
        from cases.registry import CasePanel, NextSteps, TimelineKind, case_panels, next_steps, timeline_kinds
        from enforcement import registry
        from objections import (
            documents,  # noqa: F401 — registers the document kinds
            events,
            selectors,
            services,
        )

        registry.register_audit_event_types(*registry.declared_event_types(events))
        register_disposal_blocker(services.disposal_blocker)
        case_panels.register(
            CasePanel("objections", "objections/case_panel.html", selectors.case_panel, order=470)
        )
        next_steps.register(NextSteps("objections", selectors.case_objection_steps))
        timeline_kinds.register(TimelineKind("objections", _("Objections"), ("objection.",)))
        registry.home_panels.register(registry.HomePanel("objections", selectors.home_items, order=270))
        registry.browser_urls.register(registry.UrlInclude("objections.urls"))
        registry.api_urls.register(registry.UrlInclude("objections.api.urls"))
        # objections not accepted or decided in time, reconsiderations not decided in time (once each)
        registry.register_periodic_task(
            registry.PeriodicTask(
                "objections-deadlines", "objections.deadlines_sweep", crontab(hour=6, minute=50)
            )
        )
