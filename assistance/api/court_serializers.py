"""Serializers of the court side of the assistance API (notices, lifting and renewing measures).
They check the SHAPE of a request and turn it into the services' arguments; every rule (which
agency does what, the over-seizure guard, who signs) stays in assistance.services."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from assets.api.serializers import AgencyBriefSerializer, MeasureSerializer, PartyBriefSerializer
from assistance.api.serializers import NoticeActionField, NoticeStatusField
from assistance.models import Notice
from cases.api.serializers import ID_MAX, ApprovalSerializer, CaseRefSerializer, MoneyField, id_field


class NoticeSerializer(serializers.ModelSerializer):
    """A notice as the case's 财产查控 page shows it to the court."""

    case = CaseRefSerializer()
    agency = AgencyBriefSerializer()
    action = NoticeActionField()
    action_display = serializers.CharField(source="get_action_display")
    respondent = PartyBriefSerializer(allow_null=True)
    asset = serializers.IntegerField(source="asset_id", allow_null=True, help_text=gettext_lazy("Asset id"))
    measure = serializers.IntegerField(
        source="measure_id", allow_null=True, help_text=gettext_lazy("Control measure id")
    )
    payload = serializers.JSONField(
        help_text=gettext_lazy("What the notice asks for, e.g. amount (the amount, as a string)")
    )
    status = NoticeStatusField()
    status_display = serializers.CharField(source="get_status_display")
    result = serializers.CharField(
        help_text=gettext_lazy(
            "Result of the answer: done, partly, review_suggestion; empty when not answered"
        )
    )
    answer = serializers.JSONField(help_text=gettext_lazy("The assisting agency's answer data"))
    document = serializers.IntegerField(
        source="document_id", allow_null=True, help_text=gettext_lazy("Document id of the notice")
    )
    suggestion_document = serializers.IntegerField(
        source="suggestion_document_id",
        allow_null=True,
        help_text=gettext_lazy("Document id of the judicial suggestion letter"),
    )
    network_query = serializers.IntegerField(source="network_query_id", allow_null=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "case",
            "agency",
            "action",
            "action_display",
            "respondent",
            "asset",
            "measure",
            "payload",
            "status",
            "status_display",
            "created_at",
            "sent_at",
            "due_on",
            "due_on_provisional",
            "received_at",
            "answered_at",
            "result",
            "answer",
            "answer_note",
            "closed_at",
            "document",
            "suggestion_document",
            "network_query",
        ]


class NoticeDraftSerializer(serializers.Serializer):
    """制作协助执行通知书: the case page's form."""

    case = id_field(help_text=gettext_lazy("Case id"))
    agency = id_field(help_text=gettext_lazy("Assisting agency id"))
    action = NoticeActionField(help_text=gettext_lazy("requested action"))
    respondent = id_field(
        required=False, allow_null=True, help_text=gettext_lazy("Party id of the respondent")
    )
    asset = id_field(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Asset id (required to seal, seize, freeze or deduct)"),
    )
    measure = id_field(
        required=False, allow_null=True, help_text=gettext_lazy("Id of the measure to lift or renew")
    )
    amount = MoneyField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "The limit of a freeze or deduction; the value of the assets sealed or seized"
        ),
    )
    transferee = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text=gettext_lazy("Transferee")
    )
    over_limit_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text=gettext_lazy(
            "Where the value controlled exceeds the amount still owed, give the reason; the division head approves"
        ),
    )

    def service_kwargs(self) -> dict:
        data = self.validated_data
        payload = {}
        if data.get("amount") is not None:
            payload["amount"] = str(data["amount"])
        if (data.get("transferee") or "").strip():
            payload["transferee"] = data["transferee"].strip()
        return {
            "case_id": data["case"],
            "agency_id": data["agency"],
            "action": data["action"],
            "respondent_id": data.get("respondent"),
            "asset_id": data.get("asset"),
            "measure_id": data.get("measure"),
            "payload": payload,
            "over_limit_reason": data.get("over_limit_reason") or "",
        }


class DraftResultSerializer(serializers.Serializer):
    """What drafting or signing did: sent at once, or waiting on an approval."""

    sent = serializers.BooleanField(
        help_text=gettext_lazy("true: signed and served; false: submitted for approval")
    )
    notice = NoticeSerializer()
    approval = ApprovalSerializer(
        allow_null=True, help_text=gettext_lazy("The approval it waits on (null when served)")
    )


class LiftResultSerializer(serializers.Serializer):
    """解除: a lifting notice (sent or waiting on an approval), or the measure withdrawn together with
    its notice that was never sent."""

    withdrawn = serializers.BooleanField(
        help_text=gettext_lazy(
            "true: the measure's notice had not been served, and the measure was withdrawn"
        )
    )
    measure = MeasureSerializer()
    sent = serializers.BooleanField(help_text=gettext_lazy("The lifting notice was signed and served"))
    notice = NoticeSerializer(
        allow_null=True, help_text=gettext_lazy("The lifting notice (null when withdrawn)")
    )
    approval = ApprovalSerializer(allow_null=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text=gettext_lazy("Reason (at most 500 characters)"))


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text=gettext_lazy("Review note (required for a review suggestion)"),
    )


class NoticeQuerySerializer(serializers.Serializer):
    case = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=ID_MAX,
        help_text=gettext_lazy("Only those of this case (the case must be viewable)"),
    )
    status = NoticeStatusField(required=False, help_text=gettext_lazy("Notice status"))
    network_query = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=ID_MAX,
        help_text=gettext_lazy("Only those of this network query"),
    )
