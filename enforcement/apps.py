from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("Courts, agencies and audit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings

        from enforcement import events, media_checks, registry, signals  # noqa: F401  (system checks; sign-in audit)
        from enforcement.choices import Role
        from enforcement.notifications import unread_count

        registry.register_audit_event_types(*registry.declared_event_types(events))
        registry.browser_urls.register(registry.UrlInclude("enforcement.urls"))
        registry.api_urls.register(registry.UrlInclude("enforcement.api.urls"))
        for item in (
            registry.NavItem(_("Home"), "home", order=0),
            registry.NavItem(_("Inbox"), "notifications:inbox", badge=unread_count, order=400),
            registry.NavItem(_("API documentation"), "api-docs", roles=(Role.ADMIN,), order=410),
            registry.NavItem(
                _("Supervision grants"), "grants:list", roles=(Role.HEAD, Role.ADMIN), order=405
            ),
            registry.NavItem(_("Administration"), "admin:index", staff_only=True, order=420),
        ):
            registry.navigation.register(item)
        for job in (
            registry.PeriodicTask("audit-seal", "enforcement.audit_seal", 60.0),
            registry.PeriodicTask(
                "audit-anchor", "enforcement.audit_anchor", float(settings.AUDIT_ANCHOR_INTERVAL)
            ),
            registry.PeriodicTask(
                "deliver-pending-notifications", "enforcement.deliver_pending_notifications", 60.0
            ),
            # work recorded in the task outbox that no worker has done yet (the broker was down, a worker died)
            registry.PeriodicTask("dispatch-pending-tasks", "enforcement.dispatch_pending_tasks", 60.0),
        ):
            registry.register_periodic_task(job)


class AxesConfig(AxesAppConfig):
    """django-axes under a Chinese name in the admin (the app itself has none)."""

    verbose_name = _("Sign-in lock-out")
