"""The assistance app's document kinds, registered in the kernel's registry: 协助执行通知书 (one
per notice, addressed to the agency) and 司法建议函 (to an agency that does not assist, the 执行联动 rules
art. 22). The context builders receive the notice as `subject`.

Article numbers of the Civil Procedure Law are those of the 2023 text; a legal reviewer should
confirm them against the official text before production use."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy

from assets import rules as measure_rules
from assistance.choices import NoticeAction as A
from assistance.rules import answer_working_days, default_answer_working_days
from documents.formatting import date_cn, number_cn, yuan_cn
from documents.kinds import DocumentKind, case_context, party_id_text, register
from enforcement.choices import Role
from enforcement.models.court_settings import court_setting

CPL = "《中华人民共和国民事诉讼法》"
LAW_BY_ACTION = {
    A.QUERY: f"{CPL}第二百五十三条",
    A.FREEZE: f"{CPL}第二百五十三条",
    A.QUEUED_FREEZE: f"{CPL}第二百五十三条",
    A.DEDUCT: f"{CPL}第二百五十三条",
    A.SEAL: f"{CPL}第二百五十五条",
    A.PRE_SEAL: f"{CPL}第二百五十五条",
    A.QUEUED_SEAL: f"{CPL}第二百五十五条",
    A.SEIZE_VEHICLE: f"{CPL}第二百五十五条",
    A.EQUITY_FREEZE: f"{CPL}第二百五十三条",
    A.TRANSFER: f"{CPL}第二百五十九条",
}


def _measure_term(notice) -> str:
    if notice.asset is None:
        return ""
    term = measure_rules.rule(measure_rules.measure_term_key(notice.asset.kind), on=timezone.localdate())
    months = int(term.value)
    span = f"{number_cn(months // 12)}年" if months % 12 == 0 else f"{number_cn(months)}个月"
    return f"期限为{span}，自协助执行之日起计算"


def _request_text(notice, *, masked: bool = False) -> str:
    """What the agency is asked to do, in the words of a court notice."""
    who = notice.respondent.name if notice.respondent_id else "被执行人"
    ident = f"（证件号码{party_id_text(notice.respondent, masked=masked)}）" if notice.respondent_id else ""
    asset = notice.asset
    thing = (
        f"{asset.description}（{asset.identifier}）"
        if asset is not None and asset.identifier
        else (asset.description if asset is not None else "")
    )
    amount = notice.payload.get("amount")
    money = f"，以{yuan_cn(Decimal(str(amount)))}为限" if amount not in (None, "", "0", "0.00") else ""
    action = notice.action
    if action == A.QUERY:
        return f"查询被执行人{who}{ident}在你单位的财产及相关信息（账户、存款余额、权属登记等），并将查询结果回复本院。"
    if action == A.FREEZE:
        return f"冻结被执行人{who}{ident}的{thing}{money}，{_measure_term(notice)}。"
    if action == A.QUEUED_FREEZE:
        return (
            f"轮候冻结被执行人{who}{ident}的{thing}{money}，在先冻结解除后自动生效，{_measure_term(notice)}。"
        )
    if action == A.DEDUCT:
        return f"扣划被执行人{who}{ident}的{thing}内的存款{money.removeprefix('，以').removesuffix('为限')}至本院执行款专户。"
    if action in (A.SEAL, A.PRE_SEAL, A.QUEUED_SEAL):
        label = {A.SEAL: "查封", A.PRE_SEAL: "预查封", A.QUEUED_SEAL: "轮候查封"}[action]
        return f"{label}被执行人{who}{ident}名下的{thing}，{_measure_term(notice)}；查封期间不得办理转移、抵押等手续。"
    if action == A.SEIZE_VEHICLE:
        return f"查找并扣押被执行人{who}{ident}名下的车辆{thing}，移交本院。"
    if action == A.EQUITY_FREEZE:
        return f"冻结被执行人{who}{ident}持有的{thing}，{_measure_term(notice)}；冻结期间不得办理转让、出质等变更登记。"
    if action == A.FIND_RESPONDENT:
        return f"协助查找被执行人{who}{ident}的下落，并将查找情况回复本院。"
    if action == A.RESTRICT_EXIT:
        return f"对被执行人{who}{ident}采取限制出境措施。" + str(notice.payload.get("text", ""))
    if action == A.LIFT_EXIT:
        return f"解除对被执行人{who}{ident}的限制出境措施。" + str(notice.payload.get("text", ""))
    if action == A.EXECUTE_DETENTION:
        return f"对被执行人{who}{ident}执行司法拘留。" + str(notice.payload.get("text", ""))
    if action == A.TRANSFER:
        return f"将{thing}的权属依法转移登记至{notice.payload.get('transferee', '受让人')}名下。"
    if action == A.REFUND_ACCOUNT:
        return f"提供被执行人{who}{ident}的退税账户、退税金额及退税时间等情况。"
    if action == A.SOCIAL_AID:
        return f"对符合生活救助条件的申请执行人{notice.payload.get('applicant', '')}依照有关规定给予救助。"
    if action == A.PROJECT_QUERY:
        return f"查询被执行人{who}{ident}有关工程项目的立项情况及相关资料，并停止办理其正在申请的投资项目审批、核准和备案手续。"
    if action == A.LIFT:
        measure = notice.measure
        label = measure.get_kind_display() if measure else "执行措施"
        part = notice.payload.get("amount")
        if part not in (None, ""):  # 部分解除 of a balance held beyond the debt
            return f"解除对被执行人{who}{ident}的{thing}中{yuan_cn(Decimal(str(part)))}的{label}，其余部分继续{label}。"
        return f"解除对被执行人{who}{ident}的{thing}的{label}。"
    if action == A.RENEW:
        measure = notice.measure
        until = date_cn(measure.expires_on) if measure and measure.expires_on else ""
        return f"对被执行人{who}{ident}的{thing}续行{measure.get_kind_display() if measure else '查封、冻结'}（原期限至{until}届满），{_measure_term(notice)}。"
    return str(notice.payload.get("text", "协助执行本通知书所列事项。"))


def assistance_notice_context(*, case, party, subject=None, masked: bool = False) -> dict:
    notice = subject
    ctx = case_context(case=case, party=None, masked=masked)
    days = answer_working_days(notice.action) if notice is not None else default_answer_working_days(A.QUERY)
    ctx.update(
        {
            "agency_name": notice.agency.name if notice else "",
            "request_text": _request_text(notice, masked=masked) if notice else "",
            "law": LAW_BY_ACTION.get(notice.action, f"{CPL}第二百五十三条") if notice else CPL,
            "answer_days_cn": number_cn(days),
            "action_label": notice.get_action_display() if notice else "",
            # the issuing court's own joint-enforcement document, if it has one (not a fixed local text)
            "joint_mechanism_document": getattr(court_setting(case.court), "joint_mechanism_document", ""),
        }
    )
    return ctx


def judicial_suggestion_context(*, case, party, subject=None, masked: bool = False) -> dict:
    notice = subject
    ctx = case_context(case=case, party=None, masked=masked)
    original = notice.document.number if notice is not None and notice.document_id else ""
    ctx.update(
        {
            "agency_name": notice.agency.name if notice else "",
            "sent_on": date_cn(notice.sent_at.date()) if notice is not None and notice.sent_at else "",
            "due_on": (
                date_cn(notice.due_on) + ("（暂按工作日推算）" if notice.due_on_provisional else "")
                if notice is not None and notice.due_on
                else ""
            ),
            "original_number": original,
            "action_label": notice.get_action_display() if notice else "",
            # the issuing court's own joint-enforcement document, if it has one (not a fixed local text)
            "joint_mechanism_document": getattr(court_setting(case.court), "joint_mechanism_document", ""),
        }
    )
    return ctx


COURT_SIGNERS = (Role.CLERK, Role.JUDGE, Role.HEAD)

ASSISTANCE_NOTICE = register(
    DocumentKind(
        key="assistance_notice",
        title="协助执行通知书",
        code="执协",
        template="documents/pdf/assistance_notice.html",
        issuer_roles=COURT_SIGNERS,
        build_context=assistance_notice_context,
        addressed_to=None,
        standalone=False,
        description=gettext_lazy(
            "Asks an assisting agency to query, seal up, distrain, freeze, deduct, lift and the like; "
            "the agency may not refuse (Article 18 of 上政法〔2018〕35号)."
        ),
        legal_basis=(f"{CPL}第二百五十三条至第二百五十九条",),
    )
)
JUDICIAL_SUGGESTION = register(
    DocumentKind(
        key="judicial_suggestion",
        title="司法建议函",
        code="执建",
        template="documents/pdf/judicial_suggestion.html",
        issuer_roles=(Role.JUDGE, Role.HEAD),
        build_context=judicial_suggestion_context,
        addressed_to=None,
        standalone=False,
        description=gettext_lazy(
            "When an assisting agency has not assisted within the time limit, suggests that it do its "
            "duty to assist as the law requires (Article 22 of 上政法〔2018〕35号)."
        ),
        legal_basis=(f"{CPL}第一百一十七条",),
    )
)
