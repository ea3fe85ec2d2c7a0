"""Role visibility across the court hierarchy: own court; a higher court and its
supervisors see the courts below; siblings, agencies and strangers see nothing of each other."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from enforcement.access import can_see_court, visible_courts
from enforcement.choices import CourtLevel, Role
from enforcement.models import Court, Membership
from tests.factories import CourtFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


def names(qs):
    return set(qs.values_list("code", flat=True))


def test_basic_court_clerk_sees_only_own_court(clerk, court, other_court, high_court):
    assert names(visible_courts(clerk)) == {"青0102"}
    assert can_see_court(clerk, court)
    assert not can_see_court(clerk, other_court)
    assert not can_see_court(clerk, high_court)


def test_intermediate_court_supervisor_sees_courts_below(supervisor, court, other_court):
    assert names(visible_courts(supervisor)) == {"青01", "青0102", "青0103"}


def test_high_court_member_sees_whole_province(high_court, intermediate_court, court, other_court):
    second = CourtFactory(code="青02", level=CourtLevel.INTERMEDIATE, parent=high_court)
    below_second = CourtFactory(code="青0202", level=CourtLevel.BASIC, parent=second)
    judge = make_member(Role.JUDGE, court=high_court)
    assert names(visible_courts(judge)) == {"青", "青01", "青0102", "青0103", "青02", "青0202"}
    # and the second intermediate court does not see the first one's basic courts
    head = make_member(Role.HEAD, court=second)
    assert names(visible_courts(head)) == {"青02", "青0202"}
    assert below_second.path.startswith(second.path)


def test_liaison_and_anonymous_and_unassigned_see_no_court(liaison, court):
    assert not visible_courts(liaison).exists()
    assert not visible_courts(AnonymousUser()).exists()
    assert not visible_courts(UserFactory()).exists()


def test_superuser_sees_all(court, other_court):
    root = UserFactory(is_superuser=True)
    assert visible_courts(root).count() == Court.objects.count()


def test_moving_a_court_re_roots_its_subtree(high_court, intermediate_court, court):
    second = CourtFactory(code="青02", level=CourtLevel.INTERMEDIATE, parent=high_court)
    intermediate_court.parent = None
    intermediate_court.level = CourtLevel.HIGH
    intermediate_court.save()
    court.refresh_from_db()
    assert court.path == f"/{intermediate_court.pk}/{court.pk}/"
    judge = make_member(Role.JUDGE, court=high_court)
    assert names(visible_courts(judge)) == {"青", second.code}


def test_court_validation_refuses_cycles_and_level_inversion(high_court, intermediate_court, court):
    intermediate_court.parent = court
    with pytest.raises(ValidationError):
        intermediate_court.full_clean()
    other_high = CourtFactory(code="甘", level=CourtLevel.HIGH)
    other_high.parent = court
    with pytest.raises(ValidationError):
        other_high.full_clean()


def test_membership_constraint_liaison_needs_agency_and_no_court(court, bank):
    user = UserFactory()
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, role=Role.LIAISON, court=court)


def test_membership_constraint_court_role_needs_court(bank):
    user = UserFactory()
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, role=Role.JUDGE, agency=bank)
