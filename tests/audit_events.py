"""Assertions on the audit events a service wrote: every service test says which event it wrote
(or that a refused or event-less call wrote none)."""

from enforcement.audit import audit_reference, events_for
from enforcement.models import AuditEvent
from enforcement.registry import AuditEventType


def _name(action) -> str:
    return action.action if isinstance(action, AuditEventType) else action


def actions_of(obj) -> list[str]:
    """The actions of the object's events (object or subject), oldest first."""
    return [event.action for event in events_for(obj)]


def the_event(action, *, on, subject=None, **filters) -> AuditEvent:
    """The one event of this type among `on`'s events (its object or subject), optionally about
    `subject` as well; fails when there is none or more than one."""
    events = events_for(on).filter(action=_name(action), **filters)
    if subject is not None:
        subject_type, subject_id = audit_reference(subject)
        events = events.filter(subject_type=subject_type, subject_id=subject_id)
    matches = list(events)
    assert len(matches) == 1, f"expected one {_name(action)} event, found {len(matches)}"
    return matches[0]


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def actions_since(mark: int) -> list[str]:
    """What was recorded after `mark` (last_event_id()), in order."""
    return list(AuditEvent.objects.filter(id__gt=mark).order_by("id").values_list("action", flat=True))
