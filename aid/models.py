"""Judicial aid (国家司法救助): the province wage table the cap comes from, the court's annual aid
budget as a ledger, applications with their supporting files.

Invariants:
- a Budget's totals are kept by the services under the budget's row lock and are the sums of its
  entries; `reserved_total + paid_total <= allocated_total` (a CHECK constraint backs the check);
- an application's status moves only through its transitions (FSMField, protected);
- an applicant has at most one open application (filed, recommended, approved) per case."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from aid.choices import ApplicationStatus, BudgetEntryKind, HardshipCategory
from enforcement.money import MoneyField

ZERO = Decimal("0.00")
S = ApplicationStatus


class ProvinceWage(models.Model):
    """The average monthly wage of employees of a province in a year, as published (the cap is 36
    times the previous year's). `province` is the province's one-character abbreviation, as the
    first character of its courts' codes (青 for 青0102)."""

    province = models.CharField(_("province"), max_length=4, help_text=_("Abbreviation, e.g. 青"))
    year = models.PositiveSmallIntegerField(_("year"))
    monthly_wage = MoneyField(_("average monthly wage"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("province average wage")
        verbose_name_plural = _("province average wages")
        ordering = ["province", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="aid_wage_one_per_province_year"),
            models.CheckConstraint(condition=models.Q(monthly_wage__gt=0), name="aid_wage_positive"),
        ]

    def __str__(self):
        return f"{self.province} {self.year}: ¥{self.monthly_wage:,.2f}"


class CommitteeMember(models.Model):
    """The aid committee (司法救助委员会) of a court: when a court has members, they approve its aid
    instead of the division head."""

    court = models.ForeignKey("enforcement.Court", verbose_name=_("court"), on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("aid committee member")
        verbose_name_plural = _("aid committee members")
        constraints = [models.UniqueConstraint(fields=["court", "user"], name="aid_committee_once")]

    def __str__(self):
        return f"{self.court} {self.user}"


class Budget(models.Model):
    court = models.ForeignKey(
        "enforcement.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="aid_budgets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    allocated_total = MoneyField(pgettext_lazy("judicial aid", "allocated"), computed=True, default=ZERO)
    reserved_total = MoneyField(_("reserved by approvals"), computed=True, default=ZERO)
    paid_total = MoneyField(_("paid"), computed=True, default=ZERO)

    class Meta:
        verbose_name = _("judicial aid budget")
        verbose_name_plural = _("judicial aid budgets")
        ordering = ["court_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["court", "year"], name="aid_budget_one_per_court_year"),
            models.CheckConstraint(
                condition=models.Q(allocated_total__gte=models.F("reserved_total") + models.F("paid_total")),
                name="aid_budget_never_overspent",
            ),
            models.CheckConstraint(
                condition=models.Q(reserved_total__gte=0, paid_total__gte=0), name="aid_budget_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.court} {self.year}"

    @property
    def available(self) -> Decimal:
        return self.allocated_total - self.reserved_total - self.paid_total


class BudgetEntry(models.Model):
    """One movement of a budget: money allocated or topped up by finance, reserved by an approval,
    released by a cancellation, paid out. Append-only."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=20, choices=BudgetEntryKind.choices)
    amount = MoneyField(_("amount"))
    application = models.ForeignKey(
        "aid.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="budget_entries"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("budget entry")
        verbose_name_plural = _("budget entries")
        ordering = ["recorded_at", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="aid_entry_positive")]

    def __str__(self):
        return f"{self.get_kind_display()} ¥{self.amount:,.2f}"


class Application(models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="aid_applications"
    )
    court = models.ForeignKey("enforcement.Court", verbose_name=_("court"), on_delete=models.PROTECT)
    applicant = models.ForeignKey(
        "cases.Party",
        verbose_name=pgettext_lazy("judicial aid", "applicant"),
        on_delete=models.PROTECT,
        related_name="aid_applications",
    )
    status = FSMField(_("status"), default=S.FILED, choices=S.choices, protected=True, db_index=True)
    hardship_category = models.CharField(_("hardship"), max_length=20, choices=HardshipCategory.choices)
    household_size = models.PositiveSmallIntegerField(_("household members"))
    household_income = MoneyField(_("household monthly income"))
    household_facts = models.TextField(_("household facts"))
    amount_requested = MoneyField(_("amount requested"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    complete_on = models.DateField(_("complete on"))
    decision_due_on = models.DateField(_("decision due"), db_index=True)
    decision_due_provisional = models.BooleanField(default=False)
    decision_warned_at = models.DateTimeField(null=True, blank=True)
    decision_overdue_at = models.DateTimeField(null=True, blank=True)

    recommended_amount = MoneyField(_("recommended amount"), null=True, blank=True)
    recommendation = models.TextField(_("the judge's opinion"), blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recommended_at = models.DateTimeField(null=True, blank=True)

    approved_amount = MoneyField(_("approved amount"), null=True, blank=True)
    cap_amount = MoneyField(_("cap"), null=True, blank=True, computed=True)
    cap_basis = models.CharField(_("how the cap was computed"), max_length=300, blank=True)
    above_cap_reason = models.TextField(_("reason for exceeding the cap"), blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    budget = models.ForeignKey(Budget, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    tell_due_on = models.DateField(_("applicant to be told by"), null=True, blank=True, db_index=True)
    told_at = models.DateTimeField(_("applicant told at"), null=True, blank=True)
    told_how = models.CharField(_("how the applicant was told"), max_length=200, blank=True)
    tell_reminded_at = models.DateTimeField(null=True, blank=True)

    decision_document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral_notice = models.ForeignKey(
        "assistance.Notice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("judicial aid application")
        verbose_name_plural = _("judicial aid applications")
        ordering = ["-filed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "applicant"],
                condition=models.Q(status__in=[S.FILED, S.RECOMMENDED, S.APPROVED]),
                name="aid_one_open_application",
            ),
            models.CheckConstraint(condition=models.Q(amount_requested__gt=0), name="aid_requested_positive"),
        ]
        indexes = [models.Index(fields=["court", "status"], name="aid_court_status_idx")]

    def __str__(self):
        return f"{self.case.number} {self.applicant.name}"

    @transition(field=status, source=S.FILED, target=S.RECOMMENDED)
    def recommend(self):
        pass

    @transition(field=status, source=[S.FILED, S.RECOMMENDED], target=S.APPROVED)
    def approve(self):
        pass

    @transition(field=status, source=[S.FILED, S.RECOMMENDED], target=S.REJECTED)
    def reject(self):
        pass

    @transition(field=status, source=[S.FILED, S.RECOMMENDED, S.APPROVED], target=S.CANCELLED)
    def cancel(self):
        pass

    @transition(field=status, source=S.APPROVED, target=S.PAID)
    def pay(self):
        pass


def _upload_to(instance, filename):
    return f"aid/{instance.application.case_id}/{instance.application_id}/{filename}"


class SupportingFile(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("supporting file")
        verbose_name_plural = _("supporting files")
        ordering = ["pk"]

    def __str__(self):
        return self.name
