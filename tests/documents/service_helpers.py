"""Recording service in tests: a small valid proof file and a one-call helper."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

PDF_PROOF = b"%PDF-1.4\n% a receipt\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_PROOF = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_PROOF = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def proof_file(name="送达回证.pdf", content=PDF_PROOF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def record_service(
    actor, document, *, method="direct", date: dt.date | None = None, recipient=None, party=None
):
    """Service of `document` on its addressee, or on `party` (a ruling is served on each party)."""
    from documents.serving import service_record

    return service_record(
        actor=actor,
        document_id=document.pk,
        party_id=party.pk if party is not None else None,
        method=method,
        date=date or timezone.localdate(),
        recipient=recipient or (party or document.party).name,
        proof=proof_file(),
    )


def serve_all(actor, case):
    """Serve every document of the case addressed to a party, today, in person."""
    for document in case.documents.filter(party__isnull=False):
        record_service(actor, document)
