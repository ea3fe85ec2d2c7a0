"""Choices of the disposal app (TextChoices, labels through gettext)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PriceMethod(models.TextChoices):
    NEGOTIATION = "negotiation", _("Agreement of the parties")
    DIRECTED_INQUIRY = "directed_inquiry", _("Directed inquiry")
    ONLINE_INQUIRY = "online_inquiry", _("Online inquiry")
    APPRAISAL = "appraisal", _("Commissioned appraisal")


class PriceStatus(models.TextChoices):
    SERVED = "served", _("Served, objection window running")
    FIXED = "fixed", _("Reference price fixed")


class PropertyClass(models.TextChoices):
    MOVABLE = "movable", _("Movable property")
    IMMOVABLE = "immovable", _("Real estate or other property rights")


class StepStatus(models.TextChoices):
    """An auction round, a sale-off or an in-kind satisfaction: proposed by the judge, approved (or
    not) by the head, then its result."""

    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
    SOLD = "sold", _("Sold")
    FAILED = "failed", _("Failed (no bid)")
    DEFAULTED = "defaulted", _("Buyer defaulted")
    UNSOLD = "unsold", _("Not sold")
    DONE = "done", _("Done")


class StepKind(models.TextChoices):
    AUCTION = "auction", _("Online auction round")
    SALE_OFF = "sale_off", _("Sale-off")
    IN_KIND = "in_kind", _("In-kind satisfaction")


class RoundResult(models.TextChoices):
    SOLD = "sold", _("Sold")
    FAILED = "failed", _("Failed (no bid)")
    DEFAULTED = "defaulted", _("Buyer defaulted")
