"""终本's evidence on the approval (cases.registry.approval_facts, from DocumentsConfig.ready()):
each execution notice and asset-report order of the case, with its number and whether its service
is in effect (终本规定 2016 art. 1 item (一): issued *and served*). And on the 审批表 of an approved
中止, 终结 or 终本 (cases.registry.approval_outcomes), the ruling issued on it."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from cases.choices import ApprovalStatus
from cases.registry import ApprovalFacts, ApprovalOutcome, Fact, approval_facts, approval_outcomes
from enforcement.dates import format_date

from .kinds import KINDS, RULING_FOR_ACTION, get_kind
from .rulings import ruling_of
from .serving import prefetch_service_statuses, service_statuses


def end_round_evidence(approval) -> list[Fact]:
    case = approval.case
    url = reverse("documents:case", args=[case.pk])
    today = timezone.localdate()
    required = [kind for kind in KINDS.values() if kind.required_for_end_round]
    statuses = service_statuses(case, today=today)
    facts = []
    for kind in required:
        mine = [s for s in statuses if s.document.kind == kind.key]
        if not mine:
            facts.append(Fact(kind.title, gettext("Not yet issued"), met=False, url=url))
        for status in mine:
            label = gettext("%(title)s %(number)s (%(party)s)") % {
                "title": kind.title,
                "number": status.document.number,
                "party": status.party.name,
            }
            if status.served:
                value = gettext("Served, in effect from %(date)s") % {
                    "date": format_date(status.effective_on)
                }
            elif status.effective_on is not None:
                value = gettext("Service takes effect on %(date)s") % {
                    "date": format_date(status.effective_on)
                }
            else:
                value = gettext("Issued on %(date)s, not yet served") % {
                    "date": format_date(status.document.issued_on)
                }
            facts.append(Fact(label, value, met=status.served, url=url))
    return facts


def end_round_prefetch(approvals) -> None:
    """The service of every case on the page at once: the evidence here and 终本's condition
    (serving.unserved_end_round_documents) both read it."""
    prefetch_service_statuses([approval.case for approval in approvals], today=timezone.localdate())


def ruling_outcome(approval) -> list[Fact]:
    """On the 审批表 of an approved 中止, 终结 or 终本: the ruling issued on it, its number linking to
    the document, or that it is still being issued (documents.rulings issues it after the decision)."""
    if approval.status != ApprovalStatus.APPROVED:
        return []
    ruling = ruling_of(approval)
    kind = get_kind(RULING_FOR_ACTION[approval.action])
    title = kind.title if kind is not None else gettext("Ruling")
    if ruling is None:
        return [Fact(title, gettext("Not yet issued"))]
    value = gettext("%(number)s, issued on %(date)s") % {
        "number": ruling.number,
        "date": format_date(ruling.issued_on),
    }
    return [Fact(title, value, url=reverse("documents:download", args=[ruling.pk]))]


def register_documents_facts() -> None:
    approval_outcomes.register(
        ApprovalOutcome("documents.ruling", tuple(RULING_FOR_ACTION), ruling_outcome, order=100)
    )
    approval_facts.register(
        ApprovalFacts(
            "documents.end_round",
            ("end_round",),
            end_round_evidence,
            order=250,
            prefetch=end_round_prefetch,
        )
    )
