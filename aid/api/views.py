"""The judicial-aid API (/api/v1/aid-applications/, /api/v1/aid-budgets/): the same services as the
pages. Another court's application or budget is a 404, the same as a missing one; services' errors
become their status in enforcement.api.errors."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from aid import selectors, services
from aid.api.serializers import (
    AidApplicationFileSerializer,
    AidApplicationSerializer,
    AidBudgetDetailSerializer,
    AidBudgetQuerySerializer,
    AidBudgetSerializer,
    AidCancelSerializer,
    AidDecideSerializer,
    AidFundSerializer,
    AidQuerySerializer,
    AidRecommendSerializer,
    AidReferralSerializer,
    AidToldSerializer,
)
from aid.models import Application, Budget
from cases.api.scoping import scoped_to_case
from cases.api.serializers import ErrorSerializer
from enforcement.access import membership_of
from enforcement.api.actions import ID_PATH, ServiceViewSet, validated

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description=gettext_lazy("Invalid input: fields lists the reasons by field")
    ),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed to do this")),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Does not exist or may not be viewed")),
    409: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not allowed in the current state")),
}
RELATED = ("case", "applicant", "filed_by")


class ApplicationViewSet(ServiceViewSet):
    """国家司法救助申请: filed by court staff, reviewed by the judge, decided by the head or the aid
    committee, paid once by finance."""

    queryset = Application.objects.none()
    serializer_class = AidApplicationSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _get(self, request, pk):
        return get_object_or_404(
            selectors.applications_visible_to(request.user)
            .select_related(*RELATED)
            .prefetch_related("files"),
            pk=pk,
        )

    def _answer(self, request, pk, code=status.HTTP_200_OK):
        return Response(AidApplicationSerializer(self._get(request, pk)).data, status=code)

    @extend_schema(
        summary=gettext_lazy("List of judicial aid applications"),
        parameters=[AidQuerySerializer],
        responses={200: AidApplicationSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    )
    def list(self, request):
        params = validated(AidQuerySerializer, request.query_params).validated_data
        rows = scoped_to_case(
            request.user, selectors.applications_visible_to(request.user), params.get("case")
        )
        if params.get("status"):
            rows = rows.filter(status=params["status"])
        rows = rows.select_related(*RELATED).prefetch_related("files").order_by("-filed_at", "-id")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(AidApplicationSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Judicial aid application"),
        parameters=[ID_PATH],
        responses={200: AidApplicationSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("File a judicial aid application"),
        description=gettext_lazy(
            "Court staff of the case's court file it in the applicant's name, with the supporting "
            "files (PDF, JPEG or PNG, at most 10 MB each), as multipart form data."
        ),
        request={"multipart/form-data": AidApplicationFileSerializer},
        responses={201: AidApplicationSerializer, **ERRORS},
    )
    def create(self, request):
        data = request.data.copy() if hasattr(request.data, "copy") else dict(request.data)
        if hasattr(request.data, "getlist"):
            data = {key: request.data.get(key) for key in request.data}
            data["files"] = request.FILES.getlist("files")
        body = validated(AidApplicationFileSerializer, data).validated_data
        application = services.application_file(
            actor=request.user,
            case_id=body["case"],
            applicant_id=body["applicant"],
            hardship_category=body["hardship_category"],
            household_size=body["household_size"],
            household_income=body["household_income"],
            household_facts=body["household_facts"],
            amount_requested=body["amount_requested"],
            files=body["files"],
        )
        return self._answer(request, application.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Review and recommend"),
        description=gettext_lazy("The case's judge recommends an amount with an opinion."),
        parameters=[ID_PATH],
        request=AidRecommendSerializer,
        responses={200: AidApplicationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def recommend(self, request, pk=None):
        application = self._get(request, pk)
        body = validated(AidRecommendSerializer, request.data).validated_data
        services.application_recommend(
            actor=request.user, application_id=application.pk, amount=body["amount"], opinion=body["opinion"]
        )
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Decide"),
        description=gettext_lazy(
            "The aid committee of the court (or its head) approves an amount, reserving it from the "
            "court's budget, or refuses. Above 36 months of the province's average wage only with "
            "a reason; never above what is owed."
        ),
        parameters=[ID_PATH],
        request=AidDecideSerializer,
        responses={200: AidApplicationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        application = self._get(request, pk)
        body = validated(AidDecideSerializer, request.data).validated_data
        services.application_decide(
            actor=request.user,
            application_id=application.pk,
            approve=body["decision"] == "approve",
            amount=body.get("amount"),
            above_cap_reason=body["above_cap_reason"],
            note=body["note"],
        )
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Cancel"),
        description=gettext_lazy("The approver cancels an unpaid application; its reservation is released."),
        parameters=[ID_PATH],
        request=AidCancelSerializer,
        responses={200: AidApplicationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        application = self._get(request, pk)
        body = validated(AidCancelSerializer, request.data).validated_data
        services.application_cancel(actor=request.user, application_id=application.pk, reason=body["reason"])
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Pay"),
        description=gettext_lazy(
            "A finance officer of the court pays approved aid, exactly once: paying again returns it unchanged."
        ),
        parameters=[ID_PATH],
        request=None,
        responses={200: AidApplicationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        application = self._get(request, pk)
        services.aid_pay(actor=request.user, application_id=application.pk)
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Record that the applicant was told"),
        parameters=[ID_PATH],
        request=AidToldSerializer,
        responses={200: AidApplicationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def told(self, request, pk=None):
        application = self._get(request, pk)
        body = validated(AidToldSerializer, request.data).validated_data
        services.applicant_told(actor=request.user, application_id=application.pk, how=body["how"])
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Issue the judicial aid decision"),
        parameters=[ID_PATH],
        request=None,
        responses={200: AidApplicationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        application = self._get(request, pk)
        services.decision_issue(actor=request.user, application_id=application.pk)
        return self._answer(request, pk)

    @extend_schema(
        summary=gettext_lazy("Refer to civil affairs for social aid"),
        description=gettext_lazy("Sends a social-aid assistance notice to a civil affairs agency."),
        parameters=[ID_PATH],
        request=AidReferralSerializer,
        responses={200: AidApplicationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def referral(self, request, pk=None):
        application = self._get(request, pk)
        body = validated(AidReferralSerializer, request.data).validated_data
        services.referral_send(actor=request.user, application_id=application.pk, agency_id=body["agency"])
        return self._answer(request, pk)


class BudgetViewSet(ServiceViewSet):
    """司法救助资金: each court's budget per year, with its ledger of entries."""

    queryset = Budget.objects.none()
    serializer_class = AidBudgetSerializer

    @extend_schema(
        summary=gettext_lazy("List of judicial aid budgets"),
        parameters=[AidBudgetQuerySerializer],
        responses={200: AidBudgetSerializer(many=True), 400: ERRORS[400]},
    )
    def list(self, request):
        params = validated(AidBudgetQuerySerializer, request.query_params).validated_data
        rows = selectors.budgets_visible_to(request.user).select_related("court")
        if params.get("year"):
            rows = rows.filter(year=params["year"])
        page = self.paginate_queryset(rows.order_by("court_id", "-year"))
        return self.get_paginated_response(AidBudgetSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Judicial aid budget with its entries"),
        parameters=[ID_PATH],
        responses={200: AidBudgetDetailSerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        budget = get_object_or_404(
            selectors.budgets_visible_to(request.user).select_related("court").prefetch_related("entries"),
            pk=pk,
        )
        return Response(AidBudgetDetailSerializer(budget).data)

    @extend_schema(
        summary=gettext_lazy("Fund the court's budget"),
        description=gettext_lazy(
            "A finance officer records an allocation or a top-up of their court's budget of a year."
        ),
        request=AidFundSerializer,
        responses={201: AidBudgetDetailSerializer, **ERRORS},
    )
    def create(self, request):
        body = validated(AidFundSerializer, request.data).validated_data
        membership = membership_of(request.user)
        entry = services.budget_fund(
            actor=request.user,
            court_id=membership.court_id if membership else None,
            year=body["year"],
            amount=body["amount"],
            kind=body["kind"],
            note=body["note"],
        )
        budget = Budget.objects.select_related("court").prefetch_related("entries").get(pk=entry.budget_id)
        return Response(AidBudgetDetailSerializer(budget).data, status=status.HTTP_201_CREATED)
