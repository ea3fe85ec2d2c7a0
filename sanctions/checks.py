"""The joint-punishment check (联合惩戒): a unit sends up to 10,000 ID numbers and gets, in the same
order, for each one whether it is a valid number, listed as a defaulter (since, case, court), under a
consumption restriction, under an exit restriction. The hot path: the numbers are looked up in one
query per table (IN over the partial indexes), never one query per ID; the check and the IDs asked
are logged in one row.

Exit restrictions are another part of this app (the penalties files); they answer through
`exit_lookups` (register a callable(ids: list[str]) -> set of the IDs restricted), so this module
does not import them."""

import datetime as dt
import logging
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.db.models import Lookup
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.validators import RIC_LENGTH, USCC_ALPHABET, uscc_check_char
from enforcement.errors import InvalidInput
from sanctions import rules
from sanctions.choices import EntryStatus
from sanctions.models import CheckLog, CheckUnit, DefaulterEntry, RestrictedPerson, SanctionChange

logger = logging.getLogger(__name__)

exit_lookups: list[Callable[[list[str]], set[str]]] = []

DIGITS = set("0123456789")
SQLITE_CHUNK = 900  # SQLite's bound-parameter limit; PostgreSQL takes the batch in one statement


class TooManyChecks(Exception):
    """The unit is over its per-minute limit."""


RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # GB 11643 (as cases.validators)
RIC_CHECK = "10X98765432"


def normalise(value) -> str | None:
    """The number as stored (no spaces, uppercase), when it is a valid 居民身份证 number (check
    character and an existing birth date) or 统一社会信用代码 (check character); else None. The same
    arithmetic as cases.validators, written for speed: a batch of 10,000 runs it 10,000 times and
    only needs yes or no (tests/sanctions compare it with the validators)."""
    if not isinstance(value, str):
        return None
    text = value.strip().upper()
    if len(text) != RIC_LENGTH:  # == USCC_LENGTH
        return None
    head = text[:17]
    if head.isascii() and head.isdigit():
        digits = head.encode()
        total = sum((d - 48) * w for d, w in zip(digits, RIC_WEIGHTS, strict=True))
        if RIC_CHECK[total % 11] != text[17]:
            return None
        try:
            dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))  # the birth date exists
        except ValueError:
            return None
        return text
    if all(ch in USCC_ALPHABET for ch in text):
        return text if uscc_check_char(head) == text[17] else None
    return None


class AnyOf(Lookup):
    """`field = ANY(%s)` with the list as one array parameter (PostgreSQL): one bound value
    however many IDs, instead of 10,000 placeholders the server has to parse."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]


DefaulterEntry._meta.get_field("id_number").register_lookup(AnyOf)
RestrictedPerson._meta.get_field("id_number").register_lookup(AnyOf)


def _in(chunk) -> str:
    return "id_number__any_of" if connection.vendor == "postgresql" else "id_number__in"


def _chunks(values: list[str]):
    if connection.vendor == "sqlite":
        for start in range(0, len(values), SQLITE_CHUNK):
            yield values[start : start + SQLITE_CHUNK]
    elif values:
        yield values


def lookup(numbers: list[str]) -> tuple[dict, dict, set]:
    """({id: (since, case number, court)}, {id: since}, {exit-restricted ids}) for valid numbers."""
    listed: dict[str, tuple] = {}
    restricted: dict[str, object] = {}
    for chunk in _chunks(numbers):
        for number, since, case_number, court in DefaulterEntry.objects.filter(
            status=EntryStatus.PUBLISHED, **{_in(chunk): chunk}
        ).values_list("id_number", "published_at", "case__number", "case__court__name"):
            listed.setdefault(number, (since, case_number, court))
        for number, since in RestrictedPerson.objects.filter(active=True, **{_in(chunk): chunk}).values_list(
            "id_number", "order__issued_on"
        ):
            restricted.setdefault(number, since)
    exits: set[str] = set()
    for fn in exit_lookups:
        exits |= set(fn(numbers))
    return listed, restricted, exits


def unit_limit(unit: CheckUnit) -> int:
    return unit.per_minute or rules.value(rules.CHECKS_PER_MINUTE, on=timezone.localdate())


def refuse_over_limit(unit: CheckUnit, *, window: int = 60) -> None:
    """Count one request of the unit in the shared cache's current minute; TooManyChecks over the
    limit. When the counter is unreachable the check is served uncounted (logged): refusing
    airlines and banks because Redis is down would stop tickets being sold, not defaulters."""
    key = f"ratelimit:sanctions-unit:{unit.pk}:{int(time.time() // window)}"
    try:
        if cache.add(key, 1, timeout=window + 1):
            return
        count = cache.incr(key)
    except ValueError:
        return
    except Exception as exc:  # the cache backend's connection errors
        logger.warning("sanctions check rate limit: counter unreachable (%s); served uncounted", exc)
        return
    if count > unit_limit(unit):
        raise TooManyChecks


def check_ids(*, unit: CheckUnit, ids, address: str | None = None) -> list[dict]:
    """The answers, in the order asked, and one CheckLog row (unit, time, count, hits, the IDs)."""
    if not isinstance(ids, list):
        raise InvalidInput(
            _("Send the ID numbers as a list."), fields={"ids": [_("Send the ID numbers as a list.")]}
        )
    limit = rules.value(rules.CHECK_MAX_IDS, on=timezone.localdate())
    if len(ids) > limit:
        message = _("At most %(limit)s ID numbers per check; this one has %(count)s.") % {
            "limit": f"{limit:,}",
            "count": f"{len(ids):,}",
        }
        raise InvalidInput(message, fields={"ids": [message]}, code="too_many_ids")
    normalised = [normalise(value) for value in ids]
    valid = sorted({n for n in normalised if n})
    listed, restricted, exits = lookup(valid)
    answers = []
    hits = 0
    for asked, number in zip(ids, normalised, strict=True):
        if number is None:
            answers.append({"id": asked if isinstance(asked, str) else str(asked), "valid": False})
            continue
        entry = listed.get(number)
        hit = entry is not None or number in restricted or number in exits
        hits += hit
        answers.append(
            {
                "id": asked,
                "valid": True,
                "defaulter": (
                    {"since": entry[0].isoformat(), "case_number": entry[1], "court": entry[2]}
                    if entry
                    else None
                ),
                "consumption_restricted": number in restricted,
                "consumption_since": restricted[number].isoformat() if number in restricted else None,
                "exit_restricted": number in exits,
            }
        )
    CheckLog.objects.create(
        unit=unit,
        count=len(ids),
        hits=hits,
        invalid=sum(1 for n in normalised if n is None),
        ids=[n or (a if isinstance(a, str) else str(a))[:40] for a, n in zip(ids, normalised, strict=True)],
        address=address or None,
    )
    return answers


FEED_PAGE = 1000


def changes_since(
    *, cursor: int | None = None, since=None, limit: int | None = None
) -> tuple[list[SanctionChange], int | None]:
    """Additions and removals after `cursor` (a change id) or from `since` (a time), oldest first,
    at most `limit`; and the cursor of the next page (None when this one is the last)."""
    limit = limit or FEED_PAGE
    qs = SanctionChange.objects.order_by("pk")
    if cursor is not None:
        qs = qs.filter(pk__gt=cursor)
    elif since is not None:
        qs = qs.filter(at__gte=since)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].pk if more and rows else None)


def logs_of(unit: CheckUnit):
    """A unit reads only its own log."""
    return CheckLog.objects.filter(unit=unit).defer("ids").order_by("-at", "-pk")
