"""Closing a case otherwise than by full performance: 执行和解 (settle), 终结执行 (terminate) and
撤回 (withdraw), with what each must record, and resuming a settled case on breach.

- settle (民诉法 2023 art. 241 para. 1): the agreement recorded, its text (or the 笔录 of an oral
  one) or its file, its terms and performance schedule; approving it closes the case as settled and
  records the agreement (SettlementAgreement) with the parties as they then are.
- record_instalment: what the respondent performed of an instalment, and when.
- resume_on_breach (art. 241 para. 2; 民诉法解释 2022 arts. 464–466): the respondent did not perform
  or the applicant was deceived or coerced into the agreement; the applicant's application opens
  the 执恢 case (cases.resumption.case_resume_open) carrying the agreement, what was performed
  deducted (art. 465); refused once the agreement has been performed in full.
- terminate (民诉法 2023 art. 268): one of its six grounds, with the facts; the 终结执行裁定书
  (documents.rulings) states them.
- withdraw: the applicant's withdrawal with its date and document; a withdrawal is art. 268 item
  (一) (申请人撤销申请), so the case is terminated by ruling as well and closes as withdrawn.

Each clean_* is the action's clean_payload (cases.actions.CaseAction): every wrong field in one
InvalidInput under `payload.<field>`, so the page shows each at its field."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from cases import rules
from cases.choices import CaseState
from cases.models import SettlementAgreement, SettlementInstalment
from cases.resumption import case_resume_open
from enforcement.errors import Conflict, InvalidInput
from enforcement.money import MONEY_MAX

TEXT_MAX = 4000
INSTALMENTS_MAX = 60
# where the browser's upload of an agreement is kept until the settlement is approved
AGREEMENT_UPLOAD_PREFIX = "settlements/"


# What the forms show for each statutory ground (the rule rows keep the law's own words)
TERMINATION_GROUND_LABELS = {
    "1": gettext_lazy("(1) the applicant withdraws the application"),
    "2": gettext_lazy("(2) the legal document enforced has been revoked"),
    "3": gettext_lazy(
        "(3) the respondent, a citizen, has died leaving no estate to enforce against and no one to bear the duty"
    ),
    "4": gettext_lazy("(4) the claimant of alimony, support or child maintenance has died"),
    "5": gettext_lazy(
        "(5) the respondent, a citizen, is in hardship and cannot repay a loan, has no income and has lost "
        "the ability to work"
    ),
    "6": gettext_lazy("(6) other circumstances in which the court finds enforcement should be terminated"),
}
BREACH_GROUND_LABELS = {
    "non_performance": gettext_lazy("A party does not perform the settlement agreement"),
    "fraud_coercion": gettext_lazy("The applicant was deceived or coerced into the settlement agreement"),
}


def termination_ground_choices() -> list[tuple[str, str]]:
    return [(item, TERMINATION_GROUND_LABELS.get(item, text)) for item, text in termination_grounds()]


def breach_ground_choices() -> list[tuple[str, str]]:
    return [(key, BREACH_GROUND_LABELS.get(key, text)) for key, text in breach_grounds()]


def _today() -> dt.date:
    return timezone.localdate()


def termination_grounds(on: dt.date | None = None) -> tuple[tuple[str, str], ...]:
    return rules.rule(rules.TERMINATION_GROUNDS, on=on or _today()).value


def breach_grounds(on: dt.date | None = None) -> tuple[tuple[str, str], ...]:
    return rules.rule(rules.SETTLEMENT_BREACH_GROUNDS, on=on or _today()).value


def ground_text(item: str, on: dt.date | None = None) -> str:
    return dict(termination_grounds(on)).get(str(item), "")


class _Errors:
    def __init__(self):
        self.fields: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(f"payload.{name}", []).append(message)

    def raise_any(self) -> None:
        if self.fields:
            first = next(iter(self.fields.values()))[0]
            raise InvalidInput(first, fields=self.fields)


def _text(payload: dict, name: str, errors: _Errors, *, required: bool, missing: str = "") -> str:
    raw = payload.get(name, "")
    value = raw.strip() if isinstance(raw, str) else ""
    if raw not in ("", None) and not isinstance(raw, str):
        errors.add(name, gettext("Enter text."))
    elif required and not value:
        errors.add(name, missing or gettext("This field is required."))
    elif len(value) > TEXT_MAX:
        errors.add(name, gettext("At most %(max)s characters.") % {"max": TEXT_MAX})
    return value


def _date(payload: dict, name: str, errors: _Errors, *, missing: str, not_after_today=True) -> dt.date | None:
    raw = payload.get(name)
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        day = raw
    elif isinstance(raw, str) and raw.strip():
        try:
            day = dt.date.fromisoformat(raw.strip())
        except ValueError:
            errors.add(name, gettext("Enter a date as YYYY-MM-DD."))
            return None
    else:
        errors.add(name, missing)
        return None
    if not_after_today and day > _today():
        errors.add(name, gettext("The date may not be in the future."))
        return None
    return day


def _amount(raw) -> Decimal | None:
    try:
        amount = Decimal(str(raw).replace(",", "").replace("，", "").strip())
    except (InvalidOperation, TypeError, ValueError):
        return None
    if (
        not amount.is_finite()
        or amount <= 0
        or amount != amount.quantize(Decimal("0.01"))
        or amount > MONEY_MAX
    ):
        return None
    return amount


def _instalment_rows(raw) -> list[tuple]:
    """The schedule as [(due_on, amount)] raw values: a list of {"due_on", "amount"} (the API) or
    text with one "YYYY-MM-DD amount" a line (the page)."""
    if isinstance(raw, str):
        rows = []
        for line in raw.splitlines():
            parts = line.replace("，", " ").replace(",", " ").replace("\t", " ").split()
            if parts:
                rows.append((parts[0], parts[1] if len(parts) > 1 else ""))
        return rows
    if isinstance(raw, list):
        return [
            (item.get("due_on"), item.get("amount")) if isinstance(item, dict) else (None, None)
            for item in raw
        ]
    return []


def clean_settlement(payload: dict) -> dict:
    """{"signed_on", "terms", "agreement_text" and/or "agreement_file", "instalments"}: the
    agreement signed (not in the future), its terms, its text or file (民诉法 2023 art. 241 para. 1:
    记入笔录 or the written agreement), and a schedule of at least one instalment, each due on or
    after the signing, of more than zero yuan."""
    errors = _Errors()
    signed_on = _date(
        payload, "signed_on", errors, missing=gettext("Give the date the agreement was signed.")
    )
    terms = _text(
        payload, "terms", errors, required=True, missing=gettext("Give the terms the parties agreed on.")
    )
    text = _text(payload, "agreement_text", errors, required=False)
    upload = payload.get("agreement_file") or ""
    if upload and (
        not isinstance(upload, str)
        or not upload.startswith(AGREEMENT_UPLOAD_PREFIX)
        or ".." in upload
        or not default_storage.exists(upload)
    ):
        errors.add("agreement_file", gettext("The uploaded agreement could not be found; upload it again."))
        upload = ""
    if not text and not upload and "payload.agreement_file" not in errors.fields:
        errors.add(
            "agreement_text",
            gettext("Give the text of the agreement (or the record of an oral one), or upload its file."),
        )
    rows = _instalment_rows(payload.get("instalments"))
    instalments = []
    if not rows:
        errors.add("instalments", gettext("Give the performance schedule: at least one instalment."))
    elif len(rows) > INSTALMENTS_MAX:
        errors.add("instalments", gettext("At most %(max)s instalments.") % {"max": INSTALMENTS_MAX})
    else:
        for seq, (due_raw, amount_raw) in enumerate(rows, start=1):
            try:
                due_on = dt.date.fromisoformat(str(due_raw).strip())
            except ValueError:
                due_on = None
            amount = _amount(amount_raw)
            if due_on is None or amount is None:
                errors.add(
                    "instalments",
                    gettext(
                        "Instalment %(n)s: give its due date (YYYY-MM-DD) and an amount of more than zero yuan "
                        "with at most two decimals."
                    )
                    % {"n": seq},
                )
                continue
            if signed_on is not None and due_on < signed_on:
                errors.add(
                    "instalments",
                    gettext("Instalment %(n)s is due before the agreement was signed.") % {"n": seq},
                )
                continue
            instalments.append({"due_on": due_on, "amount": amount})
    errors.raise_any()
    instalments.sort(key=lambda item: item["due_on"])
    total = sum((item["amount"] for item in instalments), start=Decimal("0.00"))
    if total > MONEY_MAX:
        errors.add("instalments", gettext("The instalments add up to more than the largest amount allowed."))
        errors.raise_any()
    return {
        "signed_on": signed_on.isoformat(),
        "terms": terms,
        "agreement_text": text,
        "agreement_file": upload,
        "instalments": [
            {"seq": seq, "due_on": item["due_on"].isoformat(), "amount": str(item["amount"])}
            for seq, item in enumerate(instalments, start=1)
        ],
        "total": str(total),
    }


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}元"


def settle_perform(*, case, actor, payload):
    """Approving the settlement records the agreement with the parties as they now are."""
    cleaned = clean_settlement(payload)
    agreement = SettlementAgreement.objects.create(
        case=case,
        signed_on=dt.date.fromisoformat(cleaned["signed_on"]),
        terms=cleaned["terms"],
        agreement_text=cleaned["agreement_text"],
        agreement_file=cleaned["agreement_file"] or "",
        parties=[{"role": p.role, "name": p.name} for p in case.parties.order_by("role", "position", "id")],
        total=Decimal(cleaned["total"]),
        recorded_by=actor,
    )
    SettlementInstalment.objects.bulk_create(
        SettlementInstalment(
            agreement=agreement,
            seq=item["seq"],
            due_on=dt.date.fromisoformat(item["due_on"]),
            amount=Decimal(item["amount"]),
        )
        for item in cleaned["instalments"]
    )
    count = len(cleaned["instalments"])
    last = cleaned["instalments"][-1]["due_on"]
    return (
        f"记录执行和解协议（{cleaned['signed_on']}签订），约定履行{_yuan(agreement.total)}，"
        f"分{count}期，最后一期{last}"
    )


# --- what was performed ---------------------------------------------------------------------------
def clean_performance(payload: dict) -> dict:
    """{"seq", "amount", "performed_on"}: what the respondent performed of one instalment."""
    errors = _Errors()
    raw = payload.get("seq")
    try:
        seq = int(raw)
    except (TypeError, ValueError):
        seq = 0
    if isinstance(raw, bool) or seq < 1:
        errors.add("seq", gettext("Choose the instalment."))
    amount = _amount(payload.get("amount"))
    if amount is None:
        errors.add("amount", gettext("Give an amount of more than zero yuan with at most two decimals."))
    performed_on = _date(payload, "performed_on", errors, missing=gettext("Give the date it was performed."))
    errors.raise_any()
    return {"seq": seq, "amount": str(amount), "performed_on": performed_on.isoformat()}


def has_settlement(case) -> str | None:
    if case.state != CaseState.SETTLED or not SettlementAgreement.objects.filter(case=case).exists():
        return gettext("Only a settled case with its agreement recorded has instalments to perform.")
    return None


def performance_perform(*, case, actor, payload):
    cleaned = clean_performance(payload)
    instalment = (
        SettlementInstalment.objects.select_for_update()
        .filter(agreement__case=case, seq=cleaned["seq"])
        .first()
    )
    if instalment is None:
        message = gettext("The agreement has no instalment %(n)s.") % {"n": cleaned["seq"]}
        raise InvalidInput(message, fields={"payload.seq": [message]})
    amount = Decimal(cleaned["amount"])
    if instalment.performed_amount + amount > instalment.amount:
        message = gettext("Instalment %(n)s is %(due)s, of which %(done)s is already performed.") % {
            "n": instalment.seq,
            "due": _yuan(instalment.amount),
            "done": _yuan(instalment.performed_amount),
        }
        raise InvalidInput(message, fields={"payload.amount": [message]})
    instalment.performed_amount += amount
    instalment.performed_on = dt.date.fromisoformat(cleaned["performed_on"])
    instalment.save(update_fields=["performed_amount", "performed_on"])
    return f"和解协议第{instalment.seq}期履行{_yuan(amount)}（{cleaned['performed_on']}）"


# --- breach: resuming the original basis ----------------------------------------------------------
def clean_breach(payload: dict) -> dict:
    """{"ground": one of 民诉法 2023 art. 241 para. 2, "facts", "applied_on"}."""
    errors = _Errors()
    ground = payload.get("ground")
    if ground not in dict(breach_grounds()):
        errors.add("ground", gettext("Choose the ground on which enforcement is resumed."))
    facts = _text(payload, "facts", errors, required=True, missing=gettext("Give the facts of the breach."))
    applied_on = _date(
        payload, "applied_on", errors, missing=gettext("Give the date the applicant applied to resume.")
    )
    errors.raise_any()
    return {"ground": ground, "facts": facts, "applied_on": applied_on.isoformat()}


def can_resume_on_breach(case) -> str | None:
    """A settled case, not yet resumed, whose agreement is recorded and not performed in full
    (民诉法解释 2022 art. 465: 和解协议已经履行完毕的，人民法院不予恢复执行)."""
    if case.state != CaseState.SETTLED:
        return gettext("Only a settled case can be resumed on breach of the settlement.")
    if case.resumptions.exists():
        return gettext("This case has already been resumed.")
    agreement = SettlementAgreement.objects.filter(case=case).first()
    if agreement is None:
        return gettext("The settlement agreement of this case is not recorded.")
    if agreement.fully_performed:
        return gettext("The settlement agreement has been performed in full: enforcement is not resumed.")
    return None


def settled_resumes_on_breach(case) -> str | None:
    """The plain `resume` is not the way for a settled case: it resumes on breach, with the ground,
    and what was performed deducted."""
    if case.state == CaseState.SETTLED:
        return gettext("A settled case is resumed on breach of the settlement, with its ground.")
    return None


def breach_perform(*, case, actor, payload):
    """Open the 执恢 case on the original basis, carrying the agreement; what was performed of the
    agreement is deducted from its subject amount (民诉法解释 2022 art. 465)."""
    cleaned = clean_breach(payload)
    agreement = SettlementAgreement.objects.select_for_update().get(case=case)
    if agreement.fully_performed:
        raise Conflict(
            gettext("The settlement agreement has been performed in full: enforcement is not resumed."),
            code="settlement_performed",
        )
    performed = agreement.performed
    resumed = case_resume_open(actor=actor, original=case)
    before = resumed.subject_amount or Decimal("0.00")
    resumed.subject_amount = max(before - performed, Decimal("0.00"))
    resumed.save(update_fields=["subject_amount"])
    agreement.breach_ground = cleaned["ground"]
    agreement.breach_facts = cleaned["facts"]
    agreement.breach_applied_on = dt.date.fromisoformat(cleaned["applied_on"])
    agreement.performed_deducted = performed
    agreement.resumed_case = resumed
    agreement.save(
        update_fields=[
            "breach_ground",
            "breach_facts",
            "breach_applied_on",
            "performed_deducted",
            "resumed_case",
        ]
    )
    ground = dict(breach_grounds())[cleaned["ground"]]
    return (
        f"{ground}，申请执行人于{cleaned['applied_on']}申请恢复执行，立执恢案件 {resumed.number}；"
        f"和解协议已履行{_yuan(performed)}予以扣除，恢复执行标的{_yuan(resumed.subject_amount)}"
    )


# --- termination and withdrawal -------------------------------------------------------------------
def clean_termination(payload: dict) -> dict:
    """{"ground": "1".."6" (民诉法 2023 art. 268 item), "facts"}."""
    errors = _Errors()
    ground = str(payload.get("ground") or "")
    if ground not in dict(termination_grounds()):
        errors.add("ground", gettext("Choose the statutory ground of the termination."))
    facts = _text(
        payload, "facts", errors, required=True, missing=gettext("Give the facts the ground rests on.")
    )
    errors.raise_any()
    return {"ground": ground, "facts": facts}


def terminate_perform(*, case, actor, payload):
    cleaned = clean_termination(payload)
    article = rules.rule(rules.TERMINATION_GROUNDS, on=_today()).article
    return f"依据{article}第（{_cn_item(cleaned['ground'])}）项“{ground_text(cleaned['ground'])}”：{cleaned['facts']}"


def _cn_item(item: str) -> str:
    return "零一二三四五六七八九十"[int(item)] if str(item).isdigit() and int(item) <= 10 else str(item)


def clean_withdrawal(payload: dict) -> dict:
    """{"withdrawn_on", "document", "after_settlement"}: the date the applicant withdrew and the
    document that says so (撤回执行申请书, or the 笔录 of an oral withdrawal)."""
    errors = _Errors()
    withdrawn_on = _date(
        payload,
        "withdrawn_on",
        errors,
        missing=gettext("Give the date the applicant withdrew the application."),
    )
    document = _text(
        payload,
        "document",
        errors,
        required=True,
        missing=gettext("Give the applicant's withdrawal (its document, or the record of an oral one)."),
    )
    after = payload.get("after_settlement", False)
    if after not in (True, False, "true", "false", "on", "", None):
        errors.add("after_settlement", gettext("Answer yes or no."))
    errors.raise_any()
    return {
        "withdrawn_on": withdrawn_on.isoformat(),
        "document": document,
        "after_settlement": after in (True, "true", "on"),
        # 民诉法 2023 art. 268 item (一): the ground of the termination ruling a withdrawal gets
        "ground": str(rules.rule(rules.WITHDRAWAL_TERMINATES, on=_today()).value),
    }


def withdraw_perform(*, case, actor, payload):
    cleaned = clean_withdrawal(payload)
    after = "达成和解后" if cleaned["after_settlement"] else ""
    return f"申请执行人{after}于{cleaned['withdrawn_on']}撤回执行申请：{cleaned['document']}"
