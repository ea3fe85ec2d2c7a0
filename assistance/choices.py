"""Choices of the assistance app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeAction(models.TextChoices):
    """What a 协助执行通知书 asks (the 执行联动 rules arts. 6, 8, 9, 11-15)."""

    QUERY = "query", _("Query assets or information")
    FIND_RESPONDENT = "find_respondent", _("Find the respondent")
    SEIZE_VEHICLE = "seize_vehicle", _("Seize a vehicle")
    RESTRICT_EXIT = "restrict_exit", _("Restrict exit")
    EXECUTE_DETENTION = "execute_detention", _("Execute detention")
    SEAL = "seal", _("Seal up")
    PRE_SEAL = "pre_seal", _("Pre-seal")
    QUEUED_SEAL = "queued_seal", _("Queued seal")
    TRANSFER = "transfer", _("Transfer registration")
    FREEZE = "freeze", _("Freeze")
    QUEUED_FREEZE = "queued_freeze", _("Queued freeze")
    DEDUCT = "deduct", _("Deduct")
    REFUND_ACCOUNT = "refund_account", _("Tax refund account")
    EQUITY_FREEZE = "equity_freeze", _("Freeze equity")
    SOCIAL_AID = "social_aid", _("Social aid referral")
    PROJECT_QUERY = "project_query", _("Project approvals query")
    RENEW = "renew", _("Renew a measure")
    LIFT = "lift", _("Lift a measure")
    LIFT_EXIT = "lift_exit", _("Lift an exit restriction")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    OVERDUE = "overdue", _("Overdue")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def awaiting_answer(cls) -> list[str]:
        return [cls.SENT, cls.RECEIVED, cls.OVERDUE]


class AnswerResult(models.TextChoices):
    """An agency's answer. The one label of each result, used by the answer form, the timeline and
    audit summaries, the judge's notification and the API's result_display: a done answer is
    已协助执行, as the agency's receipt on a 协助执行通知书 (回执) reports it."""

    DONE = "done", _("Assistance carried out")
    PARTLY = "partly", _("Partly done")
    REVIEW_SUGGESTION = "review_suggestion", _("Review suggested")


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
