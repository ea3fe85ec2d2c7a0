"""The case-money API (/api/v1/money-accounts/, /api/v1/receipts/, /api/v1/payouts/): the same
services as the case page's money panel. Another court's account, receipt or payout is a 404, the
same as a missing one; services' errors become their status in enforcement.api.errors."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from cases.api.scoping import scoped_to_case
from cases.api.serializers import ErrorSerializer
from enforcement.api.actions import ID_PATH, ServiceViewSet, validated
from money import distribution, selectors, services
from money.api.serializers import (
    AccountSerializer,
    DirectPerformanceRecordSerializer,
    DirectPerformanceSerializer,
    MoneyQuerySerializer,
    ParticipationDecideSerializer,
    ParticipationFileSerializer,
    ParticipationSerializer,
    PayoutDecideSerializer,
    PayoutProposeSerializer,
    PayoutSerializer,
    PlanDrawSerializer,
    PlanObjectionRecordSerializer,
    PlanObjectionSerializer,
    PlanSerializer,
    PlanServeSerializer,
    ReceiptRecordSerializer,
    ReceiptSerializer,
    RefundProposeSerializer,
    RefundSerializer,
)
from money.models import (
    CaseAccount,
    DirectPerformance,
    DistributionPlan,
    Participation,
    Payout,
    Receipt,
    Refund,
)

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description=gettext_lazy("Invalid input: fields lists the reasons by field")
    ),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed to do this")),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Does not exist or may not be viewed")),
    409: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed in the current state")),
}


class AccountViewSet(ServiceViewSet):
    """案款账号: each case's account, its payment reference and balance."""

    queryset = CaseAccount.objects.none()
    serializer_class = AccountSerializer

    @extend_schema(
        summary=gettext_lazy("List of case money accounts"),
        parameters=[MoneyQuerySerializer],
        responses={200: AccountSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(MoneyQuerySerializer, request.query_params).validated_data
        rows = scoped_to_case(request.user, selectors.accounts_visible_to(request.user), params.get("case"))
        page = self.paginate_queryset(rows.select_related("case").order_by("case_id"))
        return self.get_paginated_response(AccountSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Case money account"),
        parameters=[ID_PATH],
        responses={200: AccountSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        account = get_object_or_404(selectors.accounts_visible_to(request.user).select_related("case"), pk=pk)
        return Response(AccountSerializer(account).data)


class ReceiptViewSet(ServiceViewSet):
    """收款: money received on the cases the user may see."""

    queryset = Receipt.objects.none()
    serializer_class = ReceiptSerializer

    def _get(self, request, pk):
        return get_object_or_404(
            selectors.receipts_visible_to(request.user).select_related("case", "recorded_by", "confirmed_by"),
            pk=pk,
        )

    @extend_schema(
        summary=gettext_lazy("List of money received"),
        parameters=[MoneyQuerySerializer],
        responses={200: ReceiptSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(MoneyQuerySerializer, request.query_params).validated_data
        rows = scoped_to_case(request.user, selectors.receipts_visible_to(request.user), params.get("case"))
        rows = rows.select_related("case", "recorded_by", "confirmed_by").order_by(
            "case_id", "received_on", "id"
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ReceiptSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Money received"),
        parameters=[ID_PATH],
        responses={200: ReceiptSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(ReceiptSerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Record money received"),
        description=gettext_lazy(
            "Court staff of the case's court record it; it counts once finance confirms it."
        ),
        request=ReceiptRecordSerializer,
        responses={201: ReceiptSerializer, **ERRORS},
    )
    def create(self, request):
        body = validated(ReceiptRecordSerializer, request.data).validated_data
        receipt = services.receipt_record(
            actor=request.user,
            case_id=body["case"],
            kind=body["kind"],
            amount=body["amount"],
            payer=body["payer"],
            received_on=body["received_on"],
            note=body["note"],
        )
        return Response(
            ReceiptSerializer(self._get(request, receipt.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary=gettext_lazy("Confirm money received"),
        description=gettext_lazy(
            "A finance officer of the case's court confirms it against the court's account, once."
        ),
        parameters=[ID_PATH],
        request=None,
        responses={200: ReceiptSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        receipt = self._get(request, pk)
        services.receipt_confirm(actor=request.user, receipt_id=receipt.pk)
        return Response(ReceiptSerializer(self._get(request, pk)).data)


class PayoutViewSet(ServiceViewSet):
    """案款发放: payouts proposed by the judge, approved by the head, executed by finance."""

    queryset = Payout.objects.none()
    serializer_class = PayoutSerializer

    def _get(self, request, pk):
        return get_object_or_404(
            selectors.payouts_visible_to(request.user).select_related(
                "case", "payee", "proposed_by", "decided_by", "executed_by"
            ),
            pk=pk,
        )

    @extend_schema(
        summary=gettext_lazy("List of payouts"),
        parameters=[MoneyQuerySerializer],
        responses={200: PayoutSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(MoneyQuerySerializer, request.query_params).validated_data
        rows = scoped_to_case(request.user, selectors.payouts_visible_to(request.user), params.get("case"))
        rows = rows.select_related("case", "payee", "proposed_by", "decided_by", "executed_by").order_by(
            "case_id", "proposed_at", "id"
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(PayoutSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Payout"),
        parameters=[ID_PATH],
        responses={200: PayoutSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(PayoutSerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Propose a payout"),
        description=gettext_lazy(
            "The case's judge proposes paying a party of the case; at most the balance."
        ),
        request=PayoutProposeSerializer,
        responses={201: PayoutSerializer, **ERRORS},
    )
    def create(self, request):
        body = validated(PayoutProposeSerializer, request.data).validated_data
        payout = services.payout_propose(
            actor=request.user,
            case_id=body["case"],
            payee_id=body["payee"],
            amount=body["amount"],
            reason=body["reason"],
        )
        return Response(PayoutSerializer(self._get(request, payout.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Decide a payout"),
        description=gettext_lazy(
            "A division head of the case's court who did not propose it approves or refuses it."
        ),
        parameters=[ID_PATH],
        request=PayoutDecideSerializer,
        responses={200: PayoutSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        payout = self._get(request, pk)
        decision = validated(PayoutDecideSerializer, request.data).validated_data["decision"]
        services.payout_decide(actor=request.user, payout_id=payout.pk, approve=decision == "approve")
        return Response(PayoutSerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Execute a payout"),
        description=gettext_lazy(
            "A finance officer of the case's court pays an approved payout, exactly once: executing it again returns it unchanged."
        ),
        parameters=[ID_PATH],
        request=None,
        responses={200: PayoutSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def execute(self, request, pk=None):
        payout = self._get(request, pk)
        services.payout_execute(actor=request.user, payout_id=payout.pk)
        return Response(PayoutSerializer(self._get(request, pk)).data)


def _list(view, request, rows, serializer, order):
    params = validated(MoneyQuerySerializer, request.query_params).validated_data
    rows = scoped_to_case(request.user, rows, params.get("case")).order_by(*order)
    page = view.paginate_queryset(rows)
    return view.get_paginated_response(serializer(page, many=True).data)


class RefundViewSet(ServiceViewSet):
    """退款: over-payment returned to the party who paid it; proposed, approved, executed once."""

    queryset = Refund.objects.none()
    serializer_class = RefundSerializer

    def _get(self, request, pk):
        rows = selectors.refunds_visible_to(request.user).select_related(
            "case", "payee", "proposed_by", "decided_by", "executed_by"
        )
        return get_object_or_404(rows, pk=pk)

    @extend_schema(
        summary=gettext_lazy("List of refunds"),
        parameters=[MoneyQuerySerializer],
        responses={200: RefundSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        rows = selectors.refunds_visible_to(request.user).select_related(
            "case", "payee", "proposed_by", "decided_by", "executed_by"
        )
        return _list(self, request, rows, RefundSerializer, ("case_id", "proposed_at", "id"))

    @extend_schema(
        summary=gettext_lazy("Refund"),
        parameters=[ID_PATH],
        responses={200: RefundSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(RefundSerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Propose a refund"),
        description=gettext_lazy(
            "The case's judge proposes returning over-payment to the party who paid; at most the balance and what was paid beyond what is owed."
        ),
        request=RefundProposeSerializer,
        responses={201: RefundSerializer, **ERRORS},
    )
    def create(self, request):
        body = validated(RefundProposeSerializer, request.data).validated_data
        refund = services.refund_propose(
            actor=request.user,
            case_id=body["case"],
            payee_id=body["payee"],
            amount=body["amount"],
            reason=body["reason"],
        )
        return Response(RefundSerializer(self._get(request, refund.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Decide a refund"),
        parameters=[ID_PATH],
        request=PayoutDecideSerializer,
        responses={200: RefundSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        refund = self._get(request, pk)
        decision = validated(PayoutDecideSerializer, request.data).validated_data["decision"]
        services.refund_decide(actor=request.user, refund_id=refund.pk, approve=decision == "approve")
        return Response(RefundSerializer(self._get(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Execute a refund"),
        description=gettext_lazy("A finance officer pays an approved refund back, exactly once."),
        parameters=[ID_PATH],
        request=None,
        responses={200: RefundSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def execute(self, request, pk=None):
        refund = self._get(request, pk)
        services.refund_execute(actor=request.user, refund_id=refund.pk)
        return Response(RefundSerializer(self._get(request, pk)).data)


class DirectPerformanceViewSet(ServiceViewSet):
    """The applicant's written confirmation that the respondent paid them directly."""

    queryset = DirectPerformance.objects.none()
    serializer_class = DirectPerformanceSerializer

    def _rows(self, request):
        return selectors.direct_performances_visible_to(request.user).select_related(
            "case", "applicant", "recorded_by"
        )

    @extend_schema(
        summary=gettext_lazy("List of direct performances"),
        parameters=[MoneyQuerySerializer],
        responses={200: DirectPerformanceSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        return _list(
            self, request, self._rows(request), DirectPerformanceSerializer, ("case_id", "paid_on", "id")
        )

    @extend_schema(
        summary=gettext_lazy("Direct performance"),
        parameters=[ID_PATH],
        responses={200: DirectPerformanceSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(DirectPerformanceSerializer(get_object_or_404(self._rows(request), pk=pk)).data)

    @extend_schema(
        summary=gettext_lazy("Record the applicant's confirmation of direct performance"),
        request=DirectPerformanceRecordSerializer,
        responses={201: DirectPerformanceSerializer, **ERRORS},
    )
    def create(self, request):
        body = validated(DirectPerformanceRecordSerializer, request.data).validated_data
        item = services.direct_performance_record(
            actor=request.user,
            case_id=body["case"],
            applicant_id=body["applicant"],
            amount=body["amount"],
            paid_on=body["paid_on"],
            confirmation=body["confirmation"],
            fully_performed=body["fully_performed"],
        )
        row = get_object_or_404(self._rows(request), pk=item.pk)
        return Response(DirectPerformanceSerializer(row).data, status=status.HTTP_201_CREATED)


class ParticipationViewSet(ServiceViewSet):
    """参与分配: other creditors' applications to share in the case's money."""

    queryset = Participation.objects.none()
    serializer_class = ParticipationSerializer

    def _rows(self, request):
        return selectors.participations_visible_to(request.user).select_related(
            "case", "recorded_by", "decided_by"
        )

    @extend_schema(
        summary=gettext_lazy("List of applications to share in distribution"),
        parameters=[MoneyQuerySerializer],
        responses={200: ParticipationSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        return _list(
            self, request, self._rows(request), ParticipationSerializer, ("case_id", "filed_on", "id")
        )

    @extend_schema(
        summary=gettext_lazy("Application to share in distribution"),
        parameters=[ID_PATH],
        responses={200: ParticipationSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(ParticipationSerializer(get_object_or_404(self._rows(request), pk=pk)).data)

    @extend_schema(
        summary=gettext_lazy("Record an application to share in distribution"),
        description=gettext_lazy(
            "With the creditor's enforcement basis; only against a respondent who is a natural person or other organisation, and before the plan is served."
        ),
        request=ParticipationFileSerializer,
        responses={201: ParticipationSerializer, **ERRORS},
    )
    def create(self, request):
        body = validated(ParticipationFileSerializer, request.data).validated_data
        item = distribution.participation_file(
            actor=request.user,
            case_id=body["case"],
            creditor=body["creditor"],
            basis_document=body["basis_document"],
            claim=body["claim"],
            rank=body["rank"],
            filed_on=body["filed_on"],
        )
        row = get_object_or_404(self._rows(request), pk=item.pk)
        return Response(ParticipationSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Admit or refuse an application to share"),
        parameters=[ID_PATH],
        request=ParticipationDecideSerializer,
        responses={200: ParticipationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        item = get_object_or_404(self._rows(request), pk=pk)
        body = validated(ParticipationDecideSerializer, request.data).validated_data
        distribution.participation_decide(
            actor=request.user,
            participation_id=item.pk,
            admit=body["decision"] == "approve",
            note=body["note"],
        )
        return Response(ParticipationSerializer(get_object_or_404(self._rows(request), pk=pk)).data)


class PlanViewSet(ServiceViewSet):
    """财产分配方案: drawn up, served, objected to within 15 days, then paid out."""

    queryset = DistributionPlan.objects.none()
    serializer_class = PlanSerializer

    def _rows(self, request):
        return (
            selectors.plans_visible_to(request.user)
            .select_related("case", "drawn_by")
            .prefetch_related("lines", "objections")
        )

    def _one(self, request, pk):
        return get_object_or_404(self._rows(request), pk=pk)

    @extend_schema(
        summary=gettext_lazy("List of distribution plans"),
        parameters=[MoneyQuerySerializer],
        responses={200: PlanSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        return _list(self, request, self._rows(request), PlanSerializer, ("case_id", "drawn_at", "id"))

    @extend_schema(
        summary=gettext_lazy("Distribution plan"),
        parameters=[ID_PATH],
        responses={200: PlanSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(PlanSerializer(self._one(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Draw up a distribution plan"),
        description=gettext_lazy(
            "Fees first, then priority claims by rank, then ordinary claims pro rata, to the fen; supersedes an open plan of the case."
        ),
        request=PlanDrawSerializer,
        responses={201: PlanSerializer, **ERRORS},
    )
    def create(self, request):
        body = validated(PlanDrawSerializer, request.data).validated_data
        plan = distribution.plan_draw(
            actor=request.user, case_id=body["case"], amount=body["amount"], fees=body["fees"]
        )
        return Response(PlanSerializer(self._one(request, plan.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Record that the plan was served"),
        description=gettext_lazy("The 15-day objection window runs from the day of service (not counted)."),
        parameters=[ID_PATH],
        request=PlanServeSerializer,
        responses={200: PlanSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def serve(self, request, pk=None):
        plan = self._one(request, pk)
        body = validated(PlanServeSerializer, request.data).validated_data
        distribution.plan_serve(actor=request.user, plan_id=plan.pk, served_on=body["served_on"])
        return Response(PlanSerializer(self._one(request, pk)).data)

    @extend_schema(
        summary=gettext_lazy("Record a written objection to the plan"),
        description=gettext_lazy(
            "Accepted up to the last day of the window, refused after it (409 objection_late)."
        ),
        parameters=[ID_PATH],
        request=PlanObjectionRecordSerializer,
        responses={201: PlanObjectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def objections(self, request, pk=None):
        plan = self._one(request, pk)
        body = validated(PlanObjectionRecordSerializer, request.data).validated_data
        item = distribution.plan_objection(
            actor=request.user,
            plan_id=plan.pk,
            objector=body["objector"],
            filed_on=body["filed_on"],
            reason=body["reason"],
        )
        return Response(PlanObjectionSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Propose the plan's payouts"),
        description=gettext_lazy(
            "Once the window has passed without objection: one proposed payout per line."
        ),
        parameters=[ID_PATH],
        request=None,
        responses={200: PayoutSerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        plan = self._one(request, pk)
        payouts = distribution.plan_pay(actor=request.user, plan_id=plan.pk)
        rows = selectors.payouts_visible_to(request.user).filter(pk__in=[p.pk for p in payouts])
        rows = rows.select_related("case", "payee", "proposed_by", "decided_by", "executed_by").order_by("id")
        return Response(PayoutSerializer(rows, many=True).data)
