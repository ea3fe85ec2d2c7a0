"""Document kinds of exit restriction, fines and detention and the crime referral: 限制出境决定书,
罚款决定书, 拘留决定书, 移送公安机关函. Each is about its restriction, penalty or referral (the subject),
issued by its own service, never from the case's document page."""

from django.utils.translation import gettext_lazy

from documents.formatting import date_cn, number_cn, yuan_cn
from documents.kinds import DocumentKind, case_context, register
from enforcement.choices import Role
from sanctions import penalty_rules as rules

CPL = "《中华人民共和国民事诉讼法》"
SIGNERS = (Role.JUDGE, Role.HEAD)


def exit_context(*, case, party, subject=None, masked: bool = False) -> dict:
    ctx = case_context(case=case, party=party, masked=masked)
    r = subject
    ctx.update(
        {
            "person": (
                f"{r.person_role}{r.person_name}" if r and r.person_role else (r.person_name if r else "")
            ),
            "reason": r.reason if r else "",
            "agency_name": r.agency.name if r else "",
        }
    )
    return ctx


def penalty_context(*, case, party, subject=None, masked: bool = False) -> dict:
    ctx = case_context(case=case, party=party, masked=masked)
    p = subject
    higher = case.court.parent
    ctx.update(
        {
            "person": p.person_name if p else "",
            "facts": p.facts if p else "",
            "amount_cn": yuan_cn(p.amount) if p is not None and p.amount is not None else "",
            "days_cn": number_cn(p.days) if p is not None and p.days is not None else "",
            "higher_court": higher.name if higher else "上一级人民法院",
        }
    )
    return ctx


def referral_context(*, case, party, subject=None, masked: bool = False) -> dict:
    ctx = case_context(case=case, party=party, masked=masked)
    r = subject
    ctx.update(
        {
            "agency_name": r.agency.name if r else "",
            "facts": r.facts if r else "",
            "decide_by": date_cn(r.decide_by) if r else "",
            "interpretation": rules.REFUSAL_INTERPRETATION,
            "opinion": rules.REFUSAL_OPINION,
        }
    )
    return ctx


EXIT_DECISION = register(
    DocumentKind(
        key="exit_restriction_decision",
        title="限制出境决定书",
        code="执限出",
        template="sanctions/penalties/pdf/exit_restriction.html",
        issuer_roles=SIGNERS,
        build_context=exit_context,
        standalone=False,
        description=gettext_lazy(
            "Restricts the exit of a respondent, or of an entity's legal representative."
        ),
        legal_basis=(f"{CPL}第二百六十六条",),
    )
)
FINE_DECISION = register(
    DocumentKind(
        key="fine_decision",
        title="罚款决定书",
        code="执罚",
        template="sanctions/penalties/pdf/fine.html",
        issuer_roles=SIGNERS,
        build_context=penalty_context,
        standalone=False,
        description=gettext_lazy(
            "Fines a person or an entity for obstructing enforcement, with the president's approval."
        ),
        legal_basis=(f"{CPL}第一百一十八条、第一百一十九条",),
    )
)
DETENTION_DECISION = register(
    DocumentKind(
        key="detention_decision",
        title="拘留决定书",
        code="执拘",
        template="sanctions/penalties/pdf/detention.html",
        issuer_roles=SIGNERS,
        build_context=penalty_context,
        standalone=False,
        description=gettext_lazy(
            "Detains a person for obstructing enforcement, with the president's approval."
        ),
        legal_basis=(f"{CPL}第一百一十八条、第一百一十九条",),
    )
)
REFERRAL_LETTER = register(
    DocumentKind(
        key="crime_referral_letter",
        title="移送函",
        code="执移",
        template="sanctions/penalties/pdf/referral.html",
        issuer_roles=SIGNERS,
        build_context=referral_context,
        standalone=False,
        description=gettext_lazy("Refers a suspected refusal to perform a judgment or ruling to the police."),
        legal_basis=("《中华人民共和国刑法》第三百一十三条", rules.REFUSAL_INTERPRETATION),
    )
)
