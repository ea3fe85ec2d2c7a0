"""The case page's disposal panel and the form pages: errors next to their fields, another court's
records a 404."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.registry import next_steps_for
from disposal import services
from disposal.models import DisposalStep
from disposal.selectors import home_items
from tests.clock import TODAY
from tests.disposal.conftest import fixed, held, proposed_round, round_input
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _post_round(client, asset, **kw):
    data = round_input(**kw)
    form = {
        "price": str(data["price"]),
        "deposit": str(data["deposit"]),
        "parties_notified_on": data["parties_notified_on"].isoformat(),
        "announced_on": data["announced_on"].isoformat(),
        "bidding_starts_at": data["bidding_starts_at"].strftime("%Y-%m-%dT%H:%M"),
        "bidding_ends_at": data["bidding_ends_at"].strftime("%Y-%m-%dT%H:%M"),
        "collegial_panel": "on",
    }
    return client.post(reverse("disposal:round-propose", args=[asset.pk]), form)


def test_panel_shows_the_asset_and_its_limits(client_for, judge, house):
    fixed(judge, house)
    page = client_for(judge).get(reverse("cases:detail", args=[house.case_id]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="disposal"' in body and reverse("disposal:round-propose", args=[house.pk]) in body
    assert "70,000.00" in body


def test_round_form_puts_the_refusal_next_to_its_field(client_for, judge, house):
    fixed(judge, house)
    client = client_for(judge)
    page = _post_round(client, house, lead=29)
    assert page.status_code == 200
    form = page.context["form"]
    assert "第十二条" in form.errors["bidding_starts_at"][0]
    assert not DisposalStep.objects.exists()
    done = _post_round(client, house, lead=30)
    assert done.status_code == 302 and DisposalStep.objects.count() == 1


def test_price_form_field_errors(client_for, judge, house):
    page = client_for(judge).post(
        reverse("disposal:price-record", args=[house.pk]),
        {"method": "online_inquiry", "served_on": TODAY.isoformat(), "platform_results": ""},
    )
    assert page.status_code == 200 and page.context["form"].errors["platform_results"]


def test_another_courts_judge_gets_404(client_for, house, other_court):
    stranger = make_member("judge", court=other_court)
    assert client_for(stranger).get(reverse("disposal:price-record", args=[house.pk])).status_code == 404


def test_next_steps_and_head_work_list(client_for, judge, head, house):
    finding = services.price_record(
        actor=judge, asset_id=house.pk, method="appraisal", served_on=TODAY, reference_price="100000.00"
    )
    (step,) = [
        s
        for s in next_steps_for(house.case)
        if "reference price" in str(s["label"]) or "参考价" in str(s["label"])
    ]
    assert step["due"] == TODAY + dt.timedelta(days=6)
    finding.served_on = TODAY - dt.timedelta(days=10)
    finding.save(update_fields=["served_on"])
    services.price_fix(actor=judge, finding_id=finding.pk)
    services.round_propose(actor=judge, asset_id=house.pk, **round_input())
    (item,) = home_items(head)
    assert item["count"] == 1
    assert home_items(judge) == []


def test_price_finding_due_30_days_after_the_seal(judge, case):
    asset = held(case, "vehicle")
    measure = asset.measures.get()
    measure.started_on = TODAY - dt.timedelta(days=3)
    measure.save(update_fields=["started_on"])
    steps = [
        s for s in next_steps_for(case) if "参考价规定" in str(s["label"]) or "第一条" in str(s["label"])
    ]
    assert [s["due"] for s in steps] == [TODAY + dt.timedelta(days=27)]


def test_head_work_list_is_of_their_own_court(judge, head, house, other_court):
    fixed(judge, house)
    proposed_round(judge, house)
    assert home_items(head)[0]["count"] == 1
    assert home_items(make_member("head", court=other_court)) == []
