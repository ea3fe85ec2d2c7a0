"""The partial index of the liaison inbox's pending tab (assistance migration 0011) spells out the
states awaiting an answer; if they change, the index must change with them or PostgreSQL stops
using it."""

from django.db.models import Q

from assistance.choices import NoticeStatus
from assistance.models import Notice


def test_the_pending_inbox_index_names_the_states_awaiting_an_answer():
    index = next(i for i in Notice._meta.indexes if i.name == "notice_agency_pending_due_idx")
    assert index.condition == Q(status__in=[str(s) for s in NoticeStatus.awaiting_answer()])
