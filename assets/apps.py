from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    """Assets of respondents and the control measures on them: statutory terms,
    the over-seizure figures, expiry warnings. Above cases, below assistance."""

    name = "assets"
    verbose_name = _("Assets and control measures")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from celery.schedules import crontab

        from assets import events, selectors
        from cases.registry import ListFilter, list_filters
        from enforcement import registry

        registry.api_urls.register(registry.UrlInclude("assets.api.urls"))  # assets/, measures/
        registry.register_audit_event_types(*registry.declared_event_types(events))
        registry.home_panels.register(registry.HomePanel("measures", selectors.home_items, order=250))
        list_filters.register(
            ListFilter("measures_expiring", _("Control measure expiring soon"), selectors.measures_expiring)
        )

        # control measures near or past expiry; the task keeps its first name (assets.tasks)
        registry.register_periodic_task(
            registry.PeriodicTask(
                "measures-expiry-sweep", "assistance.measures_expiry_sweep", crontab(hour=6, minute=20)
            )
        )
