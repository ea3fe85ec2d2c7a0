"""Report jobs of the command centre: who may ask for one and download it, starting one (checked,
audited and queued in one transaction), the worker's build in chunks with its progress, and the
download. The browser page (command.report_views) and the API (command.api) call only these.

Who: the head or the admin of the court, or of a court above it (visible_courts: a higher court's
staff see the courts below), may start a report and download it; a supervisor of the court (its
own subtree or a valid supervision grant) may list and download but not start (read-only,
enforcement.supervision); anyone else is refused (403), and a court or a report the user may not
see does not exist for them (404)."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from command import events, reports
from command.models import ReportJob, ReportStatus
from enforcement.access import membership_of, visible_courts
from enforcement.audit import audit_record
from enforcement.choices import Role
from enforcement.errors import InvalidInput, NotAllowed, NotFound
from enforcement.i18n import in_record_language
from enforcement.models import Court
from enforcement.models.outbox import RUN_LEASE
from enforcement.outbox import task_enqueue
from enforcement.supervision import READ_ONLY_MESSAGE
from enforcement.tabular import CSV_TYPE, XLSX_TYPE, csv_bytes, xlsx_bytes

logger = logging.getLogger(__name__)

STARTERS = (Role.HEAD, Role.ADMIN)
READERS = (*STARTERS, Role.SUPERVISOR)
MAX_DAYS = 366  # a report covers at most a year
TASK = "command.build_report"
FORMATS = {"pdf": "application/pdf", "xlsx": XLSX_TYPE, "csv": CSV_TYPE}


def _role(user) -> str | None:
    if user.is_superuser:
        return Role.ADMIN
    membership = membership_of(user)
    return membership.role if membership and membership.court_id else None


def may_read_reports(user) -> bool:
    return getattr(user, "is_authenticated", False) and _role(user) in READERS


def may_start_reports(user) -> bool:
    return getattr(user, "is_authenticated", False) and _role(user) in STARTERS


def report_courts(user) -> QuerySet:
    """The courts whose reports this user may see (none unless a head, admin or supervisor)."""
    if not may_read_reports(user):
        return Court.objects.none()
    return visible_courts(user)


def refuse_unless_reader(user) -> None:
    if not may_read_reports(user):
        raise NotAllowed(_("Only the head, the administrator and supervisors of a court see its reports."))


def get_report_court(user, court_id) -> Court:
    refuse_unless_reader(user)
    try:
        return report_courts(user).get(pk=int(court_id))
    except (Court.DoesNotExist, TypeError, ValueError, OverflowError):
        raise NotFound(_("The court does not exist or you may not view it.")) from None


def reports_of(user, court: Court | None = None) -> QuerySet:
    """The report jobs of `court` (else of every court the user may see), newest first."""
    jobs = ReportJob.objects.filter(court__in=report_courts(user)).select_related("court", "requested_by")
    return jobs.filter(court=court) if court is not None else jobs


def get_report_for(user, job_id) -> ReportJob:
    refuse_unless_reader(user)
    try:
        return reports_of(user).get(pk=int(job_id))
    except (ReportJob.DoesNotExist, TypeError, ValueError, OverflowError):
        raise NotFound(_("The report does not exist or you may not view it.")) from None


def _check_period(start, end) -> None:
    if start is None or end is None:
        return
    if start > end:
        message = _("The last day cannot be before the first.")
        raise InvalidInput(message, fields={"end": [message]})
    if (end - start).days >= MAX_DAYS:
        message = _("A report covers at most %(days)s days.") % {"days": MAX_DAYS}
        raise InvalidInput(message, fields={"end": [message]})


def report_start(*, actor, court_id, start: dt.date, end: dt.date) -> ReportJob:
    """Ask for the report of a court over start..end; a Celery task builds it after the commit."""
    if getattr(actor, "is_authenticated", False) and _role(actor) == Role.SUPERVISOR:
        raise NotAllowed(str(READ_ONLY_MESSAGE))
    if not may_start_reports(actor):
        raise NotAllowed(_("Only the head or the administrator of a court may make its reports."))
    court = get_report_court(actor, court_id)
    _check_period(start, end)
    with transaction.atomic():
        job = ReportJob.objects.create(court=court, requested_by=actor, start=start, end=end)
        audit_record(
            actor=actor,
            action=events.REPORT_REQUESTED,
            obj=job,
            court=court,
            summary=f"制作执行工作月报：{court.name}，{reports.period_text(start, end)}",
            data={"start": start, "end": end},
        )
        queue_report(job.pk)
    return job


def queue_report(job_id: int) -> None:
    """The job's work in the task outbox (sent after commit, swept until a worker ran it)."""
    with transaction.atomic():
        task_enqueue(TASK, job_id, key=f"{TASK}:{job_id}", reopen=True)


def _progress(job: ReportJob, **fields) -> None:
    ReportJob.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def report_build(*, job_id: int, chunk: int = reports.CHUNK) -> ReportJob | None:
    """The task's work: count the rows, read them in chunks (progress after each), then render the
    PDF and write the XLSX and CSV. Running it again on a finished job does nothing, nor on a job
    another worker started less than RUN_LEASE ago; a job that failed, or whose worker died, is
    built again from the start (it only reads)."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().select_related("court").filter(pk=job_id).first()
        if job is None or job.status == ReportStatus.FINISHED:
            return job
        started = timezone.now()
        if job.status == ReportStatus.RUNNING and job.started_at and started - job.started_at < RUN_LEASE:
            return job  # another worker is building it; one that died is taken over after the lease
        _progress(job, status=ReportStatus.RUNNING, started_at=started, processed=0, error="")
    try:
        total = reports.rows_queryset(job.court, job.start, job.end).count()
        _progress(job, total=total)
        rows: list[list] = []
        for part in reports.row_chunks(job.court, job.start, job.end, chunk=chunk):
            rows.extend(part)
            _progress(job, processed=min(len(rows), total))  # rows filed since the count wait for the next
        _progress(job, total=len(rows), processed=len(rows))
        content = reports.report_content(job.court, job.start, job.end)
        pdf = reports.report_pdf(content, rows, generated_on=timezone.localdate())
        with in_record_language():  # the CSV's dates as the court writes them, whoever asked
            headers = reports.headers()
            xlsx, csv = xlsx_bytes(headers, rows, sheet=job.court.name), csv_bytes(headers, rows)
        stem = f"{job.pk}-{job.start:%Y%m%d}-{job.end:%Y%m%d}"
        job.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        job.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        job.csv.save(f"{stem}.csv", ContentFile(csv), save=False)
    except Exception as exc:  # a font missing, storage full: the page says so and may start again
        logger.exception("report %s failed", job.pk)
        _progress(
            job,
            status=ReportStatus.FAILED,
            error=f"{exc.__class__.__name__}: {exc}"[:1000],
            finished_at=timezone.now(),
        )
        return job
    _progress(
        job,
        pdf=job.pdf.name,
        xlsx=job.xlsx.name,
        csv=job.csv.name,
        status=ReportStatus.FINISHED,
        finished_at=timezone.now(),
    )
    return job


def report_progress(job: ReportJob) -> dict:
    """The progress the page's bar and the API show (the keys static/js/progress.js reads)."""
    finished = job.status == ReportStatus.FINISHED
    return {
        "id": job.pk,
        "status": job.status,
        "total": job.total,
        "processed": job.processed,
        "done": job.processed,
        "failed": 0,
        "percent": job.percent,
        "finished": finished or job.status == ReportStatus.FAILED,
        "errors": [{"case_number": _("Report"), "message": job.error}] if job.error else [],
    }


@dataclass
class ReportDownload:
    handle: object
    filename: str
    content_type: str


def report_open_for_download(*, actor, job_id, fmt: str) -> ReportDownload:
    """The report's PDF, XLSX or CSV, open; recorded in the audit trail (it lists parties)."""
    job = get_report_for(actor, job_id)
    if fmt not in FORMATS:
        raise NotFound(_("No such format."))
    field = getattr(job, fmt)
    if job.status != ReportStatus.FINISHED or not field:
        raise NotFound(_("The report is not ready yet."))
    handle = field.storage.open(field.name, "rb")
    period = reports.period_text(job.start, job.end)
    audit_record(
        actor=actor,
        action=events.REPORT_DOWNLOADED,
        obj=job,
        court=job.court,
        summary=f"下载执行工作月报（{fmt.upper()}）：{job.court.name}，{period}",
        data={"format": fmt},
    )
    return ReportDownload(
        handle=handle, filename=f"{job.court.name}执行工作月报{period}.{fmt}", content_type=FORMATS[fmt]
    )
