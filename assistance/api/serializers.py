"""Serializers of the agency API. They shape what an agency reads (its notices, with what it needs to
carry them out: the respondent's full ID number, the asset's identifier) and check the SHAPE of an
answer; every rule of the answer stays in assistance.services.notice_answer."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
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
    id_number = serializers.CharField(
        help_text=gettext_lazy("The full ID number or unified social credit code (needed to assist)")
    )


class AgencyAssetSerializer(serializers.Serializer):
    kind = AssetKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    identifier = serializers.CharField(help_text=gettext_lazy("Account, real estate title or plate number"))
    description = serializers.CharField()


class AgencyNoticeSerializer(serializers.Serializer):
    """One notice addressed to the calling agency. Reads only what the list fetched (case, court,
    respondent, asset), so a page costs the same number of queries whatever its size."""

    id = serializers.IntegerField()
    case_number = serializers.CharField(source="case.number", help_text=gettext_lazy("Case number"))
    court = AgencyCourtSerializer()
    action = NoticeActionField()
    action_display = serializers.CharField(source="get_action_display")
    respondent = AgencyRespondentSerializer(allow_null=True)
    asset = AgencyAssetSerializer(allow_null=True)
    payload = serializers.JSONField(
        help_text=gettext_lazy("What the notice asks, e.g. amount (a string) or reason (for lifting)")
    )
    sent_at = serializers.DateTimeField()
    due_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("Answer due date"))
    due_on_provisional = serializers.BooleanField(
        help_text=gettext_lazy(
            "true: the holiday schedule of the due date's year is not yet published; counted on weekdays for now (New Year's Day, Labour Day and National Day left out), corrected once published"
        )
    )
    received_at = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("When the agency signed for the notice (签收); null: not yet")
    )
    status = NoticeStatusField()
    status_display = serializers.CharField(source="get_status_display")
    pdf_url = serializers.SerializerMethodField(
        help_text=gettext_lazy("PDF of the notice (fetched with the same agency token)")
    )

    def get_pdf_url(self, notice) -> str:
        path = reverse("api-agency-notice-pdf", args=[notice.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class AgencyAnswerItemSerializer(serializers.Serializer):
    """One thing a query found: an account, a certificate, a vehicle, an equity stake."""

    identifier = serializers.CharField(
        max_length=100,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Account, real estate title, plate number or company name"),
    )
    description = serializers.CharField(
        max_length=200,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Bank branch / account type, location, vehicle model…"),
    )
    value = MoneyField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy('Balance, estimated value or capital contribution (yuan), e.g. "30000.00"'),
    )
    kind = AssetKindField(
        required=False,
        help_text=gettext_lazy(
            "Left empty: by the agency's kind (bank: bank deposit; real estate registry: real estate…)"
        ),
    )


class AgencyAnswerDataSerializer(serializers.Serializer):
    """The structured answer; which keys apply depends on the notice's action."""

    items = AgencyAnswerItemSerializer(
        many=True,
        required=False,
        max_length=200,
        help_text=gettext_lazy("Query: the assets found; an empty list if none"),
    )
    amount = MoneyField(required=False, help_text=gettext_lazy("Amount actually frozen or deducted (yuan)"))
    from_ = serializers.DateField(
        required=False,
        help_text=gettext_lazy("Start of the measure or date of the deduction; today if left empty"),
    )
    to = serializers.DateField(
        required=False,
        help_text=gettext_lazy(
            "End of the measure (or of the renewal); the longest legal term if left empty"
        ),
    )
    queued = serializers.BooleanField(
        required=False, help_text=gettext_lazy("Queued (another seal or freeze comes first)")
    )
    lifted_on = serializers.DateField(
        required=False, help_text=gettext_lazy("Date of lifting; today if left empty")
    )
    text = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, help_text=gettext_lazy("Answer text")
    )

    def get_fields(self):
        # The key is "from", which a Python keyword cannot name as a class attribute.
        return {("from" if name == "from_" else name): f for name, f in super().get_fields().items()}


class AgencyAnswerRequestSerializer(serializers.Serializer):
    result = AnswerResultField(
        help_text=gettext_lazy(
            "done: assistance carried out (已协助执行); partly: partly done; review_suggestion: a review suggested (the measure continues)"
        )
    )
    data = AgencyAnswerDataSerializer(required=False)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text=gettext_lazy("Note; a review suggestion needs its reason"),
    )


class AgencyAnswerSerializer(serializers.Serializer):
    """The recorded answer."""

    id = serializers.IntegerField()
    status = NoticeStatusField()
    result = AnswerResultField()
    result_display = serializers.CharField(source="get_result_display")
    answered_at = serializers.DateTimeField()
    answer = serializers.JSONField(
        help_text=gettext_lazy("The answer as recorded (a query result carries each asset's asset_id)")
    )
    note = serializers.CharField(source="answer_note")
    asset_ids = serializers.SerializerMethodField(
        help_text=gettext_lazy("Assets the query answer recorded in the case")
    )

    def get_asset_ids(self, notice) -> list[int]:
        return created_asset_ids(notice)
