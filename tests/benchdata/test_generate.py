"""manage.py generate_bench_data: the counts asked for, valid and unique identifiers, consistent
money, and pages that render for a generated judge."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from assets.models import Asset, ControlMeasure
from assistance.models import Notice
from cases.choices import IdType
from cases.models import Case, CaseNumberCounter, EnforcementBasis, Party, compute_deadline
from cases.validators import validate_ric, validate_uscc
from enforcement.choices import Role
from enforcement.models import Court, User
from money.models import CaseAccount, Receipt
from sanctions.models import DefaulterEntry


def _generate(cases=50, **options):
    out = io.StringIO()
    call_command("generate_bench_data", cases=cases, stdout=out, **options)
    return out.getvalue()


def _check_data_set(cases, defaulters):
    assert Case.objects.count() == cases
    assert EnforcementBasis.objects.count() == cases
    assert CaseAccount.objects.count() == cases
    per_case = Party.objects.values("case").annotate(n=Count("id"))
    assert {row["n"] for row in per_case} <= {2, 3, 4}
    assert len(per_case) == cases
    assert DefaulterEntry.objects.count() == defaulters
    assert Asset.objects.exists() and ControlMeasure.objects.exists() and Notice.objects.exists()
    assert Court.objects.filter(level="high").exists() and Court.objects.filter(level="intermediate").exists()

    for party in Party.objects.all():
        if party.id_type == IdType.RIC:
            validate_ric(party.id_number)
        else:
            assert party.id_type == IdType.USCC
            validate_uscc(party.id_number)

    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers) == cases
    # seq counts 1, 2, 3… per court, year and type, and the counters stand at the last one
    for counter in CaseNumberCounter.objects.all():
        seqs = sorted(
            Case.objects.filter(
                court=counter.court, year=counter.year, type_code=counter.type_code
            ).values_list("seq", flat=True)
        )
        assert seqs == list(range(1, counter.last + 1))
    for case in Case.objects.all()[:20]:
        assert case.deadline == compute_deadline(case)
        assert case.money_account.confirmed_total == (
            Receipt.objects.filter(account=case.money_account).aggregate(s=Sum("amount"))["s"] or 0
        )
    assert len(set(DefaulterEntry.objects.values_list("party", flat=True))) == defaulters


def _pages_render_for_a_judge(client):
    judge = User.objects.filter(membership__role=Role.JUDGE, judge_cases__isnull=False).first()
    client.force_login(judge)
    for url in ("/", "/cases/"):
        response = client.get(url)
        assert response.status_code == 200, url
    case = Case.objects.filter(judge=judge).first()
    assert case.number in client.get("/cases/?page=1&q=" + case.number).content.decode()


@pytest.mark.django_db
def test_fifty_cases(client):
    output = _generate(50, seed=7)
    _check_data_set(50, 25)
    assert "rows/s" in output and "50 cases in" in output
    _pages_render_for_a_judge(client)


@pytest.mark.django_db
def test_defaulters_option_and_a_second_run_continue_the_numbers():
    _generate(20, defaulters=3)
    _generate(20, defaulters=2)  # same seed again: numbers continue, query codes stay unique
    _check_data_set(40, 5)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_cases_on_postgresql(client):
    output = _generate(50)
    _check_data_set(50, 25)
    assert "VACUUM ANALYZE" in output
    _pages_render_for_a_judge(client)


def test_courts_are_staffed_for_their_caseload():
    from benchdata.generate import CASES_PER_JUDGE, MIN_JUDGES, judges_for

    assert judges_for(0) == judges_for(700) == MIN_JUDGES == 8
    assert judges_for(CASES_PER_JUDGE * 8) == 8
    assert judges_for(CASES_PER_JUDGE * 8 + 1) == 9
    assert judges_for(66_667) == 34  # 200,000 cases over the three basic courts


@pytest.mark.django_db
def test_staff_follow_the_cases_a_court_will_hold():
    _generate(10, judges_per_court=3)
    judges = User.objects.filter(membership__role=Role.JUDGE, username__startswith="b")
    assert judges.count() == 3 * Court.objects.filter(level="basic").count()
    _generate(10)  # the default: at least eight judges a court
    assert judges.count() == 8 * Court.objects.filter(level="basic").count()


@pytest.mark.django_db
def test_only_recent_answers_of_running_cases_wait_for_review():
    """A judge closes (办结) an answer within days: the generator leaves ANSWERED only the answers
    of running cases from the last REVIEW_DAYS days, every other answer closed two days after it."""
    import datetime as dt

    from django.utils import timezone

    from assistance.choices import NoticeStatus
    from benchdata.generate import REVIEW_DAYS
    from cases.choices import CaseState

    _generate(120, seed=3)
    today = timezone.localdate()
    answered = Notice.objects.filter(answered_at__isnull=False).select_related("case")
    assert answered.filter(status=NoticeStatus.CLOSED).exists()
    for notice in answered:
        recent = (today - timezone.localtime(notice.answered_at).date()).days <= REVIEW_DAYS
        if notice.case.state in CaseState.running_states() and recent:
            assert notice.status == NoticeStatus.ANSWERED and notice.closed_at is None
        else:
            assert notice.status == NoticeStatus.CLOSED
            assert notice.closed_at == notice.answered_at + dt.timedelta(days=2)
    assert not Notice.objects.filter(answered_at__isnull=True, status__in=["answered", "closed"]).exists()
