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
from contextlib import nullcontext
from functools import lru_cache
from operator import mul

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Lookup
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.validators import RIC_LENGTH, USCC_ALPHABET, uscc_check_char
from enforcement import prepared
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
RIC_OFFSET = 48 * sum(RIC_WEIGHTS)  # Σ (byte − 48) × weight = Σ byte × weight − RIC_OFFSET
USCC_CHARS = frozenset(USCC_ALPHABET)


@lru_cache(maxsize=1 << 16)
def _date_exists(yyyymmdd: str) -> bool:
    """Whether the eight digits are a calendar date (cached: a batch repeats birth dates a lot)."""
    try:
        dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    return True


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
        if RIC_CHECK[(sum(map(mul, head.encode(), RIC_WEIGHTS)) - RIC_OFFSET) % 11] != text[17]:
            return None
        return text if _date_exists(text[6:14]) else None
    if USCC_CHARS.issuperset(text):
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


# PostgreSQL: both tables in one statement, the IDs as one array parameter (a literal, so the planner
# knows its size and may hash it, as in the raw lookup). An ID with several rows in a table (a
# person listed in two cases) answers with the row the models' orderings put first (DefaulterEntry:
# the latest proposal; RestrictedPerson: the latest order), by DISTINCT ON over the matching rows
# only. At 200,000 cases two of 500 listed IDs had two rows, and reading them again by the ORM
# cost two more queries.
LOOKUP_SQL = """
SELECT 1, array_agg(id_number), array_agg(published_at), array_agg(number), array_agg(name), NULL::date[]
  FROM (SELECT DISTINCT ON (e.id_number) e.id_number, e.published_at, c.number, ct.name
          FROM {entry} e JOIN {case} c ON c.id = e.case_id JOIN {court} ct ON ct.id = c.court_id
         WHERE e.status = %(published)s AND e.id_number = ANY(%(ids)s)
         ORDER BY e.id_number, e.proposed_at DESC, e.id DESC) listed
UNION ALL
SELECT 2, array_agg(id_number), NULL, NULL, NULL, array_agg(issued_on)
  FROM (SELECT DISTINCT ON (p.id_number) p.id_number, o.issued_on
          FROM {person} p JOIN {order} o ON o.id = p.order_id
         WHERE p.active AND p.id_number = ANY(%(ids)s)
         ORDER BY p.id_number, o.issued_at DESC, o.id DESC, p.id) restricted
"""


# A batch of a few IDs probes the partial index of published entries once per ID. PostgreSQL's default cost of a
# random page (4, a spinning disk's) made it scan the whole table instead once it held 100,000
# entries: 38 ms for 1,000 IDs, against 8 ms for the probes. The entries and their index are a
# few hundred MB even for millions of entries, read from memory or SSD, where a random page costs
# about a sequential one: the usual SSD setting, for this statement's transaction only (the
# caller's, when the check runs inside one).
BATCH_RANDOM_PAGE_COST = 1.1
# Up to this many IDs: beyond, a scan and a hash are the better plan (10,000 IDs spread over 100,000
# entries: 55 ms scanning, 67 ms probing), as the default cost has it.
PROBE_MAX = 2_000


# One ID (a single check, most requests): the same statement with `= $1`, PREPAREd once a connection
# (enforcement.prepared): planning it cost 0.5 ms of its 0.55, and a lookup by one value keeps its
# generic plan. The status is written in as a constant, which the partial index needs.
@lru_cache(maxsize=1)
def _lookup_one_statement() -> str:
    sql = _lookup_sql().replace("= ANY(%(ids)s)", "= %(id)s")
    return prepared.statement(sql, {"id": prepared.placeholder(1), "published": EntryStatus.PUBLISHED.value})


@lru_cache(maxsize=1)
def _lookup_sql() -> str:
    entry, person = DefaulterEntry._meta, RestrictedPerson._meta
    return LOOKUP_SQL.format(
        entry=entry.db_table,
        case=entry.get_field("case").related_model._meta.db_table,
        court=entry.get_field("case").related_model._meta.get_field("court").related_model._meta.db_table,
        person=person.db_table,
        order=person.get_field("order").related_model._meta.db_table,
    )


def _lookup_orm(numbers: list[str], listed: dict, restricted: dict) -> None:
    """Fill `listed` and `restricted` for `numbers` through the ORM: per ID, the first row in the
    models' orderings (DefaulterEntry: the latest proposal; RestrictedPerson: the latest order)."""
    for start in range(0, len(numbers), SQLITE_CHUNK):
        chunk = numbers[start : start + SQLITE_CHUNK]
        for number, since, case_number, court in DefaulterEntry.objects.filter(
            status=EntryStatus.PUBLISHED, id_number__in=chunk
        ).values_list("id_number", "published_at", "case__number", "case__court__name"):
            if number not in listed:
                listed[number] = {"since": since.isoformat(), "case_number": case_number, "court": court}
        for number, since in RestrictedPerson.objects.filter(active=True, id_number__in=chunk).values_list(
            "id_number", "order__issued_on"
        ):
            if number not in restricted:
                restricted[number] = since.isoformat()


def lookup(numbers: list[str]) -> tuple[dict, dict, set]:
    """({id: {since, case_number, court}}, {id: since as ISO date}, {exit-restricted ids}) for valid
    numbers: the answer's parts ready to be put in place."""
    listed: dict[str, dict] = {}
    restricted: dict[str, str] = {}
    if numbers and connection.vendor == "postgresql":
        if len(numbers) == 1:
            with connection.cursor() as cursor:
                prepared.execute_prepared(cursor, "sanctions_lookup_one", _lookup_one_statement(), numbers)
                rows = cursor.fetchall()
        else:
            probe = len(numbers) <= PROBE_MAX
            with transaction.atomic() if probe else nullcontext(), connection.cursor() as cursor:
                if probe:
                    cursor.execute(f"SET LOCAL random_page_cost = {BATCH_RANDOM_PAGE_COST}")
                cursor.execute(_lookup_sql(), {"ids": numbers, "published": EntryStatus.PUBLISHED.value})
                rows = cursor.fetchall()
        (_, numbers_listed, published, case_numbers, courts, _), (_, numbers_restricted, *_, issued) = sorted(
            rows
        )
        numbers_listed, numbers_restricted = numbers_listed or [], numbers_restricted or []
        for number, published_at, case_number, court in zip(
            numbers_listed, published or [], case_numbers or [], courts or [], strict=True
        ):
            listed[number] = {"since": published_at.isoformat(), "case_number": case_number, "court": court}
        for number, issued_on in zip(numbers_restricted, issued or [], strict=True):
            restricted[number] = issued_on.isoformat()
    elif numbers:
        _lookup_orm(numbers, listed, restricted)
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
        count = _count_one(key, timeout=window + 1)
        if count is None:
            return
    except ValueError:
        return
    except Exception as exc:  # the cache backend's connection errors
        logger.warning("sanctions check rate limit: counter unreachable (%s); served uncounted", exc)
        return
    if count > unit_limit(unit):
        raise TooManyChecks


def _count_one(key: str, *, timeout: int) -> int | None:
    """Add one to the counter `key` and return it (None: this was the first). On Redis one round
    trip, INCR and EXPIRE pipelined (Django's cache.add then cache.incr cost three: SET NX, EXISTS,
    INCR); elsewhere the cache's add and incr."""
    backend = getattr(cache, "_cache", None)
    if backend is not None and hasattr(backend, "get_client") and hasattr(cache, "make_and_validate_key"):
        full_key = cache.make_and_validate_key(key)
        pipe = backend.get_client(full_key, write=True).pipeline(transaction=False)
        count, _expiry_set = pipe.incr(full_key).expire(full_key, timeout).execute()
        return None if count == 1 else count
    if cache.add(key, 1, timeout=timeout):
        return None
    return cache.incr(key)


LOG_FIELDS = ("unit", "at", "count", "hits", "invalid", "ids", "address")


@lru_cache(maxsize=1)
def _log_statement() -> str:
    meta = CheckLog._meta
    columns = [meta.get_field(name).column for name in LOG_FIELDS]
    quote = connection.ops.quote_name
    return (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(f'${n}' for n in range(1, len(columns) + 1))})"
    )


def _log(**values) -> None:
    """The check's CheckLog row. On PostgreSQL one prepared INSERT (enforcement.prepared): the ORM's
    create cost 0.8 ms of a single check's 2.9 (instance, save machinery, a statement planned anew);
    the values are the model's own, prepared by its fields as save() would."""
    if connection.vendor != "postgresql":
        CheckLog.objects.create(**values)
        return
    values.setdefault("at", timezone.now())
    meta = CheckLog._meta
    args = []
    for name in LOG_FIELDS:
        field, value = meta.get_field(name), values[name]
        if field.is_relation:
            value = value.pk
        args.append(field.get_db_prep_save(value, connection))
    with connection.cursor() as cursor:
        prepared.execute_prepared(cursor, "sanctions_check_log", _log_statement(), args)


class Answers(list):
    """The answers in the order asked (a list), with `hits`: how many IDs are under any measure."""

    hits: int = 0


def check_ids(*, unit: CheckUnit, ids, address: str | None = None) -> Answers:
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
    listed, restricted, exits = lookup(list(dict.fromkeys(n for n in normalised if n)))
    listed_get, restricted_get = listed.get, restricted.get
    answers = Answers()
    append = answers.append
    hits = invalid = 0
    for asked, number in zip(ids, normalised, strict=True):
        if number is None:
            invalid += 1
            append({"id": asked if isinstance(asked, str) else str(asked), "valid": False})
            continue
        entry = listed_get(number)
        since = restricted_get(number)
        exit_restricted = number in exits
        if entry is not None or since is not None or exit_restricted:
            hits += 1
        append(
            {
                "id": asked,
                "valid": True,
                "defaulter": entry,
                "consumption_restricted": since is not None,
                "consumption_since": since,
                "exit_restricted": exit_restricted,
            }
        )
    _log(
        unit=unit,
        count=len(ids),
        hits=hits,
        invalid=invalid,
        ids=[n or (a if isinstance(a, str) else str(a))[:40] for a, n in zip(ids, normalised, strict=True)],
        address=address or None,
    )
    answers.hits = hits
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
