"""Everything the penalties part of sanctions adds to the other apps, registered once from
SanctionsConfig.ready(): case actions, document kinds, URLs, the case panel, home panels, audit
event types."""

_DONE = False


def register_all() -> None:
    global _DONE
    if _DONE:
        return
    _DONE = True
    from django.utils.translation import gettext_lazy as _

    from cases.registry import CasePanel, NextSteps, case_panels, next_steps
    from enforcement import registry
    from enforcement.choices import Role
    from sanctions import penalty_actions, penalty_documents, penalty_events, penalty_selectors  # noqa: F401  (register on import)

    registry.register_audit_event_types(*registry.declared_event_types(penalty_events))
    registry.browser_urls.register(registry.UrlInclude("sanctions.penalty_urls"))
    registry.api_urls.register(registry.UrlInclude("sanctions.api.penalty_urls"))
    registry.home_panels.register(registry.HomePanel("penalties", penalty_selectors.home_items, order=450))
    case_panels.register(
        CasePanel(
            "penalties",
            "sanctions/penalties/case_panel.html",
            context=penalty_selectors.case_panel_context,
            order=450,
        )
    )
    next_steps.register(NextSteps("penalties", penalty_selectors.next_steps))
    from sanctions.penalty_approval_facts import register_exit_facts

    register_exit_facts()
    # the units' check answers `exit_restricted` from the restrictions in force
    from sanctions import checks

    checks.exit_lookups.append(penalty_selectors.exit_restricted_ids)
    for item in (
        registry.NavItem(
            _("Referred cases"), "sanctions-penalties:liaison-referrals", roles=(Role.LIAISON,), order=610
        ),
        registry.NavItem(
            _("Fines and detention to decide"),
            "sanctions-penalties:president",
            roles=(Role.HEAD, Role.JUDGE),
            order=620,
        ),
    ):
        registry.navigation.register(item)
    from django.contrib import admin

    from sanctions.penalty_models import CourtPresident

    if not admin.site.is_registered(CourtPresident):
        admin.site.register(CourtPresident, list_display=("court", "user"), raw_id_fields=("user",))
