"""Exports a spreadsheet opens: CSV with a BOM and an XLSX workbook of one sheet.

The XLSX is written with the standard library (zipfile and the five parts of SpreadsheetML a
workbook needs, strings inline), so an export needs no package beyond Python's own. Numbers
(int, Decimal) are number cells; everything else is text. A text cell a spreadsheet would run as
a formula (starting with =, +, -, @, a tab or a carriage return) gets a leading apostrophe in both
formats."""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils.http import content_disposition_header

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 does not allow (control characters other than tab, newline, carriage return).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def text_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def _is_number(value) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def csv_response(headers: Sequence, rows: Iterable[Sequence], *, filename: str) -> HttpResponse:
    response = HttpResponse(content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response.write("\ufeff")  # the BOM: Excel then reads the file as UTF-8 (Chinese names intact)
    writer = csv.writer(response)
    writer.writerow([text_cell(h) for h in headers])
    for row in rows:
        writer.writerow([value if _is_number(value) else text_cell(value) for value in row])
    return response


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _xml_cell(ref: str, value) -> str:
    if _is_number(value):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = escape(XML_ILLEGAL.sub("", text_cell(value)))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def xlsx_bytes(headers: Sequence, rows: Iterable[Sequence], *, sheet: str = "Sheet1") -> bytes:
    lines = []
    for r, row in enumerate([headers, *rows], start=1):
        cells = "".join(_xml_cell(f"{_column(c)}{r}", value) for c, value in enumerate(row))
        lines.append(f'<row r="{r}">{cells}</row>')
    worksheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(lines)}</sheetData></worksheet>"
    )
    # a sheet name is at most 31 characters, without []:*?/\
    sheet_name = escape(re.sub(r"[\[\]:*?/\\]", "", str(sheet))[:31] or "Sheet1", {'"': "&quot;"})
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", worksheet)
    return buffer.getvalue()


def xlsx_response(headers: Sequence, rows: Iterable[Sequence], *, filename: str, sheet: str) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(headers, rows, sheet=sheet), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def read_xlsx(data: bytes) -> list[list[str]]:
    """The cells of the first sheet of a workbook this module wrote, row by row, as text (for
    tests and for reading an export back)."""
    from xml.etree import ElementTree

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    out = []
    for row in root.iter(f"{{{ns['m']}}}row"):
        values = []
        for cell in row:
            text = cell.find("m:is/m:t", ns)
            value = cell.find("m:v", ns)
            values.append(
                (text.text or "") if text is not None else (value.text if value is not None else "")
            )
        out.append(values)
    return out
