"""The case list: visible cases, searched, filtered and sorted by cases.selectors.case_list, 20 a
page, in a constant number of queries whatever the number of cases."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from cases.choices import PartyRole
from cases.forms import CaseFilterForm
from cases.selectors import case_list, days_left
from cases.views.common import forbidden, is_court_user

PER_PAGE = 20
# Clicking a column header sorts by it; clicking again reverses.
SORT_TOGGLE = {"deadline": ("deadline", "-deadline"), "filed": ("-filed", "filed")}


@login_required
def case_list_view(request):
    if not is_court_user(request.user):
        return forbidden(request, _("Only court staff can view cases."))
    form = CaseFilterForm(request.GET, user=request.user)
    filters = form.filters()
    page = Paginator(case_list(request.user, **filters), PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for case in page:
        parties = list(case.parties.all())  # prefetched by the selector
        rows.append(
            {
                "case": case,
                "applicants": [p.name for p in parties if p.role == PartyRole.APPLICANT],
                "respondents": [p.name for p in parties if p.role == PartyRole.RESPONDENT],
                "days_left": days_left(case),
            }
        )
    params = request.GET.copy()
    params.pop("page", None)
    sort_urls = {}
    for column, (first, second) in SORT_TOGGLE.items():
        sort_params = params.copy()
        sort_params["order"] = second if filters["order"] == first else first
        sort_urls[column] = "?" + sort_params.urlencode()
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
            "filtered": any(v for k, v in filters.items() if k != "order"),
        },
    )
