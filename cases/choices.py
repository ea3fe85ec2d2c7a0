"""Choices of the cases app (TextChoices, Chinese labels through gettext)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseType(models.TextChoices):
    """Type codes in the case number (最高人民法院关于人民法院案件案号的若干规定)."""

    FIRST = "执", _("First enforcement")
    RESUMED = "执恢", _("Resumed enforcement")
    PRESERVATION = "执保", _("Preservation")
    OBJECTION = "执异", _("Enforcement objection")
    RECONSIDERATION = "执复", _("Enforcement reconsideration")
    SUPERVISION = "执监", _("Enforcement supervision")


class CaseState(models.TextChoices):
    FILED = "filed", _("Filed")
    INVESTIGATING = "investigating", _("Investigating assets")
    DISPOSING = "disposing", _("Disposing of assets")
    PAYING_OUT = "paying_out", _("Paying out")
    CONCLUDED = "concluded", _("Concluded")
    TERMINATED_ROUND = "terminated_round", _("Current round terminated")
    SETTLED = "settled", _("Settled")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def open_states(cls) -> list[str]:
        """States in which the case's time limit runs (or is paused, when suspended)."""
        return [cls.FILED, cls.INVESTIGATING, cls.DISPOSING, cls.PAYING_OUT, cls.SUSPENDED]

    @classmethod
    def running_states(cls) -> list[str]:
        """States in which the clock is running."""
        return [cls.FILED, cls.INVESTIGATING, cls.DISPOSING, cls.PAYING_OUT]


class BasisKind(models.TextChoices):
    """Kinds of enforcement basis (执行依据). Administrative decisions make a non-litigation case."""

    JUDGMENT = "judgment", _("Judgment")
    RULING = "ruling", _("Ruling")
    MEDIATION = "mediation", _("Mediation statement")
    PAYMENT_ORDER = "payment_order", _("Payment order")
    ARBITRATION = "arbitration", _("Arbitral award")
    NOTARIAL = "notarial", _("Notarised creditor's rights document")
    ADMINISTRATIVE = "administrative", _("Administrative decision (non-litigation)")

    @classmethod
    def non_litigation(cls) -> set[str]:
        return {cls.ADMINISTRATIVE}


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    RESPONDENT = "respondent", _("Respondent")


class PartyKind(models.TextChoices):
    PERSON = "person", _("Natural person")
    ENTITY = "entity", _("Legal entity")
    ORGANISATION = "organisation", _("Other organisation")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


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
    SEAL = "seal", _("Seal up (查封)")
    PRE_SEAL = "pre_seal", _("Pre-seal (预查封)")
    QUEUED_SEAL = "queued_seal", _("Queued seal (轮候查封)")
    DISTRAIN = "distrain", _("Distrain (扣押)")
    FREEZE = "freeze", _("Freeze (冻结)")
    QUEUED_FREEZE = "queued_freeze", _("Queued freeze (轮候冻结)")
    DEDUCT = "deduct", _("Deduct (扣划)")

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
