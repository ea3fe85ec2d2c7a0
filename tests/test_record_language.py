"""Audit summaries and notifications are records in the record language (zh-hans), whoever acts:
the same flow run by users whose pages are in English writes exactly what it writes in Chinese
(enforcement.i18n; the labels in a summary are choice labels that would otherwise follow the
acting user's language)."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from assets.services import asset_record
from assistance.choices import NoticeAction
from assistance.services import notice_answer, notice_draft, notice_sign_receipt
from cases.services import approval_decide, case_deadline_sweep, case_file
from documents.services import document_issue
from enforcement.i18n import in_record_language, record_text
from enforcement.models import AuditEvent, Notification
from tests.audit_events import the_event
from tests.cases.conftest import filing_input
from tests.clock import TODAY
from tests.documents.service_helpers import record_service

pytestmark = pytest.mark.django_db

# A word of Latin letters: an English label or sentence (the Chinese records hold only digits,
# numbers and names in Latin letters, none of which a flow below writes).
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class _RolledBack(Exception):
    pass


def _flow(language, *, clerk, judge, bank, liaison) -> tuple[list, list]:
    """File a case, record an asset, a clerk's freeze signed on approval and a query refused, the
    bank receives and answers, an execution notice issued and served: every step acting in
    `language`. Returns the audit events and notifications written, then rolls everything back so
    that the next run numbers its case and documents the same."""
    try:
        with transaction.atomic(), translation.override(language):
            assert gettext("Pending") == ("Pending" if language == "en" else "待投递")  # the UI really is
            mark = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
            note_mark = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
            case = case_file(actor=clerk, data=filing_input(judge))
            person = case.parties.get(role="respondent", kind="person")
            asset = asset_record(
                actor=clerk,
                case_id=case.pk,
                kind="bank_deposit",
                description="活期储蓄账户",
                identifier="6222020000000001",
                holder_agency_id=bank.pk,
                estimated_value="30000.00",
                source="investigation",
                owner_id=person.pk,
            )
            freeze = notice_draft(
                actor=clerk,
                case_id=case.pk,
                agency_id=bank.pk,
                action=NoticeAction.FREEZE,
                asset_id=asset.pk,
                payload={"amount": "30000.00"},
            )
            approval_decide(actor=judge, approval_id=freeze.approval.pk, approve=True)
            query = notice_draft(
                actor=clerk,
                case_id=case.pk,
                agency_id=bank.pk,
                action=NoticeAction.QUERY,
                respondent_id=person.pk,
            )
            approval_decide(
                actor=judge, approval_id=query.approval.pk, approve=False, note="已冻结，暂不查询"
            )
            notice_sign_receipt(agency=bank, notice_id=freeze.notice.pk, actor=liaison)
            notice_answer(
                agency=bank,
                notice_id=freeze.notice.pk,
                actor=liaison,
                result="done",
                data={"amount": "30000.00", "from": TODAY.isoformat()},
            )
            document = document_issue(
                actor=clerk, kind="execution_notice", case_id=case.pk, party_id=person.pk
            )
            record_service(clerk, document)
            events = list(
                AuditEvent.objects.filter(id__gt=mark).order_by("id").values_list("action", "summary")
            )
            notes = list(
                Notification.objects.filter(id__gt=note_mark)
                .order_by("id")
                .values_list("recipient__username", "kind", "title", "body")
            )
            raise _RolledBack
    except _RolledBack:
        pass
    return events, notes


@pytest.mark.cjk_fonts
def test_a_flow_acted_in_english_writes_the_records_it_writes_in_chinese(clerk, judge, bank, liaison):
    people = {"clerk": clerk, "judge": judge, "bank": bank, "liaison": liaison}
    zh_events, zh_notes = _flow("zh-hans", **people)
    en_events, en_notes = _flow("en", **people)
    actions = [action for action, _summary in zh_events]
    # the flow reached every kind of record it is meant to cover
    for expected in (
        "case.filed",
        "asset.recorded",
        "approval.proposed",
        "approval.approved",
        "approval.rejected",
        "notice.sent",
        "notice.cancelled",
        "notice.received",
        "notice.answered",
        "document.issued",
        "document.served",
    ):
        assert expected in actions, expected
    assert en_events == zh_events
    assert en_notes == zh_notes
    for _action, summary in en_events:
        assert not ENGLISH_WORD.search(summary), summary
    for _user, _kind, title, body in en_notes:
        assert not ENGLISH_WORD.search(title + body), (title, body)
    # the labels were there to translate: the Chinese records name them as zh-hans does
    summaries = "\n".join(summary for _action, summary in en_events)
    assert "（冻结）" in summaries and "法院调查" in summaries


def test_record_text_evaluates_labels_and_callables_in_the_record_language():
    label = NoticeAction.FREEZE.label  # a lazy label
    with translation.override("en"):
        assert str(label) == "Freeze"
        assert record_text(label) == "冻结"
        assert record_text(lambda: f"（{label}）") == "（冻结）"
        assert record_text("plain text") == "plain text"
        with in_record_language():
            assert str(label) == "冻结"
        assert str(label) == "Freeze"  # the user's language again after the block


def test_a_sweep_run_where_english_is_active_still_writes_chinese(clerk, judge):
    case = case_file(actor=clerk, data=filing_input(judge))
    with translation.override("en"):
        case_deadline_sweep(today=case.deadline - dt.timedelta(days=1))
        case_deadline_sweep(today=case.deadline + dt.timedelta(days=1))
    notes = list(
        Notification.objects.filter(recipient=judge, kind__startswith="case.deadline").values_list(
            "title", "body"
        )
    )
    notes += Notification.objects.filter(recipient=judge, kind="case.overdue").values_list("title", "body")
    assert len(notes) == 2
    for title, body in notes:
        assert not ENGLISH_WORD.search(title + body), (title, body)


@pytest.mark.cjk_fonts
def test_a_liaison_whose_pages_are_english_signs_for_a_notice_in_chinese(client, clerk, judge, bank, liaison):
    case = case_file(actor=clerk, data=filing_input(judge))
    notice = notice_draft(
        actor=judge,
        case_id=case.pk,
        agency_id=bank.pk,
        action=NoticeAction.QUERY,
        respondent_id=case.parties.get(role="respondent", kind="person").pk,
    ).notice
    client.force_login(liaison)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("assistance:liaison-notice", args=[notice.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and '<html lang="en">' in response.content.decode()
    response = client.post(reverse("assistance:liaison-sign", args=[notice.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    received = the_event("notice.received", on=notice)
    assert received.actor == liaison
    assert received.summary == f"{bank.name}已签收协助执行通知书（查询财产及信息）"
