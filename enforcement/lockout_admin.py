"""The admin of sign-in lock-outs: who is locked (user name and address), and a Chinese unlock
action that goes through enforcement.lockout.login_unlock, so every unlock is audited. Deleting an
entry is an unlock too. Replaces axes' own admin (AXES_ENABLE_ADMIN = False)."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext

from enforcement.lockout import is_locked, login_unlock

# Strings of django-axes' models that the admin shows; axes ships no Chinese catalogue, so they are
# translated in ours (listed here so that makemessages keeps them).
AXES_STRINGS = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
]


class LockedFilter(admin.SimpleListFilter):
    title = _("locked")
    parameter_name = "locked"

    def lookups(self, request, model_admin):
        return [("yes", _("locked")), ("no", _("not locked"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
        if self.value() == "no":
            return queryset.filter(failures_since_start__lt=settings.AXES_FAILURE_LIMIT)
        return queryset


@admin.register(AccessAttempt)
class AccessAttemptAdmin(admin.ModelAdmin):
    list_display = ["username", "ip_address", "failures_since_start", "locked", "attempt_time", "path_info"]
    list_filter = [LockedFilter, "path_info"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    ordering = ["-attempt_time"]
    fields = ["username", "ip_address", "failures_since_start", "attempt_time", "path_info", "user_agent"]
    readonly_fields = fields
    actions = ["unlock"]

    @admin.display(description=_("locked"), boolean=True)
    def locked(self, obj):
        return is_locked(obj)

    @admin.action(description=_("Unlock the selected user names and addresses"), permissions=["delete"])
    def unlock(self, request, queryset):
        count = login_unlock(actor=request.user, attempt_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%(count)d sign-in unlocked.", "%(count)d sign-ins unlocked.", count) % {"count": count},
            messages.SUCCESS,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "unlock" is the one way, and it is audited
        return actions

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        login_unlock(actor=request.user, attempt_ids=[obj.pk])

    def delete_queryset(self, request, queryset):
        login_unlock(actor=request.user, attempt_ids=queryset.values_list("pk", flat=True))
