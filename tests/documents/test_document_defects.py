"""Documents without defects, read back from the PDF: no doubled punctuation, article numbers in
Chinese numerals, the asset-report order carries its 财产申报表 as a second page, and a one-respondent
执行通知书 fits on one page."""

import datetime as dt
import re
import subprocess
from decimal import Decimal

import pytest

from assistance.choices import NoticeAction
from assistance.models import Notice
from assistance.services import notice_draft, notice_judicial_suggestion, notices_overdue_sweep
from cases.models import EnforcementBasis
from cases.services import case_file
from documents.kinds import standalone_kinds
from documents.rendering import pdf_text
from documents.services import document_issue
from enforcement.models import CourtSetting
from tests.cases.conftest import filing_input

DOUBLED = re.compile(r"[。；，、：！？]{2,}|（（|））|“”")
ARABIC_ARTICLE = re.compile(r"第\d+条")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case(clerk, judge):
    case = case_file(actor=clerk, data=filing_input(judge))
    # text typed by a user that ends in its own full stop: the document must not add a second mark
    EnforcementBasis.objects.filter(case=case).update(non_money_obligation="返还挖掘机一台。")
    case.refresh_from_db()
    return case


def squashed(pdf: bytes) -> str:
    return re.sub(r"\s+", "", pdf_text(pdf))


def pages(pdf: bytes) -> int:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


@pytest.mark.cjk_fonts
@pytest.mark.poppler
@pytest.mark.parametrize("kind_key", sorted(k.key for k in standalone_kinds()))
def test_no_doubled_punctuation_and_articles_in_chinese_numerals(kind_key, clerk, case):
    for party in case.parties.filter(role="respondent"):
        document = document_issue(actor=clerk, kind=kind_key, case_id=case.pk, party_id=party.pk)
        text = squashed(document.file.read())
        assert not DOUBLED.findall(text), (kind_key, DOUBLED.findall(text))
        assert not ARABIC_ARTICLE.findall(text), (kind_key, ARABIC_ARTICLE.findall(text))


@pytest.mark.cjk_fonts
@pytest.mark.poppler
def test_the_asset_report_order_carries_the_declaration_form_as_its_second_page(clerk, case):
    li_si = case.parties.get(role="respondent", name="李四")
    document = document_issue(actor=clerk, kind="asset_report_order", case_id=case.pk, party_id=li_si.pk)
    pdf = document.file.read()
    assert pages(pdf) == 2
    first, second = pdf_text(pdf).split("\f")[:2]
    assert "附：财产申报表" in re.sub(r"\s+", "", first)
    second = re.sub(r"\s+", "", second)
    assert "财产申报表" in second and case.number in second and "李四" in second
    for heading in ("银行存款", "不动产", "车辆", "股权", "债权", "申报人（签名或者盖章）"):
        assert heading in second


@pytest.mark.cjk_fonts
@pytest.mark.poppler
def test_an_execution_notice_for_one_respondent_fits_on_one_page(clerk, judge):
    case = case_file(actor=clerk, data=filing_input(judge, amount=Decimal("250000.00")))
    li_si = case.parties.get(role="respondent", name="李四")
    document = document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=li_si.pk)
    assert pages(document.file.read()) == 1


@pytest.mark.cjk_fonts
@pytest.mark.poppler
def test_the_execution_notice_names_the_courts_account_and_the_judges_contact_on_one_page(
    clerk, judge, court
):
    CourtSetting.objects.create(
        court=court,
        case_money_account_name="西宁市城东区人民法院",
        case_money_account_bank="中国工商银行西宁城东支行",
        case_money_account_number="2805010109024900001",
    )
    type(judge).objects.filter(pk=judge.pk).update(phone="0971-8123456")
    judge.refresh_from_db()
    case = case_file(actor=clerk, data=filing_input(judge))
    li_si = case.parties.get(role="respondent", name="李四")
    document = document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=li_si.pk)
    pdf = document.file.read()
    text = squashed(pdf)
    assert "执行款专户" in text and "2805010109024900001" in text and "中国工商银行西宁城东支行" in text
    assert "承办人：李法官" in text and "联系电话：0971-8123456" in text
    assert pages(pdf) == 1


@pytest.mark.cjk_fonts
@pytest.mark.poppler
def test_the_assistance_notice_cites_the_issuing_courts_own_joint_mechanism_document(
    case, judge, bank, court
):
    def notice_text():
        notice = notice_draft(
            actor=judge,
            case_id=case.pk,
            agency_id=bank.pk,
            action=NoticeAction.QUERY,
            respondent_id=case.parties.get(role="respondent", name="李四").pk,
        ).notice
        return squashed(notice.document.file.read())

    without = notice_text()
    assert "上政法" not in without and "审查建议" not in without  # no local document: none cited
    assert not DOUBLED.findall(without)
    CourtSetting.objects.create(
        court=court, joint_mechanism_document="青海省高级人民法院等关于执行联动机制的意见第十条"
    )
    with_setting = notice_text()
    assert "（青海省高级人民法院等关于执行联动机制的意见第十条）" in with_setting
    assert not DOUBLED.findall(with_setting) and not ARABIC_ARTICLE.findall(with_setting)


@pytest.mark.cjk_fonts
@pytest.mark.poppler
def test_the_judicial_suggestion_has_no_doubled_punctuation_and_cites_the_courts_own_document(
    case, judge, bank, court
):
    """司法建议函 (kind 执建): issued on an overdue notice; read back like every other kind."""

    def suggestion_text():
        notice = notice_draft(
            actor=judge,
            case_id=case.pk,
            agency_id=bank.pk,
            action=NoticeAction.QUERY,
            respondent_id=case.parties.get(role="respondent", name="李四").pk,
        ).notice
        notices_overdue_sweep(today=Notice.objects.get(pk=notice.pk).due_on + dt.timedelta(days=1))
        notice = notice_judicial_suggestion(actor=judge, notice_id=notice.pk)
        return squashed(notice.suggestion_document.file.read())

    without = suggestion_text()
    assert not DOUBLED.findall(without), DOUBLED.findall(without)
    assert not ARABIC_ARTICLE.findall(without)
    assert "第一百一十七条" in without and "上政法" not in without  # no local document: none cited
    CourtSetting.objects.create(
        court=court, joint_mechanism_document="青海省高级人民法院等关于执行联动机制的意见第十条"
    )
    with_setting = suggestion_text()
    assert "第一百一十七条及青海省高级人民法院等关于执行联动机制的意见第十条的规定" in with_setting
    assert not DOUBLED.findall(with_setting) and not ARABIC_ARTICLE.findall(with_setting)
