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


class IdType(models.TextChoices):
    """The identity document a party's number belongs to (cases.validators.validate_identity checks
    each one)."""

    RIC = "ric", _("Resident identity card")
    USCC = "uscc", _("Unified social credit code")
    PASSPORT = "passport", _("Passport")
    HK_MACAO_PERMIT = "hk_macao_permit", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit for Taiwan residents")
    FOREIGN_PR = "foreign_pr", _("Foreign permanent resident ID card")
    HMT_RESIDENCE = "hmt_residence", _("Residence permit for Hong Kong, Macao and Taiwan residents")
    OTHER = "other", _("Other identity document")

    @classmethod
    def for_kind(cls, kind: str) -> list[str]:
        """The documents a party of this kind may be identified by: a person by a personal
        document, an entity or organisation by its credit code (or, a foreign one, another
        document with a note)."""
        if kind == PartyKind.PERSON:
            return [t for t in cls.values if t != cls.USCC]
        return [cls.USCC, cls.OTHER]

    @classmethod
    def default_for(cls, kind: str) -> str:
        return cls.RIC if kind == PartyKind.PERSON else cls.USCC


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class AgentKind(models.TextChoices):
    """委托代理人 (appointed by the party) and 法定代理人 (a guardian, by law)."""

    ENTRUSTED = "entrusted", _("Entrusted agent")
    STATUTORY = "statutory", _("Statutory agent")


class CaseStage(models.TextChoices):
    """The stages of enforcement the case page groups its actions by (cases.actions.CaseAction.stage),
    in the order a case goes through them."""

    FILING = "filing", _("Filing stage")
    INVESTIGATION = "investigation", _("Asset investigation stage")
    CONTROL = "control", _("Asset control stage")
    DISPOSAL = "disposal", _("Disposal stage")
    PAYOUT = "payout", _("Paying-out stage")
    CLOSING = "closing", _("Closing stage")


class HearingWay(models.TextChoices):
    """How the applicant was heard before 终本 (终本规定 2016 art. 1: 约谈 or told in writing)."""

    INTERVIEW = "interview", _("Interview")
    WRITTEN = "written", _("Told in writing")
