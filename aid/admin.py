"""Admin of the aid app (系统管理): the province wage table the cap comes from and each court's aid
committee are edited here; budgets and applications only through aid.services, so read-only."""

from django.contrib import admin

from aid.models import Application, Budget, BudgetEntry, CommitteeMember, ProvinceWage
from enforcement.admin import ReadOnlyAdmin


@admin.register(ProvinceWage)
class ProvinceWageAdmin(admin.ModelAdmin):
    list_display = ["province", "year", "monthly_wage", "source"]
    list_filter = ["province"]
    ordering = ["province", "-year"]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ["court", "user"]
    list_select_related = ["court", "user"]
    autocomplete_fields = []


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ["court", "year", "allocated_total", "reserved_total", "paid_total"]
    list_select_related = ["court"]


@admin.register(BudgetEntry)
class BudgetEntryAdmin(ReadOnlyAdmin):
    list_display = ["budget", "kind", "amount", "recorded_by", "recorded_at"]
    list_select_related = ["budget__court", "recorded_by"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "case",
        "applicant",
        "status",
        "amount_requested",
        "approved_amount",
        "decision_due_on",
    ]
    list_filter = ["status"]
    list_select_related = ["case", "applicant"]
    search_fields = ["case__number"]
