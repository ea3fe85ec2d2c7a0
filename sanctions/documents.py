"""The sanctions app's document kinds: 失信决定书 (失信名单规定 2017 art. 6: a written decision, in
force when made, served on the party) and 限制消费令 (限制高消费规定 2015 arts. 3, 5). Both are issued
by the sanctions services with the entry or order as `subject`, never from the case's document page."""

from documents.formatting import date_cn
from documents.kinds import DocumentKind, case_context, register
from enforcement.choices import Role
from sanctions import rules
from sanctions.choices import DefaulterGround, RestrictedCapacity

GROUND_TEXT = {
    DefaulterGround.ABLE_REFUSES: "有履行能力而拒不履行生效法律文书确定义务",
    DefaulterGround.OBSTRUCTS: "以伪造证据、暴力、威胁等方法妨碍、抗拒执行",
    DefaulterGround.EVADES: "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行",
    DefaulterGround.ASSET_REPORT: "违反财产报告制度",
    DefaulterGround.CONSUMPTION_ORDER: "违反限制消费令",
    DefaulterGround.SETTLEMENT: "无正当理由拒不履行执行和解协议",
}
ITEM_CN = "一二三四五六"


def grounds_text(grounds) -> str:
    return "；".join(f"第一条第（{ITEM_CN[int(g) - 1]}）项：{GROUND_TEXT[g]}" for g in sorted(grounds))


def defaulter_decision_context(*, case, party, subject=None, masked: bool = False) -> dict:
    ctx = case_context(case=case, party=party, masked=masked)
    entry = subject
    ctx.update(
        {
            "law": rules.DEFAULTER_LIST_2017,
            "grounds": grounds_text(entry.grounds) if entry else "",
            "facts": entry.facts if entry else "",
            "term": (
                f"纳入期限至{date_cn(entry.expires_on)}止"
                if entry and entry.expires_on
                else "至被执行人履行生效法律文书确定的义务之日止"
            ),
        }
    )
    return ctx


def consumption_order_context(*, case, party, subject=None, masked: bool = False) -> dict:
    ctx = case_context(case=case, party=party, masked=masked)
    persons = []
    if subject is not None:
        persons = [
            f"{RestrictedCapacity(p.capacity).label}{p.name}"
            for p in subject.persons.all()
            if p.capacity != RestrictedCapacity.RESPONDENT
        ]
    ctx.update(
        {
            "law": rules.CONSUMPTION_ARTICLE,
            "items": [
                {"label": f"（{n}）", "text": t}
                for n, t in zip("一二三四五六七八九", rules.RESTRICTED_CONSUMPTION, strict=True)
            ],
            "persons": "、".join(persons),
        }
    )
    return ctx


DEFAULTER_DECISION = register(
    DocumentKind(
        key="defaulter_decision",
        title="失信决定书",
        code="执失",
        template="sanctions/pdf/defaulter_decision.html",
        issuer_roles=(Role.HEAD, Role.JUDGE),
        build_context=defaulter_decision_context,
        standalone=False,
        legal_basis=(f"{rules.DEFAULTER_LIST_2017}第一条、第六条",),
    )
)
CONSUMPTION_ORDER = register(
    DocumentKind(
        key="consumption_order",
        title="限制消费令",
        code="执限",
        template="sanctions/pdf/consumption_order.html",
        issuer_roles=(Role.HEAD, Role.JUDGE),
        build_context=consumption_order_context,
        standalone=False,
        legal_basis=(rules.CONSUMPTION_ARTICLE,),
    )
)
