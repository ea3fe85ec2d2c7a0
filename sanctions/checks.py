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
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.validators import RIC_LENGTH, USCC_ALPHABET, USCC_LENGTH, ric_check_char, uscc_check_char
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


def normalise(value) -> str | None:
    """The number as stored (no spaces, uppercase), when it is a valid 居民身份证 number or 统一社会
    信用代码 by its check character; else None. Cheap on purpose: a batch of 10,000 runs it 10,000
    times (the full validators give messages; here only yes or no)."""
    if not isinstance(value, str):
        return None
    text = value.strip().upper()
    if len(text) == RIC_LENGTH and set(text[:17]) <= DIGITS:
        try:
            dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))  # the birth date exists
            return text if ric_check_char(text[:17]) == text[17] else None
        except (ValueError, IndexError):
            return None
    if len(text) == USCC_LENGTH and all(ch in USCC_ALPHABET for ch in text):
        try:
            return text if uscc_check_char(text[:17]) == text[17] else None
        except ValueError:
            return None
    return None


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
            status=EntryStatus.PUBLISHED, id_number__in=chunk
        ).values_list("id_number", "published_at", "case__number", "case__court__name"):
            listed.setdefault(number, (since, case_number, court))
        for number, since in RestrictedPerson.objects.filter(active=True, id_number__in=chunk).values_list(
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
