"""Exports of a list as a spreadsheet: CSV in UTF-8 with a byte-order mark (so a spreadsheet
program opens the Chinese headers and names correctly) and XLSX.

The XLSX is written here with the standard library: one worksheet of inline strings, the
smallest SpreadsheetML package (ECMA-376 part 1) the spreadsheet programs open, so the project
needs no extra dependency for it. Every cell is text, as the list shows it (an amount keeps its
¥ and separators, a date its 年月日), and a cell that a spreadsheet would read as a formula is
written as text, never as one."""

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Sequence
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.http import HttpResponse

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # CSV injection: kept as text with a leading '


def _text(value) -> str:
    return "" if value is None else str(value)


def _csv_safe(value) -> str:
    text = _text(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_text(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _xml_text(value) -> str:
    # characters XML 1.0 cannot carry (control characters other than tab and newlines) are dropped
    text = "".join(c for c in _text(value) if c in "\t\n\r" or ord(c) >= 0x20)
    return escape(text)


def _sheet(headers: Sequence[str], rows: Iterable[Sequence]) -> str:
    lines = []
    for r, row in enumerate([headers, *rows], start=1):
        cells = "".join(
            f'<c r="{_column(c)}{r}" t="inlineStr"><is><t xml:space="preserve">{_xml_text(v)}</t></is></c>'
            for c, v in enumerate(row)
        )
        lines.append(f'<row r="{r}">{cells}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(lines)}</sheetData></worksheet>"
    )


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "Sheet1") -> bytes:
    sheet_name = escape("".join(c for c in sheet if c not in "[]:*?/\\")[:31] or "Sheet1", {'"': "&quot;"})
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": _sheet(headers, rows),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def xlsx_rows(data: bytes) -> list[list[str]]:
    """Read back what xlsx_bytes wrote (the rows as text): for tests and checks."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = ET.fromstring(package.read("xl/worksheets/sheet1.xml"))
    return [
        ["".join(t.text or "" for t in cell.iterfind(".//m:t", ns)) for cell in row.iterfind("m:c", ns)]
        for row in root.iterfind(".//m:row", ns)
    ]


def export_response(fmt: str, *, filename: str, headers: Sequence[str], rows: Iterable[Sequence], sheet: str):
    """The download of one list: fmt "xlsx" or "csv" (anything else is the caller's 404)."""
    rows = list(rows)
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(headers, rows, sheet=sheet), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(csv_bytes(headers, rows), content_type=CSV_TYPE)
    name = f"{filename}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename=\"export.{fmt}\"; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "private, no-store"
    return response
