from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Node supervision")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cases import registry as case_registry
        from enforcement import registry
        from enforcement.choices import Role
        from supervision import events, selectors

        registry.browser_urls.register(registry.UrlInclude("supervision.urls"))
        registry.api_urls.register(registry.UrlInclude("supervision.api"))  # supervision-reminders/
        registry.navigation.register(
            registry.NavItem(_("Node supervision"), "supervision:nodes", roles=(Role.HEAD,), order=150)
        )
        registry.register_audit_event_types(events.REMINDER_SENT, events.REMINDER_ACTED)
        registry.home_panels.register(registry.HomePanel("supervision", selectors.home_items, order=150))
        case_registry.case_panels.register(
            case_registry.CasePanel(
                "supervision", "supervision/case_panel.html", selectors.case_panel_context, order=50
            )
        )
