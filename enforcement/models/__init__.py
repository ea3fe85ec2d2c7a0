from .audit import AuditEvent, AuditSeal
from .documents import Document, DocumentBatch, DocumentBatchItem, DocumentCounter  # noqa: F401
from .notifications import Notification
from .orgs import Agency, Court, Membership, User

__all__ = ["Agency", "AuditEvent", "AuditSeal", "Court", "Membership", "Notification", "User"]
