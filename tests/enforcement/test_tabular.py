"""The one module of the list exports (enforcement/tabular.py): the XLSX read back with openpyxl
(rows equal the rows given, a bold header, amounts numbers shown ¥1,234.56, dates dates shown the
Chinese way, widths that fit), the CSV in UTF-8 with a BOM, and a text a spreadsheet would run as a
formula kept as text in both."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from enforcement.tabular import (
    AMOUNT_FORMAT,
    CSV_TYPE,
    XLSX_TYPE,
    csv_bytes,
    export_response,
    xlsx_bytes,
)
from tests.clock import NOW, SHANGHAI, TODAY

HEADERS = ["案号", "被执行人", "标的额（元）", "立案日期", "送达时间", "剩余天数"]
ROWS = [
    ["（2026）青01执1号", "青海鑫源贸易有限公司", Decimal("500000.00"), TODAY, NOW, 42],
    ["（2026）青01执2号", "韩梅", Decimal("1234.56"), TODAY - dt.timedelta(days=3), None, ""],
]


def _sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: a spreadsheet program then reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_xlsx_reads_back_as_the_rows_given():
    sheet = _sheet(xlsx_bytes(HEADERS, ROWS, sheet="执行案件"))
    assert sheet.title == "执行案件"
    header, first, second = list(sheet.iter_rows())
    assert [c.value for c in header] == HEADERS
    assert all(c.font.b for c in header) and not any(c.font.b for c in first)
    assert [c.value for c in first[:2]] == ROWS[0][:2]
    # an amount is a number, shown as money
    amount = first[2]
    assert amount.data_type == "n" and Decimal(str(amount.value)) == Decimal("500000.00")
    assert amount.number_format == AMOUNT_FORMAT == "¥#,##0.00"
    assert Decimal(str(second[2].value)) == Decimal("1234.56")
    # a date is a date, shown 2026年12月1日; an aware datetime in the court's wall-clock time
    assert first[3].is_date and first[3].value.date() == TODAY
    assert first[3].number_format == 'yyyy"年"m"月"d"日"'
    assert first[4].is_date and first[4].value == NOW.astimezone(SHANGHAI).replace(tzinfo=None)
    assert first[4].number_format.startswith('yyyy"年"m"月"d"日"') and "hh:mm" in first[4].number_format
    assert first[5].value == 42 and first[5].data_type == "n"
    # nothing is an empty cell, not the text "None"
    assert second[4].value is None and second[5].value is None


def test_xlsx_columns_are_wide_enough_for_their_contents():
    sheet = _sheet(xlsx_bytes(HEADERS, ROWS))
    widths = {key: dim.width for key, dim in sheet.column_dimensions.items()}
    # 青海鑫源贸易有限公司: ten Chinese characters, each about two widths
    assert widths["B"] >= 20
    assert widths["A"] >= 2 * 4 + 8  # （2026）青01执1号
    assert all(8 <= w <= 60 for w in widths.values())


def test_xlsx_of_a_long_list_keeps_every_row():
    rows = ([f"（2026）青01执{i}号", f"name{i}", Decimal(i), TODAY, None, i] for i in range(3000))
    sheet = _sheet(xlsx_bytes(HEADERS, rows))
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 3001
    assert values[-1][0] == "（2026）青01执2999号" and values[-1][5] == 2999


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_formula_stays_text_in_both_formats(text):
    rows = [["（2026）青01执1号", text, Decimal("1"), TODAY, None, 1]]
    cell = _sheet(xlsx_bytes(HEADERS, rows))["B2"]
    # (XML reads a carriage return back as a newline)
    assert cell.data_type == "s" and cell.value == text.replace("\r", "\n")
    assert cell.quotePrefix  # what typing the apostrophe does in the program: shown as typed, never run
    assert _csv(csv_bytes(HEADERS, rows))[1][1] == "'" + text


def test_an_ordinary_text_is_not_marked_and_a_negative_amount_is_a_number():
    rows = [["（2026）青01执1号", "韩梅", Decimal("-12.50"), TODAY, None, -3]]
    sheet = _sheet(xlsx_bytes(HEADERS, rows))
    assert not sheet["B2"].quotePrefix
    assert sheet["C2"].data_type == "n" and Decimal(str(sheet["C2"].value)) == Decimal("-12.50")
    assert _csv(csv_bytes(HEADERS, rows))[1][2] == "-12.50"  # a number, not a guarded text


def test_characters_xml_cannot_carry_are_dropped_not_a_500():
    rows = [["（2026）青01执1号", "韩\x01梅\x0b", Decimal("1"), TODAY, None, 1]]
    assert _sheet(xlsx_bytes(HEADERS, rows))["B2"].value == "韩梅"


def test_sheet_name_is_made_one_a_workbook_accepts():
    assert _sheet(xlsx_bytes(HEADERS, [], sheet="执行:案件/[列表]*?")).title == "执行案件列表"
    assert _sheet(xlsx_bytes(HEADERS, [], sheet="")).title == "Sheet1"
    assert len(_sheet(xlsx_bytes(HEADERS, [], sheet="案" * 40)).title) == 31


def test_csv_has_the_bom_the_chinese_headers_and_the_list_text():
    header, first, second = _csv(csv_bytes(HEADERS, ROWS))
    assert header == HEADERS
    assert first == [
        "（2026）青01执1号",
        "青海鑫源贸易有限公司",
        "500000.00",
        f"{TODAY.year}年{TODAY.month}月{TODAY.day}日",
        f"{TODAY.year}年{TODAY.month}月{TODAY.day}日 10:00",
        "42",
    ]
    assert second[4:] == ["", ""]


@pytest.mark.parametrize(("fmt", "content_type"), [("csv", CSV_TYPE), ("xlsx", XLSX_TYPE)])
def test_the_download_names_the_file_and_is_not_cached(fmt, content_type):
    response = export_response(fmt, filename=f"案件_20261201.{fmt}", headers=HEADERS, rows=ROWS, sheet="案件")
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and f"%E6%A1%88%E4%BB%B6_20261201.{fmt}" in disposition
    assert "no-store" in response["Cache-Control"]
    if fmt == "xlsx":
        assert [c.value for c in _sheet(response.content)["A"]][1:] == [r[0] for r in ROWS]


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        export_response("pdf", filename="x.pdf", headers=HEADERS, rows=ROWS)
