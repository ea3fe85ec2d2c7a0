"""The document kinds, in one table: title, template, numbering code, who may issue it, what it says
(a context builder), whom it is addressed to, and what issuing it means for the case.

Later apps add their kinds (协助执行通知书, 限制消费令, 失信决定书, …) with `register(DocumentKind(...))`
and a template extending documents/pdf/base.html; the issue page, preview, batches and /verify/
pick them up from here.

The document number (文书编号) is `（{year}）{court code}{kind code}{n}号`, e.g. `（2026）青0102执通3号`:
n counts per court, year of issue and kind from 1 without gaps. Court practice also prints the case
number (案号) on the notice; both appear on the document, the 文书编号 identifies this one paper.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from cases.choices import BasisKind, PartyKind, PartyRole
from cases.closing import ground_text as closing_ground_text
from cases.validators import mask_id
from enforcement.choices import Role
from enforcement.models.court_settings import court_setting

from . import rules
from .formatting import date_cn, number_cn, person_particulars, yuan_cn


@dataclass(frozen=True)
class EditablePart:
    """A free-text part of a kind the judge may write before issuing (documents.services
    clean_edits): the template prints context[key] where it goes, empty by default."""

    key: str
    label: str  # on the preview page (gettext)
    name: str  # in the audit trail, as the court records it: 其他事项
    max_length: int = 1000


@dataclass(frozen=True)
class DocumentKind:
    key: str
    title: str  # printed as the document's title: 执行通知书
    code: str  # in the document number: （2026）青0102执通3号
    template: str  # under templates/, extends documents/pdf/base.html
    issuer_roles: tuple[str, ...]  # court roles that may issue it (and who must also work on the case)
    # build_context(case=, party=, subject=, masked=) -> dict: what the template fills in (the
    # common part, court, number, date, verification code, is added by the service); subject is the
    # object the document is about beyond the case (an assistance notice), or None; masked asks for
    # the rendition without personal ID numbers (party_id_text; services.render_document_html).
    # It runs in the record language (enforcement.i18n), so a choice's label in it is Chinese.
    build_context: Callable[..., dict]
    # One document per party of this role (one 执行通知书 per respondent); None: one per case.
    addressed_to: str | None = PartyRole.RESPONDENT
    # A document of the case as a whole (addressed_to None) served on every party of these roles,
    # each on its own (a 裁定书 on applicant and respondent): documents.serving tracks it per party.
    served_on_roles: tuple[str, ...] = field(default=())
    # It is the execution notice: serving it (documents.serving, not issuing it) sets
    # Case.notice_served_on (time limits, 终本 art. 1).
    serves_execution_notice: bool = False
    # The period it gives its addressee from the day service takes effect:
    # service_period(effective day) -> (label, days), or None (documents.serving.ServiceStatus.period).
    service_period: Callable[..., tuple[str, int]] | None = None
    # One of the documents 终本 needs served (最高法 终本规定 2016 art. 1 item (一)).
    required_for_end_round: bool = False
    # What the public verify page may show beyond kind, number, court, date and SHA-256.
    publish_case_number: bool = True
    publish_party_names: bool = False
    description: str = ""
    legal_basis: tuple[str, ...] = field(default=())
    # False for kinds that are about something beyond the case (an assistance notice, a judicial
    # suggestion): they are issued by their own service with a subject, never from the case's
    # document page or a batch.
    standalone: bool = True
    # free-text parts a judge may write in the preview before issuing (the rest is the law's text)
    editable: tuple[EditablePart, ...] = field(default=())


KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    if kind.key in KINDS:
        raise ValueError(f"document kind {kind.key} registered twice")
    if any(other.code == kind.code for other in KINDS.values()):
        raise ValueError(f"numbering code {kind.code} already used")
    KINDS[kind.key] = kind
    return kind


def get_kind(key: str) -> DocumentKind | None:
    return KINDS.get(key)


def standalone_kinds() -> list[DocumentKind]:
    """Kinds a user issues from a case's document page or a batch (the case is all they need)."""
    return [kind for kind in KINDS.values() if kind.standalone]


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.title) for kind in standalone_kinds()]


# --- what the case documents share ------------------------------------------------------------
BASIS_DOCUMENT = {
    BasisKind.JUDGMENT: "判决书",
    BasisKind.RULING: "裁定书",
    BasisKind.MEDIATION: "调解书",
    BasisKind.PAYMENT_ORDER: "支付令",
    BasisKind.ARBITRATION: "裁决书",
    BasisKind.NOTARIAL: "公证债权文书",
    BasisKind.ADMINISTRATIVE: "行政决定书",
}


def numbered(items) -> list[dict]:
    """["…", "…"] → [{"label": "一、", "text": "…"}, …] as items are numbered in a court document."""
    return [{"label": f"{number_cn(index)}、", "text": text} for index, text in enumerate(items, start=1)]


# What a document calls a party's number, by its identity document (cases.choices.IdType); another
# document is named by the clerk's note.
ID_NUMBER_NAMES = {
    "ric": "公民身份号码",
    "hmt_residence": "公民身份号码",
    "passport": "护照号码",
    "hk_macao_permit": "港澳居民来往内地通行证号码",
    "taiwan_permit": "台湾居民来往大陆通行证号码",
    "foreign_pr": "外国人永久居留身份证号码",
    "uscc": "统一社会信用代码",
}


def id_number_name(party) -> str:
    default = "公民身份号码" if party.kind == PartyKind.PERSON else "统一社会信用代码"
    if party.id_type == "other":
        return f"{party.id_note}号码" if party.id_note else "证件号码"
    return ID_NUMBER_NAMES.get(party.id_type, default)


def party_id_text(party, *, masked: bool = False) -> str:
    """A party's ID number as a document prints it: in full, or for the masked rendition a natural
    person's 身份证号码 masked as the case page masks it (cases.validators.mask_id). A 统一社会信用代码
    is public and always printed in full."""
    if masked and party.kind == PartyKind.PERSON:
        return mask_id(party.id_number)
    return party.id_number


def party_entry(party, *, masked: bool = False) -> dict:
    """How a party is introduced at the head of a notice (the addressee's own full ID number: the
    paper goes to them; the verify page never shows it). The masked rendition also leaves out the
    birth date: it is digits 7-14 of the number, and printing it would undo the masking."""
    lines = []
    if party.kind == PartyKind.PERSON:
        facts = person_particulars(party.id_number, party.id_type)
        first = party.name
        if facts:
            first += f"，{facts['sex']}" if masked else f"，{facts['sex']}，{facts['born']}出生"
        first += f"，{id_number_name(party)}{party_id_text(party, masked=masked)}"
        if party.address:
            first += f"，住{party.address}"
        lines.append(first + "。")
    else:
        first = f"{party.name}，{id_number_name(party)}{party.id_number}"
        if party.address:
            first += f"，住所地{party.address}"
        lines.append(first + "。")
        if party.legal_representative:
            label = "法定代表人" if party.kind == PartyKind.ENTITY else "负责人"
            lines.append(f"{label}：{party.legal_representative}。")
    return {
        "name": party.name,
        "role": PartyRole(party.role).label if party.role in PartyRole.values else party.role,
        "lines": lines,
        "you": "你" if party.kind == PartyKind.PERSON else "你单位",
        "is_person": party.kind == PartyKind.PERSON,
    }


def case_context(*, case, party, masked: bool = False) -> dict:
    parties = list(case.parties.all())
    applicants = [p.name for p in parties if p.role == PartyRole.APPLICANT]
    respondents = [p.name for p in parties if p.role == PartyRole.RESPONDENT]
    basis = getattr(case, "basis", None)
    basis_text = ""
    if basis is not None:
        basis_text = (
            f"{basis.issuing_organ}{basis.document_number}{BASIS_DOCUMENT.get(basis.kind, '法律文书')}"
        )
    return {
        "case": case,
        "case_number": case.number,
        "filed_on": date_cn(case.filed_on),
        "applicants": "、".join(applicants),
        "respondents": "、".join(respondents),
        "addressee": party_entry(party, masked=masked) if party is not None else None,
        "you": party_entry(party)["you"] if party is not None else "你（单位）",
        "basis": basis,
        "basis_text": basis_text,
        "judge": case.judge.get_full_name(),
        "judge_phone": case.judge.phone,
        "clerk": case.clerk.get_full_name() if case.clerk_id else "",
    }


# --- 执行通知书 --------------------------------------------------------------------------------
def execution_notice_context(*, case, party, subject=None, masked: bool = False) -> dict:
    ctx = case_context(case=case, party=party, masked=masked)
    basis = ctx["basis"]
    doc_name = BASIS_DOCUMENT.get(basis.kind, "法律文书") if basis else "法律文书"
    obligations = []
    money = case.subject_amount
    if money:
        obligations.append(f"向申请执行人{ctx['applicants']}支付{doc_name}确定的给付金额{yuan_cn(money)}；")
    if basis is not None and basis.non_money_obligation:
        # typed text: its own closing mark gives way to the item's "；" (no "。；")
        duty = basis.non_money_obligation.strip().rstrip("。；，、.;, ")
        obligations.append(f"履行{doc_name}确定的下列义务：{duty}；")
    if money:
        if case.delay_interest and case.delay_interest > Decimal("0"):
            obligations.append(
                f"加倍支付迟延履行期间的债务利息（计至立案之日{ctx['filed_on']}为{yuan_cn(case.delay_interest)}，"
                "此后继续计算至履行完毕之日）；"
            )
        else:
            obligations.append(
                "加倍支付迟延履行期间的债务利息（自履行期间届满之日的次日起计算至履行完毕之日）；"
            )
    obligations.append(f"负担申请执行费{yuan_cn(case.application_fee)}。")
    articles = "第二百五十一条" + ("、第二百六十四条" if money else "")
    performance_days = rules.period_days(rules.PERFORMANCE_DAYS, on=timezone.localdate())
    setting = court_setting(case.court)
    ctx.update(
        {
            # the court's case-money account (执行款专户), a per-court setting (enforcement.CourtSetting)
            "account": setting if setting is not None and setting.has_account else None,
            "performance_days_cn": number_cn(performance_days),
            "obligations": numbered(obligations),
            "law": f"《中华人民共和国民事诉讼法》{articles}",
            "amounts": {
                "subject": yuan_cn(money) if money else "",
                "interest": yuan_cn(case.delay_interest or Decimal("0")),
                "fee": yuan_cn(case.application_fee),
            },
        }
    )
    return ctx


# --- 报告财产令 --------------------------------------------------------------------------------
# The period to report is set by the court in the order (财产调查规定 art. 4 item (一)); five days
# from service is the common choice. A court that uses another period changes it here.
ASSET_REPORT_DAYS = 5
ASSET_REPORT_SCOPE = (
    "收入、银行存款、现金、理财产品、有价证券；",
    "土地使用权、房屋等不动产；",
    "交通运输工具、机器设备、产品、原材料等动产；",
    "债权、股权、投资权益、基金份额、信托受益权、知识产权等财产性权利；",
    "其他应当报告的财产。",
)


def asset_report_order_context(*, case, party, subject=None, masked: bool = False) -> dict:
    ctx = case_context(case=case, party=party, masked=masked)
    ctx.update(
        {
            "report_days": ASSET_REPORT_DAYS,
            "report_days_cn": number_cn(ASSET_REPORT_DAYS),
            "scope": numbered(ASSET_REPORT_SCOPE),
            "law": (
                "《中华人民共和国民事诉讼法》第二百五十二条、"
                "《最高人民法院关于民事执行中财产调查若干问题的规定》第三条至第七条"
            ),
            "amounts": {
                "subject": yuan_cn(case.subject_amount) if case.subject_amount else "",
                "fee": yuan_cn(case.application_fee),
            },
        }
    )
    return ctx


ISSUERS = (Role.CLERK, Role.JUDGE, Role.HEAD)
# what the judge adds in their own words (a time and place to come to court, what to bring)
REMARKS = EditablePart("remarks", gettext_lazy("Further matters (the judge's own words)"), "其他事项")


def performance_period(effective_on) -> tuple[str, int]:
    return gettext("Performance period"), rules.period_days(rules.PERFORMANCE_DAYS, on=effective_on)


def asset_report_period(effective_on) -> tuple[str, int]:
    return gettext("Period to report assets"), ASSET_REPORT_DAYS


EXECUTION_NOTICE = register(
    DocumentKind(
        key="execution_notice",
        title="执行通知书",
        code="执通",
        template="documents/pdf/execution_notice.html",
        issuer_roles=ISSUERS,
        build_context=execution_notice_context,
        serves_execution_notice=True,
        service_period=performance_period,
        required_for_end_round=True,
        editable=(REMARKS,),
        description=gettext_lazy(
            "Orders the respondent to perform the obligations the basis for enforcement sets; sent "
            "within ten days of filing."
        ),
        legal_basis=("《中华人民共和国民事诉讼法》第二百五十一条",),
    )
)
ASSET_REPORT_ORDER = register(
    DocumentKind(
        key="asset_report_order",
        title="报告财产令",
        code="报令",
        template="documents/pdf/asset_report_order.html",
        issuer_roles=ISSUERS,
        build_context=asset_report_order_context,
        service_period=asset_report_period,
        required_for_end_round=True,
        editable=(REMARKS,),
        description=gettext_lazy(
            "Orders the respondent to report its assets truthfully within a time limit; in the "
            "enforcement of a money claim sent together with the execution notice."
        ),
        legal_basis=(
            "《中华人民共和国民事诉讼法》第二百五十二条",
            "《最高人民法院关于民事执行中财产调查若干问题的规定》第三条至第五条",
        ),
    )
)


# --- rulings on approved transitions (中止, 终结, 终本) ----------------------------------------------
# Issued when the head approves the transition (documents.rulings, hooked on the approval through
# cases.actions.add_on_approved), never from the case's document page: the approval is their subject.
# Articles of the Civil Procedure Law are those of the 2023 text (中止执行 art. 267, 终结执行 art. 268).
CPL = "《中华人民共和国民事诉讼法》"
END_ROUND_LAW = (
    "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第五百一十七条、"
    "《最高人民法院关于严格规范终结本次执行程序的规定（试行）》第一条"
)
RULING_TEXT = {
    # kind key: (the citation, what is ruled, what follows from it)
    "suspension_ruling": (f"{CPL}第二百六十七条", "本案中止执行。", "中止执行的情形消失后，本院将恢复执行。"),
    "termination_ruling": (f"{CPL}第二百六十八条", "本案终结执行。", ""),
    "end_round_ruling": (
        END_ROUND_LAW,
        "终结本次执行程序。",
        "申请执行人发现被执行人有可供执行财产的，可以再次申请执行。",
    ),
}


def _iso(value):
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return timezone.localdate()


def _ground_text(text: str) -> str:
    """The proposer's typed ground as a clause of the ruling: its own closing mark gives way to the
    ruling's "。" (no "。。")."""
    return " ".join(str(text).split()).rstrip("。；，、.;, ")


def ruling_context(*, case, party, subject=None, masked: bool = False, kind_key: str) -> dict:
    ctx = case_context(case=case, party=None, masked=masked)
    parties = list(case.parties.order_by("role", "position", "id"))
    law, ruled, after = RULING_TEXT[kind_key]
    ground = _ground_text(subject.reason) if subject is not None else ""
    payload = getattr(subject, "payload", None) or {}
    if kind_key == "termination_ruling" and payload.get("ground"):
        # 终结 and 撤回 (cases.closing): the statutory ground with its item, and the facts
        item = str(payload["ground"])
        law = f"{law}第（{number_cn(int(item)) if item.isdigit() else item}）项"
        facts = payload.get("facts") or ""
        if subject.action == "withdraw":
            facts = f"申请执行人于{date_cn(_iso(payload.get('withdrawn_on')))}向本院撤回执行申请"
        statutory = closing_ground_text(item)
        statutory += "" if statutory.endswith("情形") else "情形"  # item (六) is itself 其他情形
        ground = f"本院认为，{_ground_text(facts)}，属于{statutory}" if facts else ground
    ctx.update(
        {
            "applicant_entries": [
                party_entry(p, masked=masked) for p in parties if p.role == PartyRole.APPLICANT
            ],
            "respondent_entries": [
                party_entry(p, masked=masked) for p in parties if p.role == PartyRole.RESPONDENT
            ],
            "ground": ground,
            "law": law,
            "ruled": ruled,
            "after": after,
        }
    )
    return ctx


def _ruling_builder(kind_key: str) -> Callable[..., dict]:
    def build(*, case, party, subject=None, masked: bool = False) -> dict:
        return ruling_context(case=case, party=party, subject=subject, masked=masked, kind_key=kind_key)

    return build


RULING_ISSUERS = (Role.HEAD, Role.JUDGE)
# a ruling (裁定书) is served on the parties: the applicant and the respondent, each on their own
RULING_SERVED_ON = (PartyRole.APPLICANT, PartyRole.RESPONDENT)
SUSPENSION_RULING = register(
    DocumentKind(
        key="suspension_ruling",
        title="中止执行裁定书",
        code="执中",
        template="documents/pdf/ruling.html",
        issuer_roles=RULING_ISSUERS,
        build_context=_ruling_builder("suspension_ruling"),
        addressed_to=None,
        served_on_roles=RULING_SERVED_ON,
        description=gettext_lazy("Made when the head approves the suspension; served on both parties."),
        legal_basis=(f"{CPL}第二百六十七条",),
        standalone=False,
    )
)
TERMINATION_RULING = register(
    DocumentKind(
        key="termination_ruling",
        title="终结执行裁定书",
        code="执终",
        template="documents/pdf/ruling.html",
        issuer_roles=RULING_ISSUERS,
        build_context=_ruling_builder("termination_ruling"),
        addressed_to=None,
        served_on_roles=RULING_SERVED_ON,
        description=gettext_lazy(
            "Made when the termination or the withdrawal is approved, with its statutory ground; served on "
            "both parties."
        ),
        legal_basis=(f"{CPL}第二百六十八条",),
        standalone=False,
    )
)
END_ROUND_RULING = register(
    DocumentKind(
        key="end_round_ruling",
        title="终结本次执行程序裁定书",
        code="终本",
        template="documents/pdf/ruling.html",
        issuer_roles=RULING_ISSUERS,
        build_context=_ruling_builder("end_round_ruling"),
        addressed_to=None,
        served_on_roles=RULING_SERVED_ON,
        description=gettext_lazy(
            "Made when the head approves terminating the current round; served on both parties."
        ),
        legal_basis=(END_ROUND_LAW,),
        standalone=False,
    )
)
# which approved action issues which ruling (documents.rulings)
RULING_FOR_ACTION = {
    "suspend": SUSPENSION_RULING.key,
    "terminate": TERMINATION_RULING.key,
    "end_round": END_ROUND_RULING.key,
    # a withdrawal is 申请人撤销申请 (民诉法 2023 art. 268 item (一)): terminated by ruling too
    "withdraw": TERMINATION_RULING.key,
}


# --- 结案通知书 -------------------------------------------------------------------------------------
# Sent to the parties when a case closes without a ruling: 执行完毕 and 执行和解 (a termination or a
# withdrawal gets its 终结执行裁定书 instead). Issued on the approval (documents.closing_notice), never
# from the case's document page.
CLOSING_NOTICE_LAW = "《最高人民法院关于执行案件立案、结案若干问题的意见》（法发〔2014〕26号）"


def closing_notice_context(*, case, party, subject=None, masked: bool = False) -> dict:
    ctx = case_context(case=case, party=None, masked=masked)
    names = [p.name for p in case.parties.order_by("role", "position", "id")]
    closed_on = (
        date_cn(subject.decided_at or timezone.now()) if subject is not None else date_cn(timezone.now())
    )
    action = getattr(subject, "action", "")
    lines: list[str] = []
    if action == "settle":
        agreement = getattr(case, "settlement", None)
        if agreement is not None:
            instalments = list(agreement.instalments.order_by("seq"))
            schedule = (
                f"约定被执行人分{number_cn(len(instalments))}期履行{yuan_cn(agreement.total)}，"
                f"最后一期于{date_cn(instalments[-1].due_on)}前履行"
                if instalments
                else f"约定被执行人履行{yuan_cn(agreement.total)}"
            )
            outcome = f"双方当事人于{date_cn(agreement.signed_on)}自行达成执行和解协议，{schedule}。本案以执行和解方式结案。"
        else:
            outcome = "双方当事人自行达成执行和解协议，本案以执行和解方式结案。"
        lines.append(
            "被执行人不履行和解协议，或者申请执行人因受欺诈、胁迫与被执行人达成和解协议的，申请执行人可以申请恢复"
            "对原生效法律文书的执行，和解协议已履行的部分予以扣除（《中华人民共和国民事诉讼法》第二百四十一条、"
            "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第四百六十五条）。"
        )
    else:
        outcome = "生效法律文书确定的义务已经履行完毕，本案执行完毕。"
    lines.append(f"本案于{closed_on}结案，已采取的查封、扣押、冻结等控制措施依法解除。")
    ctx.update({"addressees": "、".join(names), "outcome": outcome, "lines": lines})
    return ctx


CLOSING_NOTICE = register(
    DocumentKind(
        key="closing_notice",
        title="结案通知书",
        code="执结",
        template="documents/pdf/closing_notice.html",
        issuer_roles=RULING_ISSUERS,
        build_context=closing_notice_context,
        addressed_to=None,
        served_on_roles=RULING_SERVED_ON,
        description=gettext_lazy(
            "Sent to the parties when the case is closed as fully enforced or as settled."
        ),
        legal_basis=(CLOSING_NOTICE_LAW,),
        standalone=False,
    )
)
# which approved closing issues the 结案通知书 (documents.closing_notice)
CLOSING_NOTICE_FOR_ACTION = {"conclude": CLOSING_NOTICE.key, "settle": CLOSING_NOTICE.key}
