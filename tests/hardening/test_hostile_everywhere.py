"""Every free-text field of every app holding a hostile string, every page that shows it: escaped.

The records are the permission walk's (tests/enforcement/test_url_permissions.py `foreign`: one of each
kind, made through the services: a case and its parties, an asset, an answered notice and its
measure, an approval, a network query, a document batch and an issued document, receipts, a payout,
a price finding with an objection and its answer, a disposal round). Then every free-text column of
every model of the project's apps (CharField and TextField without choices, except identifiers the
code parses: numbers, codes, keys, hashes) is set, in the database, to a hostile string: rendering
must be safe whatever the stored text is and however it got there (the services' own refusals are in
test_hostile_strings.py). Every page of the site is then requested as each person of that court and
agency: no answer is a 500, and no HTML answer carries the raw tag. Spreadsheets: the lists' CSV and
XLSX exports keep a formula as text."""

# ruff: noqa: F811  (fixtures imported from the permission walk are used as arguments)

import csv
import io
import re

import pytest
from django.apps import apps
from django.db import models, transaction
from django.urls import get_resolver
from openpyxl import load_workbook

from enforcement.models.audit import AppendOnlyError
from tests.enforcement.test_url_permissions import (  # noqa: F401  (fixtures used by name)
    SKIP_PREFIXES,
    filled,
    foreign,
    foreign_document,
    walk,
)

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts]

PROJECT_APPS = {
    "enforcement",
    "cases",
    "documents",
    "assets",
    "assistance",
    "money",
    "objections",
    "disposal",
    "aid",
    "sanctions",
    "supervision",
    "command",
}
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>{{7*7}}\u202e'
RAW = ("<script>a", "<img src")  # what only an unescaped hostile value can put in a page
FORMULA = '=HYPERLINK("http://x","y")'
# Columns the code parses or looks up (not text shown as written): left as they are.
STRUCTURAL = re.compile(
    r"(^|_)(number|code|key|prefix|sha256|digest|hash|token|task|action|password|username|"
    r"identifier|id_type|content_type|proof_type|mime|extension|subject_key|object_type|object_id|"
    r"subject_type|subject_id|language|timezone|path|ip|link|url)$"
)


def _constrained(model) -> set[str]:
    """Columns in a unique constraint (setting every row to one value would collide)."""
    names = {name for group in model._meta.unique_together for name in group}
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()) or ())
    return names


def free_text_fields(model) -> list:
    constrained = _constrained(model)
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in constrained
        and type(f) in (models.CharField, models.TextField)
        and not f.choices
        and not f.unique
        and not f.primary_key
        and not STRUCTURAL.search(f.name)
    ]


def fill_free_text(value: str) -> int:
    """Every free-text column of every project model set to `value` (cut to the column's length)."""
    filled_columns = 0
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in PROJECT_APPS or meta.proxy or not meta.managed or "audit" in meta.model_name:
            continue
        fields = free_text_fields(model)
        if not fields:
            continue
        try:
            with transaction.atomic():
                model.objects.update(
                    **{f.name: value[: f.max_length] if f.max_length else value for f in fields}
                )
        except AppendOnlyError:
            continue  # issued documents and the like: written once, by the services only
        filled_columns += len(fields)
    return filled_columns


def get_routes():
    seen = set()
    for name, route in walk(get_resolver()):
        if (
            not name
            or name.startswith(SKIP_PREFIXES)
            or "(?P<format>" in route
            or "drf_format_suffix" in route
        ):
            continue
        if (name, route) not in seen:
            seen.add((name, route))
            yield name, route


PERSONAS = ["foreign_clerk", "foreign_judge", "foreign_head", "foreign_finance", "foreign_liaison"]


@pytest.fixture
def hostile_world(foreign, foreign_document):
    records = {**foreign, "document": foreign_document}
    assert fill_free_text(HOSTILE) > 50  # the walk reaches every app's text, not a handful of columns
    return records


def test_every_page_shows_hostile_text_escaped(client, hostile_world):
    from enforcement.models import User

    failures, shown = [], 0
    routes = list(get_routes())
    for username in PERSONAS:
        client.force_login(User.objects.get(username=username))
        for name, route in routes:
            try:
                url = filled(name, route, hostile_world)
            except KeyError:
                continue  # a route by public code (documents:verify): test_hostile_strings.py reads documents
            try:
                response = client.get(url)
            except Exception as exc:  # a 500: the test client raises the view's exception
                failures.append((username, name, url, f"{exc.__class__.__name__}: {exc}"[:300]))
                continue
            if response.status_code >= 500:
                failures.append((username, name, url, response.status_code))
                continue
            if "html" not in response.get("Content-Type", "") or response.streaming:
                continue
            body = response.content.decode()
            raw = [marker for marker in RAW if marker in body]
            if raw:
                failures.append((username, name, url, raw))
            shown += "&lt;script&gt;alert(1)" in body
    assert failures == [], "\n".join(map(str, failures))
    assert shown > 20  # the hostile text was actually on the pages, escaped


# The case list's export: its rows carry parties' names, the court's, the judge's and clerk's. Every
# other export writes through the same enforcement.tabular (test_hostile_strings.py proves nothing
# else writes CSV or XLSX).
EXPORTS = [("foreign_judge", "/cases/?format={fmt}")]


@pytest.mark.parametrize(("username", "url"), EXPORTS)
def test_exports_keep_a_formula_in_any_text_column_as_text(client, foreign, username, url):
    from enforcement.models import User

    fill_free_text(FORMULA)
    client.force_login(User.objects.get(username=username))
    response = client.get(url.format(fmt="csv"))
    assert response.status_code == 200, url
    cells = [c for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]
    assert "'" + FORMULA in cells  # the text was exported, neutralised
    response = client.get(url.format(fmt="xlsx"))
    assert response.status_code == 200, url
    sheet = load_workbook(io.BytesIO(response.content)).active
    texts = [c for r in sheet.iter_rows() for c in r if isinstance(c.value, str) and c.value.startswith("=")]
    assert texts and all(c.data_type == "s" and c.quotePrefix for c in texts)
