"""The disposal app's document kinds: 拍卖公告 (of an approved round) and 拍卖成交裁定书 (of a sold round,
served on the applicants and respondents). The Civil Procedure Law article the ruling cites (2023
text art. 258, auction after seal-up) is to be confirmed against the official text. Both are about a round (`subject`), so they are issued by
disposal.services_documents, never from the case's document page."""

from django.utils.translation import gettext_lazy

from disposal import rules as R
from documents.formatting import date_cn
from documents.kinds import DocumentKind, case_context, register
from enforcement.choices import Role

CPL = "《中华人民共和国民事诉讼法》"


def _yuan(amount) -> str:
    return f"{amount:,.2f}元" if amount is not None else ""


def _local(moment) -> str:
    from django.utils import timezone

    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{date_cn(local.date())}{local:%H时%M分}"


def announcement_context(*, case, party, subject=None, masked: bool = False) -> dict:
    step = subject
    ctx = case_context(case=case, party=None, masked=masked)
    day = step.proposed_at.date() if step is not None else None
    ctx.update(
        {
            "step": step,
            "asset": str(step.asset) if step else "",
            "asset_description": step.asset.description if step else "",
            "round_text": f"第{step.round_number}次" if step else "",
            "start_price": _yuan(step.price) if step else "",
            "deposit": _yuan(step.deposit) if step else "",
            "starts": _local(step.bidding_starts_at) if step else "",
            "ends": _local(step.bidding_ends_at) if step else "",
            "reference_price": _yuan(step.finding.reference_price) if step else "",
            "extension": R.rule(R.BIDDING_EXTENSION_MINUTES, on=day).value if day else 5,
            "law": f"{R.ONLINE_AUCTION_2016}第十二条",
        }
    )
    return ctx


def sale_ruling_context(*, case, party, subject=None, masked: bool = False) -> dict:
    step = subject
    ctx = case_context(case=case, party=None, masked=masked)
    ctx.update(
        {
            "step": step,
            "asset": str(step.asset) if step else "",
            "round_text": f"第{step.round_number}次" if step and step.round_number else "",
            "sold_price": _yuan(step.sold_price) if step else "",
            "buyer": step.buyer if step else "",
            "sold_on": date_cn(step.result_on) if step and step.result_on else "",
            "law": f"{CPL}第二百五十八条、{R.ONLINE_AUCTION_2016}",
        }
    )
    return ctx


AUCTION_ANNOUNCEMENT = register(
    DocumentKind(
        key="auction_announcement",
        title="拍卖公告",
        code="执拍公",
        template="documents/pdf/auction_announcement.html",
        issuer_roles=(Role.JUDGE, Role.HEAD),
        build_context=announcement_context,
        addressed_to=None,
        standalone=False,
        description=gettext_lazy("Announces an approved online auction round (网络司法拍卖规定 art. 12)."),
        legal_basis=(f"{R.ONLINE_AUCTION_2016}第十二条",),
    )
)
SALE_RULING = register(
    DocumentKind(
        key="auction_sale_ruling",
        title="拍卖成交裁定书",
        code="执拍裁",
        template="documents/pdf/auction_sale_ruling.html",
        issuer_roles=(Role.JUDGE, Role.HEAD),
        build_context=sale_ruling_context,
        addressed_to=None,
        served_on_roles=("applicant", "respondent"),
        standalone=False,
        description=gettext_lazy("Confirms the sale of an auctioned asset to its buyer."),
        legal_basis=(f"{CPL}第二百五十八条",),
    )
)
