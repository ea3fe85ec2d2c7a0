"""The agency API (/api/v1/agency/): an agency, through its token, lists the notices addressed to it,
reads one (which marks it received), downloads its PDF and answers it with structured data.

Thin, like the liaison portal: reads through assistance.selectors / assistance.agency_side (another
agency's notice, a draft or a guessed id is a 404 with the same body as a missing one), writes
through assistance.services; services' errors become their status in enforcement.api.errors
(InvalidInput 400 with `fields`, NotFound 404, Conflict 409). Only the agency token authenticates
here: a court user's session or token is refused (401)."""

from django.http import FileResponse
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
from assistance.selectors import agency_inbox
from assistance.services import notice_answer, notice_ensure_document, notice_mark_received
from cases.api.serializers import ErrorSerializer, flatten_errors
from enforcement.api.parsers import SafeJSONParser
from enforcement.errors import Conflict, ServiceError

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description="输入有误：fields 按字段列出原因，如 data.items[1].identifier、data.to"
    ),
    401: OpenApiResponse(ErrorSerializer, description="未提供令牌，或令牌无效、已吊销"),
    403: OpenApiResponse(ErrorSerializer, description="不是协助执行单位的令牌"),
    404: OpenApiResponse(ErrorSerializer, description="通知书不存在（或不是发给本单位的）"),
}
AUTH_ERRORS = {k: ERRORS[k] for k in (401, 403)}
ID_PATH = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="通知书 id")
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
        summary="本单位的协助执行通知书",
        description="默认只列待答复的（已送达、已签收、逾期未答复），按答复期限先后排列；status=all 列出全部。"
        "列表含被执行人的完整证件号码，每次获取均记入审计日志。",
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=list(STATUS_FILTERS), description="pending（默认）或 all"
            )
        ],
        responses={200: AgencyNoticeSerializer(many=True), 400: ERRORS[400], **AUTH_ERRORS},
    )
    def list(self, request):
        status_filter = request.query_params.get("status") or "pending"
        if status_filter not in STATUS_FILTERS:
            raise ValidationError({"status": ["应为 pending 或 all。"]})
        notices = agency_inbox(self.agency, pending_only=status_filter == "pending").select_related("asset")
        if status_filter == "all":
            notices = notices.order_by("-sent_at", "-id")
        page = self.paginate_queryset(notices)
        agency_side.audit_notices_listed(agency=self.agency, notices=page, token=self.token)
        data = AgencyNoticeSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(
        summary="通知书详情（同时签收）",
        description="首次获取即视为签收。含被执行人的完整证件号码，每次获取均记入审计日志。",
        parameters=[ID_PATH],
        responses={200: AgencyNoticeSerializer, 404: ERRORS[404], **AUTH_ERRORS},
    )
    def retrieve(self, request, pk=None):
        notice = self._notice(pk)
        notice_mark_received(
            agency=self.agency, notice_id=notice.pk, actor=None, actor_name=str(request.user)
        )
        notice = self._notice(pk)
        agency_side.audit_notice_viewed(notice=notice, via="api", token=self.token)
        return Response(AgencyNoticeSerializer(notice, context={"request": request}).data)

    @extend_schema(
        summary="通知书PDF",
        description="网络查控等电子通知书在首次获取时生成PDF。获取即视为签收。",
        parameters=[ID_PATH],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="协助执行通知书PDF"),
            404: ERRORS[404],
            503: OpenApiResponse(ErrorSerializer, description="PDF暂时无法生成，请稍后再试"),
            **AUTH_ERRORS,
        },
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        notice = self._notice(pk)
        notice_mark_received(
            agency=self.agency, notice_id=notice.pk, actor=None, actor_name=str(request.user)
        )
        if notice.document_id is None:
            try:
                notice = notice_ensure_document(notice=notice)
            except ServiceError:
                raise PDFUnavailable("通知书PDF暂时无法生成，请稍后再试。") from None
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
        summary="答复通知书",
        description=(
            "每份通知书只能答复一次。data 按通知书的协助事项填写：\n\n"
            "- 查询（query）：`items` 为查到的财产（账号、权证号、号牌或企业名称；描述；余额、估值或出资额），"
            "每一项在案件中登记为财产；未查到的，`items` 为空列表、result 为 done。\n"
            "- 冻结、轮候冻结、查封、预查封、轮候查封、股权冻结、扣押车辆：`amount`（冻结的）、`from`、`to`"
            "（不填按法定最长期限；超过的，错误在 `data.to`）、`queued`（已轮候）。\n"
            "- 扣划（deduct）：`amount`、`from`（扣划日期）。解除（lift）：`lifted_on`。续行（renew）：`to`。\n"
            "- 其他：`text`。\n\n"
            "依据上政法〔2018〕35号第十八条，协助执行单位不得拒绝协助；对措施有异议的，result 为 "
            "review_suggestion（审查建议，note 必填），措施不因此停止。"
        ),
        parameters=[ID_PATH],
        request=AgencyAnswerRequestSerializer,
        responses={
            200: AgencyAnswerSerializer,
            **ERRORS,
            409: OpenApiResponse(ErrorSerializer, description="该通知书已经答复（already_answered）"),
        },
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        notice = self._notice(pk)
        if notice.status not in NoticeStatus.awaiting_answer():
            raise Conflict("该通知书已经答复，不能重复答复。", code="already_answered")
        serializer = AgencyAnswerRequestSerializer(data=request.data)
        if not serializer.is_valid():
            raise ValidationError(flatten_errors(serializer.errors))
        values = serializer.validated_data
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
