"""The 司法救助决定书, registered from AidConfig.ready(): issued through the document service with
the application as its subject (aid.services.decision_issue), never from the case's document page."""

from django.utils.translation import gettext_lazy

from aid.rules import OPINION_2016
from documents.formatting import date_cn, yuan_cn
from documents.kinds import DocumentKind, case_context, register
from enforcement.choices import Role


def aid_decision_context(*, case, party, subject=None, masked: bool = False) -> dict:
    application = subject
    ctx = case_context(case=case, party=None, masked=masked)
    ctx.update(
        {
            "applicant_name": application.applicant.name if application else "",
            "filed_on": date_cn(application.filed_at.date()) if application else "",
            "hardship": application.get_hardship_category_display() if application else "",
            "household_facts": application.household_facts if application else "",
            "amount_cn": yuan_cn(application.approved_amount)
            if application and application.approved_amount
            else "",
            "above_cap_reason": application.above_cap_reason if application else "",
            "legal_basis": OPINION_2016,
        }
    )
    return ctx


def register_kinds() -> None:
    register(
        DocumentKind(
            key="aid_decision",
            title="国家司法救助决定书",
            code="司救",
            template="aid/pdf/aid_decision.html",
            issuer_roles=(Role.JUDGE, Role.HEAD),
            build_context=aid_decision_context,
            addressed_to=None,
            standalone=False,
            description=gettext_lazy(
                "Grants state judicial aid to an applicant whose respondent cannot pay; the aid does "
                "not reduce what the respondent owes."
            ),
            legal_basis=(OPINION_2016,),
        )
    )
