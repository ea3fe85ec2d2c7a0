"""REST API of the cases app (/api/v1/cases/, parties/, approvals/, case-actions/).

Thin: reads go through cases.selectors (scoping: a case another court's user may not see is a 404,
the same as a missing one), writes through cases.services; services' errors become their HTTP
status in enforcement.api.errors. No rule is decided here."""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from cases.actions import ACTIONS
from cases.api.filters import CaseFilter
from cases.api.serializers import (
    ActionDoneSerializer,
    ActionPendingSerializer,
    ActionRequestSerializer,
    ApplicantHearingRequestSerializer,
    ApplicantHearingSerializer,
    ApprovalSerializer,
    BatchAssignResultSerializer,
    BatchAssignSerializer,
    BatchDecideSerializer,
    BatchDecisionSerializer,
    CaseActionSerializer,
    CaseDetailSerializer,
    CaseListSerializer,
    CaseUpdateSerializer,
    DecideSerializer,
    ErrorSerializer,
    FilingSerializer,
    PartySerializer,
    PartyUpdateSerializer,
    PartyWhereaboutsSerializer,
    TimelineEventSerializer,
    TimelineQuerySerializer,
)
from cases.models import Approval, Case, Party
from cases.registry import prefetch_facts
from cases.selectors import (
    API,
    approvals_proposed_by,
    approvals_waiting_for,
    case_timeline,
    cases_visible_to,
    full_ids_revealed,
    get_approval_for,
    get_case_for,
    get_party_for,
)
from cases.services import (
    AgentInput,
    applicant_hearing_record,
    approval_decide,
    approvals_decide_batch,
    case_act,
    case_file,
    case_update,
    cases_assign_judge,
    filing_errors,
    party_set_whereabouts,
    party_update,
)
from enforcement.api.actions import ID_PATH, ServiceViewSet, flatten_errors, validated

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description=gettext_lazy("Invalid input: fields lists the reasons by field")
    ),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed to do this")),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Does not exist or may not be viewed")),
}
CONFLICT = {
    409: OpenApiResponse(
        ErrorSerializer,
        description=gettext_lazy("Not allowed in the case's current state, or changed by someone else"),
    )
}


def _validated(serializer_class, request, **kwargs):
    """Shape check of the request's body (enforcement.api.actions.validated)."""
    return validated(serializer_class, request.data, **kwargs)


def case_detail_data(request, case: Case) -> dict:
    """The case as CaseDetailSerializer shows it to this user (full ID numbers shown are audited by
    cases.selectors.full_ids_revealed)."""
    prefetch_related_objects([case], "parties__agents", "resumptions", "related_cases")
    full_ids = full_ids_revealed(request.user, case, case.parties.all(), via=API)
    return CaseDetailSerializer(case, context={"request": request, "full_ids": full_ids}).data


class CaseViewSet(viewsets.GenericViewSet):
    """Enforcement cases the user may see (their court and the courts below it)."""

    queryset = Case.objects.none()  # for the schema; every read goes through cases.selectors
    serializer_class = CaseListSerializer
    filterset_class = CaseFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return cases_visible_to(self.request.user)

    def get_object(self) -> Case:
        return get_case_for(self.request.user, self.kwargs["pk"])

    @extend_schema(summary=_("Case list"), responses={200: CaseListSerializer(many=True), 400: ERRORS[400]})
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(CaseListSerializer(page, many=True).data)

    @extend_schema(
        summary=_("File a case"),
        request=FilingSerializer,
        responses={
            201: CaseDetailSerializer,
            **ERRORS,
            409: OpenApiResponse(
                ErrorSerializer,
                description=gettext_lazy(
                    "duplicate_basis: the same basis between some of the same parties was filed before (earlier_cases); send confirm_duplicate with duplicate_reason to file it as a different application"
                ),
            ),
        },
        description=_(
            "Nothing is saved when validation fails. Every mistake is answered in one 400: the fields that are not of the right shape, and what the filing rules say about the fields that are; the keys of fields look like parties[1].id_number, basis.money_amount."
        ),
    )
    def create(self, request):
        filing = FilingSerializer(data=request.data)
        if not filing.is_valid():
            # Every mistake in one round, as on the filing page: the service's rules are asked
            # about what passed the shape check, and their errors join the shape errors.
            errors = flatten_errors(filing.errors)
            if "non_field_errors" not in errors:  # a body that is no filing at all: nothing to ask
                more = filing_errors(actor=request.user, data=filing.readable_input(), unreadable=errors)
                errors.update(more)
            raise ValidationError(errors)
        case = case_file(actor=request.user, data=filing.to_input())
        case = get_case_for(request.user, case.pk)
        return Response(case_detail_data(request, case), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Case detail"), parameters=[ID_PATH], responses={200: CaseDetailSerializer, **ERRORS}
    )
    def retrieve(self, request, pk=None):
        return Response(case_detail_data(request, self.get_object()))

    @extend_schema(
        summary=_("Change the judge in charge or the clerk"),
        parameters=[ID_PATH],
        request=CaseUpdateSerializer,
        responses={200: CaseDetailSerializer, **ERRORS, **CONFLICT},
    )
    def partial_update(self, request, pk=None):
        case = self.get_object()
        data = _validated(CaseUpdateSerializer, request).validated_data
        case_update(
            actor=request.user,
            case_id=case.pk,
            judge_id=data.get("judge"),
            clerk_id=data.get("clerk"),
            reason=data["reason"],
        )
        return Response(case_detail_data(request, get_case_for(request.user, case.pk)))

    @extend_schema(
        summary=_("Assign one judge to several cases"),
        request=BatchAssignSerializer,
        responses={200: BatchAssignResultSerializer, **ERRORS, **CONFLICT},
        description=_("The head of enforcement only; every case is reassigned or none is."),
    )
    @action(
        detail=False, methods=["post"], url_path="assign-judge", url_name="assign-judge", filter_backends=[]
    )
    def assign_judge(self, request):
        data = _validated(BatchAssignSerializer, request).validated_data
        done = cases_assign_judge(
            actor=request.user, case_ids=data["cases"], judge_id=data["judge"], reason=data["reason"]
        )
        return Response({"cases": [case.pk for case in done]})

    @extend_schema(
        summary=_("Case history (complete trail)"),
        parameters=[ID_PATH, TimelineQuerySerializer],
        responses={200: TimelineEventSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def timeline(self, request, pk=None):
        case = self.get_object()
        query = validated(TimelineQuerySerializer, request.query_params).validated_data
        page = self.paginate_queryset(case_timeline(case, kind=query.get("kind", "")))
        return self.get_paginated_response(TimelineEventSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Act on a case or request approval"),
        parameters=[ID_PATH],
        request=ActionRequestSerializer,
        responses={
            200: OpenApiResponse(ActionDoneSerializer, description=_("Action carried out")),
            202: OpenApiResponse(ActionPendingSerializer, description=_("Requested, awaiting approval")),
            **ERRORS,
            **CONFLICT,
        },
    )
    @action(detail=True, methods=["post"], url_path="actions", url_name="act", filter_backends=[])
    def act(self, request, pk=None):
        case = self.get_object()
        data = _validated(ActionRequestSerializer, request).validated_data
        result = case_act(
            actor=request.user,
            case_id=case.pk,
            action_key=data["action"],
            reason=data["reason"],
            payload=data["payload"],
        )
        if result.done:
            case = get_case_for(request.user, case.pk)
            return Response({"done": True, "case": case_detail_data(request, case)})
        approval = Approval.objects.select_related("case", "proposer").get(pk=result.approval.pk)
        return Response(
            {"done": False, "approval": ApprovalSerializer(approval).data}, status=status.HTTP_202_ACCEPTED
        )

    @extend_schema(
        summary=_("Record that the applicant was heard or told in writing"),
        description=_(
            "Before terminating the current round: an interview or a written notice to the applicant."
        ),
        parameters=[ID_PATH],
        request=ApplicantHearingRequestSerializer,
        responses={201: ApplicantHearingSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="applicant-hearings",
        url_name="applicant-hearings",
        filter_backends=[],
    )
    def applicant_hearings(self, request, pk=None):
        case = self.get_object()
        data = _validated(ApplicantHearingRequestSerializer, request).validated_data
        hearing = applicant_hearing_record(
            actor=request.user, case_id=case.pk, held_on=data["held_on"], way=data["way"], note=data["note"]
        )
        return Response(ApplicantHearingSerializer(hearing).data, status=status.HTTP_201_CREATED)


class PartyViewSet(viewsets.GenericViewSet):
    """A party of a case the user may see."""

    queryset = Party.objects.none()  # for the schema; reads are scoped through cases.selectors
    serializer_class = PartySerializer
    lookup_value_regex = r"\d+"

    def get_object(self) -> Party:
        return get_party_for(self.request.user, self.kwargs["pk"])

    def _data(self, request, party):
        full_ids = full_ids_revealed(request.user, party.case, [party], via=API)
        return PartySerializer(party, context={"full_ids": full_ids}).data

    @extend_schema(summary=_("Party"), parameters=[ID_PATH], responses={200: PartySerializer, **ERRORS})
    def retrieve(self, request, pk=None):
        return Response(self._data(request, self.get_object()))

    @extend_schema(
        summary=_("Correct a party's details"),
        description=_(
            "The name, legal representative, address, phone and agents can be corrected; the ID number cannot change after filing."
        ),
        parameters=[ID_PATH],
        request=PartyUpdateSerializer,
        responses={200: PartySerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        party = self.get_object()
        values = dict(_validated(PartyUpdateSerializer, request).validated_data)
        if "agents" in values:
            values["agents"] = [AgentInput(**agent) for agent in values["agents"]]
        party_update(actor=request.user, party_id=party.pk, **values)
        return Response(self._data(request, self.get_object()))

    @extend_schema(
        summary=_("Record a respondent's whereabouts"),
        parameters=[ID_PATH],
        request=PartyWhereaboutsSerializer,
        responses={200: PartySerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def whereabouts(self, request, pk=None):
        party = self.get_object()
        data = _validated(PartyWhereaboutsSerializer, request).validated_data
        party_set_whereabouts(actor=request.user, party_id=party.pk, unknown=data["unknown"])
        return Response(self._data(request, self.get_object()))


class ApprovalViewSet(ServiceViewSet):
    """审批: what waits on the user, what they proposed, and the decision."""

    queryset = Approval.objects.none()  # for the schema; reads are scoped through cases.selectors
    serializer_class = ApprovalSerializer

    def get_queryset(self):
        user = self.request.user
        if self.request.query_params.get("mine") in {"1", "true", "True"}:
            return approvals_proposed_by(user)
        return approvals_waiting_for(user)

    def get_object(self) -> Approval:
        return get_approval_for(self.request.user, self.kwargs["pk"])

    @extend_schema(
        summary=_("Matters awaiting my decision"),
        parameters=[
            OpenApiParameter(
                "mine",
                OpenApiTypes.BOOL,
                description=_(
                    "1: list the matters I requested at this court instead (decided ones included)"
                ),
            )
        ],
        responses={200: ApprovalSerializer(many=True)},
    )
    def list(self, request):
        page = prefetch_facts(self.paginate_queryset(self.get_queryset()))  # facts at once (cases.registry)
        return self.get_paginated_response(ApprovalSerializer(page, many=True).data)

    @extend_schema(summary=_("Approval"), parameters=[ID_PATH], responses={200: ApprovalSerializer, **ERRORS})
    def retrieve(self, request, pk=None):
        return Response(ApprovalSerializer(self.get_object()).data)

    @extend_schema(
        summary=_("Decide: approve (and carry out) or reject"),
        parameters=[ID_PATH],
        request=DecideSerializer,
        responses={
            200: ApprovalSerializer,
            400: ERRORS[400],
            403: OpenApiResponse(
                ErrorSerializer,
                description=_(
                    "Not allowed to decide; code is four_eyes when the requester decides their own request"
                ),
            ),
            404: ERRORS[404],
            409: OpenApiResponse(
                ErrorSerializer,
                description=_(
                    "Already decided (already_decided), or the case's state no longer allows the action"
                ),
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        data = _validated(DecideSerializer, request).validated_data
        approval = approval_decide(
            actor=request.user,
            approval_id=int(pk),
            approve=data["approve"],
            note=data["note"],
        )
        approval = Approval.objects.select_related("case", "proposer", "decided_by").get(pk=approval.pk)
        return Response(ApprovalSerializer(approval).data)

    @extend_schema(
        operation_id="approvals_decide_batch",
        summary=_("Decide several requests with one note"),
        description=_(
            "Each request is decided in its own transaction, as POST /approvals/{id}/decide/ would: one whose "
            "case no longer allows the action is listed under failed and the others stand. Nothing is decided "
            "when the selection holds a request of the caller's own (403, code four_eyes)."
        ),
        request=BatchDecideSerializer,
        responses={
            200: BatchDecisionSerializer,
            400: ERRORS[400],
            403: OpenApiResponse(
                ErrorSerializer,
                description=_("Not allowed to decide; code is four_eyes when a request is the caller's own"),
            ),
        },
    )
    @action(detail=False, methods=["post"], url_path="decide")
    def decide_batch(self, request):
        data = _validated(BatchDecideSerializer, request).validated_data
        outcome = approvals_decide_batch(
            actor=request.user, approval_ids=data["approvals"], approve=data["approve"], note=data["note"]
        )
        decided = Approval.objects.select_related("case", "proposer", "decided_by").filter(
            pk__in=[a.pk for a in outcome.decided]
        )
        return Response(
            {
                "decided": ApprovalSerializer(decided.order_by("decided_at", "id"), many=True).data,
                "failed": [
                    {"id": pk, "case_number": number, "detail": reason}
                    for pk, number, reason in outcome.failed
                ],
            }
        )


class CaseActionViewSet(viewsets.ViewSet):
    """The actions table: who may propose each action and which role approves it."""

    @extend_schema(
        summary=_("Case actions and their approver roles"), responses={200: CaseActionSerializer(many=True)}
    )
    def list(self, request):
        return Response(CaseActionSerializer(list(ACTIONS.values()), many=True).data)
