# ruff: noqa: F811  (pytest fixtures imported from the portal's tests are used as arguments)

"""Hostile strings in free-text fields, through the services, on every page, export and PDF that shows
them: HTML stays text (autoescaped, no raw tag), a template expression stays literal, a spreadsheet
formula stays text in CSV and XLSX (enforcement.tabular, the one place exports are written), a PDF
shows the text literally, and a NUL byte in a form is that form's error, never a 500.

Also proved by reading the code: no view or tag builds HTML with mark_safe / format_html; the one
`|safe` (the PDF shell's CSS `content:` strings) is fed by documents.rendering.css_string; nothing but
enforcement.tabular writes CSV or XLSX."""

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cases.services import PartyInput, case_file
from tests.assistance.test_liaison_portal import (  # noqa: F401  (fixtures shared with the portal's tests)
    bank_notice,
    case,
    person,
    query_notices,
)
from tests.cases.conftest import PERSON_ID_2, filing_input

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{7*7}}"
FORMULAS = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "@SUM(1)", "-1+1"]
RTL = "\u202eevil"
RAW_TAGS = ("<script>alert(1)", "<img src=x")


def _file_with(clerk, judge, *, applicant: str, respondent: str, address: str):
    data = filing_input(
        judge,
        respondents=[
            PartyInput(
                role="respondent", kind="person", name=respondent, id_number=PERSON_ID_2, address=address
            )
        ],
    )
    data.parties[0].name = applicant
    data.parties[0].address = address
    return case_file(actor=clerk, data=data)


@pytest.fixture
def hostile_case(clerk, judge):
    return _file_with(
        clerk,
        judge,
        applicant=f"张三{SCRIPT}",
        respondent=f"李四{IMG}{TEMPLATE}",
        address=f"西宁{RTL}{SCRIPT}",
    )


def _assert_escaped(html: str):
    for raw in RAW_TAGS:
        assert raw not in html, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert TEMPLATE in html and "49" not in re.findall(r"李四[^<]{0,40}", html)[0]


def test_case_page_and_list_show_hostile_names_escaped(client, judge, hostile_case):
    client.force_login(judge)
    detail = client.get(f"/cases/{hostile_case.pk}/")
    assert detail.status_code == 200
    _assert_escaped(detail.content.decode())
    listing = client.get("/cases/", {"q": "李四"})
    assert listing.status_code == 200
    html = listing.content.decode()
    assert not any(raw in html for raw in RAW_TAGS)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_hostile_search_query_is_echoed_escaped(client, judge, hostile_case):
    client.force_login(judge)
    response = client.get("/cases/", {"q": IMG})
    assert response.status_code == 200
    assert "<img src=x" not in response.content.decode()


@pytest.mark.parametrize("formula", FORMULAS)
def test_exports_keep_formulas_as_text(client, clerk, judge, formula):
    case = _file_with(clerk, judge, applicant=formula, respondent="李四", address="西宁")
    client.force_login(judge)
    csv_response = client.get("/cases/", {"format": "csv"})
    assert csv_response.status_code == 200
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r[0] == case.number)
    assert formula not in row  # never a cell that begins with the formula
    assert "'" + formula in row
    xlsx_response = client.get("/cases/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    cells = [c for r in sheet.iter_rows() for c in r if c.value and formula in str(c.value)]
    assert cells
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix  # shown as text, not run


@pytest.mark.cjk_fonts
@pytest.mark.poppler
def test_a_pdf_shows_hostile_text_literally(judge, hostile_case):
    from documents.rendering import pdf_text
    from documents.services import document_issue

    respondent = hostile_case.parties.get(role="respondent")
    document = document_issue(
        actor=judge, kind="execution_notice", case_id=hostile_case.pk, party_id=respondent.pk
    )
    with document.file.open("rb") as handle:
        text = re.sub(r"\s+", "", pdf_text(handle.read()))
    assert re.sub(r"\s+", "", f"李四{IMG}{TEMPLATE}") in text  # the name, character for character
    assert "&lt;" not in text and "&gt;" not in text  # not double-escaped either


# --- NUL and over-long text in a browser form --------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "message"),
    [("李\x00四", "空字符"), ("长" * 201, "200")],
    ids=["NUL byte", "longer than the field"],
)
def test_a_party_address_with_a_nul_or_too_long_is_a_form_error_not_a_500(
    client, judge, hostile_case, value, message
):
    client.force_login(judge)
    party = hostile_case.parties.get(role="respondent")
    response = client.post(
        f"/cases/{hostile_case.pk}/parties/{party.pk}/", {"address": value, "phone": ""}, follow=True
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    party.refresh_from_db()
    assert "\x00" not in party.address and len(party.address) <= 200


# --- what the code may not do ---------------------------------------------------------------------------
def _sources(*patterns):
    for pattern in patterns:
        for path in ROOT.glob(pattern):
            rel = path.relative_to(ROOT).as_posix()
            if not rel.startswith(("tests/", ".venv/", "node_modules/")):
                yield rel, path.read_text(encoding="utf-8")


def test_no_code_marks_html_safe():
    offenders = [
        rel
        for rel, text in _sources("*/**/*.py")
        if re.search(r"\bmark_safe\(|\bformat_html\(|\bSafeString\(|\bSafeText\(", text)
    ]
    assert offenders == []


def test_the_only_safe_filters_are_the_pdf_shells_css_strings():
    uses = [
        (rel, line.strip())
        for rel, text in _sources("templates/**/*.html", "*/templates/**/*.html")
        for line in text.splitlines()
        if re.search(r"\|\s*safe\b|autoescape\s+off|\|\s*safeseq\b", line)
    ]
    assert uses == [
        ("templates/documents/pdf/base.html", "content: {{ running_header_css|safe }};"),
        ("templates/documents/pdf/base.html", "content: {{ footer_mark_css|safe }};"),
    ]


def test_the_css_strings_cannot_leave_the_style_sheet():
    from documents.rendering import css_string

    value = css_string('法院"; } </style><script>alert(1)</script>\n')
    assert value.startswith('"') and value.endswith('"')
    inner = value[1:-1]
    assert '"' not in inner and "<" not in inner and ">" not in inner and "\n" not in inner


def test_only_the_tabular_module_writes_csv_or_xlsx():
    writers = [
        rel
        for rel, text in _sources("*/**/*.py")
        if re.search(r"csv\.(writer|DictWriter)\(|^\s*(from|import) openpyxl", text, re.M)
    ]
    assert writers == ["enforcement/tabular.py"]


# --- an agency's answer (kept in the notice's JSON answer and as assets the answer creates) -----------
def test_an_agency_answer_with_hostile_text_is_escaped_for_the_agency_and_the_court(
    client, judge, bank_officer, bank_notice, case
):
    from tests.assistance.test_liaison_portal import items_post

    client.force_login(bank_officer)
    client.get(f"/liaison/notices/{bank_notice.pk}/")
    rows = [{"identifier": "6222000000000003", "description": f"活期{SCRIPT}{IMG}", "value": "100.00"}]
    response = client.post(
        f"/liaison/notices/{bank_notice.pk}/answer/", items_post(rows, note=f"备注{SCRIPT}{TEMPLATE}")
    )
    assert response.status_code == 302
    for user, url in ((bank_officer, f"/liaison/notices/{bank_notice.pk}/"), (judge, f"/cases/{case.pk}/")):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert not any(raw in html for raw in RAW_TAGS), url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url


def test_a_nul_byte_in_an_agency_answer_is_a_form_error(client, bank_officer, bank_notice):
    from tests.assistance.test_liaison_portal import items_post

    client.force_login(bank_officer)
    client.get(f"/liaison/notices/{bank_notice.pk}/")
    response = client.post(
        f"/liaison/notices/{bank_notice.pk}/answer/",
        items_post([], result="review_suggestion", note="理由\x00"),
    )
    assert response.status_code in (200, 400)
    assert "空字符" in response.content.decode() or "U+0000" in response.content.decode()
