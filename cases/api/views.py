"""REST API of the cases app (/api/v1/cases/, parties/, approvals/, case-actions/).

Thin: reads go through cases.selectors (scoping: a case another court's user may not see is a 404,
the same as a missing one), writes through cases.services; services' errors become their HTTP
status in enforcement.api.errors. No rule is decided here."""

from django.db.models import prefetch_related_objects
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
    ApprovalSerializer,
    CaseActionSerializer,
    CaseDetailSerializer,
    CaseListSerializer,
    CaseUpdateSerializer,
    DecideSerializer,
    ErrorSerializer,
    FilingSerializer,
    PartySerializer,
    PartyUpdateSerializer,
    TimelineEventSerializer,
    flatten_errors,
)
from cases.models import Approval, Case, Party
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
from cases.services import approval_decide, case_act, case_file, case_update, party_update

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="输入有误：fields 按字段列出原因"),
    403: OpenApiResponse(ErrorSerializer, description="无权执行此操作"),
    404: OpenApiResponse(ErrorSerializer, description="不存在或无权查看"),
}
CONFLICT = {409: OpenApiResponse(ErrorSerializer, description="案件当前状态不允许，或已被他人修改")}
ID_PATH = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


def _validated(serializer_class, request, **kwargs):
    """Shape check; DRF's nested errors are flattened to the services' keys ("parties[1].name")."""
    serializer = serializer_class(data=request.data, **kwargs)
    if not serializer.is_valid():
        raise ValidationError(flatten_errors(serializer.errors))
    return serializer


def case_detail_data(request, case: Case) -> dict:
    """The case as CaseDetailSerializer shows it to this user (full ID numbers shown are audited by
    cases.selectors.full_ids_revealed)."""
    prefetch_related_objects([case], "parties", "resumptions")
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

    @extend_schema(summary="案件列表", responses={200: CaseListSerializer(many=True), 400: ERRORS[400]})
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(CaseListSerializer(page, many=True).data)

    @extend_schema(
        summary="立案",
        request=FilingSerializer,
        responses={201: CaseDetailSerializer, **ERRORS},
        description="校验失败时不保存任何数据；fields 的键如 parties[1].id_number、basis.money_amount。",
    )
    def create(self, request):
        filing = _validated(FilingSerializer, request)
        case = case_file(actor=request.user, data=filing.to_input())
        case = get_case_for(request.user, case.pk)
        return Response(case_detail_data(request, case), status=status.HTTP_201_CREATED)

    @extend_schema(summary="案件详情", parameters=[ID_PATH], responses={200: CaseDetailSerializer, **ERRORS})
    def retrieve(self, request, pk=None):
        return Response(case_detail_data(request, self.get_object()))

    @extend_schema(
        summary="更换承办人或书记员",
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
        summary="案件流程记录（全程留痕）",
        parameters=[ID_PATH],
        responses={200: TimelineEventSerializer(many=True), 404: ERRORS[404]},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def timeline(self, request, pk=None):
        page = self.paginate_queryset(case_timeline(self.get_object()))
        return self.get_paginated_response(TimelineEventSerializer(page, many=True).data)

    @extend_schema(
        summary="对案件采取操作或提请审批",
        parameters=[ID_PATH],
        request=ActionRequestSerializer,
        responses={
            200: OpenApiResponse(ActionDoneSerializer, description="操作已执行"),
            202: OpenApiResponse(ActionPendingSerializer, description="已提请，等待审批"),
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

    @extend_schema(summary="当事人", parameters=[ID_PATH], responses={200: PartySerializer, **ERRORS})
    def retrieve(self, request, pk=None):
        return Response(self._data(request, self.get_object()))

    @extend_schema(
        summary="更正当事人信息",
        description="可更正名称、法定代表人、地址、电话；证件号码立案后不可修改。",
        parameters=[ID_PATH],
        request=PartyUpdateSerializer,
        responses={200: PartySerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        party = self.get_object()
        values = _validated(PartyUpdateSerializer, request).validated_data
        party_update(actor=request.user, party_id=party.pk, **values)
        return Response(self._data(request, self.get_object()))


class ApprovalViewSet(viewsets.GenericViewSet):
    """审批: what waits on the user, what they proposed, and the decision."""

    queryset = Approval.objects.none()  # for the schema; reads are scoped through cases.selectors
    serializer_class = ApprovalSerializer
    filter_backends: list = []
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        user = self.request.user
        if self.request.query_params.get("mine") in {"1", "true", "True"}:
            return approvals_proposed_by(user)
        return approvals_waiting_for(user)

    def get_object(self) -> Approval:
        return get_approval_for(self.request.user, self.kwargs["pk"])

    @extend_schema(
        summary="待我审批的事项",
        parameters=[
            OpenApiParameter(
                "mine", OpenApiTypes.BOOL, description="1：改为列出我在本院提请的事项（含已审批的）"
            )
        ],
        responses={200: ApprovalSerializer(many=True)},
    )
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ApprovalSerializer(page, many=True).data)

    @extend_schema(summary="审批事项", parameters=[ID_PATH], responses={200: ApprovalSerializer, **ERRORS})
    def retrieve(self, request, pk=None):
        return Response(ApprovalSerializer(self.get_object()).data)

    @extend_schema(
        summary="审批：同意（并执行）或不同意",
        parameters=[ID_PATH],
        request=DecideSerializer,
        responses={
            200: ApprovalSerializer,
            400: ERRORS[400],
            403: OpenApiResponse(
                ErrorSerializer, description="无权审批；提请人审批自己的提请时 code 为 four_eyes"
            ),
            404: ERRORS[404],
            409: OpenApiResponse(
                ErrorSerializer, description="已审批（already_decided），或案件状态已不允许该操作"
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


class CaseActionViewSet(viewsets.ViewSet):
    """The actions table: who may propose each action and which role approves it."""

    @extend_schema(summary="案件操作及审批角色一览", responses={200: CaseActionSerializer(many=True)})
    def list(self, request):
        return Response(CaseActionSerializer(list(ACTIONS.values()), many=True).data)
