from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Enforcement cases")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from celery.schedules import crontab

        from cases import (
            actions,  # the actions table registers the case's own actions (and their audit events)
            events,
            selectors,
        )
        from cases import (
            registry as case_registry,
        )
        from enforcement import registry
        from enforcement.choices import Role

        registry.browser_urls.register(registry.UrlInclude("cases.urls"))  # cases/, approvals/, public/case/
        registry.api_urls.register(registry.UrlInclude("cases.api.urls"))
        for item in (
            registry.NavItem(_("Cases"), "cases:list", roles=tuple(Role.court_roles()), order=100),
            registry.NavItem(_("File a case"), "cases:new", roles=(Role.CLERK, Role.JUDGE), order=110),
            # for every role that approves something in the actions table, whichever app registered it
            registry.NavItem(
                _("Approvals"),
                "cases:approvals",
                roles=actions.approver_roles,
                badge=selectors.approval_inbox_count,
                order=120,
            ),
        ):
            registry.navigation.register(item)
        registry.home_panels.register(registry.HomePanel("cases", selectors.home_items, order=100))
        case_registry.next_steps.register(case_registry.NextSteps("cases", selectors.case_statutory_steps))
        for kind in (
            case_registry.TimelineKind("money", _("Money"), ("money.", "payout."), order=300),
            case_registry.TimelineKind("approvals", _("Approvals"), ("approval.",), order=400),
        ):
            case_registry.timeline_kinds.register(kind)
        case_registry.list_filters.register(
            case_registry.ListFilter(
                "notice_pending", _("Execution notice not yet served"), selectors.notice_pending
            )
        )
        case_registry.list_batch_actions.register(
            case_registry.ListBatchAction(
                "assign_judge",
                _("Assign a judge to the selected cases"),
                "cases:batch-assign",
                roles=(Role.HEAD,),
                order=300,
            )
        )
        # what a request of the case's own actions is decided on (the ground, 终本's checklist)
        from cases.approval_facts import register_case_facts

        register_case_facts()
        # 终本's checklist on the case page, with the applicant heard and the respondents' whereabouts
        from cases.end_round_panel import end_round_panel_context

        case_registry.case_panels.register(
            case_registry.CasePanel(
                "end_round", "cases/partials/end_round_panel.html", context=end_round_panel_context, order=900
            )
        )
        # the settlement agreement, on the settled case and on the 执恢 case its breach opened
        from cases.settlement_panel import settlement_panel_context

        case_registry.case_panels.register(
            case_registry.CasePanel(
                "settlement",
                "cases/partials/settlement_panel.html",
                context=settlement_panel_context,
                order=950,
            )
        )
        registry.register_audit_event_types(*registry.declared_event_types(events))
        # case time limits: entering the last 30 days, and overdue
        registry.register_periodic_task(
            registry.PeriodicTask("case-deadline-sweep", "cases.deadline_sweep", crontab(hour=6, minute=0))
        )
