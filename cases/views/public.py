"""执行公开: a party follows their case with the query code the court gave them. No login. Shows
the case number, court, filing date, state and milestones, and the parties' names masked except
the querying party's own; never an ID number or any other personal data."""

from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from cases.actions import get_action
from cases.choices import PartyRole
from cases.forms import PublicQueryForm
from cases.registry import figures_for
from cases.selectors import case_timeline, party_by_query_code
from cases.templatetags.cases_ui import mask_name
from enforcement.ratelimit import REFUSE, RETRY_AFTER, RateLimitUnavailable, too_many

INVALID = gettext_lazy("Invalid query code; please check it and try again.")
TOO_MANY = gettext_lazy("Too many queries; please try again later.")
LOOKUPS_PER_MINUTE = 20


def _milestones(case) -> list[dict]:
    """Filing and each state transition: the action's label and the day, never the summary
    (which names people)."""
    out = []
    for event in case_timeline(case).filter(action__startswith="case.").only("action", "created_at"):
        key = event.action.removeprefix("case.")
        if key == "filed":
            label = _("File a case")
        else:
            action = get_action(key)
            if action is None:  # not a step of the case (a reassignment, an access record, …)
                continue
            label = str(action.label)
        out.append({"label": label, "at": event.created_at})
    return out


@never_cache
@csrf_protect
def public_case(request):
    form = PublicQueryForm(request.POST or None)
    result = None
    error = ""
    try:
        # Fails closed: the answer names the querying party and the case's course, and the counter is
        # what keeps the query codes from being tried one after another. Without it (Redis down) the
        # page says the service is briefly unavailable; a party can still ask the court.
        over = request.method == "POST" and too_many(
            request, scope="public-case", limit=LOOKUPS_PER_MINUTE, when_unavailable=REFUSE
        )
    except RateLimitUnavailable:
        response = render(
            request,
            "public/case_progress.html",
            {
                "form": form,
                "result": None,
                "error": gettext(
                    "The look-up is briefly unavailable. Please try again in a minute, "
                    "or ask the court that handles the case."
                ),
            },
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    if over:
        return render(
            request,
            "public/case_progress.html",
            {"form": form, "result": None, "error": TOO_MANY},
            status=429,
        )
    if request.method == "POST":
        party = party_by_query_code(form.cleaned_data["code"]) if form.is_valid() else None
        if party is None:
            error = INVALID
        else:
            case = party.case
            others = case.parties.only("id", "role", "name", "position")
            result = {
                "case": case,
                "party": party,
                "milestones": _milestones(case),
                # amounts other apps register as public (money: what reached the applicants)
                "figures": figures_for(case, public_only=True),
                "parties": [
                    {
                        "role": _("Applicant") if p.role == PartyRole.APPLICANT else _("Respondent"),
                        "name": p.name if p.pk == party.pk else mask_name(p.name),
                        "own": p.pk == party.pk,
                    }
                    for p in others
                ],
            }
            form = PublicQueryForm()
    return render(request, "public/case_progress.html", {"form": form, "result": result, "error": error})
