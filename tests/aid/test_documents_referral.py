"""The 司法救助决定书 issued through the document service, and the social-aid referral to civil
affairs answered through the liaison side (the assistance services the portal calls)."""

import pytest

from aid import services
from assistance.models import Notice
from assistance.selectors import agency_inbox
from assistance.services import notice_answer
from enforcement.choices import AgencyKind, Role
from enforcement.errors import Conflict
from tests.aid.conftest import recommended
from tests.factories import AgencyFactory, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_fonts]


def test_decision_document_issued_once(wage, case, clerk, judge, head, funded):
    funded()
    application = recommended(case, clerk, judge, "10000.00")
    with pytest.raises(Conflict):
        services.decision_issue(actor=judge, application_id=application.pk)  # not decided yet
    services.application_decide(actor=head, application_id=application.pk, approve=True)
    document = services.decision_issue(actor=judge, application_id=application.pk)
    assert document.kind == "aid_decision" and "司救" in document.number
    assert services.decision_issue(actor=judge, application_id=application.pk).pk == document.pk


def test_referral_to_civil_affairs_is_answered_by_its_liaison(case, clerk, judge):
    civil = AgencyFactory(name="西宁市城东区民政局", kind=AgencyKind.CIVIL_AFFAIRS)
    officer = make_member(Role.LIAISON, agency=civil, username="civil", name="民政联络员")
    application = recommended(case, clerk, judge, "10000.00")
    notice = services.referral_send(actor=judge, application_id=application.pk, agency_id=civil.pk)
    assert notice.action == "social_aid" and notice.payload["applicant"] == "张三"
    assert list(agency_inbox(civil)) == [notice]
    with pytest.raises(Conflict):
        services.referral_send(actor=judge, application_id=application.pk, agency_id=civil.pk)
    notice_answer(agency=civil, notice_id=notice.pk, result="done", note="已纳入临时救助", actor=officer)
    assert Notice.objects.get(pk=notice.pk).answered_at is not None
