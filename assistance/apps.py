from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = _("Assistance notices")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from celery.schedules import crontab

        from assets.registry import register_renewal_drafter
        from assistance import (
            actions,  # noqa: F401  (registers signing notices and the 超标的 actions)
            documents,  # noqa: F401  (registers 协助执行通知书 and 司法建议函)
            events,
            selectors,
        )
        from assistance.agency_side import liaison_pending_count
        from assistance.services import draft_renewals
        from cases.registry import (
            CasePanel,
            ListBatchAction,
            ListFilter,
            TimelineKind,
            case_panels,
            list_batch_actions,
        )
        from cases.registry import list_filters as case_list_filters
        from cases.registry import timeline_kinds as case_timeline_kinds
        from enforcement import registry
        from enforcement.choices import Role

        case_timeline_kinds.register(
            TimelineKind(
                "notices",
                _("Assistance notices"),
                ("notice.", "network_query.", "end_round_requery."),
                order=200,
            )
        )
        list_batch_actions.register(
            ListBatchAction(
                "network_query",
                _("Run a network query on the respondents of the selected cases"),
                "assistance:network-query-new",
                roles=(Role.JUDGE, Role.HEAD),
                order=200,
            )
        )
        case_list_filters.register(
            ListFilter("answers_waiting", _("Agency answer not yet registered"), selectors.answers_waiting)
        )
        case_list_filters.register(
            ListFilter("no_query_yet", _("No network query yet"), selectors.no_query_yet, ids_first=True)
        )
        case_list_filters.register(
            ListFilter(
                "notices_overdue", _("Assistance notice overdue at its agency"), selectors.notices_overdue
            )
        )
        # cases/<id>/assistance/…, assistance/… (court side), liaison/… (agency side)
        registry.browser_urls.register(registry.UrlInclude("assistance.urls"))
        registry.api_urls.register(
            registry.UrlInclude("assistance.api.court_urls")
        )  # network-queries/, notices/
        # the agency API, authenticated by agency tokens only
        registry.api_urls.register(registry.UrlInclude("assistance.api.urls", prefix="agency/"))
        for item in (
            # the agency scoreboard for the joint meeting (联席会议)
            registry.NavItem(
                _("Agency scoreboard"),
                "assistance:scoreboard",
                roles=(Role.HEAD, Role.SUPERVISOR, Role.ADMIN),
                order=900,
            ),
            # the liaison officer's inbox of their agency's notices
            registry.NavItem(
                _("Assistance notices"),
                "assistance:liaison-inbox",
                roles=(Role.LIAISON,),
                badge=liaison_pending_count,
                order=910,
            ),
        ):
            registry.navigation.register(item)
        registry.home_panels.register(registry.HomePanel("assistance", selectors.home_items, order=200))
        case_panels.register(CasePanel("assistance", "assistance/court/partials/case_panel.html", order=200))
        registry.register_audit_event_types(*registry.declared_event_types(events))
        register_renewal_drafter(draft_renewals)
        # what the head decides a measure beyond the debt on
        from assistance.approval_facts import register_assistance_facts

        register_assistance_facts()
        # what 终本 needs from asset investigation (终本规定 2016 art. 1): the network query answered,
        # nothing disposable, a missing respondent searched for
        from assistance.end_round import register_end_round_conditions

        register_end_round_conditions()
        # closing a case (执行完毕, 和解, 终结, 撤回) drafts the lifting notices of its measures
        from assistance.closing import register_lift_on_closing

        register_lift_on_closing()
        # after 终本 (终本规定 2016 art. 9): the half-yearly re-query, its list filter and work list
        from assistance.requery import register_requery

        register_requery()
        # assistance notices past their answer date; network queries left unfinished
        registry.register_periodic_task(
            registry.PeriodicTask(
                "notices-overdue-sweep", "assistance.notices_overdue_sweep", crontab(hour=6, minute=10)
            )
        )
        registry.register_periodic_task(
            registry.PeriodicTask("network-queries-resume", "assistance.network_queries_resume", 600.0)
        )
