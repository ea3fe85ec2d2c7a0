"""Serializers of the court side of the assistance API (notices, lifting and renewing measures).
They check the SHAPE of a request and turn it into the services' arguments; every rule (which
agency does what, the over-seizure guard, who signs) stays in assistance.services."""

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
    asset = serializers.IntegerField(source="asset_id", allow_null=True, help_text="财产 id")
    measure = serializers.IntegerField(source="measure_id", allow_null=True, help_text="控制措施 id")
    payload = serializers.JSONField(help_text="通知书所请求的内容，如 amount（金额，字符串）")
    status = NoticeStatusField()
    status_display = serializers.CharField(source="get_status_display")
    result = serializers.CharField(help_text="答复结果：done、partly、review_suggestion；未答复为空")
    answer = serializers.JSONField(help_text="协助执行单位的答复数据")
    document = serializers.IntegerField(source="document_id", allow_null=True, help_text="通知书文书 id")
    suggestion_document = serializers.IntegerField(
        source="suggestion_document_id", allow_null=True, help_text="司法建议函文书 id"
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

    case = id_field(help_text="案件 id")
    agency = id_field(help_text="协助执行单位 id")
    action = NoticeActionField(help_text="协助事项")
    respondent = id_field(required=False, allow_null=True, help_text="被执行人的当事人 id")
    asset = id_field(required=False, allow_null=True, help_text="财产 id（查封、扣押、冻结、扣划须指明）")
    measure = id_field(required=False, allow_null=True, help_text="解除或续行的措施 id")
    amount = MoneyField(required=False, allow_null=True, help_text="冻结、扣划的限额；查封、扣押的财产价值")
    transferee = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="受让人")
    over_limit_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="控制的财产价值超过尚欠金额时须写明理由，并报执行局长审批",
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

    sent = serializers.BooleanField(help_text="true：已签发并送达；false：已提交审批")
    notice = NoticeSerializer()
    approval = ApprovalSerializer(allow_null=True, help_text="等待的审批（已送达时为 null）")


class LiftResultSerializer(serializers.Serializer):
    """解除: a lifting notice (sent or waiting on an approval), or the measure withdrawn together with
    its notice that was never sent."""

    withdrawn = serializers.BooleanField(help_text="true：措施的通知书尚未送达，措施已撤回")
    measure = MeasureSerializer()
    sent = serializers.BooleanField(help_text="解除通知书已签发并送达")
    notice = NoticeSerializer(allow_null=True, help_text="解除通知书（撤回时为 null）")
    approval = ApprovalSerializer(allow_null=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="理由（500字以内）")


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000, help_text="审查意见（审查建议须填写）"
    )


class NoticeQuerySerializer(serializers.Serializer):
    case = serializers.IntegerField(
        required=False, min_value=1, max_value=ID_MAX, help_text="只列出该案件的（案件须可查看）"
    )
    status = NoticeStatusField(required=False, help_text="通知书状态")
    network_query = serializers.IntegerField(
        required=False, min_value=1, max_value=ID_MAX, help_text="只列出该次网络查控的"
    )
