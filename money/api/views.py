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
from money import selectors, services
from money.api.serializers import (
    AccountSerializer,
    MoneyQuerySerializer,
    PayoutDecideSerializer,
    PayoutProposeSerializer,
    PayoutSerializer,
    ReceiptRecordSerializer,
    ReceiptSerializer,
)
from money.models import CaseAccount, Payout, Receipt

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
