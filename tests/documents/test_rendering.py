"""Rendering of court documents: every template to a real PDF whose text pdftotext reads back, the
glyph check (passing with the CJK fonts, failing without them), dates in Chinese numerals."""

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from cases.services import case_file
from documents.formatting import (
    date_cn_numerals,
    group_code,
    number_cn,
    person_particulars,
    yuan_cn,
)
from documents.kinds import KINDS, standalone_kinds
from documents.rendering import (
    MissingGlyphs,
    check_glyphs,
    css_string,
    html_to_pdf,
    pdf_fonts,
    pdf_text,
    qr_svg_data_uri,
)
from documents.services import document_issue, document_render_preview
from tests.cases.conftest import PERSON_ID_2, filing_input


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case(clerk, judge):
    return case_file(actor=clerk, data=filing_input(judge, performance_deadline=dt.date(2026, 6, 10)))


def respondent(case, kind="person"):
    return case.parties.get(role="respondent", kind=kind)


# --- Chinese numerals ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "day, expected",
    [
        (dt.date(2026, 11, 22), "二〇二六年十一月二十二日"),
        (dt.date(2026, 1, 1), "二〇二六年一月一日"),
        (dt.date(2026, 10, 10), "二〇二六年十月十日"),
        (dt.date(2026, 12, 20), "二〇二六年十二月二十日"),
        (dt.date(2026, 12, 31), "二〇二六年十二月三十一日"),
        (dt.date(2026, 11, 11), "二〇二六年十一月十一日"),
        (dt.date(2026, 2, 19), "二〇二六年二月十九日"),
        (dt.date(2000, 3, 30), "二〇〇〇年三月三十日"),
        (dt.date(2010, 9, 9), "二〇一〇年九月九日"),
    ],
)
def test_date_in_chinese_numerals(day, expected):
    assert date_cn_numerals(day) == expected


def test_an_aware_datetime_is_dated_in_the_courts_time_zone():
    late_evening_utc = dt.datetime(2026, 11, 21, 17, 30, tzinfo=dt.UTC)  # 01:30 on the 22nd in 西宁
    assert date_cn_numerals(late_evening_utc) == "二〇二六年十一月二十二日"


def test_number_cn_and_its_bounds():
    assert [number_cn(n) for n in (1, 5, 10, 15, 20, 21, 30, 99)] == [
        "一", "五", "十", "十五", "二十", "二十一", "三十", "九十九",
    ]  # fmt: skip
    with pytest.raises(ValueError):
        number_cn(0)


def test_amounts_and_particulars():
    assert yuan_cn(Decimal("1234.5")) == "人民币1,234.50元"
    assert yuan_cn(100000) == "人民币100,000.00元"
    with pytest.raises(TypeError):
        yuan_cn(1.5)
    assert person_particulars(PERSON_ID_2) == {"sex": "男", "born": "1991年1月1日"}
    # the 17th digit is 2: even, a woman
    assert person_particulars("11010519491231002X") == {"sex": "女", "born": "1949年12月31日"}
    assert person_particulars("91350100M000100Y43") == {}
    assert group_code("ABCDEFGHJKLM") == "ABCD-EFGH-JKLM"


def test_css_string_cannot_break_out_of_the_stylesheet():
    assert css_string('法院"; } body { display:none } </style>') == (
        '"法院\\22 ; } body { display:none } \\3c /style\\3e "'
    )


# --- every template, rendered and read back ------------------------------------------------------------
@pytest.mark.parametrize("kind_key", sorted(k.key for k in standalone_kinds()))
@pytest.mark.cjk_fonts
@pytest.mark.poppler
def test_each_template_renders_a_pdf_with_its_title_and_the_case_number(kind_key, clerk, case, tmp_path):
    kind = KINDS[kind_key]
    document = document_issue(actor=clerk, kind=kind_key, case_id=case.pk, party_id=respondent(case).pk)
    pdf = Path(document.file.path).read_bytes()
    text = pdf_text(pdf)
    flat = "".join(text.split())
    assert kind.title in flat  # the title is letter-spaced on the page: compare without spaces
    assert case.number in flat
    assert document.number in flat
    assert "西宁市城东区人民法院" in flat
    assert date_cn_numerals(document.issued_on) in flat
    assert "第1页共" in flat  # the page footer from @page counters
    # Page 1 as an image, the way a person sees it: a real A4 raster, not an empty page.
    subprocess.run(
        ["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-png", "-", str(tmp_path / "page")],
        input=pdf,
        check=True,
    )
    png = next(tmp_path.glob("page*.png")).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


@pytest.mark.cjk_fonts
@pytest.mark.poppler
def test_the_execution_notice_carries_parties_basis_amounts_fee_and_law(clerk, case):
    document = document_issue(
        actor=clerk, kind="execution_notice", case_id=case.pk, party_id=respondent(case).pk
    )
    flat = "".join(pdf_text(Path(document.file.path).read_bytes()).split())
    assert f"公民身份号码{PERSON_ID_2}" in flat  # the addressee's own notice carries their full number
    assert "申请执行人张三" in flat and "李四、青海某某贸易有限公司" in flat
    assert "（2026）青0102民初100号判决书已经发生法律效力" in flat
    assert "人民币100,000.00元" in flat
    assert f"人民币{case.application_fee:,.2f}元" in flat
    assert "计至立案之日" in flat and f"人民币{case.delay_interest:,.2f}元" in flat
    assert "《中华人民共和国民事诉讼法》第二百五十一条" in flat
    assert "此处加盖院印" in flat  # the marked place for the seal, not a seal
    assert f"验证码：{group_code(document.verification_code)}" in flat
    assert f"/verify/{document.verification_code}" in flat


@pytest.mark.cjk_fonts
@pytest.mark.poppler
def test_the_asset_report_order_cites_the_rules_and_the_consequences(clerk, case):
    entity = respondent(case, kind="entity")
    document = document_issue(actor=clerk, kind="asset_report_order", case_id=case.pk, party_id=entity.pk)
    flat = "".join(pdf_text(Path(document.file.path).read_bytes()).split())
    assert "被执行人：青海某某贸易有限公司，统一社会信用代码91350100M000100Y43" in flat
    assert "法定代表人：王五" in flat
    assert "《中华人民共和国民事诉讼法》第二百五十二条" in flat
    assert "《最高人民法院关于民事执行中财产调查若干问题的规定》第三条至第七条" in flat
    assert "责令你单位自收到本令之日起五日内" in flat
    assert "纳入失信被执行人名单" in flat and "罚款、拘留" in flat


# --- the glyph check --------------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
def test_glyph_check_passes_and_names_the_cjk_faces_the_css_asks_for(clerk, case):
    document = document_issue(
        actor=clerk, kind="execution_notice", case_id=case.pk, party_id=respondent(case).pk
    )
    pdf = Path(document.file.path).read_bytes()
    report = check_glyphs(pdf, ["执行通知书", case.number, "西宁市城东区人民法院"])
    assert report.ok and not report.missing_glyphs and report.text_not_found == []
    assert all(font.embedded for font in report.fonts)
    # title in the 黑体-like face, body in the 宋体-like face
    assert any("Noto-Sans-CJK-SC" in name for name in report.fonts_for("执"))
    assert any("Noto-Serif-CJK-SC" in name for name in report.fonts_for("申"))


NO_CJK_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def render_without_cjk_fonts(html: str, tmp_path) -> bytes:
    """Render in a subprocess whose fontconfig knows only DejaVu. Naming a Latin-only family in the CSS
    is not enough: fontconfig then falls back to Noto CJK by itself, and the PDF is fine."""
    if not Path("/usr/share/fonts/truetype/dejavu").is_dir():
        pytest.skip("needs fonts-dejavu-core for a font set without CJK")
    conf = tmp_path / "fonts.conf"
    conf.write_text(NO_CJK_FONTCONFIG.format(cache=tmp_path / "fc-cache"))
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    code = "import sys; from documents.rendering import html_to_pdf; sys.stdout.buffer.write(html_to_pdf(sys.stdin.read()))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=html.encode(),
        capture_output=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        cwd=django_settings.BASE_DIR,
        check=True,
        timeout=120,
    )
    return result.stdout


@pytest.mark.cjk_fonts
def test_glyph_check_fails_on_a_font_set_without_cjk(clerk, case, tmp_path):
    from documents.kinds import EXECUTION_NOTICE
    from documents.rendering import render_html

    context = EXECUTION_NOTICE.build_context(case=case, party=respondent(case))
    context.update(
        title="执行通知书",
        court_name=case.court.name,
        number="（2026）青0102执通1号",
        date_numerals="二〇二六年十一月二十二日",
        preview=False,
        verification_code="ABCD-EFGH-JKLM",
        verify_url="http://127.0.0.1:8000/verify/ABCDEFGHJKLM",
        qr=qr_svg_data_uri("http://127.0.0.1:8000/verify/ABCDEFGHJKLM"),
        running_header_css=css_string(case.court.name),
        footer_mark_css=css_string("验证码 ABCD-EFGH-JKLM"),
    )
    html = render_html(EXECUTION_NOTICE.template, context)
    # The same HTML passes here, where fontconfig has the CJK fonts…
    check_glyphs(html_to_pdf(html), ["执行通知书", case.number])
    # …and fails where it has none.
    pdf = render_without_cjk_fonts(html, tmp_path)
    assert pdf.startswith(b"%PDF")
    with pytest.raises(MissingGlyphs) as failure:
        check_glyphs(pdf, ["执行通知书", case.number])
    report = failure.value.report
    assert set("执行通知书") <= report.missing_glyphs
    assert all("CJK" not in font.name for font in report.fonts)
    # Why the check reads the fonts and not just the text: pdftotext still "finds" the title,
    # because the PDF maps the empty .notdef glyphs back to the right characters.
    assert report.text_not_found == []
    assert "字形缺失" in str(failure.value)


@pytest.mark.poppler
def test_glyph_check_fails_when_expected_text_is_not_in_the_pdf():
    pdf = html_to_pdf(
        '<html lang="zh-Hans"><body style="font-family: \'Noto Serif CJK SC\'">执行</body></html>'
    )
    with pytest.raises(MissingGlyphs) as failure:
        check_glyphs(pdf, "报告财产令")
    assert set("报告财产令") <= failure.value.report.absent_chars
    assert failure.value.report.text_not_found == ["报告财产令"]


@pytest.mark.cjk_fonts
def test_pdf_fonts_reads_every_embedded_font():
    pdf = html_to_pdf(
        '<html lang="zh-Hans"><body><h1 style="font-family: \'Noto Sans CJK SC\'">通知</h1>'
        "<p style=\"font-family: 'Noto Serif CJK SC'\">正文</p></body></html>"
    )
    fonts = {font.name.split("+")[-1]: font for font in pdf_fonts(pdf)}
    assert {"通", "知"} <= fonts["Noto-Sans-CJK-SC-Bold"].chars
    assert {"正", "文"} <= fonts["Noto-Serif-CJK-SC"].chars
    assert all(font.embedded and not font.notdef for font in fonts.values())


# --- preview ---------------------------------------------------------------------------------------------
@pytest.mark.cjk_fonts
@pytest.mark.poppler
def test_preview_has_the_watermark_and_neither_number_nor_code(clerk, case):
    pdf = document_render_preview(
        actor=clerk, kind="execution_notice", case_id=case.pk, party_id=respondent(case).pk
    )
    flat = "".join(pdf_text(pdf).split())
    # (the rotated watermark's characters land between the lines of extracted text, so only the
    # title and the court are looked up here; the issued documents' tests check the case number)
    check_glyphs(pdf, ["执行通知书", "西宁市城东区人民法院"])
    assert {"预", "览", "未", "生", "效"} <= set(flat)
    assert "文书编号于发出时生成" in flat
    assert "执通" not in flat and "/verify/" not in flat
