from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommandConfig(AppConfig):
    """执行指挥中心: the figures of a court and the courts below it for a period, each linked to the
    cases behind it. Reads every app below it; writes nothing."""

    name = "command"
    verbose_name = _("Command centre")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from enforcement import registry

        registry.browser_urls.register(registry.UrlInclude("command.urls"))
        registry.navigation.register(
            registry.NavItem(
                _("Command centre"),
                "command:dashboard",
                roles=("judge", "head", "supervisor"),
                order=880,
            )
        )
