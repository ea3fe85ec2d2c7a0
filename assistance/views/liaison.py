"""The liaison portal (协助执行单位联络员): the inbox of the agency's own notices, a notice with its
PDF, and the form that answers it. Only liaison officers come here (anyone else: the Chinese 403
page); a notice of another agency, a draft or a guessed id is a 404, the same as a missing one.

Opening a notice or its PDF signs nothing: 签收 is its own button (a POST), and the answer is
given only once confirmed (the form's confirm box, checked on the server), since it cannot be
changed afterwards. The inbox is searched by case number, name or ID fragment, and its pending
notices are exported (XLSX or CSV) with the ID numbers masked.

Thin: reads through assistance.selectors / assistance.agency_side, writes through
assistance.services (sign for, issue the PDF of an electronic query, answer)."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from assets.rules import statutory_expiry
from assistance import agency_side
from assistance.choices import NoticeStatus
from assistance.forms import RESULT_CHOICES, NoticeAnswer
from assistance.selectors import DUE_FILTERS, agency_inbox, agency_inbox_due, agency_inbox_search
from assistance.services import notice_answer, notice_ensure_document, notice_sign_receipt
from cases.validators import mask_id
from enforcement.access import user_agency
from enforcement.errors import Conflict, InvalidInput, NotFound, ServiceError
from enforcement.pagination import CappedPaginator
from enforcement.tabular import export_response
from enforcement.templatetags.enforcement_ui import date_cn
from enforcement.view_errors import OWN_TEXT, ErrorMapping, service_errors

PER_PAGE = 20
TABS = {"pending": gettext_lazy("Awaiting answer"), "all": gettext_lazy("All")}
DUE_LABELS = {"today": gettext_lazy("Answer due today"), "overdue": gettext_lazy("Past due")}
RESULT_LABELS = dict(RESULT_CHOICES)


def _forbidden(request):
    return render(
        request,
        "assistance/liaison/forbidden.html",
        {"message": _("Only an assisting agency's liaison officer can view assistance notices.")},
        status=403,
    )


def _notice_or_404(agency, pk):
    try:
        return agency_side.agency_notice(agency, pk)
    except NotFound:
        raise Http404(_("The assistance notice does not exist.")) from None


def _overdue(notice, today) -> bool:
    return (
        notice.status in NoticeStatus.awaiting_answer()
        and notice.due_on is not None
        and notice.due_on < today
    )


# --- inbox ----------------------------------------------------------------------------------------
@login_required
@require_GET
def inbox(request):
    agency = user_agency(request.user)
    if agency is None:
        return _forbidden(request)
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "pending"
    search = " ".join(request.GET.get("q", "").split())[:100]
    due = _due(request)
    notices = _inbox_notices(agency, pending_only=tab == "pending", search=search, due=due)
    number = request.GET.get("page")  # counted up to a cap past the page (enforcement.pagination)
    page = CappedPaginator(notices, PER_PAGE, page_number=number).get_page(number)
    today = timezone.localdate()
    rows = [{"notice": n, "overdue": _overdue(n, today), "id_masked": _masked_id(n)} for n in page]
    return render(
        request,
        "assistance/liaison/inbox.html",
        {
            "agency": agency,
            "tab": tab,
            "tabs": TABS,
            "page": page,
            "rows": rows,
            "query": urlencode({"tab": tab, **_filters(search, due)}),
            "search": search,
            "due": due,
            "due_labels": DUE_LABELS,
            "filter_query": urlencode(_filters(search, due)),
            "export_query": urlencode(_filters(search, due)),
            "pending_count": page.paginator.count if tab == "pending" and not search and not due else None,
        },
    )


def _due(request) -> str:
    """The answer-due filter (?due=today / ?due=overdue, the home-page counters' links); anything
    else is no filter."""
    due = request.GET.get("due", "")
    return due if due in DUE_FILTERS else ""


def _filters(search: str, due: str) -> dict:
    """The search and due filter as query parameters, kept by the tabs, pages and export links."""
    return {**({"q": search} if search else {}), **({"due": due} if due else {})}


def _inbox_notices(agency, *, pending_only: bool, search: str, due: str = ""):
    notices = agency_inbox_due(
        agency_inbox_search(agency_inbox(agency, pending_only=pending_only), search), due
    )
    return notices if pending_only else notices.order_by("-sent_at", "-id")  # pending: due first


def _masked_id(notice) -> str:
    """Lists and exports mask the respondent's ID number (cases.validators.mask_id); only the
    notice's own page, whose every showing is audited, carries it in full."""
    return mask_id(notice.respondent.id_number) if notice.respondent is not None else ""


# --- export of the pending notices ----------------------------------------------------------------
EXPORT_FORMATS = ("xlsx", "csv")
EXPORT_HEADERS = (
    gettext_lazy("Case number"),
    gettext_lazy("Court"),
    gettext_lazy("Assistance asked"),
    gettext_lazy("Respondent"),
    gettext_lazy("ID number"),
    gettext_lazy("Amount"),
    gettext_lazy("Served at"),
    gettext_lazy("Answer due"),
    gettext_lazy("Signed for at"),
    gettext_lazy("Status"),
)


def _amount(amount):
    """The amount of a notice's payload (JSON keeps it as text) as a Decimal, so the export holds
    a number; what does not read as one is kept as written."""
    if amount in (None, ""):
        return ""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    return value if value.is_finite() else str(amount)


@login_required
@require_GET
def inbox_export(request, fmt):
    """The pending notices of the officer's own agency (narrowed by the same search and answer-due
    filter as the inbox), row for row the pending list in its order, every page of it, IDs masked."""
    agency = user_agency(request.user)
    if agency is None:
        return _forbidden(request)
    if fmt not in EXPORT_FORMATS:
        raise Http404(_("No such export format."))
    search = " ".join(request.GET.get("q", "").split())[:100]
    notices = _inbox_notices(agency, pending_only=True, search=search, due=_due(request))
    today = timezone.localdate()
    rows = []
    for n in notices:
        amount = (n.payload or {}).get("amount")
        rows.append(
            [
                n.case.number,
                n.court.name,
                n.get_action_display(),
                n.respondent.name if n.respondent is not None else "",
                _masked_id(n),
                _amount(amount),
                n.sent_at,
                date_cn(n.due_on) + (_("(overdue)") if _overdue(n, today) else ""),
                n.received_at or _("Not signed for"),
                n.get_status_display(),
            ]
        )
    return export_response(
        fmt,
        filename=_("Assistance notices awaiting an answer") + f"_{today:%Y%m%d}.{fmt}",
        headers=[str(h) for h in EXPORT_HEADERS],
        rows=rows,
        sheet=str(_("Awaiting answer")),
    )


# --- one notice -----------------------------------------------------------------------------------
@login_required
@require_GET
def notice_detail(request, pk):
    agency = user_agency(request.user)
    if agency is None:
        return _forbidden(request)
    notice = _notice_or_404(agency, pk)  # opening it signs nothing (notice_sign_view does)
    if notice.document_id is None:
        try:
            notice_ensure_document(notice=notice)
        except ServiceError:
            messages.warning(
                request,
                _(
                    "The notice PDF cannot be generated right now; reload later, or answer from this page meanwhile."
                ),
            )
    return _render_detail(request, _notice_or_404(agency, pk))


@login_required
@require_POST
def notice_sign_view(request, pk):
    """签收: one explicit click, once."""
    agency = user_agency(request.user)
    if agency is None:
        return _forbidden(request)
    notice = _notice_or_404(agency, pk)
    try:
        notice_sign_receipt(agency=agency, notice_id=notice.pk, actor=request.user)
    except Conflict as exc:
        messages.error(request, exc.message)
    except NotFound:
        raise Http404(_("The assistance notice does not exist.")) from None
    else:
        messages.success(request, _("Signed for the notice; please answer it by its due date."))
    return redirect("assistance:liaison-notice", pk=notice.pk)


@login_required
@require_POST
def notice_answer_view(request, pk):
    agency = user_agency(request.user)
    if agency is None:
        return _forbidden(request)
    notice = _notice_or_404(agency, pk)
    if notice.status not in NoticeStatus.awaiting_answer():
        messages.error(request, _("The notice has already been answered; it cannot be answered again."))
        return redirect("assistance:liaison-notice", pk=notice.pk)
    answer = NoticeAnswer(notice, request.POST)
    if not answer.is_valid():
        answer.errors.insert(0, _("The answer has errors; please correct them as indicated."))
        return _render_detail(request, notice, answer=answer)
    result, data, note = answer.service_args()
    try:
        data, note = agency_side.answer_args(notice, result=result, data=data, note=note)
        notice_answer(
            agency=agency,
            notice_id=notice.pk,
            result=result,
            data=data,
            note=note,
            actor=request.user,
        )
    except InvalidInput as exc:
        answer.put_back(exc)  # each message next to its field; one without a field on top
        if exc.fields:
            answer.errors.insert(0, _("The answer has errors; please correct them as indicated."))
        return _render_detail(request, notice, answer=answer)
    except ServiceError as exc:  # answered already, a renewal of a measure no longer in effect …
        mapping = ErrorMapping(not_found=_("The assistance notice does not exist."), handles=(ServiceError,))
        return mapping.respond(request, exc, lambda: redirect("assistance:liaison-notice", pk=notice.pk))
    messages.success(request, _("Answer submitted; the judge in charge will be notified."))
    return redirect("assistance:liaison-notice", pk=notice.pk)


def _render_detail(request, notice, *, answer: NoticeAnswer | None = None):
    """The notice page; every showing of it (with the respondent's full ID number) is audited."""
    agency_side.audit_notice_viewed(notice=notice, actor=request.user)
    awaiting = notice.status in NoticeStatus.awaiting_answer()
    if awaiting and answer is None:
        answer = NoticeAnswer(notice)
    latest = None
    if awaiting and notice.asset is not None and answer.layout == agency_side.MEASURE:
        latest, citation = statutory_expiry(notice.asset.kind, timezone.localdate())
        latest = {"date": latest, "citation": citation}
    return render(
        request,
        "assistance/liaison/notice_detail.html",
        {
            "notice": notice,
            "respondent": notice.respondent,
            "asset": notice.asset,
            "amount": (notice.payload or {}).get("amount"),
            "reason": (notice.payload or {}).get("reason"),
            "overdue": _overdue(notice, timezone.localdate()),
            "awaiting": awaiting,
            "answer": answer if awaiting else None,
            "answer_view": None if awaiting else _answer_view(notice),
            "labels": agency_side.ITEM_LABELS.get(notice.agency.kind),
            "latest": latest,
        },
        status=200,
    )


def _answer_view(notice) -> dict:
    """The recorded answer for display: dates as dates, the result as the portal names it."""
    answer = dict(notice.answer or {})
    view = {"result_label": RESULT_LABELS.get(notice.result, notice.get_result_display())}
    for key, name in (("from", "start"), ("to", "end"), ("lifted_on", "lifted_on")):
        try:
            view[name] = dt.date.fromisoformat(answer[key]) if answer.get(key) else None
        except (TypeError, ValueError):
            view[name] = None
    view["amount"] = answer.get("amount") or None
    view["queued"] = bool(answer.get("queued"))
    view["text"] = answer.get("text", "")
    view["items"] = answer.get("items") if isinstance(answer.get("items"), list) else None
    return view


@login_required
@require_GET
@service_errors(not_found=OWN_TEXT, handles=(NotFound,))  # no PDF yet, its file missing: said on the 404
def notice_pdf(request, pk):
    agency = user_agency(request.user)
    if agency is None:
        return _forbidden(request)
    notice = _notice_or_404(agency, pk)  # downloading it signs nothing either
    if notice.document_id is None:
        try:
            notice = notice_ensure_document(notice=notice)
        except ServiceError:
            raise Http404(
                _("The notice PDF cannot be generated right now; please try again later.")
            ) from None
    document, handle = agency_side.open_notice_pdf(notice=notice, actor=request.user)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{document.title}{document.number}.pdf",
        content_type="application/pdf",
    )
    response["X-Document-SHA256"] = document.sha256
    response["Cache-Control"] = "private, no-store"
    return response
