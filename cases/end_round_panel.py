"""The case page's panel of 终本's checklist (终本规定 2016 art. 1): each condition of the action
end_round met or missing with its evidence (cases.actions.action_checklist, whichever app added
it), the records of the applicant heard with the form to add one, and the respondents' whereabouts.
Registered in cases.registry.case_panels from CasesConfig.ready()."""

from cases.actions import END_ROUND, action_checklist
from cases.choices import CaseState, PartyRole
from cases.forms import ApplicantHearingForm
from cases.selectors import works_on_case
from enforcement.access import membership_of
from enforcement.choices import Role

RECORDING_ROLES = (Role.JUDGE, Role.HEAD, Role.CLERK)


def end_round_panel_context(request, case):
    """Shown to the staff on the case while it runs (终本 is a way of closing a running case)."""
    if case.state not in CaseState.running_states() or not works_on_case(request.user, case):
        return None
    membership = membership_of(request.user)
    can_record = membership is not None and membership.role in RECORDING_ROLES
    return {
        "items": action_checklist(END_ROUND, case),
        "hearings": list(case.applicant_hearings.select_related("recorded_by")),
        "respondents": [p for p in case.parties.all() if p.role == PartyRole.RESPONDENT],
        "form": ApplicantHearingForm(auto_id="id_hearing_%s") if can_record else None,
    }
