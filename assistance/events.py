"""The audit events the assistance app writes (registered from AssistanceConfig.ready()). Those about
a notice, a measure or a network query are on the case (its timeline) with that object as their
subject, so they are the notice's events as well as the case's (enforcement.audit.events_for)."""

from django.utils.translation import gettext_lazy as _

from enforcement.registry import AuditEventType

NOTICE_DRAFTED = AuditEventType("notice.drafted", _("Assistance notice drafted"))
NOTICE_SENT = AuditEventType("notice.sent", _("Assistance notice signed and sent"))
NOTICE_RECEIVED = AuditEventType("notice.received", _("Assistance notice received by the agency"))
NOTICE_ANSWERED = AuditEventType("notice.answered", _("Assistance notice answered"))
NOTICE_OVERDUE = AuditEventType("notice.overdue", _("Assistance notice overdue"))
NOTICE_DUE_RECOMPUTED = AuditEventType("notice.due_recomputed", _("Answer date fixed"))
NOTICE_JUDICIAL_SUGGESTION = AuditEventType("notice.judicial_suggestion", _("Judicial suggestion issued"))
NOTICE_CANCELLED = AuditEventType("notice.cancelled", _("Assistance notice withdrawn"))
NOTICE_CLOSED = AuditEventType("notice.closed", _("Assistance notice closed"))
MEASURE_OVER_LIMIT = AuditEventType("measure.over_limit", _("Measure holds more than is owed"))
MEASURE_OVER_LIMIT_REFUSED = AuditEventType(
    "measure.over_limit_refused", _("Holding more than is owed not approved")
)
MEASURE_WITHDRAWN = AuditEventType("measure.withdrawn", _("Measure withdrawn"))
MEASURES_LIFT_ON_CLOSING = AuditEventType("measure.lift_on_closing", _("Measures lifted on closing"))
NETWORK_QUERY_STARTED = AuditEventType("network_query.started", _("Network query started"))
NETWORK_QUERY_SENT = AuditEventType("network_query.sent", _("Network query sent"))
# Who looked at what (the respondent's full ID number): in the trail, not a step of the case.
NOTICE_VIEWED = AuditEventType("notice.viewed", _("Assistance notice viewed"), on_timeline=False)
NOTICE_LISTED_VIA_API = AuditEventType(
    "notice.listed_via_api", _("Assistance notices listed through the API"), on_timeline=False
)
AGENCY_TOKEN_ISSUED = AuditEventType("agency_token.issued", _("Agency API token issued"))
AGENCY_TOKEN_REVOKED = AuditEventType("agency_token.revoked", _("Agency API token revoked"))
# 终本后定期查询 (assistance.requery): the half-year's network query started, and its result told
END_ROUND_REQUERY_STARTED = AuditEventType(
    "end_round_requery.started", _("Periodic network query after termination of the round started")
)
END_ROUND_REQUERY_RESULT = AuditEventType(
    "end_round_requery.result", _("Result of the periodic network query after termination of the round")
)
