"""Who may see what. Every query that shapes what a user sees starts here."""

from django.db.models import Q, QuerySet

from enforcement.choices import Role
from enforcement.models import Agency, Court, Membership, SupervisionGrant


def membership_of(user) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return user.membership_or_none


def visible_courts(user) -> QuerySet[Court]:
    """The courts whose records this user may see: their own court and, for a higher court (and so
    for its supervisors), every court below it. Agency users and strangers see none; a superuser
    sees all."""
    if not getattr(user, "is_authenticated", False):
        return Court.objects.none()
    if user.is_superuser:
        return Court.objects.all()
    membership = membership_of(user)
    if membership is None or membership.court_id is None:
        return Court.objects.none()
    own = Court.objects.filter(path__startswith=membership.court.path)
    if membership.role == Role.SUPERVISOR:
        # A supervisor also sees exactly the courts a valid supervision grant names.
        return Court.objects.filter(
            Q(pk__in=own.values("pk")) | Q(pk__in=supervised_courts(user).values("pk"))
        )
    return own


def supervised_courts(user) -> QuerySet[Court]:
    """The courts a valid supervision grant lets this user see (none for anyone but a supervisor)."""
    membership = membership_of(user)
    if membership is None or membership.role != Role.SUPERVISOR:
        return Court.objects.none()
    return Court.objects.filter(
        pk__in=SupervisionGrant.objects.valid_at().filter(supervisor=user).values("court_id")
    )


def user_agency(user) -> Agency | None:
    membership = membership_of(user)
    return membership.agency if membership and membership.role == Role.LIAISON else None


def can_see_court(user, court: Court | int) -> bool:
    court_id = court.pk if isinstance(court, Court) else court
    return visible_courts(user).filter(pk=court_id).exists()
