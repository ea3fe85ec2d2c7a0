"""The court side of the assistance API, the buttons of a case's 财产查控 page through the same
services: notices (/api/v1/notices/: list, draft, sign, withdraw, close, judicial suggestion),
lifting and renewing control measures (/api/v1/measures/{id}/lift/ and renew/: both send notices;
the assets app lists the measures), and network queries (/api/v1/network-queries/), the same action
as the case page's and the batch page's "发起网络查控". Reads are scoped by assistance.selectors and
assets.selectors (another court's notice or measure is a 404, as a missing one is).

Starting is idempotent: a client sends an `Idempotency-Key` header (any string up to 64 characters,
e.g. a UUID per intended query); sending the same request again, after a timeout or a lost answer,
returns the query the first one started (200) instead of starting another (201 the first time).
Without a key, a second start over respondents whose query has not finished is refused with 409 and
the id of the query in progress. Reads are scoped by assistance.selectors.get_network_query_for;
the rules are assistance.services.network_query_start's."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from assets.api.serializers import MeasureSerializer
from assets.models import ControlMeasure
from assets.selectors import get_measure_for
from assistance.api.court_serializers import (
    CloseSerializer,
    DraftResultSerializer,
    LiftResultSerializer,
    NoticeDraftSerializer,
    NoticeQuerySerializer,
    NoticeSerializer,
    ReasonSerializer,
)
from assistance.choices import BatchStatus
from assistance.models import NetworkQuery, Notice
from assistance.selectors import get_network_query_for, get_notice_for, notices_visible_to
from assistance.services import (
    REQUEST_KEY_MAX,
    DraftResult,
    NetworkQueryInProgress,
    measure_lift,
    measure_renewal,
    network_query_start,
    notice_close,
    notice_draft,
    notice_judicial_suggestion,
    notice_sign_draft,
    notice_withdraw,
)
from cases.api.scoping import scoped_to_case
from cases.api.serializers import ID_MAX, ApprovalSerializer, ErrorSerializer
from cases.models import Approval
from enforcement.api.actions import ID_PATH, ServiceViewSet, validated

IDEMPOTENCY_HEADER = "Idempotency-Key"


class NetworkQueryStartSerializer(serializers.Serializer):
    respondents = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=ID_MAX), allow_empty=False, max_length=10_000
    )


class NetworkQuerySerializer(serializers.ModelSerializer):
    respondents = serializers.ListField(source="respondent_ids", child=serializers.IntegerField())
    percent = serializers.SerializerMethodField()
    finished = serializers.SerializerMethodField()

    class Meta:
        model = NetworkQuery
        fields = [
            "id",
            "status",
            "total",
            "done",
            "percent",
            "finished",
            "respondents",
            "created_at",
            "error",
        ]

    def get_percent(self, query) -> int:
        if not query.total:
            return 100 if self.get_finished(query) else 0
        return min(100, 100 * query.done // query.total)

    def get_finished(self, query) -> bool:
        return query.status in (BatchStatus.DONE, BatchStatus.FAILED)


class InProgressSerializer(ErrorSerializer):
    network_query = serializers.IntegerField(help_text=gettext_lazy("Id of the network query in progress"))


ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description=gettext_lazy("Invalid input: fields lists the reasons by field")
    ),
    403: OpenApiResponse(
        ErrorSerializer,
        description=gettext_lazy(
            "Network queries are started by the judge in charge or the head of enforcement"
        ),
    ),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Does not exist or may not be viewed")),
}


class NetworkQueryViewSet(ServiceViewSet):
    """网络查控: one request to every agency kind that holds property information."""

    queryset = NetworkQuery.objects.none()  # for the schema; reads go through assistance.selectors
    serializer_class = NetworkQuerySerializer

    @extend_schema(
        summary=gettext_lazy("Start a network query"),
        request=NetworkQueryStartSerializer,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description=gettext_lazy(
                    "A key of the request (e.g. a UUID, at most 64 characters): a resend returns the query first started instead of starting another"
                ),
            )
        ],
        responses={
            201: NetworkQuerySerializer,
            200: OpenApiResponse(
                NetworkQuerySerializer,
                description=gettext_lazy("A resend with the same Idempotency-Key: the query first started"),
            ),
            409: OpenApiResponse(
                InProgressSerializer,
                description=gettext_lazy("A network query of one of the respondents is still running"),
            ),
            **ERRORS,
        },
    )
    def create(self, request):
        serializer = validated(NetworkQueryStartSerializer, request.data)
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if len(key) > REQUEST_KEY_MAX:
            raise ValidationError(
                {IDEMPOTENCY_HEADER: [_("At most %(max)s characters.") % {"max": REQUEST_KEY_MAX}]}
            )
        try:
            query = network_query_start(
                actor=request.user,
                respondent_ids=serializer.validated_data["respondents"],
                request_key=key,
            )
        except NetworkQueryInProgress as exc:
            body = {"code": exc.code, "detail": exc.message, "fields": {}, "network_query": exc.query_id}
            return Response(body, status=status.HTTP_409_CONFLICT)
        replayed = getattr(query, "replayed", False)
        return Response(
            NetworkQuerySerializer(query).data,
            status=status.HTTP_200_OK if replayed else status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary=gettext_lazy("Network query progress"),
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: NetworkQuerySerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(NetworkQuerySerializer(get_network_query_for(request.user, pk)).data)


# --- notices (协助执行通知书) -------------------------------------------------------------------------
NOTICE_ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description=gettext_lazy("Invalid input: fields lists the reasons by field")
    ),
    403: OpenApiResponse(
        ErrorSerializer,
        description=gettext_lazy(
            "Not allowed to do this (the case must be in your charge; signing and closing need a judge or the division head)"
        ),
    ),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Does not exist or may not be viewed")),
    409: OpenApiResponse(
        ErrorSerializer,
        description=gettext_lazy("The current state of the notice or the measure does not allow this"),
    ),
}
# Sending a notice issues its PDF: refused, with nothing sent, when this machine cannot make documents.
UNAVAILABLE = {
    503: OpenApiResponse(
        ErrorSerializer,
        description=gettext_lazy(
            "Documents cannot be made for now (this machine lacks a font or the PDF component); nothing was sent"
        ),
    )
}
NOTICE_RELATED = ("case", "agency", "respondent")


def _notice_data(user, notice_id) -> dict:
    notice = notices_visible_to(user).select_related(*NOTICE_RELATED).get(pk=notice_id)
    return NoticeSerializer(notice).data


def _approval_data(approval) -> dict | None:
    if approval is None:
        return None
    approval = Approval.objects.select_related("case", "proposer", "decided_by").get(pk=approval.pk)
    return ApprovalSerializer(approval).data


def _draft_result_data(user, result: DraftResult) -> dict:
    return {
        "sent": result.sent,
        "notice": _notice_data(user, result.notice.pk),
        "approval": _approval_data(result.approval),
    }


class NoticeViewSet(ServiceViewSet):
    """协助执行通知书 of the cases the user may see: the case page's notice table and its buttons."""

    queryset = Notice.objects.none()  # for the schema; reads go through assistance.selectors
    serializer_class = NoticeSerializer

    @extend_schema(
        summary=gettext_lazy("List of assistance notices"),
        parameters=[NoticeQuerySerializer],
        responses={200: NoticeSerializer(many=True), 400: NOTICE_ERRORS[400], 404: NOTICE_ERRORS[404]},
    )
    def list(self, request):
        params = validated(NoticeQuerySerializer, request.query_params).validated_data
        notices = scoped_to_case(request.user, notices_visible_to(request.user), params.get("case"))
        if params.get("status"):
            notices = notices.filter(status=params["status"])
        if params.get("network_query") is not None:
            notices = notices.filter(network_query_id=params["network_query"])
        notices = notices.select_related(*NOTICE_RELATED).order_by("-created_at", "-id")
        page = self.paginate_queryset(notices)
        return self.get_paginated_response(NoticeSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("Assistance notice"),
        parameters=[ID_PATH],
        responses={200: NoticeSerializer, 404: NOTICE_ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        notice = get_notice_for(request.user, pk)
        return Response(_notice_data(request.user, notice.pk))

    @extend_schema(
        summary=gettext_lazy("Make an assistance notice"),
        description=gettext_lazy(
            "A notice made by the judge in charge or the division head is signed and served at once; one made by a clerk goes to the judge in charge for approval; where the value controlled would exceed the amount still owed, give over_limit_reason and the division head approves."
        ),
        request=NoticeDraftSerializer,
        responses={201: DraftResultSerializer, **NOTICE_ERRORS, **UNAVAILABLE},
    )
    def create(self, request):
        body = validated(NoticeDraftSerializer, request.data)
        result = notice_draft(actor=request.user, **body.service_kwargs())
        return Response(_draft_result_data(request.user, result), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Sign a draft notice"),
        description=gettext_lazy(
            "Such as a renewal notice the system drafted. One a clerk signs goes to the judge in charge for approval."
        ),
        parameters=[ID_PATH],
        request=None,
        responses={200: DraftResultSerializer, **NOTICE_ERRORS, **UNAVAILABLE},
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        notice = get_notice_for(request.user, pk)
        result = notice_sign_draft(actor=request.user, notice_id=notice.pk)
        return Response(_draft_result_data(request.user, result))

    @extend_schema(
        summary=gettext_lazy("Withdraw a notice not yet served"),
        description=gettext_lazy(
            "A draft notice, or an approved one not yet served, can be withdrawn; the measures it would take are withdrawn with it, and its pending approval request is closed."
        ),
        parameters=[ID_PATH],
        request=ReasonSerializer,
        responses={200: NoticeSerializer, **NOTICE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        notice = get_notice_for(request.user, pk)
        reason = validated(ReasonSerializer, request.data).validated_data["reason"]
        notice_withdraw(actor=request.user, notice_id=notice.pk, reason=reason)
        return Response(_notice_data(request.user, notice.pk))

    @extend_schema(
        summary=gettext_lazy("Close an answered notice"),
        description=gettext_lazy(
            "A review suggestion (review_suggestion) needs a review note (note); the measure does not stop because of a review suggestion."
        ),
        parameters=[ID_PATH],
        request=CloseSerializer,
        responses={200: NoticeSerializer, **NOTICE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        notice = get_notice_for(request.user, pk)
        note = validated(CloseSerializer, request.data).validated_data["note"]
        notice_close(actor=request.user, notice_id=notice.pk, note=note)
        return Response(_notice_data(request.user, notice.pk))

    @extend_schema(
        summary=gettext_lazy("Send a judicial suggestion letter"),
        description=gettext_lazy(
            "Where the assisting agency has not answered in time, the judge in charge sends a judicial suggestion letter in one step (once per notice)."
        ),
        parameters=[ID_PATH],
        request=None,
        responses={
            200: NoticeSerializer,
            **NOTICE_ERRORS,
            **UNAVAILABLE,
        },
    )
    @action(detail=True, methods=["post"], url_path="judicial-suggestion", url_name="judicial-suggestion")
    def judicial_suggestion(self, request, pk=None):
        notice = get_notice_for(request.user, pk)
        notice_judicial_suggestion(actor=request.user, notice_id=notice.pk)
        return Response(_notice_data(request.user, notice.pk))


# --- lifting and renewing measures (解除、续行) ------------------------------------------------------
class MeasureActionViewSet(ServiceViewSet):
    """The measures table's buttons: 解除 and 续行 go out as assistance notices."""

    queryset = ControlMeasure.objects.none()  # for the schema; reads go through assets.selectors
    serializer_class = MeasureSerializer

    @extend_schema(
        summary=gettext_lazy("Lift a control measure"),
        description=gettext_lazy(
            "A measure in effect, queued, or whose notice has been served gets a lifting notice to the assisting agency; where its notice has not been served yet, the measure is withdrawn together with the notice."
        ),
        tags=["measures"],
        parameters=[ID_PATH],
        request=ReasonSerializer,
        responses={200: LiftResultSerializer, **NOTICE_ERRORS, **UNAVAILABLE},
    )
    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        measure = get_measure_for(request.user, pk)
        reason = validated(ReasonSerializer, request.data).validated_data["reason"]
        result = measure_lift(actor=request.user, measure_id=measure.pk, reason=reason)
        drafted = isinstance(result, DraftResult)
        body = {
            "withdrawn": not drafted,
            "measure": MeasureSerializer(get_measure_for(request.user, measure.pk)).data,
            **(_draft_result_data(request.user, result) if drafted else {"sent": False, "notice": None}),
        }
        body.setdefault("approval", None)
        return Response(body)

    @extend_schema(
        summary=gettext_lazy("Renew a control measure"),
        description=gettext_lazy(
            "Signs the renewal notice the system drafted with the expiry reminder; where there is no draft yet, makes a renewal notice to the assisting agency where the asset is held."
        ),
        tags=["measures"],
        parameters=[ID_PATH],
        request=None,
        responses={200: DraftResultSerializer, **NOTICE_ERRORS, **UNAVAILABLE},
    )
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        measure = get_measure_for(request.user, pk)
        result = measure_renewal(actor=request.user, measure_id=measure.pk)
        return Response(_draft_result_data(request.user, result))
