"""What the liaison portal (assistance.views.liaison) and the agency API (assistance.api) share: which
answer an agency gives to which notice, the read-side audit events (viewing a notice shows the
respondent's full ID number; downloading its PDF), and the pending count for the navigation badge.

No rule is decided here. Writes go through assistance.services (notice_sign_receipt,
notice_answer, notice_ensure_document); reads through assistance.selectors (agency_inbox,
get_agency_notice), so an agency sees only its own notices and "missing" and "not yours" are the
same NotFound."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assistance import events
from assistance import rules as arules
from assistance.choices import NoticeAction as A
from assistance.models import Notice
from assistance.selectors import agency_inbox, get_agency_notice
from documents.events import DOCUMENT_DOWNLOADED
from documents.models import Document
from enforcement.access import user_agency
from enforcement.audit import audit_record
from enforcement.choices import AgencyKind as K
from enforcement.errors import NotFound


# --- which answer form ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemLabels:
    """What one found item is called at this kind of agency (the query answer's repeatable rows)."""

    noun: str  # 账户, 不动产, 车辆 …
    identifier: str
    description: str
    value: str | None  # None: this kind of item has no value the agency reports


ITEM_LABELS: dict[str, ItemLabels] = {
    K.BANK: ItemLabels(
        gettext_lazy("Account"),
        gettext_lazy("Account number"),
        gettext_lazy("Bank branch / account type"),
        gettext_lazy("Balance (yuan)"),
    ),
    K.HOUSING_FUND: ItemLabels(
        gettext_lazy("Housing fund account"),
        gettext_lazy("Housing fund account number"),
        gettext_lazy("Contributing employer / account status"),
        gettext_lazy("Balance (yuan)"),
    ),
    K.SECURITIES: ItemLabels(
        gettext_lazy("Securities account"),
        gettext_lazy("Securities account number"),
        gettext_lazy("Custodian / securities name"),
        gettext_lazy("Market value (yuan)"),
    ),
    K.INSURANCE: ItemLabels(
        gettext_lazy("Policy"),
        gettext_lazy("Policy number"),
        gettext_lazy("Insurance type / policyholder"),
        gettext_lazy("Cash value (yuan)"),
    ),
    K.NATURAL_RESOURCES: ItemLabels(
        gettext_lazy("Real estate"),
        gettext_lazy("Real estate title number"),
        gettext_lazy("Location"),
        gettext_lazy("Estimated value (yuan)"),
    ),
    K.POLICE: ItemLabels(
        gettext_lazy("Vehicle"), gettext_lazy("Licence plate"), gettext_lazy("Vehicle model"), None
    ),
    K.MARKET_REGULATION: ItemLabels(
        gettext_lazy("Equity"),
        gettext_lazy("Company name"),
        gettext_lazy("Unified social credit code / shareholding"),
        gettext_lazy("Capital contribution (yuan)"),
    ),
}

# Layouts of the answer form, by what the notice asks.
ITEMS, TEXT, MEASURE, DEDUCT, LIFT, RENEW = "items", "text", "measure", "deduct", "lift", "renew"
AMOUNT_ACTIONS = (A.FREEZE, A.QUEUED_FREEZE)  # the agency reports the amount actually frozen


def answer_layout(notice: Notice) -> str:
    action = notice.action
    if action == A.QUERY:
        return ITEMS if notice.agency.kind in ITEM_LABELS else TEXT
    if action == A.DEDUCT:
        return DEDUCT
    if action in arules.MEASURE_OF_ACTION:
        return MEASURE
    if action == A.LIFT:
        return LIFT
    if action == A.RENEW:
        return RENEW
    return TEXT


def item_labels(notice: Notice) -> ItemLabels | None:
    return ITEM_LABELS.get(notice.agency.kind) if answer_layout(notice) == ITEMS else None


# --- answer data the services do not bound yet ---------------------------------------------------
def answer_args(notice: Notice, *, result: str, data: dict, note: str) -> tuple[dict, str]:
    """(data, note) for assistance.services.notice_answer: dates become ISO strings as the service
    stores them. The service checks the dates (between the notice's sending and today) and keeps a
    free-text query answer as data.text."""
    out = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}
    return out, note


def created_asset_ids(notice: Notice) -> list[int]:
    return [item["asset_id"] for item in (notice.answer or {}).get("items", []) if item.get("asset_id")]


# --- reads and their audit events ----------------------------------------------------------------
def agency_notice(agency, notice_id) -> Notice:
    """One of the agency's own notices (sent or later), with what its pages show; NotFound else."""
    get_agency_notice(agency, notice_id)  # bad, huge, foreign or draft ids: the same NotFound
    return (
        agency_inbox(agency, pending_only=False)
        .select_related("agency", "asset", "measure", "answered_by")
        .get(pk=notice_id)
    )


def audit_notice_viewed(*, notice: Notice, actor=None, via: str = "portal", token=None) -> None:
    """Opening a notice shows the respondent's full ID number (the agency needs it to carry the
    notice out): each view is recorded on the case and the notice (its subject)."""
    data = {"notice_id": notice.pk, "via": via}
    if token is not None:
        data.update(token_id=token.pk, token_prefix=token.prefix, agency=notice.agency.name)
    audit_record(
        actor=actor,
        action=events.NOTICE_VIEWED,
        obj=notice.case,
        subject=notice,
        court=notice.court,
        summary="协助执行单位查看通知书" if via == "portal" else "协助执行单位通过API查看通知书",
        data=data,
    )


def audit_notices_listed(*, agency, notices, token) -> None:
    """The API list carries full ID numbers: one event per page served, naming the notices."""
    if not notices:
        return
    audit_record(
        actor=None,
        action=events.NOTICE_LISTED_VIA_API,
        object_type="enforcement.agency",
        object_id=agency.pk,
        summary=f"{agency.name}通过API获取通知书列表（含被执行人完整证件号码）",
        data={"notice_ids": [n.pk for n in notices], "token_id": token.pk, "token_prefix": token.prefix},
    )


def open_notice_pdf(*, notice: Notice, actor=None, token=None):
    """(document, open file) of the notice's PDF, recorded as a download on the document. The
    caller has already scoped the notice to the agency; the court-side download service
    (documents.services.document_open_for_download) scopes by court, so it is not
    used here. Raises NotFound when the notice has no PDF or its file is missing.

    The addressee agency gets the original, with the respondent's full ID number, never the
    masked rendition court users off the case get: an agency executes the notice against a person
    it must identify exactly (the bank freezes the account of the holder with that number, the
    registry seals what is registered under it), and may not refuse or guess (the 执行联动 rules art. 18).
    Only the agency the notice is addressed to reaches this (Notice.objects.for_agency)."""
    if notice.document_id is None:
        raise NotFound(_("This notice has no PDF yet."))
    document = Document.objects.select_related("court").get(pk=notice.document_id)
    storage = Document._meta.get_field("file").storage
    try:
        handle = storage.open(document.file.name, "rb")
    except FileNotFoundError:
        raise NotFound(_("The archived file is missing; please contact the court.")) from None
    data = {
        "notice_id": notice.pk,
        "agency": notice.agency.name,
        "rendition": "original",
        "sha256": document.sha256,
    }
    if token is not None:
        data.update(token_id=token.pk, token_prefix=token.prefix)
    audit_record(
        actor=actor,
        action=DOCUMENT_DOWNLOADED,
        obj=document,
        subject=notice,
        court=document.court,
        summary=f"协助执行单位下载{document.title}{document.number}",
        data=data,
    )
    return document, handle


# --- navigation badge ----------------------------------------------------------------------------
def liaison_pending_count(user) -> int:
    """Notices waiting for this liaison officer's agency to answer (the 协助执行 badge)."""
    agency = user_agency(user)
    return agency_inbox(agency, pending_only=True).count() if agency is not None else 0
