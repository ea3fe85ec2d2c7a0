"""What the law allows for the next disposal step of an asset, computed from disposal.rules: the
lowest prices, the deposit range and the dates. The services refuse values outside these limits
naming the article; the case page shows the same numbers before the judge types anything."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from assets.choices import AssetKind
from disposal import rules as R
from disposal.choices import PropertyClass

CENT = Decimal("0.01")
MOVABLE_KINDS = {AssetKind.VEHICLE, AssetKind.OTHER}


def cite(rule) -> str:
    """The law and article a refusal names (Chinese legal data)."""
    return f"{rule.source}{rule.article}" if rule.article else rule.source


def up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_CEILING)


def down(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_FLOOR)


def property_class_of(asset) -> str:
    """动产 for vehicles and other goods; real estate and every right (equity, securities, deposits,
    funds, insurance) as 不动产或者其他财产权 (网拍规定 art. 12)."""
    return PropertyClass.MOVABLE if asset.kind in MOVABLE_KINDS else PropertyClass.IMMOVABLE


@dataclass(frozen=True)
class RoundLimits:
    """The limits of an auction round: its start price at least `min_price` (rule `price_rule`); the
    announcement at least `announce_days` before bidding (rule `announce_rule`); the parties told at
    least `notify_days` before the announcement; a deposit between the shares; bidding at least
    `bidding_hours`; for a re-auction, bidding starting by `latest_start`."""

    round_number: int
    reauction: bool
    min_price: Decimal
    price_rule: object
    announce_days: int
    announce_rule: object
    notify_days: int
    notify_rule: object
    deposit_min_share: Decimal
    deposit_max_share: Decimal
    deposit_rule: object
    bidding_hours: int
    bidding_rule: object
    latest_start: dt.date | None
    latest_start_rule: object | None

    def deposit_range(self, price: Decimal) -> tuple[Decimal, Decimal]:
        return up(price * self.deposit_min_share), down(price * self.deposit_max_share)

    def earliest_start(self, announced_on: dt.date) -> dt.date:
        return announced_on + dt.timedelta(days=self.announce_days)


def round_limits(*, finding, previous, property_class: str, on: dt.date) -> RoundLimits:
    """Limits of the next round after `previous` (None: the first round) on `finding`'s price. A
    round after a failed one is a re-auction (网拍规定 art. 26); after a buyer's default the auction is
    held again under the first round's limits."""
    reauction = previous is not None and previous.status == "failed"
    immovable = property_class == PropertyClass.IMMOVABLE
    if reauction:
        cut = R.rule(R.REAUCTION_MAX_CUT, on=on)
        price_rule, min_price = cut, up(previous.price * (1 - cut.value))
        key = R.REANNOUNCE_DAYS_IMMOVABLE if immovable else R.REANNOUNCE_DAYS_MOVABLE
        within = R.rule(R.REAUCTION_WITHIN_DAYS, on=on)
        latest = previous.result_on + dt.timedelta(days=within.value)
    else:
        price_rule = R.rule(R.RESERVE_MIN_SHARE, on=on)
        min_price = up(finding.reference_price * price_rule.value)
        key = R.ANNOUNCE_DAYS_IMMOVABLE if immovable else R.ANNOUNCE_DAYS_MOVABLE
        within, latest = None, None
    announce = R.rule(key, on=on)
    notify = R.rule(R.NOTIFY_DAYS_BEFORE_ANNOUNCE, on=on)
    dmin, dmax = R.rule(R.DEPOSIT_MIN_SHARE, on=on), R.rule(R.DEPOSIT_MAX_SHARE, on=on)
    bidding = R.rule(R.BIDDING_MIN_HOURS, on=on)
    return RoundLimits(
        round_number=(previous.round_number + 1) if previous is not None else 1,
        reauction=reauction,
        min_price=min_price,
        price_rule=price_rule,
        announce_days=int(announce.value),
        announce_rule=announce,
        notify_days=int(notify.value),
        notify_rule=notify,
        deposit_min_share=dmin.value,
        deposit_max_share=dmax.value,
        deposit_rule=dmin,
        bidding_hours=int(bidding.value),
        bidding_rule=bidding,
        latest_start=latest,
        latest_start_rule=within,
    )


def sale_off_min_price(finding, *, on: dt.date) -> tuple[Decimal, object]:
    rule = R.rule(R.SALE_OFF_MIN_SHARE, on=on)
    return up(finding.reference_price * rule.value), rule


def objection_deadline(finding) -> dt.date:
    """The last day an objection to `finding` may be filed (its window counted from service)."""
    days = R.rule(R.OBJECTION_DAYS, on=finding.served_on).value
    return finding.served_on + dt.timedelta(days=days)
