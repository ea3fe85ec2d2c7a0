from .audit import AuditEvent, AuditSeal
from .notifications import Notification
from .orgs import Agency, Court, Membership, User

__all__ = ["Agency", "AuditEvent", "AuditSeal", "Court", "Membership", "Notification", "User"]
