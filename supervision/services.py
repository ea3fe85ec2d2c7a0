"""督办 services: the division head sends a reminder, the judge marks it acted on. Each checks
permission, locks the case, writes the audit event and queues the notification in one transaction."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.locking import lock_cases
from enforcement.access import membership_of
from enforcement.audit import audit_record
from enforcement.choices import Role
from enforcement.dates import format_date
from enforcement.errors import Conflict, InvalidInput
from enforcement.notifications import notification_queue
from supervision import events
from supervision.models import Node, SupervisionReminder

NOTE_MAX = 1000  # the note's column is a TextField; the form and the API allow this much


def reminder_send(*, actor, case_id: int, node: str, note: str = "") -> SupervisionReminder:
    """A division head's 督办 reminder on a case of their court, to its judge. One open reminder per
    case and node: a second while the first is not acted on is refused (Conflict, code
    "reminder_open"), checked under the case lock and backed by a partial unique constraint."""
    if node not in Node.values:
        message = _("Choose the node the reminder is about.")
        raise InvalidInput(message, fields={"node": [message]})
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        message = _("Keep the note within %(max)s characters.") % {"max": NOTE_MAX}
        raise InvalidInput(message, fields={"note": [message]})
    membership = membership_of(actor)
    with transaction.atomic():
        case = lock_cases([case_id]).get(case_id)
        if case is None or membership is None or membership.court_id != case.court_id:
            raise Http404
        if membership.role != Role.HEAD:
            raise PermissionDenied
        node = Node(node)
        open_since = (
            SupervisionReminder.objects.filter(case=case, node=node, acted_at__isnull=True)
            .values_list("sent_at", flat=True)
            .first()
        )
        if open_since is not None:
            raise _already_open(case, node, open_since)
        try:
            with transaction.atomic():  # a savepoint: the constraint is the last word on "one open"
                reminder = SupervisionReminder.objects.create(case=case, node=node, note=note, sent_by=actor)
        except IntegrityError:
            raise _already_open(case, node, None) from None
        audit_record(
            actor=actor,
            action=events.REMINDER_SENT,
            summary=lambda: _("Supervision reminder: %(node)s") % {"node": Node(node).label},
            obj=case,
            subject=reminder,
            court=case.court,
            data={"node": node.value, "note": note},
        )
        notification_queue(
            recipient=case.judge,
            kind="supervision.reminder",
            title=lambda: _("Supervision reminder on case %(number)s") % {"number": case.number},
            body=lambda: f"{Node(node).label}\n{note}".strip(),
            link=reverse("cases:detail", args=[case.pk]),
        )
    return reminder


def _already_open(case, node, since) -> Conflict:
    params = {"number": case.number, "node": Node(node).label}
    if since is not None:
        params["date"] = format_date(timezone.localdate(since))
        message = (
            _("A reminder on %(number)s about “%(node)s” was sent on %(date)s and is not acted on yet.")
            % params
        )
    else:
        message = _("A reminder on %(number)s about “%(node)s” is not acted on yet.") % params
    return Conflict(message, code="reminder_open")


def reminder_act(*, actor, reminder_id: int) -> SupervisionReminder:
    with transaction.atomic():
        reminder = SupervisionReminder.objects.select_related("case").filter(pk=reminder_id).first()
        if reminder is None:
            raise Http404
        case = lock_cases([reminder.case_id])[reminder.case_id]
        membership = membership_of(actor)
        if membership is None or membership.court_id != case.court_id:
            raise Http404
        if actor.pk != case.judge_id:
            raise PermissionDenied
        reminder = SupervisionReminder.objects.select_for_update().get(pk=reminder_id)
        if reminder.acted_at is None:
            reminder.acted_at = timezone.now()
            reminder.acted_by = actor
            reminder.save(update_fields=["acted_at", "acted_by"])
            audit_record(
                actor=actor,
                action=events.REMINDER_ACTED,
                summary=lambda: (
                    _("Supervision reminder acted on: %(node)s") % {"node": reminder.get_node_display()}
                ),
                obj=case,
                subject=reminder,
                court=case.court,
            )
    return reminder
