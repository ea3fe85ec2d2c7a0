"""The objection pages: the case page shows its objections and the objection its case; forms show
the service's refusals next to their field; another court's objection is a 404."""

import datetime as dt

import pytest

from objections import services
from objections.models import Objection
from tests.objections.conftest import decided_and_served, file_act

pytestmark = pytest.mark.django_db


def test_record_an_objection_through_the_form(client_for, clerk, case, respondent):
    client = client_for(clerk)
    page = client.get(f"/cases/{case.pk}/objections/new/")
    assert page.status_code == 200
    response = client.post(
        f"/cases/{case.pk}/objections/new/",
        {
            "kind": "act",
            "objector_party": respondent.pk,
            "subject": "冻结超标的",
            "received_on": "2026-12-01",
        },
    )
    objection = Objection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/objections/{objection.pk}/"
    detail = client.get(f"/objections/{objection.pk}/").content.decode()
    assert case.number in detail and f"/cases/{case.pk}/" in detail
    case_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert objection.number in case_page


def test_form_shows_the_service_refusal_next_to_the_field(client_for, clerk, case):
    response = client_for(clerk).post(
        f"/cases/{case.pk}/objections/new/",
        {"kind": "outsider", "objector_name": "王五", "subject": "权属", "received_on": "2026-12-01"},
    )
    assert response.status_code == 200  # the form again, with the errors
    assert response.context["form"].errors["asset"]
    assert not Objection.objects.exists()


def test_late_reconsideration_form_names_the_article(client_for, clerk, judge, case, higher_clerk, clock):
    objection = decided_and_served(clerk, judge, case, dt.date(2026, 12, 1))
    clock.move_to(dt.date(2026, 12, 12))
    response = client_for(higher_clerk).post(
        f"/objections/{objection.pk}/reconsideration/",
        {"applicant_name": "李四", "received_on": "2026-12-12"},
    )
    assert response.status_code == 200  # the form again, with the errors
    errors = response.context["forms"]["reconsider"].errors["received_on"]
    assert "第二百三十六条" in errors[0]


def test_accept_decide_serve_through_the_pages(client_for, clerk, judge, case):
    objection = file_act(clerk, case, dt.date(2026, 12, 1))
    assert client_for(clerk).post(f"/objections/{objection.pk}/accept/").status_code == 302
    bad = client_for(judge).post(f"/objections/{objection.pk}/decide/", {"outcome": "upheld", "reason": ""})
    assert bad.status_code == 200 and bad.context["forms"]["decide"].errors["reason"]
    ok = client_for(judge).post(
        f"/objections/{objection.pk}/decide/", {"outcome": "upheld", "reason": "超标的"}
    )
    assert ok.status_code == 302
    served = client_for(clerk).post(f"/objections/{objection.pk}/serve/", {"served_on": "2026-12-01"})
    assert served.status_code == 302
    objection.refresh_from_db()
    assert objection.state == "decided" and objection.served_on == dt.date(2026, 12, 1)


def test_refusal_by_a_clerk_goes_back_with_a_message(client_for, clerk, case):
    objection = file_act(clerk, case, dt.date(2026, 12, 1))
    response = client_for(clerk).post(
        f"/objections/{objection.pk}/refuse/", {"reason": "不符合"}, follow=True
    )
    assert response.status_code == 200
    objection.refresh_from_db()
    assert objection.state == "filed"
    assert [str(m) for m in response.context["messages"]]


def test_another_courts_objection_page_is_not_found(client_for, clerk, other_clerk, case):
    objection = file_act(clerk, case, dt.date(2026, 12, 1))
    assert client_for(other_clerk).get(f"/objections/{objection.pk}/").status_code == 404
    assert client_for(other_clerk).post(f"/objections/{objection.pk}/accept/").status_code == 404
    assert client_for(other_clerk).get(f"/cases/{case.pk}/objections/new/").status_code == 404


def test_worklist_and_home(client_for, clerk, judge, case):
    objection = file_act(clerk, case, dt.date(2026, 12, 1))
    page = client_for(judge).get("/objections/").content.decode()
    assert objection.number in page
    home = client_for(judge).get("/").content.decode()
    assert objection.number in home


@pytest.mark.cjk_fonts
def test_objection_ruling_document_is_issued_once(clerk, judge, case):
    objection = decided_and_served(clerk, judge, case, dt.date(2026, 12, 1))
    issued = services.objection_issue_ruling(actor=judge, objection_id=objection.pk)
    assert issued.ruling is not None and issued.ruling.title == "执行异议裁定书"
    from enforcement.errors import Conflict

    with pytest.raises(Conflict):
        services.objection_issue_ruling(actor=judge, objection_id=objection.pk)


def test_reconsideration_ruling_text(clerk, judge, case, higher_clerk, higher_judge):
    """The 执行复议裁定书's text from its context builder (the kind is registered; see the report for
    who may issue it)."""
    from django.template.loader import render_to_string

    from documents.kinds import get_kind
    from enforcement.i18n import in_record_language

    objection = decided_and_served(clerk, judge, case, dt.date(2026, 12, 1))
    recon = services.reconsideration_file(
        actor=higher_clerk, objection_id=objection.pk, applicant_name="李四", received_on=dt.date(2026, 12, 1)
    )
    recon = services.reconsideration_decide(
        actor=higher_judge, reconsideration_id=recon.pk, outcome="dismissed", reason="异议裁定认定事实清楚"
    )
    kind = get_kind("reconsideration_ruling")
    assert kind.title == "执行复议裁定书" and get_kind("objection_ruling").title == "执行异议裁定书"
    with in_record_language():
        ctx = kind.build_context(case=case, party=None, subject=recon)
        html = render_to_string("objections/pdf/reconsideration_ruling.html", ctx)
    assert "驳回复议申请，维持（2026）青0102执异1号执行裁定。" in html
    assert "（2026）青01执复1号" in html and "第二百三十六条" in html


def test_the_higher_court_sees_the_reconsideration_form_and_the_enforcement_court_does_not(
    client_for, clerk, judge, case, higher_clerk
):
    objection = decided_and_served(clerk, judge, case, dt.date(2026, 12, 1))
    higher = client_for(higher_clerk).get(f"/objections/{objection.pk}/")
    assert higher.status_code == 200 and "reconsider" in higher.context["forms"]
    own = client_for(clerk).get(f"/objections/{objection.pk}/")
    assert "reconsider" not in own.context["forms"]


def test_the_worklist_is_a_court_page_read_by_get_only(client_for, clerk, liaison, case, respondent):
    """An agency's officer is refused the court's objections list (403, as on the case list), and the
    list takes no POST (405): it used to answer both with 200."""
    file_act(clerk, case, dt.date(2026, 12, 1))
    officer = client_for(liaison)
    assert officer.get("/objections/").status_code == 403
    assert officer.post("/objections/").status_code == 405
    court = client_for(clerk)
    assert court.post("/objections/").status_code == 405
    page = court.get("/objections/")
    assert page.status_code == 200 and case.number in page.content.decode()
