"""One language system: interface text is English msgids through gettext, Chinese lives in the zh-hans
catalogue. Templates and scripts carry no Chinese outside translation tags (PDF templates are legal
artefacts and stay Chinese); every msgid they use is in the catalogue, translated and not fuzzy; the
language switch names each language in itself."""

import ast
import gettext
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.urls import reverse
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale/zh_Hans/LC_MESSAGES"
CATALOGUES = ("django", "djangojs")

# CJK ideographs (with extension A and compatibility forms), CJK punctuation (、。〔〕「」) and the
# full-width forms (（）：，；＋).
CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

TRANSLATE_TAGS = ("translate", "trans")
BLOCK_OPEN = ("blocktranslate", "blocktrans")
BLOCK_CLOSE = ("endblocktranslate", "endblocktrans")


def template_dirs() -> list[Path]:
    dirs = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    dirs += [p for p in ROOT.glob("*/templates") if p.is_dir()]
    dirs += [p for p in ROOT.glob("tests/*/templates") if p.is_dir()]
    return sorted(set(dirs))


def interface_templates() -> list[Path]:
    """Every template except the PDF ones (a `pdf` folder): those are legal artefacts in Chinese."""
    found = []
    for directory in template_dirs():
        for path in sorted(directory.rglob("*")):
            if path.suffix in (".html", ".txt") and "pdf" not in path.relative_to(directory).parts:
                found.append(path)
    return found


def chinese_outside_translation(source: str) -> list[str]:
    """The pieces of a template that would show Chinese without passing through gettext: text and
    variables outside {% translate %} / {% blocktranslate %}, and tag arguments (a `default:"系统"`
    or an include's `with label="…"`). Comments ({# #} and {% comment %}) are not shown."""
    offending = []
    in_block = in_comment = False
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.COMMENT:
            continue
        contents = token.contents.strip()
        name = contents.split(" ", 1)[0] if token.token_type == TokenType.BLOCK else ""
        if in_comment:
            in_comment = name != "endcomment"
            continue
        if name == "comment":
            in_comment = True
            continue
        if name in BLOCK_OPEN:
            in_block = True
            continue
        if name in BLOCK_CLOSE:
            in_block = False
            continue
        if name in TRANSLATE_TAGS or (in_block and token.token_type in (TokenType.TEXT, TokenType.VAR)):
            continue
        if in_block and name == "plural":
            continue
        if CJK.search(token.contents):
            offending.append(token.contents.strip()[:80])
    return offending


def test_the_scan_sees_chinese_outside_tags_and_lets_it_pass_inside():
    assert chinese_outside_translation('<h1>{% translate "Case number" %}</h1>') == []
    assert (
        chinese_outside_translation(
            "{% blocktranslate %}Art. 18 of 上政法〔2018〕35号{% endblocktranslate %}"
        )
        == []
    )
    assert chinese_outside_translation("{# 财产查控 #}{% comment %}案号{% endcomment %}") == []
    assert chinese_outside_translation("<h1>案号</h1>") == ["<h1>案号</h1>"]
    assert chinese_outside_translation('{{ name|default:"系统" }}') == ['name|default:"系统"']
    assert chinese_outside_translation('{% include "x.html" with label="申请执行人" %}') != []
    assert chinese_outside_translation("（{{ n }}）") != []


def test_interface_templates_carry_no_chinese_outside_translation_tags():
    templates = interface_templates()
    assert len(templates) > 40, "the template folders were not found"
    offending = {}
    for path in templates:
        found = chinese_outside_translation(path.read_text(encoding="utf-8"))
        if found:
            offending[str(path.relative_to(ROOT))] = found
    assert not offending, f"Chinese outside {{% translate %}} in: {json.dumps(offending, ensure_ascii=False)}"


def pdf_templates_stay_chinese():
    return [p for d in template_dirs() for p in d.rglob("pdf/*.html")]


def test_pdf_templates_are_left_in_chinese():
    """The scan leaves the PDF templates out on purpose: they are the court's documents."""
    pdfs = pdf_templates_stay_chinese()
    assert pdfs and all(CJK.search(p.read_text(encoding="utf-8")) for p in pdfs if "base" not in p.name)


def script_literals(source: str) -> list[str]:
    """The string literals of a script (comments removed)."""
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    source = re.sub(r"(?m)^\s*//.*$|(?<=[;,{}()\s])//.*$", "", source)
    return re.findall(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', source)


def test_scripts_carry_no_chinese_strings():
    offending = {
        path.name: [s for s in script_literals(path.read_text(encoding="utf-8")) if CJK.search(s)]
        for path in sorted((ROOT / "static/js").glob("*.js"))
    }
    offending = {name: found for name, found in offending.items() if found}
    assert not offending, f"Chinese strings in scripts (use gettext from /jsi18n/): {offending}"


# --- the catalogue ----------------------------------------------------------------------------
def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr / msgstr[n] and the flags."""
    entries, current, field, flags = [], None, None, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,"):
            flags = [flag.strip() for flag in line[2:].split(",")]
            continue
        if line.startswith("#") or not line.strip():
            if line.startswith("#|"):
                (current or {}).setdefault("previous", True)
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
        if match:
            key = match.group(1)
            starts_entry = key == "msgctxt" or (
                key == "msgid" and (current is None or "msgctxt" not in current or "msgid" in current)
            )
            if starts_entry and current is not None and any(k.startswith("msgstr") for k in current):
                entries.append(current)
                current = None
            if current is None:
                current, flags = {"flags": flags}, []
            current[key] = ast.literal_eval(match.group(2))
            field = key
        elif line.startswith('"') and current is not None:
            current[field] += ast.literal_eval(line)
    if current is not None:
        entries.append(current)
    return [e for e in entries if e.get("msgid")]


def catalogue_key(entry: dict) -> tuple[str, str, str]:
    return entry.get("msgctxt", ""), entry["msgid"], entry.get("msgid_plural", "")


@pytest.mark.parametrize("domain", CATALOGUES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(domain):
    po = LOCALE / f"{domain}.po"
    entries = parse_po(po)
    assert entries, f"{po} has no entries"
    untranslated = [e["msgid"] for e in entries if not all(v for k, v in e.items() if k.startswith("msgstr"))]
    assert not untranslated, f"untranslated in {domain}.po: {untranslated}"
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy in {domain}.po (review and remove the flag): {fuzzy}"
    keys = [catalogue_key(e) for e in entries]
    duplicates = sorted({k[1] for k in keys if keys.count(k) > 1})
    assert not duplicates, f"duplicate msgids in {domain}.po: {duplicates}"


@pytest.mark.parametrize("domain", CATALOGUES)
def test_compiled_catalogue_matches_the_po_file(domain):
    with open(LOCALE / f"{domain}.mo", "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = []
    for e in parse_po(LOCALE / f"{domain}.po"):
        ctx, msgid, plural = catalogue_key(e)
        if plural:
            got = mo.npgettext(ctx, msgid, plural, 1) if ctx else mo.ngettext(msgid, plural, 1)
            want = e["msgstr[0]"]
        else:
            got = mo.pgettext(ctx, msgid) if ctx else mo.gettext(msgid)
            want = e["msgstr"]
        if got != want:
            stale.append(msgid)
    assert not stale, f"{domain}.mo is older than {domain}.po (run msgfmt): {stale[:5]}"


CALL = re.compile(r"\b(n?p?gettext)\(((?:\s*u?'(?:[^'\\]|\\.)*'\s*,?)+)")
STRING = re.compile(r"u?'(?:[^'\\]|\\.)*'")


def template_msgids(path: Path) -> set[tuple[str, str, str]]:
    """The msgids a template asks for, read the way makemessages reads them (Django's templatize)."""
    found = set()
    for function, args in CALL.findall(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        strings = [ast.literal_eval(s.lstrip("u")) for s in STRING.findall(args)]
        ctx = strings.pop(0) if function.startswith(("pgettext", "npgettext")) else ""
        found.add((ctx, strings[0], strings[1] if function.startswith(("ngettext", "npgettext")) else ""))
    return found


def script_msgids(path: Path) -> set[tuple[str, str, str]]:
    found = set()
    for literal in re.findall(r'\bgettext\(("(?:[^"\\]|\\.)*")\)', path.read_text(encoding="utf-8")):
        found.add(("", json.loads(literal), ""))
    return found


def test_msgid_extraction_reads_tags_the_way_makemessages_does(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}{% translate "Case number" %}{% translate ", " context "list separator" %}'
        "{% blocktranslate count n=k %}{{ n }} day{% plural %}{{ n }} days{% endblocktranslate %}"
        "{% blocktranslate with d=x %}Due by {{ d }}.{% endblocktranslate %}",
        encoding="utf-8",
    )
    assert template_msgids(page) == {
        ("", "Case number", ""),
        ("list separator", ", ", ""),
        ("", "%(n)s day", "%(n)s days"),
        ("", "Due by %(d)s.", ""),
    }


def test_every_interface_msgid_is_in_the_catalogue():
    """A msgid a template or script uses and the catalogue lacks would show English in Chinese mode."""
    catalogue = {catalogue_key(e) for e in parse_po(LOCALE / "django.po")}
    missing = {}
    for path in interface_templates():
        lacking = sorted(m[1] for m in template_msgids(path) - catalogue)
        if lacking:
            missing[str(path.relative_to(ROOT))] = lacking
    js_catalogue = {catalogue_key(e) for e in parse_po(LOCALE / "djangojs.po")}
    for path in sorted((ROOT / "static/js").glob("*.js")):
        lacking = sorted(m[1] for m in script_msgids(path) - js_catalogue)
        if lacking:
            missing[str(path.relative_to(ROOT))] = lacking
    assert not missing, (
        f"msgids missing from the zh-hans catalogue: {json.dumps(missing, ensure_ascii=False)}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_language_switch_names_each_language_in_itself(client, language):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    options = dict(re.findall(r'<option value="([\w-]+)" lang="[\w-]+"[^>]*>([^<]+)</option>', html))
    assert options == {"zh-hans": "简体中文", "en": "English"}


def test_dates_follow_the_interface_language():
    """Pages print dates the Chinese way in Chinese and in the reader's format otherwise; the PDF
    documents render under zh-hans, so they keep 2026年12月2日."""
    import datetime as dt

    from django.utils import translation

    from enforcement.templatetags.enforcement_ui import date_cn, datetime_cn

    day = dt.date(2026, 12, 2)
    moment = dt.datetime(2026, 12, 2, 14, 3, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with translation.override("zh-hans"):
        assert (date_cn(day), datetime_cn(moment)) == ("2026年12月2日", "2026年12月2日 14:03")
    with translation.override("en"):
        assert (date_cn(day), datetime_cn(moment)) == ("Dec. 2, 2026", "Dec. 2, 2026 14:03")
