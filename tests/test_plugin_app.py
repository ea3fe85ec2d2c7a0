"""Adding an app is creating its folder and listing it in INSTALLED_APPS. tests/plugin_app, listed by
the test settings only, registers a case action that finance approves, a document kind with its
template, a menu entry and a timeline renderer from its ready(); each shows where the apps' own do,
and no file of the project names the app but the test settings."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from cases.actions import approver_roles
from cases.models import Approval
from cases.services import approval_decide, case_act
from documents.kinds import kind_choices
from enforcement.choices import Role

pytestmark = pytest.mark.django_db
PROJECT_DIRS = ("config", "enforcement", "cases", "documents", "assets", "assistance", "sanctions", "aid")


def nav_labels(client):
    return [str(item["label"]) for item in client.get("/").context["nav_items"]]


def test_its_action_reaches_the_inbox_of_the_role_that_approves_it(client_for, file_case, judge, finance):
    """The approvals inbox follows the actions table: finance approves nothing of cases or
    assistance, and gets the inbox (and its menu entry) for the plugin's action."""
    assert Role.FINANCE in approver_roles()
    case = file_case()
    result = case_act(actor=judge, case_id=case.pk, action_key="plugin_review", reason="请复核")
    assert result.approval.required_role == Role.FINANCE
    finance_client = client_for(finance)
    assert "审批" in nav_labels(finance_client)
    inbox = finance_client.get(reverse("cases:approvals"))
    assert inbox.status_code == 200
    assert [item["approval"].pk for item in inbox.context["items"]] == [result.approval.pk]
    assert "示例插件复核" in inbox.content.decode()
    home = finance_client.get("/")
    assert any(item["label"] == "待我审批" and item["count"] == 1 for item in home.context["todo"])


def test_its_menu_entry_shows_for_its_role_only(client_for, finance, judge):
    finance_client = client_for(finance)
    assert "示例插件" in nav_labels(finance_client)
    assert finance_client.get(reverse("plugin_app:home")).status_code == 200
    assert "示例插件" not in nav_labels(client_for(judge))


def test_its_timeline_renderer_shows_its_events(client_for, file_case, judge, finance):
    case = file_case()
    approval = case_act(actor=judge, case_id=case.pk, action_key="plugin_review", reason="请复核").approval
    approval_decide(actor=finance, approval_id=approval.pk, approve=True)
    assert Approval.objects.get(pk=approval.pk).status == "approved"
    page = client_for(judge).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'class="plugin-review"' in page
    assert '<a href="/plugin/">示例插件复核完成（示例插件复核；示例插件已复核）</a>' in page
    # the events of the other apps keep their summaries
    assert "立案 " in page


def test_its_document_kind_is_offered_with_the_others(client_for, file_case, judge):
    assert ("plugin_notice", "示例插件通知书") in kind_choices()
    case = file_case()
    page = client_for(judge).get(reverse("documents:case", args=[case.pk])).content.decode()
    assert "示例插件通知书" in page and "执行通知书" in page


@pytest.mark.cjk_fonts
def test_its_document_kind_is_issued_from_the_template_it_ships(file_case, judge):
    from documents.services import document_issue

    case = file_case()
    document = document_issue(actor=judge, kind="plugin_notice", case_id=case.pk, party_id=None)
    assert document.title == "示例插件通知书" and "插示" in document.number


def test_no_file_of_the_project_names_the_app_but_the_test_settings():
    root = Path(settings.BASE_DIR)
    files = [path for folder in (*PROJECT_DIRS, "templates") for path in (root / folder).rglob("*")]
    files += [root / "pyproject.toml", root / "manage.py"]
    naming = sorted(
        str(path.relative_to(root))
        for path in files
        if path.suffix in {".py", ".html", ".toml"} and "plugin_app" in path.read_text(encoding="utf-8")
    )
    assert naming == ["config/settings/test.py"]
