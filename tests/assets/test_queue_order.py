"""轮候: when nothing is in effect on a property any more, the measure queued FIRST (earliest queued_at,
then the lower id) takes effect on that day with a fresh statutory term; the others keep waiting."""

import datetime as dt

import pytest

from assets.choices import MeasureStatus
from assets.models import ControlMeasure
from assets.services import _promote_queued as promote_queued
from tests.clock import NOW, TODAY
from tests.factories import AssetFactory, ControlMeasureFactory

pytestmark = pytest.mark.django_db

ACCOUNT = "6222000000000777"


def queued(case, *, at):
    asset = AssetFactory(case=case, identifier=ACCOUNT)
    return ControlMeasureFactory(asset=asset, status=MeasureStatus.QUEUED, queued_at=at)


def status(measure):
    return ControlMeasure.objects.get(pk=measure.pk).status


def test_the_measure_queued_first_takes_effect_not_the_one_made_first(file_case):
    later = queued(file_case(), at=NOW - dt.timedelta(hours=1))  # made first, queued later
    first = queued(file_case(), at=NOW - dt.timedelta(hours=2))
    promoted = promote_queued(first.asset.identity, on=TODAY)
    assert promoted.pk == first.pk
    assert status(first) == MeasureStatus.ACTIVE and status(later) == MeasureStatus.QUEUED
    promoted = ControlMeasure.objects.get(pk=first.pk)
    assert (promoted.started_on, promoted.expires_on) == (TODAY, dt.date(2027, 11, 30))  # deposits: 1 year


def test_queued_at_the_same_moment_the_lower_id_goes_first(file_case):
    one = queued(file_case(), at=NOW - dt.timedelta(hours=1))
    two = queued(file_case(), at=NOW - dt.timedelta(hours=1))
    assert promote_queued(one.asset.identity, on=TODAY).pk == one.pk
    assert status(two) == MeasureStatus.QUEUED


def test_nothing_is_promoted_while_a_measure_is_in_effect(file_case):
    case = file_case()
    ControlMeasureFactory(asset=AssetFactory(case=case, identifier=ACCOUNT), status=MeasureStatus.ACTIVE)
    waiting = queued(file_case(), at=NOW - dt.timedelta(hours=1))
    assert promote_queued(waiting.asset.identity, on=TODAY) is None
    assert status(waiting) == MeasureStatus.QUEUED
