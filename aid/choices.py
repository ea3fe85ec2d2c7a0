from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    FILED = "filed", _("Filed, awaiting the judge's review")
    RECOMMENDED = "recommended", _("Recommended, awaiting approval")
    APPROVED = "approved", _("Approved, awaiting payment")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Not approved")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def open_states(cls) -> list[str]:
        """Awaiting a decision: the 10-working-day decision limit runs."""
        return [cls.FILED, cls.RECOMMENDED]


class HardshipCategory(models.TextChoices):
    """Why the applicant is in hardship (法发〔2016〕16号 art. 3 lists who may be aided; these are
    the situations an enforcement case meets)."""

    LIVELIHOOD = "livelihood", _("Basic livelihood in serious difficulty")
    MEDICAL = "medical", _("Cannot pay for urgent medical treatment")
    INJURY = "injury", _("Victim of personal injury left without compensation")
    WAGES = "wages", _("Unpaid wages or maintenance the family lives on")
    OTHER = "other", _("Other serious hardship")


class BudgetEntryKind(models.TextChoices):
    ALLOCATION = "allocation", _("Allocation")
    TOP_UP = "top_up", _("Top-up")
    RESERVATION = "reservation", _("Reserved by an approval")
    RELEASE = "release", _("Reservation released")
    PAYMENT = "payment", _("Paid out")
