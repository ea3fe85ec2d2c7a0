"""On PostgreSQL: 轮候 promotion and the expiry sweep take rows in the one lock order
(cases.locking: case, then approval, then notice, then measure). A measure queued on the same
property usually belongs to another case; lifting the measure in effect must lock that other case
before its measure, or a service of that case (which locks its case, then its measure) and the
promotion would take the two rows in opposite orders.

The row locks are read from the SQL sent (SELECT … FOR UPDATE), in the order PostgreSQL got them."""

import datetime as dt

import pytest
from django.db import connection, transaction

from assets.choices import MeasureStatus
from assets.models import ControlMeasure
from assets.services import measure_lift_done, measures_expiry_sweep
from cases.locking import lock_for_case
from cases.models import Case
from tests.clock import NOW, TODAY
from tests.factories import AssetFactory, ControlMeasureFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ACCOUNT = "6222000000000888"


class RowLocks:
    """Every row lock taken while installed, as (table, ids in the statement's parameters)."""

    def __init__(self):
        self.taken: list[tuple[str, tuple]] = []

    def __call__(self, execute, sql, params, many, context):
        if "FOR UPDATE" in sql:
            table = sql.split(" FROM ", 1)[1].split()[0].strip('"')
            self.taken.append((table, tuple(params or ())))
        return execute(sql, params, many, context)

    def position(self, table: str, pk: int) -> int:
        for i, (name, params) in enumerate(self.taken):
            if name == table and pk in params:
                return i
        raise AssertionError(f"no lock on {table} {pk}: {self.taken}")


CASES = Case._meta.db_table
MEASURES = ControlMeasure._meta.db_table


def test_promotion_locks_the_other_case_before_its_queued_measure(file_case):
    in_effect = ControlMeasureFactory(asset=AssetFactory(case=file_case(), identifier=ACCOUNT))
    queued = ControlMeasureFactory(
        asset=AssetFactory(case=file_case(), identifier=ACCOUNT),
        status=MeasureStatus.QUEUED,
        queued_at=NOW - dt.timedelta(hours=1),
    )
    assert queued.case_id != in_effect.case_id
    locks = RowLocks()
    with transaction.atomic(), connection.execute_wrapper(locks):
        # The caller's part (an agency's answer to the lifting notice): the lifted measure's case first.
        lock_for_case(in_effect.case_id)
        promoted = measure_lift_done(measure=in_effect, lifted_on=TODAY)
    assert promoted is not None and promoted.pk == queued.pk
    assert locks.position(CASES, in_effect.case_id) < locks.position(MEASURES, in_effect.pk)
    assert locks.position(CASES, queued.case_id) < locks.position(MEASURES, queued.pk)
    assert ControlMeasure.objects.get(pk=queued.pk).status == MeasureStatus.ACTIVE


def test_the_sweep_locks_a_lapsed_measures_case_first_then_the_queued_one(file_case):
    lapsed = ControlMeasureFactory(
        asset=AssetFactory(case=file_case(), identifier=ACCOUNT),
        started_on=TODAY - dt.timedelta(days=400),
        expires_on=TODAY - dt.timedelta(days=1),
    )
    queued = ControlMeasureFactory(
        asset=AssetFactory(case=file_case(), identifier=ACCOUNT),
        status=MeasureStatus.QUEUED,
        queued_at=NOW - dt.timedelta(days=30),
    )
    locks = RowLocks()
    with connection.execute_wrapper(locks):
        counts = measures_expiry_sweep(today=TODAY)
    assert counts["expired"] == 1
    assert locks.position(CASES, lapsed.case_id) < locks.position(MEASURES, lapsed.pk)
    assert locks.position(CASES, queued.case_id) < locks.position(MEASURES, queued.pk)
    assert ControlMeasure.objects.get(pk=lapsed.pk).status == MeasureStatus.EXPIRED
    assert ControlMeasure.objects.get(pk=queued.pk).status == MeasureStatus.ACTIVE
