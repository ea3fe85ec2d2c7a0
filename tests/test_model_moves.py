"""Documents left the kernel for documents/, assets and control measures left cases for assets/,
keeping their tables. A database migrated before the moves must keep every row: migrate a scratch
database with the migrations as they were (tests/premove), fill it, migrate it with today's, and read
the rows back through today's models. On SQLite always; on PostgreSQL when DATABASE_URL names one (a
scratch database beside the test database, dropped afterwards)."""

import datetime as dt
import os
import uuid
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import override_settings

from assets.models import Asset, ControlMeasure
from assistance.models import Notice
from documents.models import Document, DocumentBatch, DocumentCounter
from tests.clock import TODAY

ALIAS = "premove"
PREMOVE = {
    "enforcement": "tests.premove.enforcement.migrations",
    "cases": "tests.premove.cases.migrations",
    "assistance": "tests.premove.assistance.migrations",
    "documents": None,  # did not exist yet
    "assets": None,
    "money": None,
    "sanctions": None,  # had no tables yet
    "aid": None,
    "disposal": None,
    "objections": None,
    "command": None,
    "supervision": None,
    "benchdata": None,
}
PREMOVE_TARGETS = [
    ("enforcement", "0005_pendingtask"),
    ("cases", "0007_case_interest_parts"),
    ("assistance", "0004_notice_due_on_provisional"),
    ("contenttypes", "0002_remove_content_type_name"),
]


@pytest.fixture
def scratch_database(tmp_path, django_db_blocker):
    """A database of its own under the alias `premove`, of the same engine as the test database."""
    base = connection.settings_dict
    settings_dict = {**base, "TEST": {**base.get("TEST", {})}}
    created = None
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            created = f"{base['NAME']}_premove_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{created}"')
            settings_dict["NAME"] = created
        else:
            settings_dict["NAME"] = str(tmp_path / "premove.sqlite3")
        connections.settings[ALIAS] = settings_dict
        try:
            yield connections[ALIAS]
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]
            if created:
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{created}"')


def _fill(apps) -> dict:
    """One of everything that moved, with the foreign keys between them, through the models of the
    migration state before the moves."""
    db = ALIAS
    M = lambda app, name: apps.get_model(app, name).objects.using(db)  # noqa: E731
    court = M("enforcement", "Court").create(name="迁移测试法院", code="迁01", level="basic")
    judge = M("enforcement", "User").create(username="judge_premove", name="法官")
    bank = M("enforcement", "Agency").create(name="迁移测试银行", kind="bank")
    today = TODAY
    case = M("cases", "Case").create(
        court=court,
        year=today.year,
        seq=1,
        number=f"（{today.year}）迁01执1号",
        filed_on=today,
        filed_by=judge,
        judge=judge,
        application_fee=Decimal("50.00"),
        time_limit_months=6,
        deadline=today + dt.timedelta(days=180),
        notice_due=today + dt.timedelta(days=10),
    )
    party = M("cases", "Party").create(
        case=case, role="respondent", kind="person", name="张三", id_number="11010519491231002X"
    )
    event = M("enforcement", "AuditEvent").create(action="document.issued", summary="制作执行通知书")
    batch = M("enforcement", "DocumentBatch").create(
        court=court, requested_by=judge, kind="execution_notice", total=1
    )
    document = M("enforcement", "Document").create(
        court=court,
        case=case,
        party=party,
        kind="execution_notice",
        year=today.year,
        seq=1,
        number=f"（{today.year}）迁01执通1号",
        title="执行通知书",
        file="documents/1/x.pdf",
        sha256="a" * 64,
        size=100,
        verification_code="PREMOVE00001",
        issued_by=judge,
        issued_on=today,
        audit_event=event,
        batch=batch,
        masked_file="documents/1/x-masked.pdf",
        masked_sha256="b" * 64,
        personal_data=True,
    )
    M("enforcement", "DocumentCounter").create(court=court, year=today.year, kind="execution_notice", last=1)
    asset = M("cases", "Asset").create(
        case=case,
        owner=party,
        kind="bank_deposit",
        description="活期账户",
        identifier="6222000000000001",
        identity="bank_deposit:6222000000000001",
        holder_agency=bank,
        estimated_value=Decimal("30000.00"),
        source="network_query",
    )
    measure = M("cases", "ControlMeasure").create(
        case=case,
        asset=asset,
        kind="freeze",
        status="active",
        amount=Decimal("30000.00"),
        started_on=today,
        expires_on=today + dt.timedelta(days=364),
    )
    notice = M("assistance", "Notice").create(
        court=court,
        case=case,
        agency=bank,
        action="freeze",
        respondent=party,
        asset=asset,
        measure=measure,
        document=document,
        created_by=judge,
        status="answered",
    )
    M("cases", "Asset").filter(pk=asset.pk).update(found_by_notice=notice)
    ContentType = apps.get_model("contenttypes", "ContentType").objects.using(db)
    document_type = ContentType.get_or_create(app_label="enforcement", model="document")[0]
    asset_type = ContentType.get_or_create(app_label="cases", model="asset")[0]
    return {
        "document": document.pk,
        "batch": batch.pk,
        "asset": asset.pk,
        "measure": measure.pk,
        "notice": notice.pk,
        "document_type": document_type.pk,
        "asset_type": asset_type.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_before_the_moves_keeps_every_row(scratch_database):
    with override_settings(MIGRATION_MODULES=PREMOVE):
        before = MigrationExecutor(scratch_database)
        before.migrate(PREMOVE_TARGETS)
        ids = _fill(before.loader.project_state(PREMOVE_TARGETS).apps)

    after = MigrationExecutor(scratch_database)
    after.loader.check_consistent_history(scratch_database)  # no applied migration lost its parents
    plan = after.migration_plan(after.loader.graph.leaf_nodes())
    names = {(m.app_label, m.name) for m, _backwards in plan}
    assert ("documents", "0001_initial") in names and ("assets", "0001_initial") in names
    assert ("enforcement", "0003_documents") not in names  # recorded as applied, not run again
    after.migrate(after.loader.graph.leaf_nodes())

    document = Document.objects.using(ALIAS).get(pk=ids["document"])
    assert (document.number, document.masked_sha256, document.personal_data) == (
        f"（{TODAY.year}）迁01执通1号",
        "b" * 64,
        True,
    )
    assert document.batch_id == ids["batch"] and DocumentBatch.objects.using(ALIAS).count() == 1
    assert DocumentCounter.objects.using(ALIAS).get().last == 1
    asset = Asset.objects.using(ALIAS).get(pk=ids["asset"])
    assert asset.found_by_notice_id == ids["notice"] and asset.estimated_value == Decimal("30000.00")
    measure = ControlMeasure.objects.using(ALIAS).get(pk=ids["measure"])
    assert (measure.status, measure.asset_id) == ("active", ids["asset"])
    notice = Notice.objects.using(ALIAS).get(pk=ids["notice"])
    assert (notice.asset_id, notice.measure_id, notice.document_id) == (
        ids["asset"],
        ids["measure"],
        ids["document"],
    )
    # the content types followed the models, so their permissions and admin log entries did too
    from django.contrib.contenttypes.models import ContentType

    assert ContentType.objects.using(ALIAS).get(pk=ids["document_type"]).app_label == "documents"
    assert ContentType.objects.using(ALIAS).get(pk=ids["asset_type"]).app_label == "assets"
    # and the moved tables take new rows alongside the old ones
    Asset.objects.using(ALIAS).create(
        case_id=asset.case_id, kind="vehicle", description="小型汽车", source="investigation"
    )
    assert Asset.objects.using(ALIAS).count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_kernel_and_cases_migrations_depend_on_no_app_above_them():
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    below = {"enforcement": {"enforcement"}, "cases": {"enforcement", "cases"}}
    for app, allowed in below.items():
        for node in graph.leaf_nodes(app) + [n for n in graph.nodes if n[0] == app]:
            migration = graph.nodes[node]
            domain_parents = {
                parent[0]
                for parent in migration.dependencies
                if parent[0] in {"cases", "documents", "assets", "assistance", "sanctions", "aid"}
            }
            assert domain_parents <= allowed, f"{node} depends on {domain_parents - allowed}"
