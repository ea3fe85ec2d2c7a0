"""'Works on this case' has one definition: Case.objects.worked_on_by(user) and the predicate
works_on_case(user, case) answer alike for every persona (judge, clerk, filer, head of the court;
not the finance officer, the supervisor above, another court's clerk or a liaison officer)."""

import pytest

from cases.models import Case
from cases.selectors import works_on_case
from enforcement.choices import Role
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_the_queryset_and_the_predicate_agree_for_every_persona(
    file_case, clerk, judge, head, finance, liaison, supervisor, other_clerk, court
):
    second_judge = make_member(Role.JUDGE, court=court, username="judge2", name="周法官")
    assigned_clerk = make_member(Role.CLERK, court=court, username="clerk2", name="吴书记员")
    filed = file_case()
    Case.objects.filter(pk=filed.pk).update(clerk=assigned_clerk)
    case = Case.objects.get(pk=filed.pk)
    assert case.filed_by == clerk and case.judge == judge
    expected = {
        clerk: True,  # filed it
        assigned_clerk: True,  # its clerk
        judge: True,  # its judge
        head: True,  # the head of its court
        second_judge: False,
        finance: False,
        liaison: False,
        supervisor: False,
        other_clerk: False,
    }
    for user, works in expected.items():
        assert works_on_case(user, case) is works, user
        assert Case.objects.worked_on_by(user).filter(pk=case.pk).exists() is works, user
