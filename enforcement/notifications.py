"""Notification services (outbox pattern).

`notification_queue` writes the row inside the caller's transaction and asks for delivery after
commit; if the broker is down nothing is lost: the periodic sweep delivers whatever is pending.
`notification_deliver` moves one row pending → delivered under a row lock and sends its e-mail;
a second call (a retried task, a duplicate message) finds it delivered and sends nothing.

A notification's title and body are stored in the record language (enforcement.i18n), like the
audit summaries: a producer passes them as callables or lazy strings and they are evaluated under
in_record_language(). Why stored text and not a msgid with parameters rendered for the reader:
users keep no language of their own (the language is the browser session's, chosen in the page
footer), the e-mail is sent by a worker that has no reader's session, and the parameters are
themselves labels and dates in a language; one stored language makes the inbox and the e-mail
agree, whoever acted, and leaves the rows already stored as they are. Before this the text was in
the sender's language, which the recipient may not read."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from enforcement.i18n import in_record_language, record_text
from enforcement.models import Notification
from enforcement.models.notifications import NotificationStatus
from enforcement.outbox import send_after_commit

logger = logging.getLogger(__name__)


def notification_queue(
    *,
    recipient,
    kind: str,
    title: "str | Promise | Callable[[], str]",
    body: "str | Promise | Callable[[], str]" = "",
    link: str = "",
    dedupe_key: str | None = None,
) -> Notification | None:
    """Queue one notification. With a dedupe_key, a second call with the same key adds nothing and
    returns None (deadline sweeps that run twice warn once). `title` and `body` are written in the
    record language: a callable or a lazy string is evaluated under in_record_language()."""
    title, body = record_text(title), record_text(body)
    if dedupe_key is not None and Notification.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():  # a savepoint: a lost race on dedupe_key must not break the caller
            notification = Notification.objects.create(
                recipient=recipient, kind=kind, title=title[:200], body=body, link=link, dedupe_key=dedupe_key
            )
    except IntegrityError:
        if dedupe_key is None:
            raise
        return None
    # The pending row is the record; the sweep delivers what the nudge did not reach.
    send_after_commit("enforcement.deliver_notification", notification.pk)
    return notification


def notification_queue_many(items: list[dict]) -> list[Notification]:
    """Queue many notifications at once, each given as notification_queue's keyword arguments: the
    same rows, written in one COPY on PostgreSQL (bulk_create elsewhere), with one nudge after the
    commit that delivers them all (task enforcement.deliver_notifications). A dedupe_key already taken (or given twice) adds nothing, as
    in notification_queue; if another transaction takes one of the keys meanwhile, the batch is
    queued again one by one so that only that one is left out. For a sweep that notifies once per
    item of a chunk. Returns the notifications added."""
    from enforcement.bulk import copy_insert

    keys = [item["dedupe_key"] for item in items if item.get("dedupe_key") is not None]
    taken = set(Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    rows = []
    for item in items:
        key = item.get("dedupe_key")
        if key is not None:
            if key in taken:
                continue
            taken.add(key)
        rows.append(
            Notification(
                recipient=item["recipient"],
                kind=item["kind"],
                title=record_text(item["title"])[:200],
                body=record_text(item.get("body", "")),
                link=item.get("link", ""),
                dedupe_key=key,
            )
        )
    if not rows:
        return rows
    try:
        with transaction.atomic():  # a savepoint: a lost race on a dedupe_key must not break the caller
            copy_insert(Notification, rows)
    except IntegrityError:
        return [n for item in items if (n := notification_queue(**item)) is not None]
    ids = [n.pk for n in rows]
    send_after_commit("enforcement.deliver_notifications", ids)
    return rows


def notification_deliver(*, notification_id: int) -> bool:
    """Deliver one notification to the inbox and by e-mail. Returns True if this call delivered it,
    False if it was already delivered (or no longer exists)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, status=NotificationStatus.PENDING)
            .first()
        )
        if notification is None:
            return False
        now = timezone.now()
        notification.status = NotificationStatus.DELIVERED
        notification.delivered_at = now
        email = notification.recipient.email
        if email:
            # Sent while the row is locked and before commit: a concurrent second delivery waits on
            # the lock and then finds the row delivered. If the worker dies after sending and before
            # commit, the retry sends again: at-least-once is the best SMTP allows, and we narrow it.
            try:
                with in_record_language():  # the subject's frame in the language of the title
                    subject = _("[Enforcement case management] %(title)s") % {"title": notification.title}
                send_mail(
                    subject=subject,
                    message=_email_body(notification),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[email],
                )
                notification.emailed_at = now
            except Exception as exc:  # the inbox still gets it; the error is kept for the operator
                logger.warning("e-mail for notification %s failed: %s", notification.pk, exc)
                notification.email_error = str(exc)[:1000]
        notification.save(update_fields=["status", "delivered_at", "emailed_at", "email_error"])
    return True


def _email_body(notification: Notification) -> str:
    lines = [notification.title, "", notification.body]
    if notification.link:
        lines += ["", f"{settings.SITE_URL.rstrip('/')}{notification.link}"]
    return "\n".join(lines)


def deliver_pending(*, limit: int = 500) -> int:
    """The sweep: deliver what was queued while the broker was away."""
    ids = list(
        Notification.objects.filter(status=NotificationStatus.PENDING)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    return sum(1 for pk in ids if notification_deliver(notification_id=pk))


def inbox_for(user):
    """What the inbox shows: delivered notifications of this user, newest first."""
    return Notification.objects.filter(recipient=user, status=NotificationStatus.DELIVERED)


def unread_count(user) -> int:
    return inbox_for(user).filter(read_at__isnull=True).count()


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) notification of this user as read."""
    qs = inbox_for(user).filter(read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
