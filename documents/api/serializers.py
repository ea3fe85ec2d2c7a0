"""Serializers of the documents API. They check the SHAPE of a request; every rule (who may issue
which kind, the addressee, whether this machine can make documents) stays in documents.services."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from cases.api.serializers import ID_MAX, CaseRefSerializer, id_field
from documents.formatting import group_code
from documents.models import Document, DocumentBatchStatus

KIND_HELP = gettext_lazy("Document kind, see /api/v1/document-kinds/")


class EditablePartSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    max_length = serializers.IntegerField()


class DocumentKindSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    code = serializers.CharField(help_text=gettext_lazy("The code in the document number, e.g. 执通"))
    addressed_to = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("One for each party of this role; null for one per case")
    )
    issuer_roles = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    legal_basis = serializers.ListField(child=serializers.CharField())
    editable = EditablePartSerializer(
        many=True, help_text=gettext_lazy("Free-text parts a judge may write before issuing (edits)")
    )


class DocumentSerializer(serializers.ModelSerializer):
    case = CaseRefSerializer(allow_null=True)
    party = serializers.SerializerMethodField(help_text=gettext_lazy("addressee"))
    verification_code = serializers.SerializerMethodField(
        help_text=gettext_lazy("Verification code (written in groups)")
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "case",
            "party",
            "kind",
            "title",
            "number",
            "issued_on",
            "issued_at",
            "verification_code",
            "sha256",
            "size",
            "batch",
        ]

    def get_party(self, document) -> str | None:
        return document.party.name if document.party_id else None

    def get_verification_code(self, document) -> str:
        return group_code(document.verification_code)


class DocumentIssueSerializer(serializers.Serializer):
    case = id_field(help_text=gettext_lazy("Case id"))
    kind = serializers.CharField(max_length=40, help_text=KIND_HELP)
    party = id_field(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Party id of the addressee (required for a document made per party)"),
    )
    edits = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=2000),
        required=False,
        default=dict,
        help_text=gettext_lazy(
            "The kind's free-text parts in the judge's words, by key (see editable in /api/v1/document-kinds/); judge or head only"
        ),
    )


class DocumentListQuerySerializer(serializers.Serializer):
    case = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=ID_MAX,
        help_text=gettext_lazy("Only those of this case (the case must be viewable)"),
    )
    kind = serializers.CharField(required=False, max_length=40, help_text=KIND_HELP)


class PreviewQuerySerializer(serializers.Serializer):
    case = id_field(help_text=gettext_lazy("Case id"))
    kind = serializers.CharField(max_length=40, help_text=KIND_HELP)
    party = id_field(required=False, help_text=gettext_lazy("Party id of the addressee"))


class BatchStartSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=40, help_text=KIND_HELP)
    cases = serializers.ListField(
        child=id_field(), allow_empty=False, max_length=10_000, help_text=gettext_lazy("Case id")
    )


class BatchErrorSerializer(serializers.Serializer):
    case_id = serializers.IntegerField()
    case_number = serializers.CharField()
    message = serializers.CharField()


class BatchSerializer(serializers.Serializer):
    """A batch and its progress: documents.services.batch_progress, with the cases asked for."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.ChoiceField(choices=DocumentBatchStatus.choices)
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    failed = serializers.IntegerField()
    processed = serializers.IntegerField()
    percent = serializers.IntegerField()
    finished = serializers.BooleanField()
    errors = BatchErrorSerializer(many=True)
    documents = serializers.IntegerField(help_text=gettext_lazy("Number of documents made"))
    case_ids = serializers.ListField(child=serializers.IntegerField())
    created_at = serializers.DateTimeField()


class BatchCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    filed_on = serializers.DateField()
    respondents = serializers.SerializerMethodField()

    def get_respondents(self, case) -> list[str]:
        return [p.name for p in case.parties.all() if p.role == "respondent"]


class BatchCandidateQuerySerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=40, help_text=KIND_HELP)
