"""Exports of a list as a spreadsheet, the one module every export uses: CSV in UTF-8 with a
byte-order mark (so a spreadsheet program opens the Chinese headers and names correctly) and XLSX
written with openpyxl.

A row is a sequence of plain values, typed as the data is:
- a Decimal is an amount of money: in the XLSX a number cell shown as ¥1,234.56, in the CSV its
  digits (500000.00), which a spreadsheet reads as a number;
- an int or a float is a number (a count, days, a percentage);
- a date (or an aware datetime, in the court's time zone) is a date cell shown the Chinese way
  (2026年12月1日, 2026年12月1日 10:00) in the XLSX and that same text in the CSV;
- anything else is text. A text that a spreadsheet would run as a formula (starting with =, +, -,
  @, a tab or a carriage return) stays text: in the CSV with a leading apostrophe, in the XLSX as a
  text cell marked quote-prefixed (what typing the apostrophe in the program does).

The XLSX is a write-only workbook (rows go to disk as they come, so a list of 200,000 cases does
not sit in memory as cell objects) with a bold header row and column widths taken from the header
and the first rows."""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import chain, islice

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from enforcement.templatetags.enforcement_ui import date_cn, datetime_cn

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # CSV/formula injection: such a text stays text
AMOUNT_FORMAT = "¥#,##0.00"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'
SHEET_FORBIDDEN = str.maketrans("", "", "[]:*?/\\")  # characters a sheet name may not hold
WIDTH_SAMPLE = 200  # rows looked at for the column widths
MIN_WIDTH, MAX_WIDTH = 8, 60


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _text(value) -> str:
    return "" if value is None else str(value)


def _is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def _local(value: dt.datetime) -> dt.datetime:
    """A datetime as the court's wall clock, without a zone (a spreadsheet cell has none)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


# --- CSV ------------------------------------------------------------------------------------------
def _csv_value(value) -> str:
    if _is_number(value):
        return str(value)
    if isinstance(value, dt.datetime):
        return datetime_cn(value)
    if isinstance(value, dt.date):
        return date_cn(value)
    text = _text(value)
    return "'" + text if _is_formula_like(text) else text


def csv_bytes(headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_csv_value(str(h)) for h in headers])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- XLSX -----------------------------------------------------------------------------------------
def _shown_width(value) -> int:
    """About how many character widths a value takes (a Chinese character two)."""
    if isinstance(value, Decimal):
        text = f"¥{value:,.2f}"
    elif isinstance(value, dt.datetime):
        text = datetime_cn(value)
    elif isinstance(value, dt.date):
        text = date_cn(value)
    else:
        text = _text(value)
    longest = max(text.split("\n"), key=len, default="")
    return sum(2 if ord(c) > 0x2E7F else 1 for c in longest)


def _xlsx_cell(sheet, value, *, bold: bool = False) -> WriteOnlyCell:
    if value is None or value == "":
        cell = WriteOnlyCell(sheet, value=None)
    elif _is_number(value):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, Decimal):
            cell.number_format = AMOUNT_FORMAT
    elif isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=_local(value))
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
    else:
        text = ILLEGAL_CHARACTERS_RE.sub("", _text(value))  # control characters XML cannot carry
        cell = WriteOnlyCell(sheet, value=text)
        if _is_formula_like(text):
            cell.data_type = "s"  # openpyxl would take a leading = as a formula; it is the text
            cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def _sheet_title(sheet: str) -> str:
    return str(sheet).translate(SHEET_FORBIDDEN).strip("'")[:31] or "Sheet1"


def xlsx_bytes(headers: Sequence, rows: Iterable[Sequence], *, sheet: str = "Sheet1") -> bytes:
    headers = [str(h) for h in headers]
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(_sheet_title(sheet))
    for index, header in enumerate(headers):
        widest = max([_shown_width(header), *(_shown_width(r[index]) for r in sample if index < len(r))])
        worksheet.column_dimensions[get_column_letter(index + 1)].width = min(
            MAX_WIDTH, max(MIN_WIDTH, widest + 2)
        )
    worksheet.freeze_panes = "A2"  # the header stays in sight while scrolling
    worksheet.append([_xlsx_cell(worksheet, h, bold=True) for h in headers])
    for row in chain(sample, rows):
        worksheet.append([_xlsx_cell(worksheet, v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- the download ---------------------------------------------------------------------------------
def export_response(fmt: str, *, filename: str, headers: Sequence, rows: Iterable[Sequence], sheet: str = ""):
    """The download of one list: fmt "xlsx" or "csv" (anything else is the caller's 404);
    filename is the whole name the browser saves, extension included."""
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(headers, rows, sheet=sheet), content_type=XLSX_TYPE)
    elif fmt == "csv":
        response = HttpResponse(csv_bytes(headers, rows), content_type=CSV_TYPE)
    else:
        raise ValueError(f"no export format {fmt!r}")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"  # lists of parties: no shared cache keeps them
    return response
