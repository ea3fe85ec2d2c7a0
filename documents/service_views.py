"""Browser pages of service (送达): the case page's panel (cases.registry.case_panels), recording a
service with its proof, downloading a proof, and the work list of documents awaiting service. The
rules are in documents.serving; NotFound → 404, NotAllowed → 403, bad input → the form again with
its field errors."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from cases.selectors import get_case_for
from enforcement.access import membership_of
from enforcement.dates import format_date
from enforcement.errors import InvalidInput, NotAllowed, NotFound
from enforcement.view_errors import ErrorMapping, service_errors

from .models import Document, ServiceMethod
from .serving import (
    MAX_PROOF_BYTES,
    SERVICE_ROLES,
    awaiting_service,
    may_record_service,
    parse_choice,
    performance_deadline,
    service_proof_open,
    service_record,
    service_statuses,
    unserved_parties,
)


def _proof_help_text() -> str:
    return gettext("PDF, JPEG or PNG, at most %(mb)s MB.") % {"mb": MAX_PROOF_BYTES // (1024 * 1024)}


# formatted when shown, in the reader's language (a lazy string formatted at import would be fixed
# in the language active then)
_proof_help = lazy(_proof_help_text, str)


class ServiceForm(forms.Form):
    document = forms.ChoiceField(label=gettext_lazy("Document and party"))
    method = forms.ChoiceField(label=gettext_lazy("Method of service"), choices=ServiceMethod.choices)
    date = forms.DateField(
        label=gettext_lazy("Date on the proof"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "The date signed on the proof of service; for service by post the receipt date; for "
            "electronic service the day it reached the recipient's system; for service by public "
            "announcement the day of the announcement (deemed served 30 days later)."
        ),
    )
    recipient = forms.CharField(label=gettext_lazy("Received by"), max_length=100)
    proof = forms.FileField(
        label=gettext_lazy("Proof of service"),
        help_text=_proof_help(),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        # one choice per document and the party it is served on (a 裁定书: one for each party)
        self.fields["document"].choices = [
            (s.choice, f"{s.document.title} {s.document.number} · {s.party.name}") for s in statuses
        ]


def _statuses_with_labels(statuses):
    return [
        {
            "status": s,
            "choice": s.choice,
            "document": s.document,
            "party": s.party,
            "state": s.state,
            "first": s.first,
            "period": s.period,
            "services": s.services,
        }
        for s in statuses
    ]


def service_panel_context(request, case) -> dict:
    """The case page's service panel (cases.registry.CasePanel context)."""
    statuses = service_statuses(case)
    may_record = may_record_service(request.user, case)
    return {
        "rows": _statuses_with_labels(statuses),
        "may_record": may_record,
        "form": ServiceForm(statuses=statuses, initial={"date": timezone.localdate()})
        if may_record
        else None,
        "performance_deadline": performance_deadline(case),
        "today": timezone.localdate(),
    }


def _forbidden(request, message: str):
    return render(request, "documents/forbidden.html", {"message": message}, status=403)


RECORD_ERRORS = ErrorMapping(
    not_found=gettext_lazy("The document does not exist or you may not see it."),
    forbidden=_forbidden,
    handles=(NotFound, NotAllowed),
)


@login_required
@require_http_methods(["GET", "POST"])
def service_record_page(request, case_id):
    try:
        case = get_case_for(request.user, case_id)
    except NotFound:
        raise Http404(gettext("The case does not exist or you may not see it.")) from None
    if not may_record_service(request.user, case):
        return render(
            request,
            "documents/forbidden.html",
            {"message": gettext("Only the judge or clerk working on the case may record service.")},
            status=403,
        )
    statuses = service_statuses(case)
    initial = {"date": timezone.localdate()}
    if request.GET.get("document"):
        initial["document"] = request.GET["document"]
    form = ServiceForm(request.POST or None, request.FILES or None, statuses=statuses, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            document_id, party_id = parse_choice(data["document"])
            try:
                service = service_record(
                    actor=request.user,
                    document_id=document_id,
                    party_id=party_id,
                    method=data["method"],
                    date=data["date"],
                    recipient=data["recipient"],
                    proof=data["proof"],
                    note=data["note"],
                )
            except (NotFound, NotAllowed) as exc:
                return RECORD_ERRORS.respond(request, exc, None)
            except InvalidInput as exc:  # the form again, each message beside its field
                for field, errors in exc.fields.items():
                    for error in errors if isinstance(errors, list | tuple) else [errors]:
                        form.add_error(field if field in form.fields else None, error)
                if not exc.fields:
                    form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    gettext("Service recorded: in effect from %(date)s.")
                    % {"date": format_date(service.effective_on)},
                )
                return redirect(reverse("cases:detail", args=[case.pk]) + "#service")
    return render(request, "documents/service_form.html", {"case": case, "form": form}, status=status)


@login_required
@require_GET
@service_errors(
    not_found=gettext_lazy("The service record does not exist or you may not see it."), handles=(NotFound,)
)
def service_proof_download(request, pk):
    service, handle = service_proof_open(actor=request.user, service_id=pk)
    extension = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[service.proof_type]
    response = FileResponse(
        handle,
        content_type=service.proof_type,
        as_attachment=True,
        filename=gettext("proof-of-service-%(number)s-%(pk)s")
        % {"number": service.document.number, "pk": service.pk}
        + extension,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def awaiting_service_page(request):
    membership = membership_of(request.user)
    if membership is None or membership.role not in SERVICE_ROLES:
        return render(
            request,
            "documents/forbidden.html",
            {"message": gettext("Only judges and clerks have documents to serve.")},
            status=403,
        )
    documents: list[Document] = list(awaiting_service(request.user)[:500])
    parties = unserved_parties(documents)
    rows = [{"document": d, "parties": parties.get(d.pk, [])} for d in documents]
    return render(request, "documents/awaiting_service.html", {"documents": documents, "rows": rows})
