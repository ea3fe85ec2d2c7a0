"""The case list: visible cases, searched, filtered and sorted by cases.selectors.case_list, 20 a
page, in a constant number of queries whatever the number of cases, the pages counted no further
than a cap past the page shown (enforcement.pagination.CappedPaginator: "more than 1,000 in all"); and the same filtered list
exported whole (`?format=csv` or `?format=xlsx`), row for row, ID numbers masked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.choices import CaseState, PartyKind, PartyRole
from cases.forms import BatchAssignForm, CaseFilterForm
from cases.registry import list_batch_actions_for
from cases.selectors import awaiting_approval, case_list, cases_visible_to, days_left, page_ids_from_index
from cases.services import cases_assign_judge
from cases.validators import mask_id
from cases.views.common import forbidden, is_court_user
from enforcement.access import membership_of
from enforcement.choices import Role
from enforcement.pagination import CappedPaginator
from enforcement.tabular import export_response
from enforcement.view_errors import service_errors

PER_PAGE = 20
# Clicking a column header sorts by it; clicking again reverses.
SORT_TOGGLE = {
    "deadline": ("deadline", "-deadline"),
    "filed": ("-filed", "filed"),
    "amount": ("-amount", "amount"),
}
EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_HEADERS = [
    gettext_lazy("Case number"),
    gettext_lazy("Case type"),
    gettext_lazy("Court"),
    gettext_lazy("Applicant"),
    gettext_lazy("Respondent"),
    gettext_lazy("Respondents' ID numbers"),
    gettext_lazy("Amount in dispute (yuan)"),
    gettext_lazy("Filing date"),
    gettext_lazy("Judge in charge"),
    gettext_lazy("Clerk"),
    gettext_lazy("Status"),
    gettext_lazy("Time limit expires on"),
    gettext_lazy("Days left"),
]


def _row(case) -> dict:
    parties = list(case.parties.all())  # prefetched by the selector
    return {
        "case": case,
        "applicants": [p.name for p in parties if p.role == PartyRole.APPLICANT],
        "respondents": [p for p in parties if p.role == PartyRole.RESPONDENT],
        "respondent_names": [p.name for p in parties if p.role == PartyRole.RESPONDENT],
        "days_left": days_left(case),
        "suspended": case.state == CaseState.SUSPENDED,
        "awaiting": awaiting_approval(case),
    }


def shown_id(party) -> str:
    """An ID number as a list shows it: a person's masked (cases.validators.mask_id), a 统一社会信用代码
    in full (it is public)."""
    return mask_id(party.id_number) if party.kind == PartyKind.PERSON else party.id_number


def status_text(case) -> str:
    text = case.get_state_display()
    if awaiting_approval(case):
        text += _(" (awaiting approval)")
    return text


@login_required
def case_list_view(request):
    if not is_court_user(request.user):
        return forbidden(request, _("Only court staff can view cases."))
    form = CaseFilterForm(request.GET, user=request.user)
    filters = form.filters()
    cases = case_list(request.user, **filters)
    export = request.GET.get("format")
    if export in EXPORT_FORMATS:
        return _export(cases, export)
    # counted up to a cap past the page (enforcement.pagination): "more than 1,000" at court scale
    number = request.GET.get("page")
    page = CappedPaginator(
        cases, PER_PAGE, page_number=number, ids_first=page_ids_from_index(filters)
    ).get_page(number)
    rows = [_row(case) for case in page]
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    sort_urls = {}
    for column, (first, second) in SORT_TOGGLE.items():
        sort_params = params.copy()
        sort_params["order"] = second if filters["order"] == first else first
        sort_urls[column] = "?" + sort_params.urlencode()
    export_urls = {}
    for name in EXPORT_FORMATS:
        export_params = params.copy()
        export_params["format"] = name
        export_urls[name] = "?" + export_params.urlencode()
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": params.urlencode(),
            "order": filters["order"],
            "sort_urls": sort_urls,
            "export_urls": export_urls,
            "batch_actions": list_batch_actions_for(request.user),
            "filtered": any(v for k, v in filters.items() if k != "order"),
        },
    )


def export_rows(cases):
    """The cells of each case of the filtered list, in the list's order (EXPORT_HEADERS)."""
    sep = _(", ")
    for case in cases.iterator(chunk_size=500):
        row = _row(case)
        left = row["days_left"]
        yield [
            case.number,
            case.get_type_code_display(),
            case.court.name,
            sep.join(row["applicants"]),
            sep.join(row["respondent_names"]),
            sep.join(shown_id(p) for p in row["respondents"]),
            case.subject_amount if case.subject_amount is not None else "",
            case.filed_on,
            str(case.judge),
            str(case.clerk) if case.clerk else "",
            status_text(case),
            case.deadline,
            left if left is not None else "",
        ]


def _export(cases, export: str):
    stamp = f"{timezone.localdate():%Y%m%d}"
    name = _("cases_%(date)s.csv") if export == "csv" else _("cases_%(date)s.xlsx")
    return export_response(
        export,
        filename=name % {"date": stamp},
        headers=[str(h) for h in EXPORT_HEADERS],
        rows=export_rows(cases),
        sheet=_("Enforcement cases"),
    )


@login_required
@service_errors(
    failing=gettext_lazy("The judge could not be assigned: %(error)s"),
    not_found=gettext_lazy("The case does not exist or you may not view it."),
    back=lambda request, *args, **kwargs: redirect("cases:list"),
)
def batch_assign_view(request):
    """The list's "assign a judge" batch action: the selected cases, a judge of the court, a reason."""
    membership = membership_of(request.user)
    if membership is None or membership.court_id is None or membership.role != Role.HEAD:
        return forbidden(request, _("Only the head of enforcement assigns judges to several cases at once."))
    source = request.POST if request.method == "POST" else request.GET
    ids = [int(v) for v in source.getlist("cases") if v.isdigit()][: PER_PAGE * 5]
    cases = list(cases_visible_to(request.user).filter(pk__in=ids, court_id=membership.court_id))
    form = BatchAssignForm(request.POST or None, court=membership.court)
    if request.method == "POST" and form.is_valid():
        done = cases_assign_judge(
            actor=request.user,
            case_ids=[c.pk for c in cases],
            judge_id=form.cleaned_data["judge"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Judge assigned to %(count)s cases.") % {"count": len(done)})
        return redirect("cases:list")
    return render(request, "cases/batch_assign.html", {"cases": cases, "form": form})
