from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from enforcement.models import (
    Agency,
    AuditEvent,
    AuditSeal,
    Court,
    CourtSetting,
    Membership,
    Notification,
    PendingTask,
    SupervisionGrant,
    User,
)


class CourtSettingInline(admin.StackedInline):
    model = CourtSetting
    can_delete = False


@admin.register(Court)
class CourtAdmin(admin.ModelAdmin):
    inlines = [CourtSettingInline]
    list_display = ["name", "code", "level", "parent", "region"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    autocomplete_fields = ["court", "agency"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "name", "email", "role", "organisation", "is_active"]
    list_select_related = ["membership__court", "membership__agency"]
    search_fields = ["username", "name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("name", "email", "phone")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "name", "password1", "password2")}),
    )

    @admin.display(description=_("role"))
    def role(self, obj):
        m = obj.membership_or_none
        return m.get_role_display() if m else "—"

    @admin.display(description=_("court or agency"))
    def organisation(self, obj):
        m = obj.membership_or_none
        return m.organisation if m else "—"


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "court", "agency"]
    list_filter = ["role"]
    list_select_related = ["user", "court", "agency"]
    autocomplete_fields = ["user", "court", "agency"]
    search_fields = ["user__username", "user__name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """The trail is append-only: the admin may look, never add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "created_at",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "subject_type",
        "subject_id",
        "summary",
        "ip",
    ]
    list_filter = ["action", "object_type", "subject_type"]
    search_fields = ["summary", "object_id", "subject_id", "actor_name", "request_id"]
    date_hierarchy = "created_at"


@admin.register(AuditSeal)
class AuditSealAdmin(ReadOnlyAdmin):
    list_display = ["seq", "event", "hash", "hash_version", "sealed_at"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["id", "recipient", "kind", "title", "status", "created_at", "delivered_at", "emailed_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "recipient__username"]


@admin.register(PendingTask)
class PendingTaskAdmin(ReadOnlyAdmin):
    """The task outbox (enforcement.outbox): what waits for a worker, and why it did not run."""

    list_display = ["id", "key", "created_at", "sent_at", "attempts", "started_at", "done_at", "last_error"]
    list_filter = [("done_at", admin.EmptyFieldListFilter), "task"]
    search_fields = ["key"]
    date_hierarchy = "created_at"
    show_full_result_count = False


# Sign-in lock-outs (django-axes) with a Chinese, audited unlock action.
from enforcement import lockout_admin  # noqa: E402,F401


@admin.register(SupervisionGrant)
class SupervisionGrantAdmin(admin.ModelAdmin):
    list_display = ("court", "body", "organisation", "supervisor", "valid_from", "valid_until", "revoked_at")
    list_filter = ("body", "court")
    readonly_fields = ("granted_by", "revoked_at")
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        from enforcement.supervision import grant_supervision

        grant = grant_supervision(
            actor=request.user,
            court=obj.court,
            supervisor=obj.supervisor,
            body=obj.body,
            organisation=obj.organisation,
            valid_from=obj.valid_from,
            valid_until=obj.valid_until,
        )
        obj.pk = grant.pk

    @admin.action(description=_("Revoke the selected grants"))
    def revoke(self, request, queryset):
        from enforcement.supervision import revoke_supervision

        for grant in queryset:
            revoke_supervision(actor=request.user, grant=grant)
