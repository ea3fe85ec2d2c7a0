"""The disposal API (/api/v1/disposal/...): the same services as the case page's disposal panel.
Another court's finding, objection or step is a 404, the same as a missing one; services' errors
become their status in enforcement.api.errors."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from cases.api.scoping import scoped_to_case
from cases.api.serializers import ErrorSerializer
from disposal import selectors, services
from disposal.api import serializers as s
from disposal.limits import cite, objection_deadline
from disposal.models import DisposalStep, PriceFinding, PriceObjection
from enforcement.api.actions import ID_PATH, ServiceViewSet, validated
from enforcement.errors import Conflict

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description=gettext_lazy("Invalid input: fields lists the reasons by field")
    ),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed to do this")),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Does not exist or may not be viewed")),
    409: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed in the current state")),
}


def _finding_data(finding):
    finding.objection_deadline = objection_deadline(finding)
    return s.PriceFindingSerializer(finding).data


class PriceFindingViewSet(ServiceViewSet):
    """参考价: price findings of held assets, their objections, fixing the reference price."""

    queryset = PriceFinding.objects.none()
    serializer_class = s.PriceFindingSerializer

    def _get(self, request, pk):
        return get_object_or_404(
            selectors.findings_visible_to(request.user)
            .select_related("case", "created_by")
            .prefetch_related("objections"),
            pk=pk,
        )

    @extend_schema(
        summary=gettext_lazy("List of price findings"),
        parameters=[s.DisposalQuerySerializer],
        responses={200: s.PriceFindingSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(s.DisposalQuerySerializer, request.query_params).validated_data
        rows = scoped_to_case(request.user, selectors.findings_visible_to(request.user), params.get("case"))
        rows = (
            rows.select_related("case", "created_by").prefetch_related("objections").order_by("case_id", "id")
        )
        page = self.paginate_queryset(rows)
        for finding in page:
            finding.objection_deadline = objection_deadline(finding)
        return self.get_paginated_response(s.PriceFindingSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Price finding"),
        parameters=[ID_PATH],
        responses={200: s.PriceFindingSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(_finding_data(self._get(request, pk)))

    @extend_schema(
        summary=gettext_lazy("Record a price finding"),
        description=gettext_lazy(
            "The case's judge records how a held asset's price was found and when it was served."
        ),
        request=s.PriceRecordSerializer,
        responses={201: s.PriceFindingSerializer, **ERRORS},
    )
    def create(self, request):
        body = validated(s.PriceRecordSerializer, request.data).validated_data
        finding = services.price_record(
            actor=request.user,
            asset_id=body["asset"],
            method=body["method"],
            served_on=body["served_on"],
            reference_price=body["reference_price"],
            platform_results=body["platform_results"],
            note=body["note"],
        )
        return Response(_finding_data(self._get(request, finding.pk)), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Record an objection to a price finding"),
        parameters=[ID_PATH],
        request=s.ObjectionRecordSerializer,
        responses={201: s.PriceObjectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def objections(self, request, pk=None):
        finding = self._get(request, pk)
        body = validated(s.ObjectionRecordSerializer, request.data).validated_data
        objection = services.objection_record(actor=request.user, finding_id=finding.pk, **body)
        return Response(s.PriceObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Fix the reference price"),
        description=gettext_lazy("After the objection window, with every objection answered."),
        parameters=[ID_PATH],
        request=None,
        responses={200: s.PriceFindingSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def fix(self, request, pk=None):
        finding = self._get(request, pk)
        services.price_fix(actor=request.user, finding_id=finding.pk)
        return Response(_finding_data(self._get(request, pk)))


class ObjectionViewSet(ServiceViewSet):
    """Objections to price findings."""

    queryset = PriceObjection.objects.none()
    serializer_class = s.PriceObjectionSerializer

    @extend_schema(
        summary=gettext_lazy("Objection to a price finding"),
        parameters=[ID_PATH],
        responses={200: s.PriceObjectionSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(
            s.PriceObjectionSerializer(
                get_object_or_404(selectors.objections_visible_to(request.user), pk=pk)
            ).data
        )

    @extend_schema(
        summary=gettext_lazy("Answer an objection"),
        parameters=[ID_PATH],
        request=s.ObjectionAnswerSerializer,
        responses={200: s.PriceObjectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        objection = get_object_or_404(selectors.objections_visible_to(request.user), pk=pk)
        body = validated(s.ObjectionAnswerSerializer, request.data).validated_data
        objection = services.objection_answer(
            actor=request.user, objection_id=objection.pk, answer=body["answer"]
        )
        return Response(s.PriceObjectionSerializer(objection).data)


class StepViewSet(ServiceViewSet):
    """Auction rounds, 变卖 and 以物抵债: proposed by the judge, approved by the head, their results."""

    queryset = DisposalStep.objects.none()
    serializer_class = s.StepSerializer

    def _get(self, request, pk):
        return get_object_or_404(
            selectors.steps_visible_to(request.user).select_related("case", "proposed_by", "decided_by"),
            pk=pk,
        )

    def _created(self, request, step):
        return Response(s.StepSerializer(self._get(request, step.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("List of disposal steps"),
        parameters=[s.DisposalQuerySerializer],
        responses={200: s.StepSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(s.DisposalQuerySerializer, request.query_params).validated_data
        rows = scoped_to_case(request.user, selectors.steps_visible_to(request.user), params.get("case"))
        page = self.paginate_queryset(
            rows.select_related("case", "proposed_by", "decided_by").order_by("case_id", "id")
        )
        return self.get_paginated_response(s.StepSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Disposal step"),
        parameters=[ID_PATH],
        responses={200: s.StepSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(s.StepSerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Propose an auction round"),
        description=gettext_lazy(
            "Refused, naming the article, outside the limits of the online judicial auction rules."
        ),
        request=s.RoundProposeSerializer,
        responses={201: s.StepSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="auction-rounds")
    def auction_rounds(self, request):
        body = validated(s.RoundProposeSerializer, request.data).validated_data
        asset = body.pop("asset")
        return self._created(request, services.round_propose(actor=request.user, asset_id=asset, **body))

    @extend_schema(
        summary=gettext_lazy("Propose a sale-off"),
        request=s.SaleOffProposeSerializer,
        responses={201: s.StepSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="sale-offs")
    def sale_offs(self, request):
        body = validated(s.SaleOffProposeSerializer, request.data).validated_data
        step = services.sale_off_propose(
            actor=request.user, asset_id=body["asset"], price=body["price"], reason=body["reason"]
        )
        return self._created(request, step)

    @extend_schema(
        summary=gettext_lazy("Propose in-kind satisfaction"),
        request=s.InKindProposeSerializer,
        responses={201: s.StepSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="in-kind")
    def in_kind(self, request):
        body = validated(s.InKindProposeSerializer, request.data).validated_data
        step = services.in_kind_propose(
            actor=request.user, asset_id=body["asset"], taker_id=body["taker"], reason=body["reason"]
        )
        return self._created(request, step)

    @extend_schema(
        summary=gettext_lazy("Decide a disposal step"),
        description=gettext_lazy(
            "A division head of the case's court who did not propose it approves or refuses it."
        ),
        parameters=[ID_PATH],
        request=s.StepDecideSerializer,
        responses={200: s.StepSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        step = self._get(request, pk)
        decision = validated(s.StepDecideSerializer, request.data).validated_data["decision"]
        services.step_decide(actor=request.user, step_id=step.pk, approve=decision == "approve")
        return Response(s.StepSerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Record a disposal step's result"),
        description=gettext_lazy(
            "Sold (the proceeds become a receipt of the case), failed, or the buyer defaulted."
        ),
        parameters=[ID_PATH],
        request=s.StepResultSerializer,
        responses={200: s.StepSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def result(self, request, pk=None):
        step = self._get(request, pk)
        body = validated(s.StepResultSerializer, request.data).validated_data
        services.step_result(actor=request.user, step_id=step.pk, **body)
        return Response(s.StepSerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Issue the auction announcement or the ruling confirming the sale"),
        parameters=[ID_PATH],
        request=s.StepDocumentSerializer,
        responses={201: s.DocumentRefSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def document(self, request, pk=None):
        step = self._get(request, pk)
        kind = validated(s.StepDocumentSerializer, request.data).validated_data["kind"]
        document = services.step_document(actor=request.user, step_id=step.pk, kind=kind)
        return Response({"id": document.pk, "number": document.number}, status=status.HTTP_201_CREATED)


class AssetLimitsViewSet(ServiceViewSet):
    """What the law allows for an asset's next auction round."""

    queryset = DisposalStep.objects.none()
    serializer_class = s.LimitsSerializer

    @extend_schema(
        summary=gettext_lazy("Limits of an asset's next auction round"),
        parameters=[ID_PATH],
        request=None,
        responses={200: s.LimitsSerializer, 404: ERRORS[404], 409: ERRORS[409]},
    )
    @action(detail=True, methods=["get"])
    def limits(self, request, pk=None):
        asset = get_object_or_404(selectors.assets_visible_to(request.user), pk=pk)
        limits = services.next_round_limits(asset)
        if limits is None:
            raise Conflict(gettext("The asset cannot have an auction round now."), code="no_round")
        return Response(
            s.LimitsSerializer(
                {
                    "round_number": limits.round_number,
                    "reauction": limits.reauction,
                    "min_price": limits.min_price,
                    "price_article": cite(limits.price_rule),
                    "announce_days": limits.announce_days,
                    "earliest_start_if_announced_today": limits.earliest_start(timezone.localdate()),
                    "notify_days": limits.notify_days,
                    "deposit_min_share": limits.deposit_min_share,
                    "deposit_max_share": limits.deposit_max_share,
                    "bidding_hours": limits.bidding_hours,
                    "latest_start": limits.latest_start,
                }
            ).data
        )
