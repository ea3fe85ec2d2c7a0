"""The network query → answer → assets → freeze → answer → measure in effect flow, on services."""

import datetime as dt
from decimal import Decimal

import pytest

from assets.choices import AssetKind, MeasureStatus
from assets.models import Asset
from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import Notice
from assistance.services import network_query_start, notice_answer, notice_draft, notice_sign_receipt
from documents.models import Document
from enforcement.choices import AgencyKind
from tests.audit_events import actions_of, the_event
from tests.clock import TODAY

pytestmark = pytest.mark.django_db


@pytest.mark.cjk_fonts
def test_network_query_answer_assets_then_freeze(
    file_case, judge, agencies, bank_officer, django_capture_on_commit_callbacks
):
    case = file_case()
    respondent = case.parties.filter(role="respondent", kind="person").get()
    bank = agencies[AgencyKind.BANK]
    with django_capture_on_commit_callbacks(execute=True):
        query = network_query_start(actor=judge, respondent_ids=[respondent.pk])
    query.refresh_from_db()
    assert (query.status, query.done, query.total) == ("done", 1, 1)
    assert actions_of(query) == ["network_query.started", "network_query.sent"]
    assert the_event("network_query.sent", on=case).data["respondent_id"] == respondent.pk
    notices = Notice.objects.filter(network_query=query)
    assert notices.count() == len(agencies)  # every agency of the network-query kinds (two banks)
    notice = notices.get(agency=bank)
    assert notice.status == NoticeStatus.SENT and notice.due_on > TODAY
    notice_sign_receipt(agency=bank, notice_id=notice.pk, actor=bank_officer)
    assert the_event("notice.received", on=notice).actor == bank_officer
    notice_answer(
        agency=bank,
        notice_id=notice.pk,
        actor=bank_officer,
        result="done",
        data={
            "items": [
                {"identifier": "6222 0000 0000 0001", "value": "30000.00", "description": "活期储蓄账户"},
                {"identifier": "6222000000000002", "value": "5000.50"},
            ]
        },
    )
    answered = the_event("notice.answered", on=notice)
    assert answered.actor == bank_officer and answered.data["result"] == "done"
    assets = Asset.objects.filter(case=case).order_by("id")
    assert [a.kind for a in assets] == [AssetKind.BANK_DEPOSIT] * 2
    assert [a.estimated_value for a in assets] == [Decimal("30000.00"), Decimal("5000.50")]
    assert assets[0].holder_agency == bank and assets[0].source == "network_query"
    # freeze the first account: judge signs at once, PDF issued, sent to the bank
    result = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.FREEZE,
        asset_id=assets[0].pk,
        payload={"amount": "30000.00"},
    )
    assert result.sent
    freeze = result.notice
    assert freeze.status == NoticeStatus.SENT and freeze.document.kind == "assistance_notice"
    assert Document.objects.filter(kind="assistance_notice").count() == 1
    assert actions_of(freeze) == ["notice.drafted", "document.issued", "notice.sent"]
    assert the_event("document.issued", on=freeze).data["number"] == freeze.document.number
    today = TODAY
    notice_answer(
        agency=bank,
        notice_id=freeze.pk,
        actor=bank_officer,
        result="done",
        data={"amount": "30000.00", "from": today.isoformat()},
    )
    answered = the_event("notice.answered", on=freeze)
    assert answered.actor == bank_officer and answered.data["result"] == "done"
    measure = freeze.measure
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ACTIVE
    assert measure.started_on == today
    assert measure.expires_on == today.replace(year=today.year + 1) - dt.timedelta(days=1)
    assert "第485条" in measure.term_citation
