"""What the head decides a measure beyond the debt (超标的) on, registered in
cases.registry.approval_facts from AssistanceConfig.ready(): the asset, what the measure holds,
what all the case's measures hold and what is still owed (assets.selectors, the same figures the
drafting check used). On a page of requests (the inbox) the notices and the case figures are
loaded for all of them at once (prefetch_over_limit)."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext

from assets.choices import MeasureKind, MeasureStatus
from assets.models import ControlMeasure
from assets.selectors import amount_held, amount_owed, held_value, measure_held_value
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


def _notices():
    return Notice.objects.select_related("asset", "measure__asset", "agency")


def _notice_id(approval):
    payload = approval.payload if isinstance(approval.payload, dict) else {}
    return payload.get("notice_id")


def _held_and_owed(case) -> tuple[Decimal, Decimal]:
    """assets.selectors.amount_held and amount_owed of the case, or what prefetch_over_limit kept."""
    kept = getattr(case, "_over_limit_amounts", None)
    return kept if kept is not None else (amount_held(case), amount_owed(case))


def prefetch_over_limit(approvals) -> None:
    """The notices and each case's figures for a page of requests, in two queries: the same sums as
    assets.selectors.amount_held (each holding measure at held_value) and amount_owed (the debt,
    interest and fee less what was deducted)."""
    cases = {approval.case_id: approval.case for approval in approvals}
    held = dict.fromkeys(cases, Decimal("0.00"))
    deducted = dict.fromkeys(cases, Decimal("0"))
    rows = ControlMeasure.objects.filter(case_id__in=cases).values_list(
        "case_id", "kind", "status", "asset__kind", "asset__estimated_value", "amount"
    )
    for case_id, kind, status, asset_kind, value, amount in rows:
        if kind == MeasureKind.DEDUCT:
            if status == MeasureStatus.DONE:
                deducted[case_id] += amount or Decimal("0")
        elif status in MeasureStatus.holding():
            held[case_id] += held_value(asset_kind=asset_kind, estimated_value=value, amount=amount)
    ids = [notice_id for a in approvals if (notice_id := _notice_id(a)) is not None]
    notices = {notice.pk: notice for notice in _notices().filter(pk__in=ids)} if ids else {}
    for approval in approvals:
        case = approval.case
        total = (case.subject_amount or Decimal("0")) + case.delay_interest + case.application_fee
        owed = max(total - deducted[case.pk], Decimal("0.00"))
        case._over_limit_amounts = (held[case.pk].quantize(Decimal("0.01")), owed)
        notice = notices.get(_notice_id(approval))
        # kept as a 1-tuple: "looked up, none found" differs from "not looked up"
        approval._over_limit_notice = (notice if notice is not None and notice.case_id == case.pk else None,)


def over_limit_notice_facts(approval) -> list[Fact]:
    """A notice whose measure would hold more than is owed (send_notice_over_limit)."""
    case = approval.case
    kept = getattr(approval, "_over_limit_notice", None)
    notice = kept[0] if kept is not None else _notices().filter(pk=_notice_id(approval), case=case).first()
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
    held, owed = _held_and_owed(case)
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
    held, owed = _held_and_owed(case)
    facts += [
        Fact(gettext("Held under all measures of the case"), _yuan(held)),
        Fact(gettext("Still owed"), _yuan(owed)),
    ]
    return facts


def register_assistance_facts() -> None:
    approval_facts.register(
        ApprovalFacts(
            "assistance.over_limit_notice",
            ("send_notice_over_limit",),
            over_limit_notice_facts,
            prefetch=prefetch_over_limit,
        )
    )
    approval_facts.register(
        ApprovalFacts(
            "assistance.keep_over_limit",
            ("keep_over_limit",),
            keep_over_limit_facts,
            prefetch=prefetch_over_limit,
        )
    )
