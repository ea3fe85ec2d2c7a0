"""The judicial-aid pages: the list of applications, filing an application on a case, the
application's page with the actions of each role, the budgets and the report with its export.
Every action calls its service; a field error goes back beside its field (status 400), another
refusal is a message on the page (enforcement.view_errors)."""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aid import forms, selectors, services
from aid.choices import ApplicationStatus
from aid.models import SupportingFile
from cases.choices import PartyRole
from cases.selectors import cases_visible_to
from enforcement.access import membership_of
from enforcement.choices import AgencyKind, Role
from enforcement.errors import InvalidInput
from enforcement.models import Agency
from enforcement.tabular import export_response
from enforcement.view_errors import MAPPED, OWN_TEXT, ErrorMapping

S = ApplicationStatus
ERRORS = ErrorMapping(not_found=OWN_TEXT)
COURT_STAFF = {Role.CLERK, Role.JUDGE, Role.HEAD, Role.FINANCE, Role.SUPERVISOR}


def _staff(request):
    membership = membership_of(request.user)
    if membership is None or membership.role not in COURT_STAFF:
        raise Http404
    return membership


@login_required
@require_GET
def application_list(request):
    _staff(request)
    rows = selectors.applications_visible_to(request.user).select_related("case", "applicant", "court")
    status = request.GET.get("status", "")
    if status in S.values:
        rows = rows.filter(status=status)
    rows = rows.order_by("decision_due_on", "-pk")[:200]
    return render(
        request,
        "aid/list.html",
        {"rows": rows, "statuses": S.choices, "status": status, "items": selectors.home_items(request.user)},
    )


@login_required
def application_new(request, pk):
    case = cases_visible_to(request.user).filter(pk=pk).select_related("court").first()
    if case is None:
        raise Http404
    applicants = list(case.parties.filter(role=PartyRole.APPLICANT).order_by("position", "pk"))
    form = forms.ApplicationForm(request.POST or None, request.FILES or None, applicants=applicants)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = services.application_file(
                    actor=request.user,
                    case_id=case.pk,
                    applicant_id=data["applicant"],
                    hardship_category=data["hardship_category"],
                    household_size=data["household_size"],
                    household_income=data["household_income"],
                    household_facts=data["household_facts"],
                    amount_requested=data["amount_requested"],
                    files=data["files"],
                )
            except InvalidInput as exc:
                forms.put_back(form, exc)
            except MAPPED as exc:
                return ERRORS.respond(
                    request, exc, lambda: redirect(reverse("cases:detail", args=[case.pk]) + "#aid")
                )
            else:
                messages.success(request, _("Judicial aid application filed."))
                return redirect("aid:detail", pk=application.pk)
    return render(request, "aid/application_form.html", {"case": case, "form": form}, status=status)


def _detail_context(request, application, **bound):
    membership = membership_of(request.user)
    role = membership.role if membership else ""
    user = request.user
    same_court = membership is not None and membership.court_id == application.court_id
    agencies = Agency.objects.filter(kind=AgencyKind.CIVIL_AFFAIRS, is_active=True).order_by("name")
    initial_amount = application.recommended_amount or application.amount_requested
    cap = cap_basis = None
    with contextlib.suppress(MAPPED):
        cap, cap_basis = services.aid_cap(application.court, on=timezone.localdate())
    ctx = {
        "a": application,
        "case": application.case,
        "files": list(application.files.all()),
        "cap": cap,
        "cap_basis": cap_basis,
        "owed": services.owed_to_applicants(application.case, exclude_id=application.pk),
        "can_recommend": same_court
        and role == Role.JUDGE
        and application.case.judge_id == user.pk
        and application.status == S.FILED,
        "can_decide": services.may_approve(user, application.court_id)
        and application.status == S.RECOMMENDED,
        "can_cancel": services.may_approve(user, application.court_id)
        and application.status in (S.FILED, S.RECOMMENDED, S.APPROVED),
        "can_pay": same_court and role == Role.FINANCE and application.status == S.APPROVED,
        "can_tell": same_court
        and role in (Role.CLERK, Role.JUDGE, Role.HEAD)
        and application.status == S.PAID
        and application.told_at is None,
        "can_issue": same_court
        and role in (Role.JUDGE, Role.HEAD)
        and application.status in (S.APPROVED, S.PAID)
        and not application.decision_document_id,
        "can_refer": same_court
        and role in (Role.JUDGE, Role.HEAD)
        and not application.referral_notice_id
        and agencies.exists(),
        "recommend_form": bound.get("recommend") or forms.RecommendForm(initial={"amount": initial_amount}),
        "decide_form": bound.get("decide") or forms.DecideForm(initial={"amount": initial_amount}),
        "cancel_form": bound.get("cancel") or forms.CancelForm(),
        "told_form": bound.get("told") or forms.ToldForm(),
        "referral_form": bound.get("referral") or forms.ReferralForm(agencies=agencies),
    }
    return ctx


def _application(request, pk):
    application = selectors.get_application_for(request.user, pk)
    if application is None:
        raise Http404(_("The judicial aid application does not exist or you may not view it."))
    return application


@login_required
@require_GET
def application_detail(request, pk):
    _staff(request)
    return render(request, "aid/detail.html", _detail_context(request, _application(request, pk)))


def _act(request, pk, key, form, call, done):
    """Validate `form`, call the service; a field error re-renders the page with the form bound."""
    application = _application(request, pk)
    back = lambda: redirect("aid:detail", pk=pk)  # noqa: E731
    if form is not None and not form.is_valid():
        ctx = _detail_context(request, application, **{key: form})
        return render(request, "aid/detail.html", ctx, status=400)
    try:
        call(form.cleaned_data if form is not None else {})
    except InvalidInput as exc:
        if form is None:
            return ERRORS.respond(request, exc, back)
        forms.put_back(form, exc)
        ctx = _detail_context(request, _application(request, pk), **{key: form})
        return render(request, "aid/detail.html", ctx, status=400)
    except MAPPED as exc:
        return ERRORS.respond(request, exc, back)
    messages.success(request, done)
    return back()


@login_required
@require_POST
def recommend_view(request, pk):
    return _act(
        request,
        pk,
        "recommend",
        forms.RecommendForm(request.POST),
        lambda d: services.application_recommend(
            actor=request.user, application_id=pk, amount=d["amount"], opinion=d["opinion"]
        ),
        _("Recommendation recorded."),
    )


@login_required
@require_POST
def decide_view(request, pk):
    form = forms.DecideForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    return _act(
        request,
        pk,
        "decide",
        form,
        lambda d: services.application_decide(
            actor=request.user,
            application_id=pk,
            approve=d["decision"] == "approve",
            amount=d["amount"],
            above_cap_reason=d["above_cap_reason"],
            note=d["note"],
        ),
        _("Judicial aid approved.") if approve else _("Judicial aid not approved."),
    )


@login_required
@require_POST
def cancel_view(request, pk):
    return _act(
        request,
        pk,
        "cancel",
        forms.CancelForm(request.POST),
        lambda d: services.application_cancel(actor=request.user, application_id=pk, reason=d["reason"]),
        _("Judicial aid cancelled."),
    )


@login_required
@require_POST
def pay_view(request, pk):
    return _act(
        request,
        pk,
        "pay",
        None,
        lambda d: services.aid_pay(actor=request.user, application_id=pk),
        _("Judicial aid paid."),
    )


@login_required
@require_POST
def told_view(request, pk):
    return _act(
        request,
        pk,
        "told",
        forms.ToldForm(request.POST),
        lambda d: services.applicant_told(actor=request.user, application_id=pk, how=d["how"]),
        _("Recorded that the applicant was told."),
    )


@login_required
@require_POST
def issue_view(request, pk):
    return _act(
        request,
        pk,
        "issue",
        None,
        lambda d: services.decision_issue(actor=request.user, application_id=pk),
        _("Judicial aid decision issued."),
    )


@login_required
@require_POST
def referral_view(request, pk):
    agencies = Agency.objects.filter(kind=AgencyKind.CIVIL_AFFAIRS, is_active=True)
    return _act(
        request,
        pk,
        "referral",
        forms.ReferralForm(request.POST, agencies=agencies),
        lambda d: services.referral_send(actor=request.user, application_id=pk, agency_id=d["agency"]),
        _("Referral sent to civil affairs."),
    )


@login_required
@require_GET
def file_download(request, pk):
    row = SupportingFile.objects.filter(
        pk=pk, application__in=selectors.applications_visible_to(request.user)
    ).first()
    if row is None or membership_of(request.user) is None:
        raise Http404
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.name)


# --- budgets and the report ------------------------------------------------------------------------
def _year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@login_required
def budgets(request):
    membership = _staff(request)
    year = _year(request)
    form = forms.FundForm(request.POST or None, initial={"year": year})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.budget_fund(
                    actor=request.user,
                    court_id=membership.court_id,
                    year=d["year"],
                    amount=d["amount"],
                    kind=d["kind"],
                    note=d["note"],
                )
            except InvalidInput as exc:
                forms.put_back(form, exc)
            except MAPPED as exc:
                return ERRORS.respond(request, exc, lambda: redirect("aid:budgets"))
            else:
                messages.success(request, _("Budget entry recorded."))
                return redirect(reverse("aid:budgets") + f"?year={d['year']}")
    rows = list(
        selectors.budgets_visible_to(request.user)
        .filter(year=year)
        .select_related("court")
        .order_by("court__path")
    )
    entries = []
    own = next((b for b in rows if b.court_id == membership.court_id), None)
    if own is not None:
        entries = list(
            own.entries.select_related("recorded_by", "application").order_by("-recorded_at", "-pk")[:50]
        )
    return render(
        request,
        "aid/budgets.html",
        {
            "rows": rows,
            "year": year,
            "form": form,
            "can_fund": membership.role == Role.FINANCE,
            "entries": entries,
        },
        status=status,
    )


REPORT_HEADERS = (
    "法院",
    "年度",
    "申请件数",
    "批准件数",
    "不予救助件数",
    "申请金额",
    "批准金额",
    "已发放金额",
    "年度预算",
    "预留金额",
    "预算已发放",
    "可用余额",
    "预算使用率（%）",
)


@login_required
@require_GET
def report(request):
    _staff(request)
    year = _year(request)
    rows = selectors.report(request.user, year=year)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        data = (
            [
                r["court"].name,
                year,
                r["filed"],
                r["approved"],
                r["refused"],
                r["requested"],
                r["granted"],
                r["paid"],
                r["allocated"],
                r["reserved"],
                r["budget_paid"],
                r["available"],
                r["use_percent"],
            ]
            for r in rows
        )
        return export_response(
            fmt, filename=f"司法救助统计{year}.{fmt}", headers=REPORT_HEADERS, rows=data, sheet=f"{year}"
        )
    return render(
        request, "aid/report.html", {"rows": rows, "year": year, "years": range(year - 3, year + 2)}
    )
