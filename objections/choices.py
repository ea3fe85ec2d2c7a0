from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectionKind(models.TextChoices):
    # 民诉法 (2023) art. 236: a party or an interested person against an enforcement act
    ACT = "act", _("Objection to an enforcement act")
    # 民诉法 (2023) art. 238: an outsider against the execution object
    OUTSIDER = "outsider", _("Outsider's objection to the execution object")


class ObjectionState(models.TextChoices):
    FILED = "filed", _("Received")
    ACCEPTED = "accepted", _("Accepted for review")
    REFUSED = "refused", _("Not accepted")
    DECIDED = "decided", _("Decided")

    @classmethod
    def pending(cls) -> list[str]:
        return [cls.FILED, cls.ACCEPTED]


class ObjectionOutcome(models.TextChoices):
    UPHELD = "upheld", _("Objection upheld")
    DISMISSED = "dismissed", _("Objection dismissed")


class ReconsiderationState(models.TextChoices):
    FILED = "filed", _("Under review")
    DECIDED = "decided", _("Decided")


class ReconsiderationOutcome(models.TextChoices):
    DISMISSED = "dismissed", _("Request dismissed, ruling upheld")
    REVOKED = "revoked", _("Ruling revoked or changed")
    REMANDED = "remanded", _("Sent back for a new review")
