from django.db import models
from django.utils.translation import gettext_lazy as _


class ReceiptKind(models.TextChoices):
    BANK_DEDUCTION = "bank_deduction", _("Bank deduction")
    AUCTION = "auction", _("Auction proceeds")
    VOLUNTARY = "voluntary", _("Voluntary payment")
    COUNTER_CASH = "counter_cash", _("Cash at the counter")


class ReceiptStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    CONFIRMED = "confirmed", _("Confirmed")


class PayoutStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
    EXECUTED = "executed", _("Executed")


class RefundStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
    EXECUTED = "executed", _("Executed")


class ParticipationStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    ADMITTED = "admitted", _("Admitted")
    REFUSED = "refused", _("Refused")


class PlanStatus(models.TextChoices):
    """A distribution plan: drawn up, served on the creditors and the respondent (the objection window
    runs), objected to (not payable as it stands), payable (the window passed without an objection),
    paid (its payouts proposed), superseded by a newer plan."""

    DRAFT = "draft", _("Draft")
    SERVED = "served", _("Served")
    OBJECTED = "objected", _("Objected to")
    PAYABLE = "payable", _("Payable")
    PAID = "paid", _("Payouts proposed")
    SUPERSEDED = "superseded", _("Superseded")


class PlanLineClass(models.TextChoices):
    FEES = "fees", _("Enforcement fees")
    SECURED = "secured", _("Secured or priority claim")
    ORDINARY = "ordinary", _("Ordinary claim")
