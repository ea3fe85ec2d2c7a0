"""What the head decides a measure beyond the debt (超标的) on, registered in
cases.registry.approval_facts from AssistanceConfig.ready(): the asset, what the measure holds,
what all the case's measures hold and what is still owed (assets.selectors, the same figures the
drafting check used)."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext

from assets.selectors import amount_held, amount_owed, measure_held_value
from assistance.models import Notice
from cases.registry import ApprovalFacts, Fact, approval_facts


def _yuan(value) -> str:
    return f"¥{Decimal(str(value)):,.2f}"


def _asset_text(asset) -> str:
    text = f"{asset.get_kind_display()} {asset.description}"
    return (
        gettext("%(asset)s (%(identifier)s)") % {"asset": text, "identifier": asset.identifier}
        if asset.identifier
        else text
    )


def over_limit_notice_facts(approval) -> list[Fact]:
    """A notice whose measure would hold more than is owed (send_notice_over_limit)."""
    case = approval.case
    notice = (
        Notice.objects.select_related("asset", "measure__asset", "agency")
        .filter(pk=approval.payload.get("notice_id"), case=case)
        .first()
    )
    if notice is None:
        return [Fact(gettext("Notice"), gettext("The notice no longer exists."))]
    facts = [
        Fact(
            gettext("Notice"),
            gettext("%(agency)s: %(action)s")
            % {"agency": notice.agency.name, "action": notice.get_action_display()},
            url=reverse("assistance:case", args=[case.pk]),
        )
    ]
    if notice.asset is not None:
        facts.append(Fact(gettext("Asset"), _asset_text(notice.asset)))
    held = amount_held(case)
    owed = amount_owed(case)
    if notice.measure is not None:
        facts.append(Fact(gettext("Amount this measure holds"), _yuan(measure_held_value(notice.measure))))
    facts += [
        Fact(gettext("Held under all measures of the case"), _yuan(held)),
        Fact(gettext("Still owed"), _yuan(owed)),
        Fact(gettext("Held beyond what is owed"), _yuan(max(held - owed, Decimal("0")))),
    ]
    return facts


def keep_over_limit_facts(approval) -> list[Fact]:
    """A measure an agency's answer showed to hold more than is owed (keep_over_limit): the
    figures of the answer, and the case as it stands now."""
    payload = approval.payload if isinstance(approval.payload, dict) else {}
    case = approval.case
    facts = []
    if payload.get("asset"):
        facts.append(Fact(gettext("Asset"), str(payload["asset"])))
    if payload.get("held") not in (None, ""):
        facts.append(Fact(gettext("Amount this measure holds"), _yuan(payload["held"])))
    if payload.get("owed") not in (None, ""):
        facts.append(Fact(gettext("Still owed when the answer came"), _yuan(payload["owed"])))
    facts += [
        Fact(gettext("Held under all measures of the case"), _yuan(amount_held(case))),
        Fact(gettext("Still owed"), _yuan(amount_owed(case))),
    ]
    return facts


def register_assistance_facts() -> None:
    approval_facts.register(
        ApprovalFacts("assistance.over_limit_notice", ("send_notice_over_limit",), over_limit_notice_facts)
    )
    approval_facts.register(
        ApprovalFacts("assistance.keep_over_limit", ("keep_over_limit",), keep_over_limit_facts)
    )
