"""Serializers of the cases API. They check the SHAPE of a request (types, required fields, money as
decimal strings) and turn it into the services' input; every rule (who may act, valid ID numbers,
legal transitions, four-eyes) stays in cases.services (STYLE 1 and 8)."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.plumbing import build_choice_field
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.actions import get_action
from cases.choices import BasisKind, CaseType, PartyKind, PartyRole
from cases.models import Approval, Case, EnforcementBasis, Party
from cases.selectors import days_left
from cases.services import BasisInput, FilingInput, PartyInput, available_actions
from cases.validators import mask_id
from enforcement.choices import Role
from enforcement.models import AuditEvent
from enforcement.money import MONEY_MAX, too_large_message


# --- shared pieces -------------------------------------------------------------------------------
class MoneyField(serializers.DecimalField):
    """Money in yuan with two places, written as a string ("100000.00") both ways. A JSON number
    with a fraction arrives as a float and is refused: money is never float."""

    default_error_messages = {
        **serializers.DecimalField.default_error_messages,
        "float": gettext_lazy('Write amounts as strings, e.g. "100000.00"; floats are not accepted.'),
    }

    def __init__(self, **kwargs):
        # The size limit is the shared bound (enforcement.money), with the same message as the
        # forms'. The digit count only keeps absurd input (1E+999999) from DRF's quantize, which
        # would raise InvalidOperation past the decimal context's 28 digits.
        kwargs.setdefault("max_digits", 28)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("coerce_to_string", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, float):
            self.fail("float")
        value = super().to_internal_value(data)
        if value is not None and value > MONEY_MAX:
            raise serializers.ValidationError(str(too_large_message()), code="max_value")
        return value


def _enum_schema(choices) -> dict:
    schema = build_choice_field(serializers.ChoiceField(choices=choices))
    schema.pop("x-spec-enum-id", None)
    return schema


# Choice sets whose field names ("kind", "role") recur with other choices elsewhere in the API get a
# named schema component each, so the OpenAPI enums are named after what they are.
COURT_ROLES = [(role, Role(role).label) for role in Role.court_roles()]


@extend_schema_field(_enum_schema(PartyRole.choices), component_name="PartyRoleEnum")
class PartyRoleField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=PartyRole.choices, **kwargs)


@extend_schema_field(_enum_schema(PartyKind.choices), component_name="PartyKindEnum")
class PartyKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=PartyKind.choices, **kwargs)


@extend_schema_field(_enum_schema(BasisKind.choices), component_name="BasisKindEnum")
class BasisKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=BasisKind.choices, **kwargs)


@extend_schema_field(_enum_schema(COURT_ROLES), component_name="CourtRoleEnum")
class CourtRoleField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=COURT_ROLES, **kwargs)


class ErrorSerializer(serializers.Serializer):
    """Every error answer: a machine code, a human message and, for bad input, the messages per field
    (keys like "basis.money_amount" or "parties[1].id_number")."""

    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


# Ids are 64-bit (BigAutoField): a larger number is bad input, not a database overflow.
ID_MAX = 2**63 - 1


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="get_full_name")


class CourtBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class CaseRefSerializer(serializers.ModelSerializer):
    state_display = serializers.CharField(source="get_state_display")

    class Meta:
        model = Case
        fields = ["id", "number", "state", "state_display"]


# --- case list and detail ------------------------------------------------------------------------
class CaseListSerializer(serializers.ModelSerializer):
    """One row of the case list. Reads only what cases.selectors.case_list fetched (court, judge and
    the page's parties), so a page costs the same number of queries whatever its size."""

    court = CourtBriefSerializer()
    state_display = serializers.CharField(source="get_state_display")
    judge = UserBriefSerializer()
    subject_amount = MoneyField(allow_null=True)
    days_left = serializers.SerializerMethodField(
        help_text=gettext_lazy("Days left until the deadline; frozen while suspended; null once closed.")
    )
    applicants = serializers.SerializerMethodField(help_text=gettext_lazy("Names of the applicants"))
    respondents = serializers.SerializerMethodField(help_text=gettext_lazy("Names of the respondents"))

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "court",
            "state",
            "state_display",
            "filed_on",
            "judge",
            "subject_amount",
            "deadline",
            "days_left",
            "applicants",
            "respondents",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_days_left(self, case) -> int | None:
        return days_left(case)

    def _names(self, case, role) -> list[str]:
        parties = sorted(case.parties.all(), key=lambda p: (p.position, p.pk))
        return [p.name for p in parties if p.role == role]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_applicants(self, case):
        return self._names(case, PartyRole.APPLICANT)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_respondents(self, case):
        return self._names(case, PartyRole.RESPONDENT)


class BasisSerializer(serializers.ModelSerializer):
    kind = BasisKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    money_amount = MoneyField(allow_null=True)

    class Meta:
        model = EnforcementBasis
        fields = [
            "kind",
            "kind_display",
            "issuing_organ",
            "document_number",
            "effective_date",
            "performance_deadline",
            "money_amount",
            "non_money_obligation",
        ]


class PartySerializer(serializers.ModelSerializer):
    """A party. A natural person's ID number is shown in full only to those who work on the case
    (context `full_ids`, from cases.selectors.can_see_full_id) and masked for everyone else; a
    统一社会信用代码 is public and always shown (cases.validators.mask_id)."""

    role = PartyRoleField()
    role_display = serializers.CharField(source="get_role_display")
    kind = PartyKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    id_number = serializers.SerializerMethodField()
    id_masked = serializers.SerializerMethodField(help_text=gettext_lazy("Whether id_number is masked"))

    class Meta:
        model = Party
        fields = [
            "id",
            "case",
            "role",
            "role_display",
            "kind",
            "kind_display",
            "name",
            "id_number",
            "id_masked",
            "legal_representative",
            "address",
            "phone",
            "position",
        ]

    def _masked(self, party) -> bool:
        return party.kind == PartyKind.PERSON and not self.context.get("full_ids", False)

    def get_id_number(self, party) -> str:
        return mask_id(party.id_number) if self._masked(party) else party.id_number

    def get_id_masked(self, party) -> bool:
        return self._masked(party)


class AvailableActionSerializer(serializers.Serializer):
    """An action this user may propose on the case; `blockers` says why it cannot be taken now."""

    key = serializers.CharField(source="action.key")
    label = serializers.CharField(source="action.label")
    needs_approval = serializers.SerializerMethodField()
    approver_role = CourtRoleField(source="action.approver_role", allow_null=True)
    approver_role_display = serializers.SerializerMethodField()
    blockers = serializers.ListField(child=serializers.CharField())

    def get_needs_approval(self, item) -> bool:
        return item["action"].approver_role is not None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_approver_role_display(self, item):
        role = item["action"].approver_role
        return str(Role(role).label) if role else None


class InterestPartSerializer(serializers.Serializer):
    """One part of the delayed-performance interest, by the rule that computed it."""

    basis = serializers.ChoiceField(
        choices=[("2009", "法释〔2009〕6号"), ("2014", "法释〔2014〕8号")],
        help_text=gettext_lazy(
            "2009: the period before 1 August 2014, at twice the benchmark lending rate of the time; 2014: the doubled interest after it, 0.0175% a day"
        ),
    )
    label = serializers.CharField()
    start = serializers.DateField(help_text=gettext_lazy("First day of this part of the delay period"))
    end = serializers.DateField(
        help_text=gettext_lazy("Last day of this part of the delay period (inclusive)")
    )
    days = serializers.IntegerField()
    amount = serializers.CharField(help_text=gettext_lazy("Amount (yuan), as a string"))
    explanation = serializers.CharField(help_text=gettext_lazy("How it was computed"))
    citations = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_lazy("The provisions and rates applied")
    )


class CaseDetailSerializer(CaseListSerializer):
    """The case page. Context: `request` (whose actions to list) and `full_ids` (see PartySerializer)."""

    type_display = serializers.CharField(source="get_type_code_display")
    filed_by = UserBriefSerializer()
    clerk = UserBriefSerializer(allow_null=True)
    application_fee = MoneyField()
    delay_interest = MoneyField()
    interest_parts = InterestPartSerializer(
        many=True,
        help_text=gettext_lazy(
            "Delayed-performance interest in parts by the provision applied: before 1 August 2014 and after; the total is delay_interest"
        ),
    )
    basis = serializers.SerializerMethodField()
    parties = serializers.SerializerMethodField()
    resumed_from = CaseRefSerializer(allow_null=True)
    resumptions = CaseRefSerializer(many=True)
    actions = serializers.SerializerMethodField(
        help_text=gettext_lazy("Actions the current user can request, and what blocks them")
    )

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "type_code",
            "type_display",
            "year",
            "filed_at",
            "filed_by",
            "clerk",
            "non_litigation",
            "basis",
            "parties",
            "application_fee",
            "fee_explanation",
            "delay_interest",
            "interest_explanation",
            "interest_parts",
            "time_limit_months",
            "extension_months",
            "suspended_days",
            "suspended_since",
            "notice_due",
            "notice_served_on",
            "closed_on",
            "resumed_from",
            "resumptions",
            "actions",
            "updated_at",
        ]

    @extend_schema_field(BasisSerializer(allow_null=True))
    def get_basis(self, case):
        try:
            return BasisSerializer(case.basis).data
        except ObjectDoesNotExist:
            return None

    @extend_schema_field(PartySerializer(many=True))
    def get_parties(self, case):
        parties = sorted(case.parties.all(), key=lambda p: (p.role, p.position, p.pk))
        return PartySerializer(parties, many=True, context=self.context).data

    @extend_schema_field(AvailableActionSerializer(many=True))
    def get_actions(self, case):
        return AvailableActionSerializer(
            available_actions(self.context["request"].user, case), many=True
        ).data


# --- filing and edits ----------------------------------------------------------------------------
class PartyInputSerializer(serializers.Serializer):
    role = PartyRoleField()
    kind = PartyKindField()
    name = serializers.CharField(max_length=200)
    id_number = serializers.CharField(
        max_length=30, help_text=gettext_lazy("Resident ID number or unified social credit code")
    )
    legal_representative = serializers.CharField(max_length=50, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, allow_blank=True, default="")


class BasisInputSerializer(serializers.Serializer):
    kind = BasisKindField()
    issuing_organ = serializers.CharField(max_length=100)
    document_number = serializers.CharField(max_length=100)
    effective_date = serializers.DateField()
    money_amount = MoneyField(required=False, allow_null=True, default=None)
    non_money_obligation = serializers.CharField(allow_blank=True, default="")
    performance_deadline = serializers.DateField(required=False, allow_null=True, default=None)


class FilingSerializer(serializers.Serializer):
    """立案 request. Shape only: cases.services.case_file checks the judge, clerk, ID numbers and
    the rest, and answers bad input with keys such as "parties[1].id_number"."""

    type_code = serializers.ChoiceField(choices=CaseType.choices, default=CaseType.FIRST)
    judge = id_field(
        help_text=gettext_lazy("User id of the judge in charge (an enforcement judge of this court)")
    )
    clerk = id_field(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("User id of the clerk; a clerk filing defaults to themself"),
    )
    basis = BasisInputSerializer()
    parties = PartyInputSerializer(many=True)
    no_amount_fee = MoneyField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Application fee of a case without an amount (50–500 yuan)"),
    )

    def to_input(self) -> FilingInput:
        data = self.validated_data
        return FilingInput(
            judge_id=data["judge"],
            clerk_id=data["clerk"],
            type_code=data["type_code"],
            basis=BasisInput(**data["basis"]),
            parties=[PartyInput(**party) for party in data["parties"]],
            no_amount_fee=data["no_amount_fee"],
        )


class CaseUpdateSerializer(serializers.Serializer):
    judge = id_field(required=False, help_text=gettext_lazy("User id of the new judge in charge"))
    clerk = id_field(required=False, help_text=gettext_lazy("User id of the new clerk"))
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PartyUpdateSerializer(serializers.Serializer):
    """The correctable fields of a party; anything else (the ID number above all) is refused."""

    name = serializers.CharField(max_length=200, required=False)
    legal_representative = serializers.CharField(max_length=50, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({key: [_("This field cannot be changed.")] for key in unknown})
        return attrs


# --- actions and approvals -----------------------------------------------------------------------
class ActionRequestSerializer(serializers.Serializer):
    action = serializers.CharField(help_text=gettext_lazy("Action code, see /api/v1/case-actions/"))
    reason = serializers.CharField(
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Reason for the request (required for actions that need approval)"),
    )
    payload = serializers.DictField(
        default=dict, help_text=gettext_lazy('Action parameters, e.g. for an extension {"months": 3}')
    )


class ApprovalSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    action_label = serializers.SerializerMethodField()
    proposer = UserBriefSerializer()
    required_role = CourtRoleField()
    required_role_display = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display")
    decided_by = UserBriefSerializer(allow_null=True)
    payload = serializers.DictField()

    class Meta:
        model = Approval
        fields = [
            "id",
            "case",
            "action",
            "action_label",
            "payload",
            "reason",
            "proposer",
            "created_at",
            "required_role",
            "required_role_display",
            "status",
            "status_display",
            "decided_by",
            "decided_at",
            "decision_note",
        ]

    def get_action_label(self, approval) -> str:
        action = get_action(approval.action)
        return str(action.label) if action else approval.action

    def get_required_role_display(self, approval) -> str:
        try:
            return str(Role(approval.required_role).label)
        except ValueError:
            return approval.required_role


class ActionDoneSerializer(serializers.Serializer):
    done = serializers.BooleanField(help_text=gettext_lazy("true: the action was carried out"))
    case = CaseDetailSerializer()


class ActionPendingSerializer(serializers.Serializer):
    done = serializers.BooleanField(help_text=gettext_lazy("false: requested, awaiting approval"))
    approval = ApprovalSerializer()


class DecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField(
        help_text=gettext_lazy("true approves (and carries out the action at once), false rejects")
    )
    note = serializers.CharField(
        allow_blank=True, default="", help_text=gettext_lazy("Decision note (required when rejecting)")
    )


class CaseActionSerializer(serializers.Serializer):
    """One row of the actions table (cases.actions.ACTIONS)."""

    key = serializers.CharField()
    label = serializers.CharField()
    proposer_roles = serializers.ListField(child=CourtRoleField())
    proposer_roles_display = serializers.SerializerMethodField()
    approver_role = CourtRoleField(allow_null=True)
    approver_role_display = serializers.SerializerMethodField()
    needs_approval = serializers.SerializerMethodField()

    def get_proposer_roles_display(self, action) -> list[str]:
        return [str(Role(role).label) for role in action.proposer_roles]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_approver_role_display(self, action):
        return str(Role(action.approver_role).label) if action.approver_role else None

    def get_needs_approval(self, action) -> bool:
        return action.approver_role is not None


class TimelineEventSerializer(serializers.ModelSerializer):
    time = serializers.DateTimeField(source="created_at")

    class Meta:
        model = AuditEvent
        fields = ["id", "time", "actor_name", "action", "summary"]
