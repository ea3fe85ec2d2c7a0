"""The case page's panel of the settlement agreement (cases.closing): its terms, text or file and
performance schedule with what was performed, on the settled case and on the 执恢 case its breach
opened (which carries it). Registered in cases.registry.case_panels from CasesConfig.ready()."""

from django.http import FileResponse, Http404
from django.urls import reverse

from cases.choices import PartyRole
from cases.models import SettlementAgreement
from cases.selectors import get_case_for
from enforcement.errors import NotFound


def settlement_of(case) -> SettlementAgreement | None:
    return (
        SettlementAgreement.objects.filter(case=case).first()
        or SettlementAgreement.objects.filter(resumed_case=case).first()
    )


def settlement_panel_context(request, case):
    agreement = settlement_of(case)
    if agreement is None:
        return None
    return {
        "agreement": agreement,
        "instalments": list(agreement.instalments.all()),
        "carried": agreement.case_id != case.pk,  # on the 执恢 case
        "original": agreement.case,
        "applicants": [p["name"] for p in agreement.parties if p["role"] == PartyRole.APPLICANT],
        "respondents": [p["name"] for p in agreement.parties if p["role"] == PartyRole.RESPONDENT],
        "file_url": reverse("cases:settlement-file", args=[case.pk]) if agreement.agreement_file else "",
    }


def settlement_file_view(request, pk):
    """The uploaded agreement, for whoever may see the case (the same 404 for missing and forbidden)."""
    if not request.user.is_authenticated:
        raise Http404
    try:
        case = get_case_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    agreement = settlement_of(case)
    if agreement is None or not agreement.agreement_file:
        raise Http404
    return FileResponse(agreement.agreement_file.open("rb"), as_attachment=True)
