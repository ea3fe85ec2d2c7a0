"""The audit events the kernel writes: signing in and out, failed sign-ins, lock-outs and unlocks.
Registered into enforcement.registry.audit_event_types from EnforcementConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from enforcement.registry import AuditEventType

AUTH_LOGIN = AuditEventType("auth.login", _("Signed in"))
AUTH_LOGOUT = AuditEventType("auth.logout", _("Signed out"))
AUTH_LOGIN_FAILED = AuditEventType("auth.login_failed", _("Sign-in failed"))
AUTH_LOCKED_OUT = AuditEventType("auth.locked_out", _("Sign-in locked"))
AUTH_UNLOCKED = AuditEventType("auth.unlocked", _("Sign-in unlocked"))
SUPERVISION_GRANTED = AuditEventType("supervision.granted", _("Supervision granted"))
SUPERVISION_REVOKED = AuditEventType("supervision.revoked", _("Supervision revoked"))
SUPERVISION_VIEWED = AuditEventType("supervision.viewed", _("Supervisor viewed a page"))
