"""Browser pages of documents: the case's documents (preview, issue, download), batches with their
progress bar, and the public verification page. Every rule is in documents.services;
these views translate its errors: NotFound → 404, NotAllowed → 403, bad input → a message."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.selectors import get_case_for
from documents.formatting import group_code, names_cn
from documents.kinds import get_kind, kind_choices, standalone_kinds
from documents.rendering import documents_unavailable_reason
from documents.services import (
    EDIT_ROLES,
    MAX_UPLOAD_BYTES,
    batch_progress,
    cases_lacking_document,
    document_batch_start,
    document_compare_upload,
    document_issue,
    document_open_for_download,
    document_render_preview,
    document_verify,
    documents_of_case,
    get_batch_for,
    may_issue,
    normalize_code,
    queue_batch,
    upload_is_masked_rendition,
)
from enforcement.access import membership_of
from enforcement.dates import format_date
from enforcement.errors import InvalidInput, NotAllowed, NotFound, ServiceError
from enforcement.ratelimit import ALLOW, too_many
from enforcement.view_errors import ErrorMapping, error_text, service_errors

BATCH_LIST_LIMIT = 200


def _forbidden(request, message: str):
    return render(request, "documents/forbidden.html", {"message": message}, status=403)


def _bad_request(request, message: str):
    return render(request, "documents/forbidden.html", {"message": message}, status=400)


CASE_NOT_FOUND = gettext_lazy("The case does not exist or you may not view it.")
BATCH_NOT_FOUND = gettext_lazy("The batch does not exist or you may not view it.")
# Issuing: another court's case or a kind the user may not issue is a page of its own; what else
# goes wrong with one addressee is collected, one message each, and the others are still issued.
ISSUE_ERRORS = ErrorMapping(not_found=CASE_NOT_FOUND, forbidden=_forbidden, handles=(NotFound, NotAllowed))


EDIT_PREFIX = "edit_"


def _edits_from(data, kind) -> dict[str, str]:
    """The free-text parts the judge wrote (edit_<key> fields), for documents.services.clean_edits;
    none for an unknown kind (the service refuses the kind itself)."""
    parts = kind.editable if kind is not None else ()
    return {part.key: data[EDIT_PREFIX + part.key] for part in parts if data.get(EDIT_PREFIX + part.key)}


def _case_or_404(user, case_id):
    try:
        return get_case_for(user, case_id)
    except NotFound:
        raise Http404(str(CASE_NOT_FOUND)) from None


# --- the case's documents ------------------------------------------------------------------------
@login_required
@require_GET
def case_documents(request, case_id):
    case = _case_or_404(request.user, case_id)
    issued = list(documents_of_case(case))
    parties = list(case.parties.all())
    kinds = []
    for kind in standalone_kinds():
        addressees = [p for p in parties if p.role == kind.addressed_to] if kind.addressed_to else []
        kinds.append(
            {
                "kind": kind,
                "may_issue": may_issue(request.user, case, kind),
                "addressees": [
                    {"party": p, "issued": [d for d in issued if d.kind == kind.key and d.party_id == p.pk]}
                    for p in addressees
                ],
                "issued": [d for d in issued if d.kind == kind.key],
            }
        )
    rows = [
        {
            "document": d,
            "code": group_code(d.verification_code),
            "issued_on": format_date(d.issued_on),
            "addressee": _addressee(d, parties),
        }
        for d in issued
    ]
    context = {"case": case, "kinds": kinds, "rows": rows}
    if any(entry["may_issue"] for entry in kinds):
        context["documents_problem"] = documents_unavailable_reason()
    return render(request, "documents/case_documents.html", context)


def _addressee(document, parties) -> str:
    """Who a document is addressed to: its party, or for a document of the whole case that its kind
    serves on the parties of some roles (中止/终结/终本 裁定书: DocumentKind.served_on_roles) those
    parties, role by role; "—" for one addressed to no party."""
    if document.party_id:
        return document.party.name
    kind = get_kind(document.kind)
    roles = kind.served_on_roles if kind is not None else ()
    names = [p.name for role in roles for p in parties if p.role == role]
    return names_cn(names) or "—"


@login_required
@require_POST
def case_documents_issue(request, case_id):
    kind_key = request.POST.get("kind", "")
    party = request.POST.get("party", "")
    kind = get_kind(kind_key)
    case = _case_or_404(request.user, case_id)  # before anything else: no hint about other courts' cases
    back = redirect("documents:case", case_id=case.pk)
    if kind is None:
        messages.error(request, _("Unknown kind of document."))
        return back
    if party == "all" and kind.addressed_to:
        party_ids = list(case.parties.filter(role=kind.addressed_to).values_list("pk", flat=True))
    else:
        party_ids = [None if party in ("", "all") else party]
    issued, failed = [], []
    for party_id in party_ids:
        try:
            issued.append(
                document_issue(
                    actor=request.user,
                    kind=kind.key,
                    case_id=case_id,
                    party_id=party_id,
                    edits=_edits_from(request.POST, kind),
                )
            )
        except ISSUE_ERRORS.handles as exc:
            return ISSUE_ERRORS.respond(request, exc, None)
        except ServiceError as exc:
            failed.append(error_text(exc))
    for document in issued:
        label = _(" (served on %(name)s)") % {"name": document.party.name} if document.party_id else ""
        messages.success(
            request,
            _("Drew up and issued %(title)s %(number)s%(label)s.")
            % {"title": document.title, "number": document.number, "label": label},
        )
    for text in failed:
        messages.error(
            request, _("Could not draw up the %(title)s: %(error)s") % {"title": kind.title, "error": text}
        )
    return back


@login_required
@require_GET
def preview_page(request, case_id):
    """The preview in a frame, with the button that issues exactly what is shown."""
    case = _case_or_404(request.user, case_id)
    kind = get_kind(request.GET.get("kind", ""))
    if kind is None:
        raise Http404(_("Unknown kind of document."))
    if not may_issue(request.user, case, kind):
        return _forbidden(request, _("You may not draw up this case's %(title)s.") % {"title": kind.title})
    party_id = request.GET.get("party", "")
    party = case.parties.filter(pk=party_id).first() if party_id.isdigit() else None
    edits = _edits_from(request.GET, kind)
    may_edit = bool(kind.editable) and membership_of(request.user).role in EDIT_ROLES
    fields = {EDIT_PREFIX + key: text for key, text in edits.items()}
    query = urlencode({"kind": kind.key, "case": case.pk, **({"party": party.pk} if party else {}), **fields})
    parts = [
        {"part": part, "name": EDIT_PREFIX + part.key, "text": edits.get(part.key, "")}
        for part in kind.editable
    ]
    return render(
        request,
        "documents/preview.html",
        {
            "case": case,
            "kind": kind,
            "party": party,
            "pdf_url": f"{reverse('documents:preview')}?{query}",
            "may_edit": may_edit,
            "parts": parts,
            "edited": fields,
        },
    )


@login_required
@require_GET
@xframe_options_sameorigin  # shown in the preview page's frame
@service_errors(  # a page in the frame, never a message
    not_found=CASE_NOT_FOUND,
    forbidden=_forbidden,
    invalid=_bad_request,
    handles=(NotFound, NotAllowed, InvalidInput),
)
def preview_pdf(request):
    pdf = document_render_preview(
        actor=request.user,
        kind=request.GET.get("kind", ""),
        case_id=request.GET.get("case"),
        party_id=request.GET.get("party") or None,
        edits=_edits_from(request.GET, get_kind(request.GET.get("kind", ""))),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="preview.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
@service_errors(
    not_found=gettext_lazy("The document does not exist or you may not view it."), handles=(NotFound,)
)
def download(request, pk):
    try:
        download = document_open_for_download(actor=request.user, document_id=pk)
    except FileNotFoundError:
        raise Http404(_("The archived file is missing; please contact the administrator.")) from None
    response = FileResponse(
        download.handle, as_attachment=True, filename=download.filename, content_type="application/pdf"
    )
    response["X-Document-SHA256"] = download.sha256
    response["X-Document-Rendition"] = download.rendition
    response["Cache-Control"] = "private, no-store"
    return response


# --- batches --------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def batch_new(request):
    kind_key = request.POST.get("kind") or request.GET.get("kind") or "execution_notice"
    kind = get_kind(kind_key)
    if kind is None:
        raise Http404(_("Unknown kind of document."))
    membership = membership_of(request.user)
    if membership is None or membership.court_id is None or membership.role not in kind.issuer_roles:
        return _forbidden(request, _("You may not draw up %(title)s in a batch.") % {"title": kind.title})
    if request.method == "POST":
        try:
            batch = document_batch_start(
                actor=request.user, kind=kind.key, case_ids=request.POST.getlist("cases")
            )
        except ServiceError as exc:  # refused: a 403 page; anything else: a message above the list again
            refused = ErrorMapping(forbidden=_forbidden, handles=(ServiceError,)).respond(
                request, exc, lambda: None
            )
            if refused is not None:
                return refused
        else:
            return redirect("documents:batch", pk=batch.pk)
    candidates = cases_lacking_document(request.user, kind.key)
    total = candidates.count()
    rows = []
    for case in candidates[:BATCH_LIST_LIMIT]:
        respondents = [p.name for p in case.parties.all() if p.role == "respondent"]
        rows.append(
            {
                "case": case,
                "respondents": _(", ").join(respondents),
                "filed_on": format_date(case.filed_on),
            }
        )
    return render(
        request,
        "documents/batch_new.html",
        {
            "kind": kind,
            "kinds": kind_choices(),
            "rows": rows,
            "total": total,
            "limit": BATCH_LIST_LIMIT,
            # ticked: what was posted, or the cases selected in the case list (its batch button)
            "selected": set(
                request.POST.getlist("cases") if request.method == "POST" else request.GET.getlist("cases")
            ),
            "documents_problem": documents_unavailable_reason(),
        },
    )


@login_required
@require_GET
@service_errors(not_found=BATCH_NOT_FOUND, handles=(NotFound,))
def batch_detail(request, pk):
    batch = get_batch_for(request.user, pk)
    kind = get_kind(batch.kind)
    documents = batch.documents.select_related("case", "party").order_by("id")
    return render(
        request,
        "documents/batch_detail.html",
        {"batch": batch, "kind": kind, "progress": batch_progress(batch), "documents": documents},
    )


@never_cache
@login_required
@require_GET
def batch_progress_json(request, pk):
    try:
        batch = get_batch_for(request.user, pk)
    except NotFound:
        return JsonResponse(
            {"error": "not_found", "message": str(BATCH_NOT_FOUND)},
            status=404,
        )
    return JsonResponse(batch_progress(batch))


@login_required
@require_POST
@service_errors(not_found=BATCH_NOT_FOUND, handles=(NotFound,))
def batch_run(request, pk):
    """Start a batch again (its broker was down, or its worker died): nothing done is done twice."""
    batch = get_batch_for(request.user, pk)
    queue_batch(batch.pk)
    messages.success(request, _("The batch was resubmitted."))
    return redirect("documents:batch", pk=batch.pk)


# --- public verification ------------------------------------------------------------------------------
class VerifyUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Upload the document's PDF file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("Upload the document as a PDF file."))
        return upload


@require_GET
def verify_lookup(request):
    """/verify/?code=…: the form a person types a code into; a valid one goes to its page."""
    raw = request.GET.get("code", "")
    if raw:
        code = normalize_code(raw)
        if code:
            return redirect("documents:verify", code=code)
    return render(request, "documents/verify_lookup.html", {"raw": raw, "invalid": bool(raw)})


# Guessing codes by enumeration: 60 bits, and at most this many look-ups a minute per address.
VERIFY_PER_MINUTE = 30


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, code):
    """Public (no login): is this a document the court issued, and is a given file that document?"""
    # Fails open: a verification code carries 60 bits (not guessable even uncounted) and the page
    # shows no personal data, while banks, registries and parties rely on checking a document at
    # any time. With the counter unreachable the look-up is served uncounted (and logged).
    if too_many(request, scope="verify", limit=VERIFY_PER_MINUTE, when_unavailable=ALLOW):
        return render(
            request,
            "documents/verify.html",
            {"verification": None, "code": code, "too_many": True},
            status=429,
        )
    verification = document_verify(code=code)
    if verification is None:
        response = render(request, "documents/verify.html", {"verification": None, "code": code}, status=404)
        response["X-Robots-Tag"] = "noindex"
        return response
    form = VerifyUploadForm()
    comparison = None
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                matches, digest = document_compare_upload(
                    document=verification.document, upload=form.cleaned_data["file"]
                )
                comparison = {
                    "matches": matches,
                    "masked": upload_is_masked_rendition(verification.document, digest),
                    "sha256": digest,
                    "name": form.cleaned_data["file"].name,
                }
            except InvalidInput as exc:
                form.add_error("file", error_text(exc))
    response = render(
        request,
        "documents/verify.html",
        {
            "verification": verification,
            "summary": verification.published,
            "code": group_code(verification.document.verification_code),
            "form": form,
            "comparison": comparison,
            "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response
