"""拍卖公告 of an approved round and 拍卖成交裁定书 of a sold one, from the document service; the
records are written in Chinese whatever the actor's language."""

import pytest
from django.utils import translation

from disposal import services
from documents.models import Document
from enforcement.errors import Conflict
from enforcement.models import AuditEvent
from tests.disposal.conftest import approved_round, fixed

pytestmark = pytest.mark.django_db


@pytest.mark.cjk_fonts
def test_announcement_then_sale_ruling(judge, head, house, clock):
    fixed(judge, house)
    step = approved_round(judge, head, house)
    with pytest.raises(Conflict):
        services.step_document(actor=judge, step_id=step.pk, kind="auction_sale_ruling")
    notice = services.step_document(actor=judge, step_id=step.pk, kind="auction_announcement")
    assert notice.kind == "auction_announcement" and "执拍公" in notice.number
    clock.move_to(step.bidding_ends_at.date())
    services.step_result(
        actor=judge, step_id=step.pk, result="sold", on=clock.today(), sold_price="75000.00", buyer="王五"
    )
    ruling = services.step_document(actor=judge, step_id=step.pk, kind="auction_sale_ruling")
    assert "执拍裁" in ruling.number
    assert Document.objects.filter(case=house.case).count() == 2


def test_records_in_chinese_when_acting_in_english(judge, head, house, clock):
    with translation.override("en"):
        fixed(judge, house)
        step = approved_round(judge, head, house)
        clock.move_to(step.bidding_ends_at.date())
        services.step_result(actor=judge, step_id=step.pk, result="failed", on=clock.today())
    summaries = list(
        AuditEvent.objects.filter(action__startswith="disposal.").values_list("summary", flat=True)
    )
    assert any("第1次拍卖流拍" in s for s in summaries), summaries
    assert not any("Auction round" in s or "Real estate" in s for s in summaries), summaries
