"""The court side of the assistance API: network queries (/api/v1/network-queries/), the same action
as the case page's and the batch page's "发起网络查控".

Starting is idempotent: a client sends an `Idempotency-Key` header (any string up to 64 characters,
e.g. a UUID per intended query); sending the same request again, after a timeout or a lost answer,
returns the query the first one started (200) instead of starting another (201 the first time).
Without a key, a second start over respondents whose query has not finished is refused with 409 and
the id of the query in progress. Reads are scoped by assistance.selectors.get_network_query_for;
the rules are assistance.services.network_query_start's."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from assistance.choices import BatchStatus
from assistance.models import NetworkQuery
from assistance.selectors import get_network_query_for
from assistance.services import REQUEST_KEY_MAX, NetworkQueryInProgress, network_query_start
from cases.api.serializers import ID_MAX, ErrorSerializer, flatten_errors

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
    network_query = serializers.IntegerField(help_text="正在进行的网络查控 id")


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="输入有误：fields 按字段列出原因"),
    403: OpenApiResponse(ErrorSerializer, description="网络查控由承办法官或执行局长发起"),
    404: OpenApiResponse(ErrorSerializer, description="不存在或无权查看"),
}


class NetworkQueryViewSet(viewsets.GenericViewSet):
    """网络查控: one request to every agency kind that holds property information."""

    queryset = NetworkQuery.objects.none()  # for the schema; reads go through assistance.selectors
    serializer_class = NetworkQuerySerializer
    filter_backends: list = []
    lookup_value_regex = r"\d+"

    @extend_schema(
        summary="发起网络查控",
        request=NetworkQueryStartSerializer,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="同一请求的标识（如 UUID，至多64字符）：重发时返回首次发起的查询，不重复发起",
            )
        ],
        responses={
            201: NetworkQuerySerializer,
            200: OpenApiResponse(
                NetworkQuerySerializer, description="同一 Idempotency-Key 的重发：首次发起的查询"
            ),
            409: OpenApiResponse(InProgressSerializer, description="其中有被执行人的网络查控尚未完成"),
            **ERRORS,
        },
    )
    def create(self, request):
        serializer = NetworkQueryStartSerializer(data=request.data)
        if not serializer.is_valid():
            raise ValidationError(flatten_errors(serializer.errors))
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if len(key) > REQUEST_KEY_MAX:
            raise ValidationError({IDEMPOTENCY_HEADER: [f"至多{REQUEST_KEY_MAX}个字符。"]})
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
        summary="网络查控进度",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: NetworkQuerySerializer, 404: ERRORS[404]},
    )
    def retrieve(self, request, pk=None):
        return Response(NetworkQuerySerializer(get_network_query_for(request.user, pk)).data)
