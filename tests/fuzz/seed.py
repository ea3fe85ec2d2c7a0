"""The data the API fuzz run works on: the demo courts, agencies and users (enforcement.demo) and, in
the judge's court, a case with an asset, a freeze in effect, a query notice, an execution notice and
a network query, all made through the services. Prints, as JSON, the court user's API token and an
agency's API key. Run by tests/fuzz/run_schemathesis.py in its own database:

    DJANGO_SETTINGS_MODULE=config.settings.test python -m tests.fuzz.seed"""

import datetime as dt
import json
import sys
from decimal import Decimal


def seed() -> dict:
    from rest_framework.authtoken.models import Token

    from assets.services import asset_record
    from assistance.models import AgencyToken
    from assistance.services import network_query_start, notice_answer, notice_draft
    from cases.choices import PartyRole
    from cases.services import BasisInput, FilingInput, PartyInput, case_file
    from documents.services import document_issue
    from enforcement.choices import AgencyKind
    from enforcement.demo import load_demo
    from enforcement.errors import ServiceError
    from enforcement.models import Agency, User

    load_demo()
    clerk, judge = User.objects.get(username="clerk"), User.objects.get(username="judge")
    bank = Agency.objects.get(kind=AgencyKind.BANK)
    case = case_file(
        actor=clerk,
        data=FilingInput(
            judge_id=judge.pk,
            basis=BasisInput(
                kind="judgment",
                issuing_organ="西宁市城东区人民法院",
                document_number="（2026）青0102民初100号",
                effective_date=dt.date(2026, 6, 1),
                money_amount=Decimal("100000.00"),
            ),
            parties=[
                PartyInput(role="applicant", kind="person", name="张三", id_number="11010519491231002X"),
                PartyInput(role="respondent", kind="person", name="李四", id_number="360426199101010071"),
            ],
        ),
    )
    respondent = case.parties.get(role=PartyRole.RESPONDENT)
    asset = asset_record(
        actor=judge,
        case_id=case.pk,
        kind="bank_deposit",
        description="活期储蓄账户",
        identifier="6222020200001234567",
        holder_agency_id=bank.pk,
        estimated_value=Decimal("30000.00"),
        source="investigation",
        owner_id=respondent.pk,
    )
    made = {"case": case.pk, "asset": asset.pk}
    # What needs a PDF is made where this machine can make documents (CI can); elsewhere the
    # fuzz run still covers every operation, on less data.
    try:
        freeze = notice_draft(
            actor=judge,
            case_id=case.pk,
            agency_id=bank.pk,
            action="freeze",
            asset_id=asset.pk,
            payload={"amount": "30000.00"},
        ).notice
        notice_answer(
            agency=bank,
            notice_id=freeze.pk,
            result="done",
            data={"amount": "30000.00"},
            note="",
            actor=None,
            actor_name="fuzz",
        )
        made["notice"] = freeze.pk
        made["measure"] = freeze.measure_id
        made["query_notice"] = notice_draft(
            actor=judge, case_id=case.pk, agency_id=bank.pk, action="query", respondent_id=respondent.pk
        ).notice.pk
        made["document"] = document_issue(
            actor=judge, kind="execution_notice", case_id=case.pk, party_id=respondent.pk
        ).pk
    except ServiceError as exc:
        print(f"seed: documents cannot be made here ({exc.message}); less data", file=sys.stderr)
    made["network_query"] = network_query_start(actor=judge, respondent_ids=[respondent.pk]).pk
    token, _ = Token.objects.get_or_create(user=judge)
    _, agency_key = AgencyToken.issue(agency=bank, name="API fuzz run")
    return {"court_token": token.key, "agency_key": agency_key, "made": made}


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(seed()))
