"""Django template → PDF with WeasyPrint, the QR code, and the check that Chinese text really got glyphs.

Fonts: the print CSS (templates/documents/pdf/print.css) names the families that fonts-noto-cjk
installs ("Noto Serif CJK SC" for the body, "Noto Sans CJK SC" for titles); WeasyPrint finds them
through fontconfig. No @font-face and no network: the URL fetcher only accepts data: URIs (the QR
code), so nothing a party's name could smuggle into the HTML can make the renderer read a file or
call a server.

The glyph check (`check_glyphs`) reads the PDF itself, because a missing CJK font does not fail
the rendering: WeasyPrint writes the .notdef glyph (an empty box or nothing) and still maps the code
to the right character in the ToUnicode table, so even `pdftotext` "finds" the title in a PDF that
shows no Chinese at all. The check therefore looks at what each embedded font really draws for each
character: a character whose only glyph is CID 0 (.notdef) is missing.
"""

import hashlib
import logging
import re
import shutil
import subprocess
import threading
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from enforcement.i18n import in_record_language

logger = logging.getLogger(__name__)

PDFTOTEXT = "pdftotext"


# --- rendering -------------------------------------------------------------------------------------
def render_html(template_name: str, context: dict) -> str:
    # Documents are Chinese whatever the language of the request or the worker that renders them.
    with in_record_language():
        return render_to_string(template_name, context)


def html_to_pdf(html: str) -> bytes:
    # Imported when a document is made, not with the module: WeasyPrint fails to import on a machine
    # without Pango, and every page must still be served there (render_support says what is missing).
    from weasyprint import HTML, URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})  # one per render: a fetcher keeps request state
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_html(template_name, context))


def render_checked_pdf(template_name: str, context: dict, *, expected: Iterable[str]) -> bytes:
    """A PDF that is not a case document (a court's statistical report): the same pipeline as
    document_issue (record language, WeasyPrint, data:-only fetching) and the same glyph check,
    without the Document row, number and verification code that only a case document has. Raises
    MissingGlyphs when a Chinese font is missing (only the font check: pdftotext is for the tests)."""
    pdf = render_pdf(template_name, context)
    check_glyphs(pdf, list(expected), extract_text=False)
    return pdf


def qr_svg_data_uri(url: str) -> str:
    """A QR code (error correction M: readable with a stain or a fold) as an inline SVG."""
    return segno.make(url, error="m").svg_data_uri(border=2)


def css_string(value: str) -> str:
    """A quoted CSS string for `content:` (autoescaping is for HTML, not for CSS): backslash, quote,
    angle brackets and line breaks become CSS escapes."""
    escaped = "".join(f"\\{ord(c):x} " if c in '\\"<>\n\r' else c for c in str(value))
    return f'"{escaped}"'


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- can this machine make documents at all? ------------------------------------------------------------
# The Debian packages behind each part (the same names ./dev provisions and .ci/run installs).
FONT_PACKAGES = "fonts-noto-cjk"
PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"
# The faces print.css names, as they appear in the PDF's font names.
DOCUMENT_FACES = ("Noto-Sans-CJK-SC", "Noto-Serif-CJK-SC")
_PROBE_HTML = (
    '<html lang="zh-Hans"><body>'
    "<h1 style=\"font-family: 'Noto Sans CJK SC'; font-weight: bold\">执行通知书</h1>"
    "<p style=\"font-family: 'Noto Serif CJK SC'\">人民法院</p></body></html>"
)
_PROBE_TEXT = ["执行通知书", "人民法院"]
RECHECK_AFTER = 60.0  # seconds: a font installed while the server runs is found without a restart


@dataclass(frozen=True)
class RenderSupport:
    """What a probe render found. `missing` names the Debian packages that would fix it."""

    ok: bool
    missing: str = ""
    detail: str = ""
    faces: frozenset[str] = frozenset()

    @property
    def has_document_faces(self) -> bool:
        return all(any(face in name for name in self.faces) for face in DOCUMENT_FACES)


_support: tuple[float, RenderSupport] | None = None
_support_lock = threading.Lock()  # one probe per process at a time (threads of runserver or gunicorn)


def _probe() -> RenderSupport:
    try:
        pdf = html_to_pdf(_PROBE_HTML)
    except OSError as exc:  # WeasyPrint loads pango, gobject and fontconfig with ctypes when imported
        return RenderSupport(ok=False, missing=PANGO_PACKAGES, detail=f"{exc.__class__.__name__}: {exc}")
    faces = frozenset(font.name for font in pdf_fonts(pdf))
    try:
        check_glyphs(pdf, _PROBE_TEXT, extract_text=False)
    except MissingGlyphs as exc:
        return RenderSupport(ok=False, missing=FONT_PACKAGES, detail=str(exc), faces=faces)
    return RenderSupport(ok=True, faces=faces)


def render_support(*, refresh: bool = False) -> RenderSupport:
    """Whether WeasyPrint runs and a Chinese font draws real glyphs here, found by rendering a line of
    Chinese (~0.5 s once per process: the fonts load, which the first real document then reuses).
    A success is kept for the life of the process; a failure is probed again after RECHECK_AFTER."""
    global _support
    with _support_lock:
        if not refresh and _support is not None:
            checked_at, found = _support
            if found.ok or time.monotonic() - checked_at < RECHECK_AFTER:
                return found
        found = _probe()
        if not found.ok:
            logger.error("documents cannot be rendered on this machine: %s", found.detail)
        _support = (time.monotonic(), found)
        return found


def documents_unavailable_reason() -> str | None:
    """None when documents can be made here; otherwise what is missing and the command that installs
    it, for the page that refuses to issue."""
    found = render_support()
    if found.ok:
        return None
    if found.missing == PANGO_PACKAGES:
        return _(
            "the server cannot run the PDF renderer (WeasyPrint's system libraries are missing). "
            "The administrator installs them with: apt-get install %(packages)s"
        ) % {"packages": found.missing}
    return _(
        "no Chinese font is installed on the server, so a document would print as empty boxes. "
        "The administrator installs one with: apt-get install %(packages)s"
    ) % {"packages": found.missing}


# --- the glyph check -----------------------------------------------------------------------------------
class MissingGlyphs(Exception):
    """The PDF does not show some of the text it should: a font without those glyphs was used."""

    def __init__(self, report: "GlyphReport"):
        self.report = report
        super().__init__(report.describe())


@dataclass
class PdfFont:
    name: str
    embedded: bool
    chars: set[str] = field(default_factory=set)  # characters drawn with a real glyph
    notdef: set[str] = field(default_factory=set)  # characters drawn with .notdef (CID 0)


@dataclass
class GlyphReport:
    fonts: list[PdfFont]
    expected: list[str]
    missing_glyphs: set[str] = field(default_factory=set)  # drawn, but as .notdef
    absent_chars: set[str] = field(default_factory=set)  # expected, but in no font of the PDF
    text_not_found: list[str] = field(default_factory=list)  # expected, not in the extracted text
    extracted_text: str | None = None

    @property
    def ok(self) -> bool:
        return not (self.missing_glyphs or self.absent_chars or self.text_not_found)

    def fonts_for(self, char: str) -> set[str]:
        return {font.name for font in self.fonts if char in font.chars}

    def describe(self) -> str:
        parts = []
        if self.missing_glyphs:
            parts.append("字形缺失（.notdef）：" + "".join(sorted(self.missing_glyphs)))
        if self.absent_chars:
            parts.append("PDF 中没有这些字符：" + "".join(sorted(self.absent_chars)))
        if self.text_not_found:
            parts.append("提取的文本中找不到：" + "、".join(self.text_not_found))
        return "；".join(parts) or "字形检查通过"


def check_glyphs(
    pdf: bytes, expected_text: str | Iterable[str], *, extract_text: bool | None = None
) -> GlyphReport:
    """Raise MissingGlyphs unless every character the PDF draws has a real glyph, every character of
    `expected_text` is drawn by some embedded font, and (with pdftotext, used when installed unless
    `extract_text` says otherwise) each expected string appears in the extracted text."""
    expected = [expected_text] if isinstance(expected_text, str) else list(expected_text)
    fonts = pdf_fonts(pdf)
    report = GlyphReport(fonts=fonts, expected=expected)
    drawn: set[str] = set()
    for font in fonts:
        drawn |= font.chars
        report.missing_glyphs |= font.notdef
        if not font.embedded:
            # A font the reader must supply shows whatever the reader has: not an official document.
            report.missing_glyphs |= font.chars
    wanted = {c for text in expected for c in text if not c.isspace()}
    report.absent_chars = wanted - drawn - report.missing_glyphs
    if extract_text is None:
        extract_text = shutil.which(PDFTOTEXT) is not None
    if extract_text:
        report.extracted_text = pdf_text(pdf)
        flat = _squash(report.extracted_text)
        report.text_not_found = [text for text in expected if _squash(text) not in flat]
    if not report.ok:
        raise MissingGlyphs(report)
    return report


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as poppler's pdftotext extracts it (reading order, UTF-8)."""
    result = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, timeout=60, check=True
    )
    return result.stdout.decode("utf-8")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- a small reader for the parts of a PDF the check needs ----------------------------------------------
# WeasyPrint (pydyf) writes Type0 fonts with a ToUnicode CMap (code → text) and an encoding that is
# Identity-H (code = CID) or an embedded CMap (code → CID); dictionaries sit in plain objects or in
# compressed object streams. This reads exactly that, nothing more.
_OBJ = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_STREAM = re.compile(rb"stream\r?\n")
_LENGTH = re.compile(rb"/Length\s+(\d+)\b(?!\s+\d+\s+R)")
_REF = rb"\s+(\d+)\s+\d+\s+R"


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """object number → (dictionary text, decoded stream or None)."""
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    pos = 0
    while match := _OBJ.search(pdf, pos):
        number, start = int(match.group(1)), match.end()
        end = pdf.find(b"endobj", start)
        end = len(pdf) if end == -1 else end
        stream = _STREAM.search(pdf, start, end)
        if stream is None:
            objects[number] = (pdf[start:end], None)
            pos = end + 6
            continue
        head = pdf[start : stream.start()]
        length = _LENGTH.search(head)
        data_start = stream.end()
        data_end = data_start + int(length.group(1)) if length else pdf.find(b"endstream", data_start)
        data: bytes | None = pdf[data_start:data_end]
        if b"/FlateDecode" in head:
            try:
                data = zlib.decompress(data)
            except zlib.error:
                data = None
        objects[number] = (head, data)
        after = pdf.find(b"endobj", data_end)
        pos = data_end if after == -1 else after + 6
    for head, data in list(objects.values()):
        if b"/ObjStm" in head and data:
            count = int(re.search(rb"/N\s+(\d+)", head).group(1))
            first = int(re.search(rb"/First\s+(\d+)", head).group(1))
            numbers = [int(x) for x in data[:first].split()]
            pairs = list(zip(numbers[0::2], numbers[1::2], strict=True))[:count]
            for index, (number, offset) in enumerate(pairs):
                stop = pairs[index + 1][1] if index + 1 < len(pairs) else len(data) - first
                objects.setdefault(number, (data[first + offset : first + stop], None))
    return objects


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be", errors="replace")


def _to_unicode(cmap: bytes) -> dict[int, str]:
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(src, 16)] = _utf16(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        pattern = rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)"
        for low, high, target in re.findall(pattern, block):
            low, high = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                for offset, dst in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", target)):
                    out[low + offset] = _utf16(dst)
            else:
                base = bytes.fromhex(target[1:-1].decode())
                first = int.from_bytes(base, "big")
                for offset in range(high - low + 1):
                    value = (first + offset).to_bytes(len(base), "big")
                    out[low + offset] = value.decode("utf-16-be", errors="replace")
    return out


def _code_to_cid(cmap: bytes) -> dict[int, int]:
    out: dict[int, int] = {}
    for block in re.findall(rb"begincidchar(.*?)endcidchar", cmap, re.S):
        for code, cid in re.findall(rb"<([0-9A-Fa-f]+)>\s*(\d+)", block):
            out[int(code, 16)] = int(cid)
    for block in re.findall(rb"begincidrange(.*?)endcidrange", cmap, re.S):
        for low, high, cid in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)", block):
            for offset in range(int(high, 16) - int(low, 16) + 1):
                out[int(low, 16) + offset] = int(cid) + offset
    return out


def _ref(head: bytes, key: bytes) -> int | None:
    match = re.search(rb"/" + key + _REF, head)
    return int(match.group(1)) if match else None


def pdf_fonts(pdf: bytes) -> list[PdfFont]:
    """Every Type0 font of the PDF with the characters it draws with a real glyph and with .notdef."""
    objects = _objects(pdf)
    fonts = []
    for head, _data in objects.values():
        if not re.search(rb"/Subtype\s*/Type0\b", head):
            continue
        name_match = re.search(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", head)
        name = name_match.group(1).decode("latin-1") if name_match else "?"
        to_unicode_ref = _ref(head, b"ToUnicode")
        to_unicode = _to_unicode(objects.get(to_unicode_ref, (b"", b""))[1] or b"") if to_unicode_ref else {}
        encoding_ref = _ref(head, b"Encoding")
        if encoding_ref is not None:
            code_to_cid = _code_to_cid(objects.get(encoding_ref, (b"", b""))[1] or b"")
            cid_of = code_to_cid.get
        else:  # /Identity-H: the code is the CID
            cid_of = lambda code, default=None: code  # noqa: E731
        font = PdfFont(name=name, embedded=_embedded(objects, head))
        for code, text in to_unicode.items():
            cid = cid_of(code, 0)
            for char in text:
                (font.notdef if cid == 0 else font.chars).add(char)
        fonts.append(font)
    return fonts


def _embedded(objects, type0_head: bytes) -> bool:
    descendants = re.search(rb"/DescendantFonts\s*\[\s*(\d+)\s+\d+\s+R", type0_head)
    if not descendants:
        return False
    descendant = objects.get(int(descendants.group(1)), (b"", None))[0]
    descriptor_ref = _ref(descendant, b"FontDescriptor")
    descriptor = objects.get(descriptor_ref, (b"", None))[0] if descriptor_ref else b""
    return re.search(rb"/FontFile[23]?" + _REF, descriptor) is not None
