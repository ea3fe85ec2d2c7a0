"""The reports page of the command centre (/command/reports/): a court's reports, the form that
starts one, a report's progress bar (static/js/progress.js polls the JSON below, no inline
script) and its downloads. Everything goes through command.report_services."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.views.common import forbidden
from command import report_services as services
from command.report_forms import ReportForm
from enforcement.access import membership_of
from enforcement.errors import InvalidInput, NotAllowed, NotFound


def _court_for(request):
    """The court looked at: ?court= (one the user may see), else the user's own."""
    court_id = request.GET.get("court")
    if not court_id:
        return _default_court(request)
    if not str(court_id).isdigit():
        raise Http404
    try:
        return services.get_report_court(request.user, court_id)
    except NotFound:
        raise Http404 from None


@login_required
def report_list(request):
    if not services.may_read_reports(request.user):
        return forbidden(
            request, _("Only the head, the administrator and supervisors of a court see its reports.")
        )
    courts = services.report_courts(request.user)
    may_start = services.may_start_reports(request.user)
    if request.method == "POST":
        if not may_start:
            return forbidden(
                request, _("Only the head or the administrator of a court may make its reports.")
            )
        form = ReportForm(request.POST, courts=courts)
        if form.is_valid():
            start, end = form.dates()
            try:
                job = services.report_start(
                    actor=request.user, court_id=form.cleaned_data["court"].pk, start=start, end=end
                )
            except InvalidInput as exc:
                for field, messages in (exc.fields or {}).items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            except NotAllowed as exc:
                return forbidden(request, exc.message)
            else:
                return redirect("command:report", pk=job.pk)
        court = form.cleaned_data.get("court") or _default_court(request)
    else:
        court = _court_for(request)
        form = ReportForm(initial={"court": court.pk}, courts=courts)
    return render(
        request,
        "command/reports.html",
        {
            "court": court,
            "form": form if may_start else None,
            "reports": services.reports_of(request.user, court)[:50],
        },
    )


def _default_court(request):
    membership = membership_of(request.user)
    if membership and membership.court_id:
        return membership.court
    court = services.report_courts(request.user).order_by("path").first()
    if court is None:
        raise Http404
    return court


def _job_or_404(request, pk):
    if not services.may_read_reports(request.user):
        return None
    try:
        return services.get_report_for(request.user, pk)
    except NotFound:
        raise Http404 from None


@login_required
@require_GET
def report_detail(request, pk):
    job = _job_or_404(request, pk)
    if job is None:
        return forbidden(
            request, _("Only the head, the administrator and supervisors of a court see its reports.")
        )
    return render(
        request,
        "command/report_detail.html",
        {
            "job": job,
            "progress": services.report_progress(job),
            "period": services.reports.period_text(job.start, job.end),
        },
    )


@login_required
@require_GET
def report_progress_json(request, pk):
    job = _job_or_404(request, pk)
    if job is None:
        return JsonResponse({"detail": _("You may not view this page.")}, status=403)
    return JsonResponse(services.report_progress(job))


@login_required
@require_GET
def report_download(request, pk, fmt):
    if _job_or_404(request, pk) is None:
        return forbidden(
            request, _("Only the head, the administrator and supervisors of a court see its reports.")
        )
    try:
        download = services.report_open_for_download(actor=request.user, job_id=pk, fmt=fmt)
    except NotFound:
        raise Http404 from None
    response = FileResponse(download.handle, content_type=download.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=download.filename
    )
    response["Cache-Control"] = "private, no-store"
    return response
