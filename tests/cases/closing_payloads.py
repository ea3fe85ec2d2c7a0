"""Payloads of the closing actions (cases.closing) that the law's required fields fill in, for the
tests that close a case on the way to something else."""

from tests.clock import TODAY


def settlement(**overrides) -> dict:
    payload = {
        "signed_on": TODAY.isoformat(),
        "terms": "被执行人分两期向申请执行人支付六万元，申请执行人放弃其余请求",
        "agreement_text": "执行和解协议：一、被执行人于期限内分两期支付六万元；二、……",
        "instalments": [
            {"due_on": TODAY.replace(day=28).isoformat(), "amount": "30000.00"},
            {"due_on": TODAY.replace(year=TODAY.year + 1, day=28).isoformat(), "amount": "30000.00"},
        ],
    }
    payload.update(overrides)
    return payload


def termination(ground: str = "6", facts: str = "被执行人下落不明，经查找无果") -> dict:
    return {"ground": ground, "facts": facts}


def withdrawal(**overrides) -> dict:
    payload = {"withdrawn_on": TODAY.isoformat(), "document": "申请执行人提交的撤回执行申请书"}
    payload.update(overrides)
    return payload


def confirm_fully_performed(actor, case) -> None:
    """The applicant's written confirmation that the whole debt was performed directly (money's
    condition on 执行完毕 then holds without money through the account)."""
    from money.services import direct_performance_record

    applicant = case.parties.filter(role="applicant").first()
    direct_performance_record(
        actor=actor,
        case_id=case.pk,
        applicant_id=applicant.pk,
        amount="0",
        paid_on=TODAY,
        confirmation="申请执行人书面确认已全部履行",
        fully_performed=True,
    )
