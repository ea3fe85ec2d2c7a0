"""Serializers of the court's assets API. They check the SHAPE of a request; every rule (who may
record, which owner and agency are acceptable, the identifier's digits) stays in assets.services."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assets.choices import AssetKind, AssetSource, MeasureKind, MeasureStatus
from assets.models import Asset, ControlMeasure
from cases.api.serializers import ID_MAX, CaseRefSerializer, MoneyField, _enum_schema, id_field
from enforcement.choices import AgencyKind

RECORDABLE_SOURCES = [(v, label) for v, label in AssetSource.choices if v != AssetSource.NETWORK_QUERY]


@extend_schema_field(_enum_schema(AssetKind.choices), component_name="AssetKindEnum")
class AssetKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=AssetKind.choices, **kwargs)


@extend_schema_field(_enum_schema(AssetSource.choices), component_name="AssetSourceEnum")
class AssetSourceField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=AssetSource.choices, **kwargs)


@extend_schema_field(_enum_schema(RECORDABLE_SOURCES), component_name="RecordableAssetSourceEnum")
class RecordableSourceField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=RECORDABLE_SOURCES, **kwargs)


@extend_schema_field(_enum_schema(MeasureKind.choices), component_name="MeasureKindEnum")
class MeasureKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=MeasureKind.choices, **kwargs)


@extend_schema_field(_enum_schema(MeasureStatus.choices), component_name="MeasureStatusEnum")
class MeasureStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=MeasureStatus.choices, **kwargs)


@extend_schema_field(_enum_schema(AgencyKind.choices), component_name="AgencyKindEnum")
class AgencyKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=AgencyKind.choices, **kwargs)


class AgencyBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = AgencyKindField()


class PartyBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AssetSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    owner = PartyBriefSerializer(allow_null=True)
    kind = AssetKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    holder_agency = AgencyBriefSerializer(allow_null=True)
    estimated_value = MoneyField(allow_null=True)
    source = AssetSourceField()
    source_display = serializers.CharField(source="get_source_display")

    class Meta:
        model = Asset
        fields = [
            "id",
            "case",
            "owner",
            "kind",
            "kind_display",
            "description",
            "identifier",
            "holder_agency",
            "estimated_value",
            "source",
            "source_display",
            "created_at",
        ]


class AssetRecordSerializer(serializers.Serializer):
    """登记财产 found otherwise than by a notice (the same fields as the case page's form)."""

    case = id_field(help_text=gettext_lazy("Case id"))
    kind = AssetKindField()
    description = serializers.CharField(
        max_length=200, help_text=gettext_lazy("e.g. a demand savings account, a dwelling")
    )
    identifier = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Account, certificate or plate number"),
    )
    holder_agency = id_field(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Assisting agency id (where the asset is held)"),
    )
    estimated_value = MoneyField(
        required=False, allow_null=True, help_text=gettext_lazy('Estimated value (yuan), e.g. "30000.00"')
    )
    source = RecordableSourceField(help_text=gettext_lazy("Source of the asset lead"))
    owner = id_field(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Party id of the owner (a respondent of this case)"),
    )

    def service_kwargs(self) -> dict:
        data = self.validated_data
        return {
            "kind": data["kind"],
            "description": data["description"],
            "identifier": data.get("identifier") or "",
            "holder_agency_id": data.get("holder_agency"),
            "estimated_value": data.get("estimated_value"),
            "source": data["source"],
            "owner_id": data.get("owner"),
        }


class AssetBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = AssetKindField()
    description = serializers.CharField()
    identifier = serializers.CharField()


class MeasureSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    asset = AssetBriefSerializer()
    kind = MeasureKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    status = MeasureStatusField()
    status_display = serializers.CharField(source="get_status_display")
    amount = MoneyField(allow_null=True)
    renewed_from = serializers.IntegerField(source="renewed_from_id", allow_null=True)

    class Meta:
        model = ControlMeasure
        fields = [
            "id",
            "case",
            "asset",
            "kind",
            "kind_display",
            "status",
            "status_display",
            "amount",
            "started_on",
            "expires_on",
            "term_citation",
            "queued_at",
            "renewed_from",
            "over_limit_reason",
            "lifted_on",
            "created_at",
        ]


class CaseScopeQuerySerializer(serializers.Serializer):
    """Query parameters of the lists: the case (404 when the user may not see it)."""

    case = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=ID_MAX,
        help_text=gettext_lazy("Only those of this case (the case must be viewable)"),
    )


class MeasureQuerySerializer(CaseScopeQuerySerializer):
    status = MeasureStatusField(required=False, help_text=gettext_lazy("Measure status"))
