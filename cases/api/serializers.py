"""Serializers of the cases API. They check the SHAPE of a request (types, required fields, money as
decimal strings) and turn it into the services' input; every rule (who may act, valid ID numbers,
legal transitions, four-eyes) stays in cases.services (STYLE 1 and 8)."""

from collections.abc import Mapping

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.plumbing import build_choice_field
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField

from cases.actions import get_action
from cases.choices import AgentKind, BasisKind, CaseType, HearingWay, IdType, PartyKind, PartyRole, Sex
from cases.models import ApplicantHearing, Approval, Case, EnforcementBasis, Party
from cases.registry import facts_for, figures_for, timeline_kinds
from cases.selectors import approval_decision_facts, days_left
from cases.services import AgentInput, BasisInput, FilingInput, PartyInput, available_actions
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


@extend_schema_field(_enum_schema(IdType.choices), component_name="IdTypeEnum")
class IdTypeField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=IdType.choices, **kwargs)


@extend_schema_field(_enum_schema(AgentKind.choices), component_name="AgentKindEnum")
class AgentKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=AgentKind.choices, **kwargs)


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
    earlier_cases = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text=gettext_lazy(
            "With code duplicate_basis: the earlier cases on the same basis ({id, number}); file again with confirm_duplicate and duplicate_reason"
        ),
    )


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
    principal = MoneyField(allow_null=True)
    judgment_interest = MoneyField(allow_null=True)
    costs_borne = MoneyField(allow_null=True)
    other_amount = MoneyField(allow_null=True)

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
            "principal",
            "judgment_interest",
            "costs_borne",
            "other_amount",
            "non_money_obligation",
        ]


class AgentSerializer(serializers.Serializer):
    """A party's agent; the ID number masked as the party's is."""

    kind = AgentKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    name = serializers.CharField()
    id_type = serializers.CharField()
    id_number = serializers.CharField()
    phone = serializers.CharField()


class PartySerializer(serializers.ModelSerializer):
    """A party. A natural person's ID number is shown in full only to those who work on the case
    (context `full_ids`, from cases.selectors.can_see_full_id) and masked for everyone else; a
    统一社会信用代码 is public and always shown (cases.validators.mask_id)."""

    role = PartyRoleField()
    role_display = serializers.CharField(source="get_role_display")
    kind = PartyKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    id_type = IdTypeField()
    id_type_display = serializers.CharField(source="get_id_type_display")
    id_number = serializers.SerializerMethodField()
    id_masked = serializers.SerializerMethodField(help_text=gettext_lazy("Whether id_number is masked"))
    sex = serializers.SerializerMethodField(
        help_text=gettext_lazy("From an 18-digit ID number; null when the number is masked or carries none")
    )
    birth_date = serializers.SerializerMethodField(
        help_text=gettext_lazy("From an 18-digit ID number; null when the number is masked or carries none")
    )
    agents = serializers.SerializerMethodField()

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
            "id_type",
            "id_type_display",
            "id_number",
            "id_masked",
            "id_note",
            "sex",
            "birth_date",
            "agents",
            "legal_representative",
            "address",
            "phone",
            "position",
            "whereabouts_unknown",
        ]
        read_only_fields = ["whereabouts_unknown"]

    def _masked(self, party) -> bool:
        return party.kind == PartyKind.PERSON and not self.context.get("full_ids", False)

    def get_id_number(self, party) -> str:
        return mask_id(party.id_number) if self._masked(party) else party.id_number

    def get_id_masked(self, party) -> bool:
        return self._masked(party)

    def _facts(self, party):
        return None if self._masked(party) else party.id_facts

    @extend_schema_field(serializers.ChoiceField(choices=Sex.choices, allow_null=True))
    def get_sex(self, party):
        facts = self._facts(party)
        return facts[0] if facts else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_birth_date(self, party):
        facts = self._facts(party)
        return facts[1].isoformat() if facts else None

    @extend_schema_field(AgentSerializer(many=True))
    def get_agents(self, party):
        full = self.context.get("full_ids", False)
        return [
            {
                "kind": agent.kind,
                "kind_display": agent.get_kind_display(),
                "name": agent.name,
                "id_type": agent.id_type,
                "id_number": agent.id_number if full else mask_id(agent.id_number),
                "phone": agent.phone,
            }
            for agent in party.agents.all()
        ]


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


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=gettext_lazy("Stable key, e.g. money.outstanding"))
    label = serializers.CharField()
    amount = serializers.CharField(help_text=gettext_lazy("Amount (yuan), as a string"))


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
    related_cases = CaseRefSerializer(many=True)
    actions = serializers.SerializerMethodField(
        help_text=gettext_lazy("Actions the current user can request, and what blocks them")
    )
    figures = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Amounts other parts of the system know of the case (what is still owed, money performed to the applicants)"
        )
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
            "cause",
            "original_case_number",
            "related_cases",
            "duplicate_reason",
            "actions",
            "figures",
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

    @extend_schema_field(FigureSerializer(many=True))
    def get_figures(self, case):
        return [figure.as_dict() for figure in figures_for(case)]

    @extend_schema_field(AvailableActionSerializer(many=True))
    def get_actions(self, case):
        return AvailableActionSerializer(
            available_actions(self.context["request"].user, case), many=True
        ).data


# --- filing and edits ----------------------------------------------------------------------------
class AgentInputSerializer(serializers.Serializer):
    kind = AgentKindField()
    name = serializers.CharField(max_length=100)
    id_type = IdTypeField(required=False, default="ric")
    id_number = serializers.CharField(max_length=40, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, allow_blank=True, default="")


class PartyInputSerializer(serializers.Serializer):
    role = PartyRoleField()
    kind = PartyKindField()
    name = serializers.CharField(max_length=200)
    id_type = IdTypeField(
        required=False,
        default="",
        help_text=gettext_lazy(
            "Identity document; left out: resident ID card for a person, unified social credit code otherwise"
        ),
    )
    id_number = serializers.CharField(
        max_length=40, help_text=gettext_lazy("Number of the identity document")
    )
    id_note = serializers.CharField(
        max_length=200,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("Which document, for id_type other"),
    )
    agents = AgentInputSerializer(many=True, required=False, default=list)
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
    principal = MoneyField(required=False, allow_null=True, default=None)
    judgment_interest = MoneyField(required=False, allow_null=True, default=None)
    costs_borne = MoneyField(required=False, allow_null=True, default=None)
    other_amount = MoneyField(required=False, allow_null=True, default=None)


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
    cause = serializers.CharField(max_length=100, allow_blank=True, default="")
    original_case_number = serializers.CharField(max_length=100, allow_blank=True, default="")
    related_case_numbers = serializers.ListField(
        child=serializers.CharField(max_length=64), required=False, default=list, max_length=50
    )
    confirm_duplicate = serializers.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "After a 409 duplicate_basis: true to file it all the same as a different application"
        ),
    )
    duplicate_reason = serializers.CharField(max_length=500, allow_blank=True, default="")

    def to_input(self) -> FilingInput:
        return _filing_input(self.validated_data)

    def readable_input(self) -> FilingInput:
        """After a failed shape check: the service's input from every field that passed it, each
        field that failed left empty (its default), so that the service's rules can still be asked
        about the rest (cases.services.filing_errors)."""
        return _filing_input(_readable(self, self.initial_data))


def _filing_input(data) -> FilingInput:
    data = dict(data)
    parties = []
    for party in data.pop("parties"):
        party = dict(party)
        agents = [AgentInput(**agent) for agent in party.pop("agents", [])]
        parties.append(PartyInput(**party, agents=agents))
    return FilingInput(
        judge_id=data.pop("judge"),
        clerk_id=data.pop("clerk"),
        basis=BasisInput(**data.pop("basis")),
        parties=parties,
        **data,
    )


def _empty_value(field):
    """What a field that failed its shape check stands for: its default, or nothing."""
    if field.default is not serializers.empty:
        return field.get_default()
    if isinstance(field, serializers.ListField | serializers.ListSerializer):
        return []
    if isinstance(field, serializers.CharField | serializers.ChoiceField):
        return ""
    if isinstance(field, serializers.BooleanField):
        return False
    return None


def _readable(serializer, data) -> dict:
    """The values of `serializer`'s fields in `data` that pass their own shape check, field by
    field (nested serializers and lists of them item by item); the others empty."""
    data = data if isinstance(data, Mapping) else {}
    values = {}
    for name, field in serializer.fields.items():
        raw = data.get(name, serializers.empty)
        if isinstance(field, serializers.ListSerializer):
            items = raw if isinstance(raw, list) else []
            values[name] = [_readable(field.child, item) for item in items]
        elif isinstance(field, serializers.Serializer):
            values[name] = _readable(field, raw)
        else:
            try:
                values[name] = field.run_validation(raw)
            except (serializers.ValidationError, SkipField):
                values[name] = _empty_value(field)
    return values


class CaseUpdateSerializer(serializers.Serializer):
    judge = id_field(required=False, help_text=gettext_lazy("User id of the new judge in charge"))
    clerk = id_field(required=False, help_text=gettext_lazy("User id of the new clerk"))
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class BatchAssignSerializer(serializers.Serializer):
    cases = serializers.ListField(
        child=id_field(), min_length=1, max_length=100, help_text=gettext_lazy("Ids of the cases")
    )
    judge = id_field(help_text=gettext_lazy("User id of the new judge in charge"))
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class BatchAssignResultSerializer(serializers.Serializer):
    cases = serializers.ListField(
        child=serializers.IntegerField(), help_text=gettext_lazy("Ids of the cases")
    )


class PartyUpdateSerializer(serializers.Serializer):
    """The correctable fields of a party; anything else (the ID number above all) is refused."""

    name = serializers.CharField(max_length=200, required=False)
    legal_representative = serializers.CharField(max_length=50, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    agents = AgentInputSerializer(
        many=True,
        required=False,
        help_text=gettext_lazy(
            "The party's agents from now on, all of them: one left out is removed, a new one added; [] removes every agent; left out: unchanged"
        ),
    )

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
        default=dict,
        help_text=gettext_lazy(
            'Action parameters, e.g. for an extension {"months": 3}. settle: {"signed_on": "YYYY-MM-DD", '
            '"terms", "agreement_text", "instalments": [{"due_on": "YYYY-MM-DD", "amount": "0.00"}]}; '
            'record_instalment: {"seq", "amount", "performed_on"}; resume_on_breach: {"ground": '
            '"non_performance" | "fraud_coercion", "facts", "applied_on"}; terminate: {"ground": "1".."6" '
            '(Civil Procedure Law art. 268), "facts"}; withdraw: {"withdrawn_on", "document", '
            '"after_settlement"}. Errors name the field as payload.<key>.'
        ),
    )


class ApprovalFactSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField()
    met = serializers.BooleanField(
        allow_null=True, help_text=gettext_lazy("A checklist line: whether it holds; null for a plain fact")
    )
    url = serializers.CharField(
        allow_blank=True, help_text=gettext_lazy("Where the evidence is, if anywhere")
    )


class ApprovalSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer()
    facts = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "What the request is decided on: live while pending, as the decision recorded them once decided"
        )
    )
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
            "facts",
        ]

    @extend_schema_field(ApprovalFactSerializer(many=True))
    def get_facts(self, approval) -> list[dict]:
        recorded = approval_decision_facts(approval)
        if recorded is not None:
            return recorded
        return [fact.as_dict() for fact in facts_for(approval)]

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


class BatchDecideSerializer(DecideSerializer):
    approvals = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        help_text=gettext_lazy("The requests decided with this one note"),
    )


class BatchFailedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField(allow_blank=True)
    detail = serializers.CharField()


class BatchDecisionSerializer(serializers.Serializer):
    decided = ApprovalSerializer(many=True)
    failed = BatchFailedSerializer(many=True, help_text=gettext_lazy("Requests not decided, and why"))


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


class TimelineQuerySerializer(serializers.Serializer):
    """The case timeline's query: one kind of event only, as the case page's filter (the kinds
    are those the apps register, cases.registry.timeline_kinds)."""

    kind = serializers.ChoiceField(
        choices=[],
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Only this kind of event; left out or empty: every event"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when the serializer is made (a request, the schema), after every app registered.
        self.fields["kind"].choices = [(kind.key, kind.label) for kind in timeline_kinds]


class TimelineEventSerializer(serializers.ModelSerializer):
    time = serializers.DateTimeField(source="created_at")

    class Meta:
        model = AuditEvent
        fields = ["id", "time", "actor_name", "action", "summary"]


class PartyWhereaboutsSerializer(serializers.Serializer):
    """A respondent's whereabouts unknown (下落不明) or known again (cases.services.party_set_whereabouts)."""

    unknown = serializers.BooleanField(help_text=gettext_lazy("True: the respondent cannot be found"))


@extend_schema_field(_enum_schema(HearingWay.choices), component_name="HearingWayEnum")
class HearingWayField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=HearingWay.choices, **kwargs)


class ApplicantHearingRequestSerializer(serializers.Serializer):
    """The applicant heard (约谈) or told in writing before 终本 (cases.services.applicant_hearing_record)."""

    held_on = serializers.DateField()
    way = HearingWayField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ApplicantHearingSerializer(serializers.ModelSerializer):
    way = HearingWayField()
    way_display = serializers.CharField(source="get_way_display")
    recorded_by = serializers.CharField(source="recorded_by.__str__")

    class Meta:
        model = ApplicantHearing
        fields = ["id", "case", "held_on", "way", "way_display", "note", "recorded_by", "created_at"]
