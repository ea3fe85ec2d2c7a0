"""What apps above money add to a case's ledger, registered from their AppConfig.ready().

ledger_lines   LedgerLines: entries of a case's money that do not pass through its account but belong on
               its ledger (judicial aid paid to the applicant from the aid fund, which does not reduce
               what the respondent owes; auction proceeds still held by the platform). The case's money
               panel shows them beside the receipts and payouts, each saying whether it reduces the debt.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from enforcement.registry import Registry


@dataclass(frozen=True)
class LedgerLine:
    on: dt.date
    label: str  # what the entry is (司法救助金, …), in the active language
    amount: Decimal
    reduces_debt: bool  # False: paid to the applicant, but the respondent still owes it
    note: str = ""
    link: str = ""  # where the entry is shown in full


@dataclass(frozen=True)
class LedgerLines:
    """lines(case) -> list[LedgerLine] of one app's entries of this case."""

    key: str
    lines: Callable


ledger_lines: Registry[LedgerLines] = Registry("ledger lines", key=lambda item: item.key)


def other_lines(case) -> list[LedgerLine]:
    """Every registered app's entries of this case, by date."""
    out: list[LedgerLine] = []
    for item in ledger_lines:
        out.extend(item.lines(case))
    return sorted(out, key=lambda line: line.on)
