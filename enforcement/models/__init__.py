from .audit import AuditEvent, AuditSeal
from .notifications import Notification
from .orgs import Agency, Court, Membership, User
from .outbox import PendingTask

__all__ = ["Agency", "AuditEvent", "AuditSeal", "Court", "Membership", "Notification", "PendingTask", "User"]
