"""The judicial-aid pages: field errors beside their fields, refusals as messages (no 500), the case
panel, the budget page, the report and its exports guarded against formula injection."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from aid import services
from enforcement.models import Court
from tests.aid.conftest import applicant_of, pdf, recommended

pytestmark = pytest.mark.django_db


def form_data(case, **extra):
    data = {
        "applicant": applicant_of(case).pk,
        "hardship_category": "livelihood",
        "household_size": "3",
        "household_income": "500.00",
        "household_facts": "无收入",
        "amount_requested": "8000.00",
        "files": [pdf()],
    }
    data.update(extra)
    return data


def test_filing_form_shows_file_errors_beside_the_field(client_for, case, clerk):
    client = client_for(clerk)
    url = reverse("aid:new", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(case, files=[pdf("x.doc", b"PK")]))
    assert response.status_code == 400
    assert "须为PDF、JPEG或PNG文件" in str(response.context["form"].errors["files"])
    response = client.post(url, form_data(case))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "困难证明.pdf" in page.content.decode()


def test_decide_above_cap_without_reason_shows_the_field_error(
    client_for, wage, case, clerk, judge, head, funded
):
    funded()
    application = recommended(case, clerk, judge, "300000.00")
    response = client_for(head).post(
        reverse("aid:decide", args=[application.pk]), {"decision": "approve", "amount": "290000.00"}
    )
    assert response.status_code == 400
    assert response.context["decide_form"].errors["above_cap_reason"]


def test_refusal_without_fields_is_a_message(client_for, wage, case, clerk, judge, head, funded):
    funded("100.00")
    application = recommended(case, clerk, judge, "1000.00")
    response = client_for(head).post(
        reverse("aid:decide", args=[application.pk]), {"decision": "approve"}, follow=True
    )
    assert response.status_code == 200 and "¥100.00" in response.content.decode()


def test_case_panel_and_budget_page_show_the_aid(client_for, wage, case, clerk, judge, head, finance, funded):
    funded("50000.00")
    application = recommended(case, clerk, judge, "10000.00")
    services.application_decide(actor=head, application_id=application.pk, approve=True)
    services.aid_pay(actor=finance, application_id=application.pk)
    page = client_for(judge).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="aid"' in page and "10,000.00" in page
    budgets = client_for(finance).get(reverse("aid:budgets")).content.decode()
    assert "40,000.00" in budgets


def test_report_and_exports(client_for, wage, case, clerk, judge, head, funded):
    Court.objects.filter(pk=case.court_id).update(name="=HYPERLINK(1)法院")
    funded("50000.00")
    application = recommended(case, clerk, judge, "10000.00")
    services.application_decide(actor=head, application_id=application.pk, approve=True)
    client = client_for(head)
    assert client.get(reverse("aid:report")).status_code == 200
    response = client.get(reverse("aid:report"), {"year": 2026, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "'=HYPERLINK(1)法院"
    assert rows[1][2:5] == ["1", "1", "0"] and Decimal(rows[1][6]) == Decimal("10000.00")
    xlsx = client.get(reverse("aid:report"), {"year": 2026, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(2, 1).data_type == "s" and sheet.cell(2, 1).value.startswith("=HYPERLINK")
    assert sheet.cell(2, 7).value == 10000


def test_strangers_get_404(client_for, case, clerk, other_clerk):
    application = services.application_file(
        actor=clerk,
        case_id=case.pk,
        applicant_id=applicant_of(case).pk,
        hardship_category="other",
        household_size=1,
        household_income="0",
        household_facts="困难",
        amount_requested="100.00",
        files=[pdf()],
    )
    client = client_for(other_clerk)
    assert client.get(reverse("aid:detail", args=[application.pk])).status_code == 404
    assert client.get(reverse("aid:new", args=[case.pk])).status_code == 404
    assert client.get(reverse("aid:file", args=[application.files.get().pk])).status_code == 404
