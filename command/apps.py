from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommandConfig(AppConfig):
    """执行指挥中心: the figures of a court and the courts below it for a period, each linked to the
    cases behind it, and its reports (report jobs, command.models). Reads every app below it; writes
    only its own report jobs."""

    name = "command"
    verbose_name = _("Command centre")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from command import events
        from enforcement import registry

        registry.browser_urls.register(registry.UrlInclude("command.urls"))
        registry.api_urls.register(registry.UrlInclude("command.api"))  # command-reports/
        registry.register_audit_event_types(events.REPORT_REQUESTED, events.REPORT_DOWNLOADED)
        registry.navigation.register(
            registry.NavItem(
                _("Command centre"),
                "command:dashboard",
                roles=("judge", "head", "supervisor"),
                order=880,
            )
        )
        registry.navigation.register(
            registry.NavItem(
                _("Reports"), "command:reports", roles=("head", "admin", "supervisor"), order=885
            )
        )
