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
from cases.locking import lock_cases, lock_for_case
from cases.models import Case
from tests.clock import NOW, TODAY
from tests.concurrency import RowLocks
from tests.factories import AssetFactory, ControlMeasureFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ACCOUNT = "6222000000000888"


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


def test_the_sweep_locks_every_case_it_may_touch_before_any_measure(file_case):
    """The queued measure's case has the lower id: locking the lapsed measure's case, then its
    measure, then the other case (as the sweep used to) would take the cases in descending order."""
    queued_case, lapsed_case = file_case(), file_case()
    assert queued_case.pk < lapsed_case.pk
    lapsed = ControlMeasureFactory(
        asset=AssetFactory(case=lapsed_case, identifier=ACCOUNT),
        started_on=TODAY - dt.timedelta(days=400),
        expires_on=TODAY - dt.timedelta(days=1),
    )
    queued = ControlMeasureFactory(
        asset=AssetFactory(case=queued_case, identifier=ACCOUNT),
        status=MeasureStatus.QUEUED,
        queued_at=NOW - dt.timedelta(days=30),
    )
    locks = RowLocks()
    with connection.execute_wrapper(locks):
        assert measures_expiry_sweep(today=TODAY)["expired"] == 1
    first_measure = min(locks.position(MEASURES, lapsed.pk), locks.position(MEASURES, queued.pk))
    assert locks.position(CASES, queued_case.pk) < first_measure
    assert locks.position(CASES, lapsed_case.pk) < first_measure
    assert ControlMeasure.objects.get(pk=queued.pk).status == MeasureStatus.ACTIVE


def test_lock_cases_takes_them_by_ascending_id_in_one_statement(file_case):
    cases = [file_case() for _ in range(3)]
    ids = [case.pk for case in reversed(cases)]
    locks = RowLocks()
    with transaction.atomic(), connection.execute_wrapper(locks):
        locked = lock_cases([*ids, None, ids[0]])
    assert list(locked) == sorted(ids)
    assert [name for name, _ in locks.taken] == [CASES]


def test_a_promotion_into_a_lower_case_not_locked_waits_for_the_commit(
    file_case, django_capture_on_commit_callbacks
):
    """A caller that did not lock the queued measure's case (queued after it looked) holds a case of
    higher id: locking the lower one now would break the order, so the promotion runs right after the
    commit, in a transaction of its own."""
    queued_case, lifted_case = file_case(), file_case()
    in_effect = ControlMeasureFactory(asset=AssetFactory(case=lifted_case, identifier=ACCOUNT))
    queued = ControlMeasureFactory(
        asset=AssetFactory(case=queued_case, identifier=ACCOUNT),
        status=MeasureStatus.QUEUED,
        queued_at=NOW - dt.timedelta(hours=1),
    )
    locks = RowLocks()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic(), connection.execute_wrapper(locks):
            lock_for_case(lifted_case.pk)
            assert measure_lift_done(measure=in_effect, lifted_on=TODAY) is None
            assert ControlMeasure.objects.get(pk=queued.pk).status == MeasureStatus.QUEUED
        assert not any(name == CASES and queued_case.pk in params for name, params in locks.taken)
    promoted = ControlMeasure.objects.get(pk=queued.pk)
    assert promoted.status == MeasureStatus.ACTIVE and promoted.started_on == TODAY
