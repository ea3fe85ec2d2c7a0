"""The beat schedule (DESIGN 8). Apps append their periodic jobs here; the beat service loads them
into django-celery-beat's tables at start (DatabaseScheduler reads CELERY_BEAT_SCHEDULE)."""

from celery.schedules import crontab

from config.settings.env import env_int

# Seconds between two anchors of the audit chain's head (enforcement.audit_anchor): sealed events
# newer than the last anchor are the ones a removed tail can take without verify_audit noticing.
AUDIT_ANCHOR_INTERVAL = max(1, env_int("AUDIT_ANCHOR_INTERVAL", 60))

BEAT_SCHEDULE = {
    "audit-seal": {"task": "enforcement.audit_seal", "schedule": 60.0},
    "audit-anchor": {"task": "enforcement.audit_anchor", "schedule": float(AUDIT_ANCHOR_INTERVAL)},
    "deliver-pending-notifications": {"task": "enforcement.deliver_pending_notifications", "schedule": 60.0},
    # work recorded in the task outbox that no worker has done yet (the broker was down, a worker died)
    "dispatch-pending-tasks": {"task": "enforcement.dispatch_pending_tasks", "schedule": 60.0},
    # case time limits: entering the last 30 days, and overdue (DESIGN 3.2)
    "case-deadline-sweep": {"task": "cases.deadline_sweep", "schedule": crontab(hour=6, minute=0)},
    # stored PDFs that no document row names (a rolled-back issue, a crash): removed after 6 hours
    "documents-sweep-orphans": {
        "task": "enforcement.documents_sweep_orphans",
        "schedule": crontab(hour=3, minute=30),
    },
    # assistance notices past their answer date, and control measures near or past expiry (DESIGN 3.4, 4)
    "notices-overdue-sweep": {
        "task": "assistance.notices_overdue_sweep",
        "schedule": crontab(hour=6, minute=10),
    },
    "network-queries-resume": {"task": "assistance.network_queries_resume", "schedule": 600.0},
    "measures-expiry-sweep": {
        "task": "assistance.measures_expiry_sweep",
        "schedule": crontab(hour=6, minute=20),
    },
}

__all__ = ["AUDIT_ANCHOR_INTERVAL", "BEAT_SCHEDULE", "crontab"]
