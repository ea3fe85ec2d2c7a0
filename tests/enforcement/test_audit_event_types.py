"""Audit event types: each app declares its events in its `events` module, registers them from its
ready(), and its code passes those constants to audit_record, never a string of its own."""

import ast
import importlib
from pathlib import Path

import pytest
from django.utils import translation

from cases.actions import ACTIONS
from enforcement.registry import AuditEventType, audit_event_types, declared_event_types, off_timeline_actions

ROOT = Path(__file__).resolve().parents[2]
APPS = ["enforcement", "cases", "documents", "assets", "assistance"]


@pytest.mark.parametrize("app", APPS)
def test_every_declared_event_type_is_registered(app):
    declared = declared_event_types(importlib.import_module(f"{app}.events"))
    assert declared
    for event_type in declared:
        assert audit_event_types.get(event_type.action) is event_type


def test_every_case_action_has_its_event_type():
    for action in ACTIONS.values():
        assert audit_event_types.get(f"case.{action.key}") == action.event


def test_labels_are_translated():
    from cases.events import CASE_FILED, CASE_VIEWED_FULL_ID

    with translation.override("zh-hans"):
        assert str(CASE_FILED.label) == "立案"
        assert str(CASE_VIEWED_FULL_ID.label) == "查看当事人完整身份证号码"
    with translation.override("en"):
        assert str(CASE_FILED.label) == "Case filed"


def test_access_records_stay_off_the_timeline():
    assert {"case.viewed_full_id", "notice.viewed", "document.downloaded"} <= set(off_timeline_actions())
    assert "case.filed" not in off_timeline_actions()


def _literal_actions(path: Path, root: Path = ROOT) -> list[str]:
    """Calls in this file that name an event by a string: audit_record(action="…") or the
    assistance timeline helper _timeline(actor, case, "…", …)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name == "audit_record":
            for keyword in node.keywords:
                if keyword.arg == "action" and isinstance(keyword.value, ast.Constant | ast.JoinedStr):
                    found.append(f"{path.relative_to(root)}:{node.lineno}")
        if (
            name == "_timeline"
            and len(node.args) >= 3
            and isinstance(node.args[2], ast.Constant | ast.JoinedStr)
        ):
            found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_services_pass_event_type_constants_not_strings():
    literal = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                literal += _literal_actions(path)
    assert literal == []


def test_the_scan_sees_a_string_action(tmp_path):
    # the scan above would catch what it looks for
    probe = tmp_path / "probe.py"
    probe.write_text('audit_record(actor=None, action="x.y", summary="")\n_timeline(a, c, f"x.{y}", "")\n')
    assert len(_literal_actions(probe, root=tmp_path)) == 2


def test_an_event_type_is_recorded_under_its_name(clerk, court, db):
    from enforcement.audit import audit_record

    event_type = AuditEventType("test.typed", "typed")
    event = audit_record(actor=clerk, action=event_type, summary="x", court=court)
    event.refresh_from_db()
    assert event.action == "test.typed" and str(event_type) == "test.typed"
