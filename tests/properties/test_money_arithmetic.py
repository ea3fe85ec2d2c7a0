"""The fee table, delay interest and the distribution arithmetic as properties.

The fee is checked against LEGAL.md's brackets (诉讼费用交纳办法 art. 14: ≤10,000: 50; 10k–500k:
1.5%; 500k–5m: 1%; 5m–10m: 0.5%; above: 0.1%) written again here; the interest against
法释〔2014〕8号 (0.000175 a day from 2014-08-01) and its split at the rule change; the distribution
against what 民诉法解释 art. 508 asks: fees first, priority ranks in order, the ordinary claims pro
rata, in whole fen adding up exactly."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from cases.money import application_fee, delay_interest
from enforcement.money import MONEY_MAX
from money.distribution import Claim, allocate
from tests.clock import TODAY

CENT = Decimal("0.01")
LEGAL_BRACKETS = (  # (above, up to, rate) after the flat 50 yuan for the first 10,000
    (Decimal("10000"), Decimal("500000"), Decimal("0.015")),
    (Decimal("500000"), Decimal("5000000"), Decimal("0.01")),
    (Decimal("5000000"), Decimal("10000000"), Decimal("0.005")),
    (Decimal("10000000"), None, Decimal("0.001")),
)
EDGES = [Decimal("10000"), Decimal("500000"), Decimal("5000000"), Decimal("10000000")]
CUTOVER = dt.date(2014, 8, 1)  # 法释〔2014〕8号 in force
DAILY = Decimal("0.000175")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def legal_fee(amount: Decimal) -> Decimal:
    fee = Decimal("50")
    for above, up_to, rate in LEGAL_BRACKETS:
        if amount > above:
            fee += ((min(amount, up_to) if up_to is not None else amount) - above) * rate
    return cents(fee)


amounts = st.integers(min_value=1, max_value=int(MONEY_MAX * 100)).map(lambda fen: Decimal(fen) * CENT)
small_amounts = st.integers(min_value=1, max_value=2_000_000_000).map(lambda fen: Decimal(fen) * CENT)
near_edges = st.builds(
    lambda edge, fen: edge + Decimal(fen) * CENT, st.sampled_from(EDGES), st.integers(-500, 500)
)


def fee(amount: Decimal) -> Decimal:
    return application_fee(amount, on=TODAY).amount


# --- 申请执行费 ----------------------------------------------------------------------------------
@given(amounts | small_amounts | near_edges)
def test_the_fee_is_the_legal_table(amount):
    assert fee(amount) == legal_fee(amount)


@given(amounts | small_amounts | near_edges, amounts | small_amounts | near_edges)
def test_the_fee_never_falls_as_the_amount_rises(a, b):
    low, high = sorted((a, b))
    assert fee(low) <= fee(high)


@given(st.sampled_from(EDGES), st.integers(1, 10_000))
def test_the_fee_is_continuous_at_each_bracket_edge(edge, fen):
    # A step of δ yuan across an edge moves the fee by at most δ × the higher of the two rates,
    # plus the half fen of rounding on each side: no jump at the edge.
    delta = Decimal(fen) * CENT
    for below, above in ((edge - delta, edge), (edge, edge + delta)):
        assert Decimal("0") <= fee(above) - fee(below) <= delta * Decimal("0.015") + CENT


def test_the_fee_at_the_points_legal_md_names():
    assert fee(Decimal("0.01")) == Decimal("50.00")
    assert fee(Decimal("10000")) == Decimal("50.00")
    assert fee(Decimal("500000")) == Decimal("7400.00")  # 50 + 490,000 × 1.5%
    assert fee(Decimal("5000000")) == Decimal("52400.00")  # + 4,500,000 × 1%
    assert fee(Decimal("10000000")) == Decimal("77400.00")  # + 5,000,000 × 0.5%
    assert fee(Decimal("20000000")) == Decimal("87400.00")  # + 10,000,000 × 0.1%
    assert application_fee(None, on=TODAY).amount == Decimal("50.00")


# --- 迟延履行期间的债务利息 ------------------------------------------------------------------------
principals = st.integers(min_value=1, max_value=10_000_000_000).map(lambda fen: Decimal(fen) * CENT)
current_days = st.dates(min_value=CUTOVER - dt.timedelta(days=1), max_value=dt.date(2030, 12, 31))


def interest(principal, start, end) -> Decimal:
    return delay_interest(principal, start=start, end=end).amount


@given(principals, current_days, current_days)
def test_under_one_rate_the_interest_is_principal_times_rate_times_days(principal, a, b):
    start, end = sorted((a, b))
    days = (end - start).days
    assert interest(principal, start, end) == cents(principal * DAILY * days)


@given(principals, current_days, current_days, current_days)
def test_interest_of_adjacent_periods_adds_up_under_one_rate(principal, a, b, c):
    start, middle, end = sorted((a, b, c))
    whole = interest(principal, start, end)
    split = interest(principal, start, middle) + interest(principal, middle, end)
    assert abs(whole - split) <= CENT  # each part rounded to the fen once
    # and exactly where the daily amount is a whole number of fen (principal a multiple of 400 yuan)
    round_principal = principal.quantize(Decimal("1")) * 400 + 400
    assert interest(round_principal, start, end) == interest(round_principal, start, middle) + interest(
        round_principal, middle, end
    )


@given(
    principals,
    st.dates(min_value=dt.date(2000, 1, 1), max_value=CUTOVER - dt.timedelta(days=2)),
    st.dates(min_value=CUTOVER, max_value=dt.date(2030, 12, 31)),
)
def test_a_delay_across_the_rule_change_is_split_there_and_the_parts_add_up(principal, start, end):
    result = delay_interest(principal, start=start, end=end)
    earlier, current = result.parts
    assert (earlier.start, earlier.end) == (start + dt.timedelta(days=1), CUTOVER - dt.timedelta(days=1))
    assert (current.start, current.end) == (CUTOVER, end)
    assert earlier.days + current.days == result.days == (end - start).days
    assert result.amount == earlier.amount + current.amount
    # each part is what the rule of its stretch gives for that stretch alone
    last_earlier = CUTOVER - dt.timedelta(days=1)
    assert earlier.amount == interest(principal, start, last_earlier)
    assert current.amount == interest(principal, last_earlier, end)
    assert current.amount == cents(principal * DAILY * current.days)


@given(principals, current_days, st.integers(0, 3000), st.integers(0, 3000))
def test_interest_never_falls_as_the_delay_grows(principal, start, days, more):
    end = start + dt.timedelta(days=days)
    assert interest(principal, start, end) <= interest(principal, start, end + dt.timedelta(days=more))


# --- distribution -----------------------------------------------------------------------------
fen_amounts = st.integers(min_value=0, max_value=100_000_000).map(lambda fen: Decimal(fen) * CENT)
claim_lists = st.lists(
    st.tuples(
        st.integers(1, 100_000_000).map(lambda fen: Decimal(fen) * CENT), st.none() | st.integers(1, 3)
    ),
    min_size=1,
    max_size=8,
)


@given(fen_amounts, fen_amounts, claim_lists)
def test_a_distribution_adds_up_and_nobody_gets_more_than_owed(amount, fees, rows):
    claims = [Claim(key=index, claim=claim, rank=rank) for index, (claim, rank) in enumerate(rows)]
    fees_paid, parts, left = allocate(amount, fees=fees, claims=claims)
    assert fees_paid + sum(parts.values()) + left == amount  # exactly, in fen
    assert fees_paid == min(fees, amount)
    assert set(parts) == {c.key for c in claims}
    for c in claims:
        part = parts[c.key]
        assert Decimal("0") <= part <= c.claim
        assert part == part.quantize(CENT)
    assert left >= 0
    if left > 0:  # money left over only once everyone is paid in full
        assert all(parts[c.key] == c.claim for c in claims)
    if fees_paid < fees:  # the fees come first
        assert all(part == 0 for part in parts.values())


@given(fen_amounts, claim_lists)
def test_a_lower_class_is_paid_only_once_every_higher_one_is_paid_in_full(amount, rows):
    claims = [Claim(key=index, claim=claim, rank=rank) for index, (claim, rank) in enumerate(rows)]
    _fees, parts, _left = allocate(amount, fees=Decimal("0"), claims=claims)
    order = lambda c: c.rank if c.rank is not None else 10**6  # noqa: E731 (ordinary claims last)
    for lower in claims:
        if parts[lower.key] > 0:
            for higher in claims:
                if order(higher) < order(lower):
                    assert parts[higher.key] == higher.claim


@given(fen_amounts, st.lists(st.integers(1, 100_000_000), min_size=1, max_size=8))
def test_claims_of_one_class_share_pro_rata_to_the_fen(amount, fens):
    claims = [Claim(key=index, claim=Decimal(fen) * CENT) for index, fen in enumerate(fens)]
    total = sum(c.claim for c in claims)
    assume(amount < total)
    _fees, parts, left = allocate(amount, fees=Decimal("0"), claims=claims)
    assert left == 0
    for c in claims:
        exact = amount * c.claim / total
        assert abs(parts[c.key] - exact) < CENT
