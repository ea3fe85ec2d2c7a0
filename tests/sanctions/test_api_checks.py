"""The joint-punishment check API: limits (10,000 / 10,001), keys, answers in order, the change feed
cursor, the unit's own log, the per-unit rate limit, feedback, and the court API's permissions."""

import datetime as dt
import random

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cases.models import Case
from cases.services import case_file
from cases.validators import ric_check_char
from sanctions import checks
from sanctions.models import CheckLog, ConsumptionOrder, RestrictedPerson, SanctionChange
from tests.sanctions.conftest import bulk_publish, listed

pytestmark = pytest.mark.django_db
URL = "/api/v1/sanctions/checks/"


def ric_n(n: int) -> str:
    first17 = f"630102{dt.date(1960, 1, 1) + dt.timedelta(days=n % 15000):%Y%m%d}{n % 1000:03d}"
    return first17 + ric_check_char(first17)


def unit_client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Unit {key}")
    return client


def _publish_directly(case, party, numbers):
    """Published entries without the decision flow (the API reads only the published rows)."""
    bulk_publish(case, numbers)


def test_ten_thousand_ids_answered_in_order(unit_key):
    unit, key = unit_key
    ids = [ric_n(i) for i in range(10_000)]
    response = unit_client(key).post(URL, {"ids": ids}, format="json")
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert body["count"] == 10_000
    assert [r["id"] for r in body["results"]] == ids
    log = CheckLog.objects.get(unit=unit)
    assert log.count == 10_000 and log.hits == 0 and len(log.ids) == 10_000


def test_ten_thousand_and_one_refused_with_a_clear_error(unit_key):
    _unit, key = unit_key
    response = unit_client(key).post(URL, {"ids": [ric_n(i) for i in range(10_001)]}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_ids"
    assert "10,000" in response.json()["detail"]
    assert not CheckLog.objects.exists()


def test_wrong_or_missing_key_refused(unit_key):
    unit, key = unit_key
    assert unit_client(key + "x").post(URL, {"ids": []}, format="json").status_code == 401
    assert APIClient().post(URL, {"ids": []}, format="json").status_code in (401, 403)
    unit.active = False
    unit.save()
    assert unit_client(key).post(URL, {"ids": []}, format="json").status_code == 401


def test_court_user_may_not_use_the_unit_api(client_for, judge):
    assert client_for(judge).post(URL, {"ids": []}, content_type="application/json").status_code in (401, 403)


def test_answers_correct_on_a_few_thousand(case, person, unit_key):
    _unit, key = unit_key
    listed_ids = [ric_n(i) for i in range(0, 3000, 3)]
    _publish_directly(case, person, listed_ids)
    order = ConsumptionOrder.objects.create(
        case=case, party=person, issued_by=case.judge, issued_on=case.filed_on
    )
    restricted = [ric_n(i) for i in range(1, 3000, 5)]
    RestrictedPerson.objects.bulk_create(
        [RestrictedPerson(order=order, capacity="respondent", name="乙", id_number=n) for n in restricted]
    )
    asked = [ric_n(i) for i in range(3000)] + ["123", "", "630102199001011235"]
    random.Random(7).shuffle(asked)
    results = unit_client(key).post(URL, {"ids": asked}, format="json").json()["results"]
    listed_set, restricted_set = set(listed_ids), set(restricted)
    for number, answer in zip(asked, results, strict=True):
        assert answer["id"] == number
        valid = checks.normalise(number) is not None
        assert answer["valid"] is valid
        if valid:
            assert (answer["defaulter"] is not None) is (number in listed_set)
            assert answer["consumption_restricted"] is (number in restricted_set)
            if answer["defaulter"]:
                assert answer["defaulter"]["case_number"] == case.number


def test_invalid_ids_answered_invalid_in_place(unit_key):
    _unit, key = unit_key
    good = ric_n(1)
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    no_such_day = "63010219900230" + "123"
    no_such_day += ric_check_char(no_such_day)
    asked = ["x", good, wrong_check, no_such_day, 12345]
    results = unit_client(key).post(URL, {"ids": asked}, format="json").json()["results"]
    assert [r["valid"] for r in results] == [False, True, False, False, False]


@pytest.mark.cjk_fonts
def test_feed_cursor_gives_additions_then_removals(case, person, judge, head, unit_key):
    _unit, key = unit_key
    client = unit_client(key)
    start = client.get("/api/v1/sanctions/changes/").json()
    assert start["results"] == []
    entry = listed(case, person, judge, head)
    page = client.get("/api/v1/sanctions/changes/?cursor=0").json()
    kinds = [(c["kind"], c["measure"]) for c in page["results"]]
    assert ("added", "defaulter") in kinds and ("added", "consumption") in kinds
    cursor = page["results"][-1]["id"]
    from sanctions import services

    services.defaulter_remove(actor=judge, entry_id=entry.pk, reason="performed")
    after = client.get(f"/api/v1/sanctions/changes/?cursor={cursor}").json()["results"]
    assert [(c["kind"], c["measure"], c["id_number"]) for c in after] == [
        ("removed", "defaulter", person.id_number)
    ]


def test_feed_pages_with_next_cursor(unit_key, monkeypatch):
    _unit, key = unit_key
    SanctionChange.objects.bulk_create(
        [
            SanctionChange(
                kind="added", measure="defaulter", id_number=ric_n(i), case_number="c", court_name="x"
            )
            for i in range(5)
        ]
    )
    monkeypatch.setattr(checks, "FEED_PAGE", 2)
    client = unit_client(key)
    first = client.get("/api/v1/sanctions/changes/").json()
    assert len(first["results"]) == 2 and first["next_cursor"] == first["results"][-1]["id"]
    rest = client.get(f"/api/v1/sanctions/changes/?cursor={first['next_cursor']}").json()
    assert rest["results"][0]["id"] > first["next_cursor"]


def test_unit_reads_only_its_own_log(unit_key, other_unit_key):
    _unit, key = unit_key
    _other, other_key = other_unit_key
    unit_client(key).post(URL, {"ids": [ric_n(1)]}, format="json")
    unit_client(other_key).post(URL, {"ids": [ric_n(2), ric_n(3)]}, format="json")
    mine = unit_client(key).get("/api/v1/sanctions/check-log/").json()
    assert [row["count"] for row in mine] == [1]
    theirs = unit_client(other_key).get("/api/v1/sanctions/check-log/").json()
    assert [row["count"] for row in theirs] == [2]


def test_per_unit_rate_limit(unit_key):
    unit, key = unit_key
    unit.per_minute = 2
    unit.save()
    client = unit_client(key)
    assert [client.post(URL, {"ids": []}, format="json").status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.cjk_fonts
def test_feedback_shown_on_the_case_only_for_a_sanctioned_id(case, person, judge, head, unit_key):
    _unit, key = unit_key
    listed(case, person, judge, head)
    body = {
        "id_number": person.id_number,
        "case_number": case.number,
        "action": "拒绝售出机票",
        "occurred_at": timezone.now().isoformat(),
    }
    assert unit_client(key).post("/api/v1/sanctions/feedback/", body, format="json").status_code == 201
    other = dict(body, id_number=ric_n(99))
    assert unit_client(key).post("/api/v1/sanctions/feedback/", other, format="json").status_code == 404
    assert Case.objects.get(pk=case.pk).sanction_feedback.count() == 1


# --- the court API ---------------------------------------------------------------------------------
def test_court_api_propose_by_judge_refused_for_clerk(case, person, judge, clerk, client_for):
    body = {"case": case.pk, "party": person.pk, "grounds": ["4"], "facts": "未报告财产"}
    assert (
        client_for(clerk)
        .post("/api/v1/sanctions/defaulters/", body, content_type="application/json")
        .status_code
        == 403
    )
    response = client_for(judge).post("/api/v1/sanctions/defaulters/", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "proposed"


def test_court_api_hides_another_courts_entries(case, person, judge, other_clerk, client_for):
    from sanctions import services

    entry = services.defaulter_propose(
        actor=judge, case_id=case.pk, party_id=person.pk, grounds=["4"], facts="x"
    )
    assert client_for(other_clerk).get(f"/api/v1/sanctions/defaulters/{entry.pk}/").status_code == 404
    response = client_for(other_clerk).post(
        f"/api/v1/sanctions/defaulters/{entry.pk}/decide/", {"approve": True}, content_type="application/json"
    )
    assert response.status_code == 404


def test_fast_validation_agrees_with_the_validators():
    from django.core.exceptions import ValidationError

    from cases.validators import validate_ric, validate_uscc

    samples = [ric_n(i) for i in range(0, 3000, 7)]
    samples += [n[:17] + ("X" if n[17] != "X" else "0") for n in samples[:100]]  # wrong check character
    samples += ["630102199002301237", "91350100M000100Y43", "91350100M000100Y44", "91110000600037341L"]
    for number in samples:
        try:
            expected = validate_ric(number) if number[:17].isdigit() else validate_uscc(number)
        except ValidationError:
            expected = None
        assert checks.normalise(number) == expected, number


def test_an_id_listed_twice_answers_with_the_latest_entry_and_order(case, person, clerk, judge, unit_key):
    """Several rows for one ID: the answer takes the row the models' orderings put first (the latest
    proposal; the latest consumption order), whichever lookup (one SQL statement on PostgreSQL, the
    ORM on SQLite) produced it."""
    from sanctions.models import DefaulterEntry
    from tests.cases.conftest import filing_input

    unit, _key = unit_key
    number = ric_n(42)
    later_case = case_file(actor=clerk, data=filing_input(judge))
    bulk_publish(case, [number])
    bulk_publish(later_case, [number])
    older, newer = DefaulterEntry.objects.filter(id_number=number).order_by("pk")
    DefaulterEntry.objects.filter(pk=older.pk).update(proposed_at=timezone.now() + dt.timedelta(hours=1))
    first = ConsumptionOrder.objects.create(
        case=case, party=person, issued_by=judge, issued_on=dt.date(2026, 11, 2)
    )
    second = ConsumptionOrder.objects.create(
        case=later_case,
        party=later_case.parties.filter(role="respondent", kind="person").order_by("pk").first(),
        issued_by=judge,
        issued_on=dt.date(2026, 11, 20),
    )
    ConsumptionOrder.objects.filter(pk=first.pk).update(issued_at=timezone.now() + dt.timedelta(hours=1))
    for order in (first, second):
        RestrictedPerson.objects.create(order=order, capacity="respondent", name="乙", id_number=number)

    [answer] = checks.check_ids(unit=unit, ids=[number])
    assert answer["defaulter"]["case_number"] == case.number != later_case.number  # proposed later
    assert answer["consumption_since"] == "2026-11-02"  # the order issued (recorded) later

    DefaulterEntry.objects.filter(pk=newer.pk).update(proposed_at=timezone.now() + dt.timedelta(hours=2))
    ConsumptionOrder.objects.filter(pk=second.pk).update(issued_at=timezone.now() + dt.timedelta(hours=2))
    [answer] = checks.check_ids(unit=unit, ids=[number])
    assert answer["defaulter"]["case_number"] == later_case.number
    assert answer["consumption_since"] == "2026-11-20"


def test_one_id_answers_as_a_batch_does_and_is_logged(case, person, unit_key):
    """A single check (on PostgreSQL the prepared one-ID statement and the prepared log INSERT)
    answers each ID exactly as the same ID inside a batch, and its log row holds what the ORM
    would have written: the unit, the time, the counts, the ID and the caller's address."""
    unit, key = unit_key
    listed_id, restricted_id, both, neither = (ric_n(i) for i in (11, 12, 13, 14))
    _publish_directly(case, person, [listed_id, both])
    order = ConsumptionOrder.objects.create(
        case=case, party=person, issued_by=case.judge, issued_on=dt.date(2026, 11, 3)
    )
    for number in (restricted_id, both):
        RestrictedPerson.objects.create(order=order, capacity="respondent", name="乙", id_number=number)
    asked = [listed_id, restricted_id, both, neither, "x"]
    batch = unit_client(key).post(URL, {"ids": asked}, format="json").json()["results"]
    for number, in_batch in zip(asked, batch, strict=True):
        before = timezone.now()
        response = unit_client(key).post(URL, {"ids": [number]}, format="json", REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 200
        [alone] = response.json()["results"]
        assert alone == in_batch
        log = CheckLog.objects.filter(unit=unit).order_by("-pk").first()
        hit = number in (listed_id, restricted_id, both)
        assert (log.count, log.hits, log.invalid) == (1, int(hit), int(number == "x"))
        assert log.ids == [number] and log.address == "10.1.2.3" and log.at >= before
    assert batch[0]["defaulter"]["case_number"] == case.number and not batch[0]["consumption_restricted"]
    assert batch[1]["defaulter"] is None and batch[1]["consumption_since"] == "2026-11-03"
    assert batch[2]["defaulter"] and batch[2]["consumption_restricted"]
    assert batch[3]["defaulter"] is None and not batch[3]["consumption_restricted"]
    assert CheckLog.objects.filter(unit=unit).count() == 1 + len(asked)
