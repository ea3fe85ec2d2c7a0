"""Serializers of the agency API. They shape what an agency reads (its notices, with what it needs to
carry them out: the respondent's full ID number, the asset's identifier) and check the SHAPE of an
answer; every rule of the answer stays in assistance.services.notice_answer."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assets.api.serializers import AssetKindField
from assistance.agency_side import created_asset_ids
from assistance.choices import AnswerResult, NoticeAction, NoticeStatus
from cases.api.serializers import MoneyField, PartyKindField, _enum_schema


@extend_schema_field(_enum_schema(NoticeAction.choices), component_name="NoticeActionEnum")
class NoticeActionField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=NoticeAction.choices, **kwargs)


@extend_schema_field(_enum_schema(NoticeStatus.choices), component_name="NoticeStatusEnum")
class NoticeStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=NoticeStatus.choices, **kwargs)


@extend_schema_field(_enum_schema(AnswerResult.choices), component_name="AnswerResultEnum")
class AnswerResultField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=AnswerResult.choices, **kwargs)


# --- what an agency reads --------------------------------------------------------------------------
class AgencyCourtSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AgencyRespondentSerializer(serializers.Serializer):
    """The respondent as the agency needs them to carry the notice out: the full ID number."""

    name = serializers.CharField()
    kind = PartyKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    id_number = serializers.CharField(help_text="完整的身份证号码或统一社会信用代码（协助执行所需）")


class AgencyAssetSerializer(serializers.Serializer):
    kind = AssetKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    identifier = serializers.CharField(help_text="账号、不动产权证号或号牌")
    description = serializers.CharField()


class AgencyNoticeSerializer(serializers.Serializer):
    """One notice addressed to the calling agency. Reads only what the list fetched (case, court,
    respondent, asset), so a page costs the same number of queries whatever its size."""

    id = serializers.IntegerField()
    case_number = serializers.CharField(source="case.number", help_text="案号")
    court = AgencyCourtSerializer()
    action = NoticeActionField()
    action_display = serializers.CharField(source="get_action_display")
    respondent = AgencyRespondentSerializer(allow_null=True)
    asset = AgencyAssetSerializer(allow_null=True)
    payload = serializers.JSONField(
        help_text="通知书所请求的内容，如 amount（金额，字符串）、reason（解除理由）"
    )
    sent_at = serializers.DateTimeField()
    due_on = serializers.DateField(allow_null=True, help_text="答复期限")
    due_on_provisional = serializers.BooleanField(
        help_text="true：答复期限所在年度的放假安排尚未公布，暂按工作日推算（已除去元旦、劳动节、国庆节），"
        "公布后自动更正"
    )
    received_at = serializers.DateTimeField(allow_null=True)
    status = NoticeStatusField()
    status_display = serializers.CharField(source="get_status_display")
    pdf_url = serializers.SerializerMethodField(help_text="通知书PDF（同样以本单位令牌获取）")

    def get_pdf_url(self, notice) -> str:
        path = reverse("api-agency-notice-pdf", args=[notice.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class AgencyAnswerItemSerializer(serializers.Serializer):
    """One thing a query found: an account, a certificate, a vehicle, an equity stake."""

    identifier = serializers.CharField(
        max_length=100, allow_blank=True, default="", help_text="账号、不动产权证号、号牌或企业名称"
    )
    description = serializers.CharField(
        max_length=200, allow_blank=True, default="", help_text="开户行/账户类型、坐落、车型等"
    )
    value = MoneyField(required=False, allow_null=True, help_text='余额、估值或出资额（元），如 "30000.00"')
    kind = AssetKindField(required=False, help_text="不填按本单位种类（银行：银行存款；不动产登记：不动产…）")


class AgencyAnswerDataSerializer(serializers.Serializer):
    """The structured answer; which keys apply depends on the notice's action."""

    items = AgencyAnswerItemSerializer(
        many=True, required=False, max_length=200, help_text="查询（query）：查到的财产；未查到为空列表"
    )
    amount = MoneyField(required=False, help_text="冻结或扣划的实际金额（元）")
    from_ = serializers.DateField(required=False, help_text="措施起始日期或扣划日期；不填为今天")
    to = serializers.DateField(required=False, help_text="措施截止日期（或续行截止日期）；不填按法定最长期限")
    queued = serializers.BooleanField(required=False, help_text="已轮候（在先有其他查封、冻结）")
    lifted_on = serializers.DateField(required=False, help_text="解除（lift）日期；不填为今天")
    text = serializers.CharField(required=False, allow_blank=True, max_length=4000, help_text="文字答复")

    def get_fields(self):
        # The key is "from", which a Python keyword cannot name as a class attribute.
        return {("from" if name == "from_" else name): f for name, f in super().get_fields().items()}


class AgencyAnswerRequestSerializer(serializers.Serializer):
    result = AnswerResultField(
        help_text="done 已协助；partly 部分协助；review_suggestion 提出审查建议（不停止措施）"
    )
    data = AgencyAnswerDataSerializer(required=False)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000, help_text="说明；审查建议须写明理由"
    )


class AgencyAnswerSerializer(serializers.Serializer):
    """The recorded answer."""

    id = serializers.IntegerField()
    status = NoticeStatusField()
    result = AnswerResultField()
    result_display = serializers.CharField(source="get_result_display")
    answered_at = serializers.DateTimeField()
    answer = serializers.JSONField(help_text="系统记录的答复数据（查询结果含各财产的 asset_id）")
    note = serializers.CharField(source="answer_note")
    asset_ids = serializers.SerializerMethodField(help_text="查询答复在案件中登记的财产")

    def get_asset_ids(self, notice) -> list[int]:
        return created_asset_ids(notice)
