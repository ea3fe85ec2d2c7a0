"""Every Chinese string in the apps' Python source is either interface text inside a gettext call
(English msgid, Chinese in locale/zh_Hans/LC_MESSAGES/django.po) or legal/stored data named below.
A new untranslated Chinese interface string fails here: put it through gettext, or, if it is data
(a legal artefact, an audit summary, a citation), say so in DATA_MODULES / DATA_NAMES."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["cases", "assistance", "assets", "documents", "enforcement", "config"]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "npgettext",
    "npgettext_lazy",
}

# Whole modules that are legal artefacts or data: documents' content and formatting, rule rows with
# their citations, the fee and interest computations (their explanation is part of the record), the
# demo data, and command-line output.
DATA_MODULES = {
    "assets/rules.py",
    "assistance/documents.py",  # the text of assistance notices and judicial suggestions
    "assistance/rules.py",
    "cases/money.py",  # fee and interest explanations with their citations, stored with the case
    "cases/rules.py",
    "documents/formatting.py",
    "documents/rules.py",  # service rules: their citations and notes, shown as the law words them
    "documents/kinds.py",
    "documents/rendering.py",  # PDF rendering and its glyph check
    "enforcement/demo.py",
    "enforcement/rules.py",
}
DATA_PACKAGES = ("/migrations/", "/management/commands/")

# Single definitions (a top-level constant, class or function, or a method as Class.method) that
# hold data: audit-trail wording, case-number formats, input normalisation, citations.
DATA_NAMES = {
    "cases/actions.py": {"CN_NUMERALS", "_extend", "_lift_suspension", "_resume"},  # audit details
    # closing: input normalisation (Chinese commas in a schedule) and the audit details of each mode
    "cases/closing.py": {
        "_amount",
        "_instalment_rows",
        "_yuan",
        "_cn_item",
        "settle_perform",
        "performance_perform",
        "breach_perform",
        "terminate_perform",
        "withdraw_perform",
    },
    "assistance/closing.py": {"lift_on_closing:reason"},  # what the lifting notices say
    "cases/api/serializers.py": {"InterestPartSerializer"},  # the two interpretations' citations
    "cases/choices.py": {"CaseType"},  # the values 执, 执恢 … are the case-number codes
    "cases/forms.py": {"DATE_FORMATS", "MoneyField.to_python", "_case_numbers"},  # accepted input
    "cases/validators.py": {"BRACKETS"},  # the brackets a document number is typed with
    "cases/numbering.py": {"case_number"},
    "cases/resumption.py": {"case_resume_open"},  # the fee explanation stored with the case
    "cases/services.py": {  # the field names and verbs written into audit summaries
        "EDITABLE_CASE_FIELDS",
        "EDITABLE_PARTY_FIELDS",
        "_approval_open:who",
        "approval_decide:verdict",
        "normalize_case_number",  # the brackets of a case number as stored
        "_agents_text",  # a party's agents as the audit summary of a party edit lists them
        "HEARING_WAY_RECORD",  # how the applicant was heard, as the audit summary says it
    },
    "assistance/actions.py": {"_send_notice", "_keep_over_limit"},  # audit details
    "assistance/services.py": {
        "over_limit_facts",  # the facts an over-limit approval and its audit event record
        "due_text",
        # approval reasons and what the lifting notice says
        "notice_draft:reason",
        "notice_sign_draft:reason",
        "_over_limit_recheck:reason",
        "measure_over_limit_refused:what",
        "measure_over_limit_refused:payload",
    },
    "config/settings/base.py": {"LANGUAGES", "DEFAULT_FROM_EMAIL", "SPECTACULAR_SETTINGS"},
    "documents/services.py": {
        "document_number",
        "render_document_html:mark",  # the PDF's watermark
        "document_open_for_download:suffix",  # the downloaded file's name
    },
    "enforcement/audit.py": {"audit_record"},
    "enforcement/workdays.py": {"FIXED_HOLIDAYS"},  # the holiday rule's citation
    # the Chinese date format itself (年月日), a format, not a message
    "enforcement/dates.py": {"format_date_cn"},
    # the spreadsheet number formats of a date (年月日), formats, not messages
    "enforcement/tabular.py": {"DATE_FORMAT", "DATETIME_FORMAT"},
    "cases/selectors.py": {"FULL_ID_SUMMARIES"},  # the audit summary of a full-ID reveal
}
# Calls whose arguments are audit-trail wording (stored Chinese, like the summaries).
AUDIT_CALLS = {"audit_record", "audit_record_many", "_timeline", "_audit"}
AUDIT_KEYWORDS = {"summary", "why", "decision_note", "fee_explanation", "actor_name"}


def _name(func) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _untranslated(path: Path, rel: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed_names = DATA_NAMES.get(rel, set())
    found: list[str] = []

    def visit(node, scope: str, allowed: bool) -> None:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            return  # a docstring or a bare string: not shown to anyone
        if isinstance(node, ast.Call) and _name(node.func) in GETTEXT:
            return
        if isinstance(node, ast.Call) and _name(node.func) in AUDIT_CALLS:
            allowed = True
        if isinstance(node, ast.keyword) and node.arg in AUDIT_KEYWORDS:
            allowed = True
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if any("summary" in n for n in names):
                allowed = True
            if any((f"{scope}:{n}" if scope else n) in allowed_names for n in names):
                allowed = True
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            scope = f"{scope}.{node.name}" if scope else node.name
            if scope in allowed_names:
                allowed = True
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value):
            if not allowed:
                found.append(f"{rel}:{node.lineno}: {node.value[:60]!r}")
            return
        for child in ast.iter_child_nodes(node):
            visit(child, scope, allowed)

    visit(tree, "", False)
    return found


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in DATA_MODULES or any(part in f"/{rel}" for part in DATA_PACKAGES):
                continue
            yield path, rel


def test_chinese_interface_strings_go_through_gettext():
    found = [line for path, rel in _sources() for line in _untranslated(path, rel)]
    assert not found, "Chinese outside gettext (translate it, or name it as data):\n" + "\n".join(found)


def test_the_allowlist_names_what_exists():
    """A stale allowlist entry would silently exempt whatever gets that name next."""
    for rel in DATA_MODULES | set(DATA_NAMES):
        assert (ROOT / rel).is_file(), rel
    for rel, entries in DATA_NAMES.items():
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        names = {entry.split(":")[0] for entry in entries}
        defined = set()
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                defined.add(node.name)
                defined.update(f"{node.name}.{m.name}" for m in node.body if isinstance(m, ast.FunctionDef))
            elif isinstance(node, ast.Assign):
                defined.update(t.id for t in node.targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                defined.add(node.target.id)
        assert names <= defined, (rel, names - defined)


@pytest.mark.parametrize(
    "source",
    [
        'raise NotAllowed("只有法院工作人员可以查看案件。")',
        'label = f"已超期{days}天"',
        'class F:\n    x = forms.CharField(label="理由")',
    ],
)
def test_the_scan_catches_an_untranslated_string(tmp_path, source):
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert _untranslated(path, "cases/m.py")


@pytest.mark.parametrize(
    "source",
    [
        'raise NotAllowed(_("Only court staff can view cases."))',
        'audit_record(actor=a, action="x", summary=f"立案 {n}")',
        '"""说明。"""',
    ],
)
def test_the_scan_lets_gettext_docstrings_and_audit_summaries_pass(tmp_path, source):
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert not _untranslated(path, "cases/m.py")


@pytest.mark.parametrize(
    ("language", "message"),
    [("zh-hans", "身份证号码应为18位，当前为3位"), ("en", "An ID number has 18 characters, this one has 3")],
)
def test_a_message_follows_the_active_language(language, message):
    """One msgid, two languages: no hybrid of English and Chinese in either."""
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from cases.validators import validate_ric

    with translation.override(language), pytest.raises(ValidationError) as caught:
        validate_ric("123")
    assert caught.value.messages == [message]


def test_the_admin_titles_are_translated():
    from django.contrib import admin
    from django.utils import translation

    import config.urls  # noqa: F401  (sets the titles)

    with translation.override("en"):
        assert str(admin.site.site_title) == "Enforcement case management"
    with translation.override("zh-hans"):
        assert str(admin.site.site_title) == "执行案件管理系统"
