"""Choices of the assets app (TextChoices, labels through gettext)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssetKind(models.TextChoices):
    BANK_DEPOSIT = "bank_deposit", _("Bank deposit")
    REAL_ESTATE = "real_estate", _("Real estate")
    VEHICLE = "vehicle", _("Vehicle")
    EQUITY = "equity", _("Equity")
    SECURITIES = "securities", _("Securities")
    HOUSING_FUND = "housing_fund", _("Housing provident fund")
    INSURANCE = "insurance", _("Insurance")
    OTHER = "other", _("Other property")


class AssetSource(models.TextChoices):
    NETWORK_QUERY = "network_query", _("Network query answer")
    RESPONDENT_REPORT = "respondent_report", _("Respondent's own report")
    INVESTIGATION = "investigation", _("Court investigation")
    APPLICANT_LEAD = "applicant_lead", _("Applicant's lead")


class MeasureKind(models.TextChoices):
    SEAL = "seal", _("Seal up")
    PRE_SEAL = "pre_seal", _("Pre-seal")
    QUEUED_SEAL = "queued_seal", _("Queued seal")
    DISTRAIN = "distrain", _("Distrain")
    FREEZE = "freeze", _("Freeze")
    QUEUED_FREEZE = "queued_freeze", _("Queued freeze")
    DEDUCT = "deduct", _("Deduct")

    @classmethod
    def queued(cls) -> set[str]:
        return {cls.QUEUED_SEAL, cls.QUEUED_FREEZE}


class MeasureStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested (notice not yet answered)")
    ACTIVE = "active", _("In effect")
    QUEUED = "queued", _("Queued behind an earlier measure")
    LIFTED = "lifted", _("Lifted")
    EXPIRED = "expired", _("Expired")
    DONE = "done", _("Carried out")
    RENEWED = "renewed", _("Continued by renewal")
    CANCELLED = "cancelled", _("Withdrawn before it took effect")

    @classmethod
    def holding(cls) -> list[str]:
        """Statuses in which the measure holds (or is about to hold) value against the debt."""
        return [cls.REQUESTED, cls.ACTIVE]
