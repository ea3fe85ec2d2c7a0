"""The choices of the sanctions app (失信名单, 限制消费令, the joint-punishment check units)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DefaulterGround(models.TextChoices):
    """失信名单规定 (法释〔2017〕7号) art. 1, items (一) to (六), in their order."""

    ABLE_REFUSES = "1", _("Able to perform but refuses")
    OBSTRUCTS = "2", _("Obstructs enforcement by forged evidence, violence or threats")
    EVADES = "3", _("Evades enforcement by false litigation or arbitration, or by hiding or moving assets")
    ASSET_REPORT = "4", _("Breaks the asset-report duty")
    CONSUMPTION_ORDER = "5", _("Breaks a consumption-restriction order")
    SETTLEMENT = "6", _("Refuses without good reason to perform a settlement agreement")


class EntryStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    REJECTED = "rejected", _("Not approved")
    PUBLISHED = "published", _("Published")
    REMOVED = "removed", _("Removed")


class RemovalReason(models.TextChoices):
    """Why an entry leaves the list: 失信名单规定 art. 10 para. 1 items (一)–(七), expiry (art. 10
    para. 2), early removal (art. 2 para. 2, 信用修复), a correction (art. 12)."""

    PERFORMED = "performed", _("The duty is performed or fully enforced")
    SETTLEMENT_PERFORMED = "settlement_performed", _("A settlement agreement is performed")
    APPLICANT_CONSENT = "applicant_consent", _("The applicant asks in writing and the court agrees")
    END_ROUND_NOTHING_FOUND = (
        "end_round_nothing_found",
        _("After terminating this round, two or more network queries found nothing"),
    )
    SUSPENDED = "suspended", _("Enforcement suspended for retrial or bankruptcy")
    NOT_ENFORCED = "not_enforced", _("The court ruled not to enforce")
    TERMINATED = "terminated", _("Enforcement terminated")
    WITHDRAWN = "withdrawn", _("The applicant withdrew the application")
    EXPIRED = "expired", _("The term of listing has expired")
    CREDIT_REPAIR = "credit_repair", _("Credit repair approved")
    CORRECTED = "corrected", _("Listed in error (correction accepted)")


class OrderStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    LIFTED = "lifted", _("Lifted")


class LiftReason(models.TextChoices):
    PERFORMED = "performed", _("The duty is performed")
    SECURITY = "security", _("Adequate security given")
    APPLICANT_CONSENT = "applicant_consent", _("The applicant agrees")
    CLOSED = "closed", _("The case is closed")


class RestrictedCapacity(models.TextChoices):
    """Who a 限制消费令 binds (限制高消费规定 2015 art. 3 para. 2 for an entity)."""

    RESPONDENT = "respondent", _("Respondent")
    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")
    MAIN_RESPONSIBLE = "main_responsible", _("Main responsible person")
    DIRECTLY_RESPONSIBLE = "directly_responsible", _("Person directly responsible for performance")
    ACTUAL_CONTROLLER = "actual_controller", _("Actual controller")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", pgettext_lazy("defaulter list", "Refused")


class UnitKind(models.TextChoices):
    AIRLINE = "airline", _("Airline")
    RAIL = "rail", _("Railway")
    BANK = "bank", _("Bank")
    REGISTRY = "registry", _("Registry")
    PROCUREMENT = "procurement", _("Public procurement")
    OTHER = "other", _("Other")


class ChangeKind(models.TextChoices):
    ADDED = "added", _("Added")
    REMOVED = "removed", _("Removed")


class ChangeMeasure(models.TextChoices):
    DEFAULTER = "defaulter", _("Defaulter list")
    CONSUMPTION = "consumption", _("Consumption restriction")
