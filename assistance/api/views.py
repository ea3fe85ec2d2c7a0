"""The agency API (/api/v1/agency/): an agency, through its token, lists the notices addressed to it,
reads one, downloads its PDF, signs for it (签收: its own call, once; reading signs nothing) and
answers it with structured data (once: an answer is final).

Thin, like the liaison portal: reads through assistance.selectors / assistance.agency_side (another
agency's notice, a draft or a guessed id is a 404 with the same body as a missing one), writes
through assistance.services; services' errors become their status in enforcement.api.errors
(InvalidInput 400 with `fields`, NotFound 404, Conflict 409). Only the agency token authenticates
here: a court user's session or token is refused (401)."""

from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from assistance import agency_side
from assistance.api.authentication import AgencyTokenAuthentication, IsAgency
from assistance.api.serializers import (
    AgencyAnswerRequestSerializer,
    AgencyAnswerSerializer,
    AgencyNoticeSerializer,
)
from assistance.choices import NoticeStatus
from assistance.models import Notice
from assistance.selectors import DUE_FILTERS, agency_inbox, agency_inbox_due, agency_inbox_search
from assistance.services import notice_answer, notice_ensure_document, notice_sign_receipt
from cases.api.serializers import ErrorSerializer
from enforcement.api.actions import validated
from enforcement.api.parsers import SafeJSONParser
from enforcement.errors import Conflict, ServiceError

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer,
        description=gettext_lazy(
            "Invalid input: fields lists the reasons by field, e.g. data.items[1].identifier, data.to"
        ),
    ),
    401: OpenApiResponse(ErrorSerializer, description=gettext_lazy("No token, or an invalid or revoked one")),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Not an assisting agency's token")),
    404: OpenApiResponse(
        ErrorSerializer,
        description=gettext_lazy("The notice does not exist (or was not sent to this agency)"),
    ),
}
AUTH_ERRORS = {k: ERRORS[k] for k in (401, 403)}
ID_PATH = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("Notice id")
)
STATUS_FILTERS = ("pending", "all")


class PDFUnavailable(ServiceError):
    status = 503
    code = "pdf_unavailable"


class AgencyNoticeViewSet(viewsets.GenericViewSet):
    """协助执行通知书 addressed to the calling agency."""

    authentication_classes = [AgencyTokenAuthentication]
    permission_classes = [IsAgency]
    queryset = Notice.objects.none()  # for the schema; every read goes through assistance.selectors
    serializer_class = AgencyNoticeSerializer
    filter_backends: list = []
    parser_classes = [SafeJSONParser]  # the answer's structured data is JSON

    @property
    def agency(self):
        return self.request.user.agency

    @property
    def token(self):
        return self.request.user.token

    def perform_content_negotiation(self, request, force=False):
        # The PDF is sent as a file; errors still answer in JSON whatever the client accepts.
        return super().perform_content_negotiation(request, force=force or self.action == "pdf")

    def _notice(self, pk) -> Notice:
        return agency_side.agency_notice(self.agency, pk)

    @extend_schema(
        summary=_("This agency's assistance notices"),
        description=_(
            "By default only those awaiting an answer (served, received, overdue), by answer due date; status=all lists every one. The list carries the respondents' full ID numbers; every fetch is written to the audit trail."
        ),
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=list(STATUS_FILTERS),
                description=_("pending (the default) or all"),
            ),
            OpenApiParameter(
                "due",
                OpenApiTypes.STR,
                enum=list(DUE_FILTERS),
                description=_(
                    "today: awaiting an answer due today; overdue: past due (the same notices the liaison inbox lists for ?due=)"
                ),
            ),
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description=_(
                    "Search: a case number, the respondent's name (or part of either) or, from 6 characters on, part of the respondent's ID number"
                ),
            ),
        ],
        responses={200: AgencyNoticeSerializer(many=True), 400: ERRORS[400], **AUTH_ERRORS},
    )
    def list(self, request):
        status_filter = request.query_params.get("status") or "pending"
        if status_filter not in STATUS_FILTERS:
            raise ValidationError({"status": [_("Must be pending or all.")]})
        due = request.query_params.get("due") or ""
        if due and due not in DUE_FILTERS:
            raise ValidationError({"due": [_("Must be today or overdue.")]})
        notices = agency_inbox_due(
            agency_inbox_search(
                agency_inbox(self.agency, pending_only=status_filter == "pending"),
                request.query_params.get("q", ""),
            ),
            due,
        ).select_related("asset")
        if status_filter == "all":
            notices = notices.order_by("-sent_at", "-id")
        page = self.paginate_queryset(notices)
        agency_side.audit_notices_listed(agency=self.agency, notices=page, token=self.token)
        data = AgencyNoticeSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(
        summary=_("Notice detail"),
        description=_(
            "Reading a notice does not sign for it (see the sign call). Carries the respondent's full ID number; every fetch is written to the audit trail."
        ),
        parameters=[ID_PATH],
        responses={200: AgencyNoticeSerializer, 404: ERRORS[404], **AUTH_ERRORS},
    )
    def retrieve(self, request, pk=None):
        notice = self._notice(pk)
        agency_side.audit_notice_viewed(notice=notice, via="api", token=self.token)
        return Response(AgencyNoticeSerializer(notice, context={"request": request}).data)

    @extend_schema(
        summary=_("Sign for a notice (签收)"),
        description=_(
            "Signs for the notice once, recording when the agency received it (received_at, status received). Neither reading the notice nor downloading its PDF signs for it. The answer period runs from the day the notice was sent, so signing does not move the answer due date. A second call, or one for a notice already answered, is refused (409 already_signed)."
        ),
        parameters=[ID_PATH],
        request=None,
        responses={
            200: AgencyNoticeSerializer,
            404: ERRORS[404],
            409: OpenApiResponse(
                ErrorSerializer,
                description=_(
                    "Already signed for (already_signed), or no longer awaiting an answer (not_open)"
                ),
            ),
            **AUTH_ERRORS,
        },
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        notice = self._notice(pk)
        notice_sign_receipt(agency=self.agency, notice_id=notice.pk, actor=None, actor_name=str(request.user))
        notice = self._notice(pk)
        return Response(AgencyNoticeSerializer(notice, context={"request": request}).data)

    @extend_schema(
        summary=_("Notice PDF"),
        description=_(
            "Electronic notices such as network queries get their PDF on the first fetch. Downloading it does not sign for the notice."
        ),
        parameters=[ID_PATH],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("Assistance notice PDF")
            ),
            404: ERRORS[404],
            503: OpenApiResponse(
                ErrorSerializer, description=_("The PDF cannot be generated right now; try again later")
            ),
            **AUTH_ERRORS,
        },
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        notice = self._notice(pk)
        if notice.document_id is None:
            try:
                notice = notice_ensure_document(notice=notice)
            except ServiceError:
                raise PDFUnavailable(
                    _("The notice PDF cannot be generated right now; please try again later.")
                ) from None
        document, handle = agency_side.open_notice_pdf(notice=notice, token=self.token)
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"{document.title}{document.number}.pdf",
            content_type="application/pdf",
        )
        response["X-Document-SHA256"] = document.sha256
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(
        summary=_("Answer a notice"),
        description=(
            _(
                "A notice is answered once, and the answer is final: it cannot be changed or withdrawn afterwards (a second answer is refused, 409 already_answered), so check it before sending; there is no separate confirmation call. An answer to a notice not yet signed for also records its receipt. data follows the notice's requested action:\n\n- Query: `items` are the assets found (account, title or plate number or company name; description; balance, value or capital contribution), each recorded as an asset of the case; if nothing is found, `items` is an empty list and result is done.\n- Freeze, queued freeze, seal, pre-seal, queued seal, equity freeze, vehicle seizure: `amount` (frozen), `from`, `to` (left empty: the longest legal term; beyond it the error is on `data.to`), `queued`.\n- Deduct: `amount`, `from` (the deduction date). Lift: `lifted_on`. Renew: `to`.\n- Other: `text`.\n\nUnder 上政法〔2018〕35号 art. 18 an assisting agency may not refuse; one that objects to a measure answers review_suggestion (note required), and the measure does not stop."
            )
        ),
        parameters=[ID_PATH],
        request=AgencyAnswerRequestSerializer,
        responses={
            200: AgencyAnswerSerializer,
            **ERRORS,
            409: OpenApiResponse(
                ErrorSerializer, description=_("The notice has already been answered (already_answered)")
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        notice = self._notice(pk)
        if notice.status not in NoticeStatus.awaiting_answer():
            raise Conflict(
                _("The notice has already been answered; it cannot be answered again."),
                code="already_answered",
            )
        values = validated(AgencyAnswerRequestSerializer, request.data).validated_data
        data = dict(values.get("data") or {})
        if "items" in data:
            data["items"] = [_item(item) for item in data["items"]]
        if data.get("amount") is not None:
            data["amount"] = str(data["amount"])
        data, note = agency_side.answer_args(notice, result=values["result"], data=data, note=values["note"])
        notice = notice_answer(
            agency=self.agency,
            notice_id=notice.pk,
            result=values["result"],
            data=data,
            note=note,
            actor=None,
            actor_name=str(request.user),
        )
        return Response(AgencyAnswerSerializer(notice).data)


def _item(item: dict) -> dict:
    out = {"identifier": item.get("identifier", ""), "description": item.get("description", "")}
    if item.get("value") is not None:
        out["value"] = str(item["value"])
    if item.get("kind"):
        out["kind"] = item["kind"]
    return out
