"""What money hangs on the apps below it (registered from MoneyConfig.ready())."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from assistance.choices import AnswerResult, NoticeAction


def deduction_answered(*, notice, result: str, answer: dict, actor=None) -> None:
    """A bank's answer to a deduction notice (扣划) with the amount transferred becomes money
    received on the case (kind bank deduction), for finance to confirm."""
    from money.services import receipt_from_deduction

    if notice.action != NoticeAction.DEDUCT or result == AnswerResult.REVIEW_SUGGESTION:
        return
    try:
        amount = Decimal(str(answer.get("amount", "")))
        on = dt.date.fromisoformat(answer.get("from", ""))
    except (InvalidOperation, ValueError, TypeError):
        return
    receipt_from_deduction(notice=notice, amount=amount, on=on, actor=actor)
