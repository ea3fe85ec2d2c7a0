"""The penalties API (/api/v1/exit-restrictions/, /api/v1/coercive-penalties/,
/api/v1/crime-referrals/): the same services as the case's penalties page. Another court's row is
a 404, like a missing one; a police liaison officer sees only the referrals sent to their agency
and records the police's decision here as in the portal."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from cases.api.scoping import scoped_to_case
from cases.api.serializers import ErrorSerializer
from enforcement.api.actions import ID_PATH, ServiceViewSet, validated
from sanctions import penalty_selectors as selectors
from sanctions import penalty_services as services
from sanctions.api.penalty_serializers import (
    ExitLiftSerializer,
    ExitProposeSerializer,
    ExitRestrictionSerializer,
    PaymentRecordSerializer,
    PenaltyCaseQuerySerializer,
    PenaltyDecideSerializer,
    PenaltyProposeSerializer,
    PenaltyReconsiderationDecideSerializer,
    PenaltyReconsiderationFileSerializer,
    PenaltySerializer,
    PoliceDecisionSerializer,
    ReferralNoteSerializer,
    ReferralSendSerializer,
    ReferralSerializer,
)
from sanctions.penalty_models import CoercivePenalty, CrimeReferral, ExitRestriction

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description=gettext_lazy("Invalid input: fields lists the reasons by field")
    ),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed to do this")),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Does not exist or may not be viewed")),
    409: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed in the current state")),
}


class _Base(ServiceViewSet):
    not_found = ""

    def rows(self, request):
        raise NotImplementedError

    def _get(self, request, pk):
        return selectors.get_for(self.rows(request), pk, str(self.not_found))

    def _list(self, request):
        params = validated(PenaltyCaseQuerySerializer, request.query_params).validated_data
        rows = scoped_to_case(request.user, self.rows(request), params.get("case")).order_by("id")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.serializer_class(page, many=True).data)


class ExitRestrictionViewSet(_Base):
    """限制出境: proposed by the judge, approved by the head (the approvals inbox), carried out and
    lifted by assistance notices to the exit administration."""

    queryset = ExitRestriction.objects.none()
    serializer_class = ExitRestrictionSerializer
    not_found = gettext_lazy("The exit restriction does not exist.")

    def rows(self, request):
        return selectors.exit_restrictions_visible_to(request.user)

    @extend_schema(
        summary=gettext_lazy("Exit restrictions"),
        parameters=[PenaltyCaseQuerySerializer],
        responses={200: ExitRestrictionSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        return self._list(request)

    @extend_schema(
        summary=gettext_lazy("Exit restriction"),
        parameters=[ID_PATH],
        responses={200: ExitRestrictionSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(ExitRestrictionSerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Propose an exit restriction"),
        request=ExitProposeSerializer,
        responses={201: ExitRestrictionSerializer, **ERRORS},
    )
    def create(self, request):
        body = validated(ExitProposeSerializer, request.data).validated_data
        item = services.exit_restriction_propose(
            actor=request.user,
            case_id=body["case"],
            respondent_id=body["respondent"],
            agency_id=body["agency"],
            reason=body["reason"],
            person_name=body["person_name"],
            person_id_number=body["person_id_number"],
            person_role=body["person_role"],
        )
        return Response(
            ExitRestrictionSerializer(self._get(request, item.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary=gettext_lazy("Lift an exit restriction"),
        parameters=[ID_PATH],
        request=ExitLiftSerializer,
        responses={200: ExitRestrictionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        body = validated(ExitLiftSerializer, request.data).validated_data
        item = services.exit_restriction_lift(actor=request.user, restriction_id=pk, reason=body["reason"])
        return Response(ExitRestrictionSerializer(self._get(request, item.pk)).data)


class PenaltyViewSet(_Base):
    """罚款、拘留 (民诉法 2023 arts. 118-119): proposed by the judge, approved by the court president,
    one reconsideration decided by the higher court."""

    queryset = CoercivePenalty.objects.none()
    serializer_class = PenaltySerializer
    not_found = gettext_lazy("The fine or detention does not exist.")

    def rows(self, request):
        return selectors.penalties_visible_to(request.user).prefetch_related("payments")

    @extend_schema(
        summary=gettext_lazy("Fines and detention"),
        parameters=[PenaltyCaseQuerySerializer],
        responses={200: PenaltySerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        return self._list(request)

    @extend_schema(
        summary=gettext_lazy("Fine or detention"),
        parameters=[ID_PATH],
        responses={200: PenaltySerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(PenaltySerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Propose a fine or detention"),
        request=PenaltyProposeSerializer,
        responses={201: PenaltySerializer, **ERRORS},
    )
    def create(self, request):
        body = validated(PenaltyProposeSerializer, request.data).validated_data
        item = services.penalty_propose(
            actor=request.user,
            case_id=body["case"],
            respondent_id=body["respondent"],
            kind=body["kind"],
            target=body["target"],
            facts=body["facts"],
            amount=body["amount"],
            days=body["days"],
            person_name=body["person_name"],
            police_id=body["police"],
        )
        return Response(PenaltySerializer(self._get(request, item.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("The president's decision"),
        parameters=[ID_PATH],
        request=PenaltyDecideSerializer,
        responses={200: PenaltySerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        body = validated(PenaltyDecideSerializer, request.data).validated_data
        services.penalty_decide(actor=request.user, penalty_id=pk, approve=body["approve"], note=body["note"])
        return Response(PenaltySerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Record a fine paid (to the treasury)"),
        parameters=[ID_PATH],
        request=PaymentRecordSerializer,
        responses={200: PenaltySerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def payments(self, request, pk=None):
        self._get(request, pk)  # a penalty the user may not see is not found, whatever the body
        body = validated(PaymentRecordSerializer, request.data).validated_data
        services.fine_payment_record(
            actor=request.user,
            penalty_id=pk,
            amount=body["amount"],
            paid_on=body["paid_on"],
            receipt_number=body["receipt_number"],
        )
        return Response(PenaltySerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Record the reconsideration application"),
        parameters=[ID_PATH],
        request=PenaltyReconsiderationFileSerializer,
        responses={200: PenaltySerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reconsideration(self, request, pk=None):
        self._get(request, pk)  # a penalty the user may not see is not found, whatever the body
        body = validated(PenaltyReconsiderationFileSerializer, request.data).validated_data
        services.reconsideration_file(
            actor=request.user,
            penalty_id=pk,
            served_on=body["served_on"],
            filed_on=body["filed_on"],
            grounds=body["grounds"],
        )
        return Response(PenaltySerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("The higher court's decision on the reconsideration"),
        parameters=[ID_PATH],
        request=PenaltyReconsiderationDecideSerializer,
        responses={200: PenaltySerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="reconsideration/decide")
    def reconsideration_decide(self, request, pk=None):
        self._get(request, pk)  # a penalty the user may not see is not found, whatever the body
        body = validated(PenaltyReconsiderationDecideSerializer, request.data).validated_data
        services.reconsideration_decide(
            actor=request.user,
            penalty_id=pk,
            outcome=body["outcome"],
            reasons=body["reasons"],
            new_amount=body["new_amount"],
            new_days=body["new_days"],
        )
        return Response(PenaltySerializer(self._get(request, pk)).data)


class ReferralViewSet(_Base):
    """移送公安机关 (拒执罪, 法释〔2024〕13号): the court refers; the police's liaison officer records the
    decision (opened, or declined with reasons) or extends the review of a complex case."""

    queryset = CrimeReferral.objects.none()
    serializer_class = ReferralSerializer
    not_found = gettext_lazy("The referral does not exist.")

    def rows(self, request):
        return selectors.referrals_visible_to(request.user).select_related("court")

    @extend_schema(
        summary=gettext_lazy("Crime referrals"),
        parameters=[PenaltyCaseQuerySerializer],
        responses={200: ReferralSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(PenaltyCaseQuerySerializer, request.query_params).validated_data
        rows = self.rows(request)
        if params.get("case") is not None:
            rows = rows.filter(case_id=params["case"])
        page = self.paginate_queryset(rows.order_by("id"))
        return self.get_paginated_response(ReferralSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Crime referral"),
        parameters=[ID_PATH],
        responses={200: ReferralSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(ReferralSerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Refer to the police"),
        request=ReferralSendSerializer,
        responses={201: ReferralSerializer, **ERRORS},
    )
    def create(self, request):
        body = validated(ReferralSendSerializer, request.data).validated_data
        item = services.referral_send(
            actor=request.user,
            case_id=body["case"],
            respondent_id=body["respondent"],
            agency_id=body["agency"],
            facts=body["facts"],
        )
        return Response(ReferralSerializer(self._get(request, item.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("The police's decision (liaison officer)"),
        parameters=[ID_PATH],
        request=PoliceDecisionSerializer,
        responses={200: ReferralSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        body = validated(PoliceDecisionSerializer, request.data).validated_data
        services.referral_decide(
            actor=request.user,
            referral_id=pk,
            opened=body["opened"],
            reasons=body["reasons"],
            police_case_number=body["police_case_number"],
        )
        return Response(ReferralSerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Extend the police's review (complex case)"),
        parameters=[ID_PATH],
        request=None,
        responses={200: ReferralSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        services.referral_extend(actor=request.user, referral_id=pk)
        return Response(ReferralSerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Record that the procuratorate did not prosecute"),
        parameters=[ID_PATH],
        request=ReferralNoteSerializer,
        responses={200: ReferralSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="not-prosecuted")
    def not_prosecuted(self, request, pk=None):
        body = validated(ReferralNoteSerializer, request.data).validated_data
        services.referral_not_prosecuted(actor=request.user, referral_id=pk, note=body["note"])
        return Response(ReferralSerializer(self._get(request, pk)).data)
