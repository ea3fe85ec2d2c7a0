from .audit import AuditEvent, AuditSeal
from .court_settings import CourtSetting
from .notifications import Notification
from .orgs import Agency, Court, Membership, User
from .outbox import PendingTask
from .supervision import SupervisionGrant, SupervisorBody

__all__ = [
    "Agency",
    "AuditEvent",
    "AuditSeal",
    "Court",
    "CourtSetting",
    "Membership",
    "Notification",
    "PendingTask",
    "SupervisionGrant",
    "SupervisorBody",
    "User",
]
