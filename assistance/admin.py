"""Admin of the assistance app (系统管理): notices and network queries to look at; the operator's
override of answer periods; agency API tokens to issue and revoke. A token's key is shown once, on
the page right after it is issued (never stored, never shown again: only its SHA-256 is kept)."""

from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assistance import events
from assistance.models import AgencyToken, AnswerDeadline, NetworkQuery, Notice
from assistance.rules import default_answer_working_days
from enforcement.admin import ReadOnlyAdmin
from enforcement.audit import audit_record


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """Notices change only through assistance.services: here they are read-only."""

    list_display = ["id", "case", "agency", "action", "status", "sent_at", "due_on", "answered_at", "result"]
    list_filter = ["status", "action", "agency__kind"]
    list_select_related = ["case", "agency"]
    search_fields = ["case__number", "agency__name"]
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(AnswerDeadline)
class AnswerDeadlineAdmin(admin.ModelAdmin):
    """协助答复期限: an operator's override of the default working days per requested action."""

    list_display = ["action", "working_days", "default_working_days"]
    ordering = ["action"]

    @admin.display(description=_("Default working days"))
    def default_working_days(self, obj):
        return default_answer_working_days(obj.action)


class RevokedFilter(admin.SimpleListFilter):
    title = gettext_lazy("State")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("Active")), ("revoked", _("Revoked"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(AgencyToken)
class AgencyTokenAdmin(admin.ModelAdmin):
    """Issue (the key is shown once) and revoke agency API tokens; tokens are never deleted, so the
    audit trail keeps naming them."""

    list_display = ["name", "agency", "prefix", "created_at", "last_used_at", "revoked_at", "active"]
    list_filter = [RevokedFilter, "agency__kind"]
    list_select_related = ["agency"]
    search_fields = ["name", "prefix", "agency__name"]
    autocomplete_fields = ["agency"]
    actions = ["revoke"]
    issued_template = "assistance/liaison/admin_token_issued.html"

    @admin.display(description=_("Active"), boolean=True)
    def active(self, obj):
        return obj.revoked_at is None

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["agency", "name"]
        return ["agency", "name", "prefix", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return  # every field is read-only once issued
        with transaction.atomic():
            token, key = AgencyToken.issue(agency=obj.agency, name=obj.name)
            _audit(request, token, events.AGENCY_TOKEN_ISSUED, "签发")
        for f in AgencyToken._meta.concrete_fields:
            setattr(obj, f.attname, getattr(token, f.attname))
        obj._state.adding = False
        obj._state.db = token._state.db
        request._agency_token_key = key  # for response_add, this response only

    def response_add(self, request, obj, post_url_continue=None):
        key = getattr(request, "_agency_token_key", None)
        if key is None:
            return super().response_add(request, obj, post_url_continue)
        messages.success(
            request,
            _("API token “%(name)s” issued for %(agency)s.") % {"agency": obj.agency, "name": obj.name},
        )
        response = TemplateResponse(
            request,
            self.issued_template,
            {
                **self.admin_site.each_context(request),
                "title": _("API token issued"),
                "opts": self.opts,
                "token": obj,
                "key": key,
            },
        )
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        now = timezone.now()
        revoked = 0
        with transaction.atomic():
            for token in (
                queryset.select_for_update().filter(revoked_at__isnull=True).select_related("agency")
            ):
                token.revoked_at = now
                token.save(update_fields=["revoked_at"])
                _audit(request, token, events.AGENCY_TOKEN_REVOKED, "吊销")
                revoked += 1
        self.message_user(request, _("%(count)s tokens revoked.") % {"count": revoked}, messages.SUCCESS)


def _audit(request, token, action, verb):
    audit_record(
        actor=request.user,
        action=action,
        obj=token,
        summary=f"{verb}协助执行单位API令牌：{token.agency}（{token.name}，{token.prefix}…）",
        data={"agency_id": token.agency_id},
    )


@admin.register(NetworkQuery)
class NetworkQueryAdmin(ReadOnlyAdmin):
    list_display = ["id", "court", "requested_by", "created_at", "total", "done", "status"]
    list_filter = ["status", "court"]
    list_select_related = ["court", "requested_by"]
    date_hierarchy = "created_at"
