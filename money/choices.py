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
