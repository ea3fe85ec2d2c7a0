"""The objections app's document kinds: 执行异议裁定书 (the enforcement court's ruling on an 执异
case) and 执行复议裁定书 (the higher court's ruling on an 执复 case). Their context builders receive
the objection, or the reconsideration, as `subject`. Legal texts: objections.rules."""

from django.utils.translation import gettext_lazy

from documents.formatting import date_cn
from documents.kinds import DocumentKind, case_context, register
from enforcement.choices import Role
from objections import rules
from objections.choices import ObjectionKind, ObjectionOutcome, ObjectionState, ReconsiderationOutcome

CPL = rules.CPL_2023

ACT_UPHELD = "异议人的异议成立，撤销或者改正所异议的执行行为。"
ACT_DISMISSED = "驳回异议人的异议。"
OUTSIDER_UPHELD = "中止对上述执行标的的执行。"
OUTSIDER_DISMISSED = "驳回案外人的异议。"


def _ruled(objection) -> tuple[str, str, str]:
    """(what is ruled, the article, what the parties may do next)."""
    if objection.state == ObjectionState.REFUSED:
        return ("对异议人的异议不予受理。", f"{rules.OBJECTION_RULES_2015}第二条", "")
    if objection.kind == ObjectionKind.ACT:
        ruled = ACT_UPHELD if objection.outcome == ObjectionOutcome.UPHELD else ACT_DISMISSED
        after = "如不服本裁定，可以自本裁定送达之日起十日内向上一级人民法院申请复议。"
        return ruled, f"{CPL}第二百三十六条", after
    ruled = OUTSIDER_UPHELD if objection.outcome == ObjectionOutcome.UPHELD else OUTSIDER_DISMISSED
    after = (
        "案外人、当事人对本裁定不服，认为原判决、裁定错误的，依照审判监督程序办理；与原判决、裁定无关的，"
        "可以自本裁定送达之日起十五日内向人民法院提起诉讼。"
    )
    return ruled, f"{CPL}第二百三十八条", after


def objection_ruling_context(*, case, party, subject=None, masked: bool = False) -> dict:
    objection = subject
    ctx = case_context(case=case, party=None, masked=masked)
    ruled, law, after = _ruled(objection) if objection is not None else ("", "", "")
    ctx.update(
        {
            "objection_number": objection.number if objection else "",
            "objector": objection.objector_name if objection else "",
            "kind_label": ObjectionKind(objection.kind).label if objection else "",
            "received_on": date_cn(objection.received_on) if objection else "",
            "subject_text": objection.subject if objection else "",
            "request_text": objection.request if objection else "",
            "asset_text": str(objection.asset) if objection and objection.asset_id else "",
            "reasons": (objection.ruling_reason or objection.refusal_reason) if objection else "",
            "ruled": ruled,
            "law": law,
            "after": after,
        }
    )
    return ctx


RECONSIDERATION_RULED = {
    ReconsiderationOutcome.DISMISSED: "驳回复议申请，维持{number}执行裁定。",
    ReconsiderationOutcome.REVOKED: "撤销{number}执行裁定。",
    ReconsiderationOutcome.REMANDED: "撤销{number}执行裁定，发回重新审查。",
}


def reconsideration_ruling_context(*, case, party, subject=None, masked: bool = False) -> dict:
    recon = subject
    ctx = case_context(case=case, party=None, masked=masked)
    objection = recon.objection if recon is not None else None
    ctx.update(
        {
            "reconsideration_number": recon.number if recon else "",
            "objection_number": objection.number if objection else "",
            "applicant_name": recon.applicant_name if recon else "",
            "received_on": date_cn(recon.received_on) if recon else "",
            "reasons": recon.ruling_reason if recon else "",
            "ruled": RECONSIDERATION_RULED.get(recon.outcome, "").format(number=objection.number)
            if recon and recon.outcome
            else "",
            "law": f"{CPL}第二百三十六条",
        }
    )
    return ctx


RULING_ISSUERS = (Role.JUDGE, Role.HEAD)

OBJECTION_RULING = register(
    DocumentKind(
        key="objection_ruling",
        title="执行异议裁定书",
        code="执异裁",
        template="objections/pdf/objection_ruling.html",
        issuer_roles=RULING_ISSUERS,
        build_context=objection_ruling_context,
        addressed_to=None,
        standalone=False,
        description=gettext_lazy("The enforcement court's ruling on an objection (执异 case)."),
        legal_basis=(f"{CPL}第二百三十六条", f"{CPL}第二百三十八条"),
    )
)
RECONSIDERATION_RULING = register(
    DocumentKind(
        key="reconsideration_ruling",
        title="执行复议裁定书",
        code="执复裁",
        template="objections/pdf/reconsideration_ruling.html",
        issuer_roles=RULING_ISSUERS,
        build_context=reconsideration_ruling_context,
        addressed_to=None,
        standalone=False,
        description=gettext_lazy("The higher court's ruling on a reconsideration (执复 case)."),
        legal_basis=(f"{CPL}第二百三十六条",),
    )
)
