from .audit import AuditEvent, AuditSeal
from .court_settings import CourtSetting
from .notifications import Notification
from .orgs import Agency, Court, Membership, User
from .outbox import PendingTask

__all__ = [
    "Agency",
    "AuditEvent",
    "AuditSeal",
    "Court",
    "CourtSetting",
    "Membership",
    "Notification",
    "PendingTask",
    "User",
]
