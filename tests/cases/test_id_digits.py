"""ID numbers and credit codes take ASCII and full-width digits (folded to ASCII) and refuse the
digits of every other script with the position named: Ethiopic and Kharosthi digits pass
str.isdigit() but not int() (a 500), Arabic-Indic digits were stored as typed (the same person as a
second party no search finds). Wherever an ID or an identifier comes in: validators, the filing
service, form and API, the case search (browser and API) and agency answers."""

# ruff: noqa: F811  (pytest fixtures imported from other test modules are used as arguments)

import importlib

import pytest
from django.core.exceptions import ValidationError

from assistance.choices import NoticeStatus
from cases.models import Case, Party
from cases.validators import ric_check_char, validate_ric, validate_uscc
from enforcement.choices import AgencyKind
from tests.assistance.test_agency_api import answer, api_for
from tests.assistance.test_liaison_portal import bank_notice, case, fresh, person, query_notices  # noqa: F401
from tests.cases.conftest import COMPANY_CODE, PERSON_ID, PERSON_ID_2
from tests.cases.test_api import api_as, filing_body
from tests.cases.test_views import filing_post
from tests.factories import AssetFactory

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ETHIOPIC_ONE = "\u1369"  # ፩: isdigit() is True, int() raises
KHAROSTHI_ONE = "\U00010a40"  # 𐩀: the same
SUPERSCRIPT_ONE = "¹"  # NFKC would fold it to "1": refused, nobody types it by accident


# --- validators -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed",
    [
        PERSON_ID.translate(FULL_WIDTH),  # full-width digits and Ｘ
        PERSON_ID[:-1] + "x",  # lowercase check character
        PERSON_ID[:-1] + "ｘ",  # full-width lowercase
        "１１０１０５ １９４９１２３１００２Ｘ",  # an ideographic space inside
    ],
)
def test_full_width_digits_and_x_are_accepted_and_stored_as_ascii(typed):
    assert validate_ric(typed) == PERSON_ID


@pytest.mark.parametrize(
    ("typed", "position"),
    [
        (PERSON_ID_2.translate(ARABIC_INDIC), 1),  # every digit Arabic-Indic: the check char matches
        (PERSON_ID_2[:5] + ETHIOPIC_ONE + PERSON_ID_2[6:], 6),
        (PERSON_ID_2[:3] + KHAROSTHI_ONE + PERSON_ID_2[4:], 4),
        (PERSON_ID_2[:17] + ETHIOPIC_ONE, 18),
        (PERSON_ID_2[:2] + SUPERSCRIPT_ONE + PERSON_ID_2[3:], 3),
    ],
)
def test_other_scripts_digits_are_refused_with_their_position(typed, position):
    with pytest.raises(ValidationError) as exc:
        validate_ric(typed)
    assert exc.value.code == "non_ascii_digit"
    message = exc.value.messages[0]
    assert "身份证号码" in message and str(position) in message


def test_the_check_character_function_refuses_other_digits_instead_of_crashing():
    with pytest.raises(ValueError, match="17 digits"):
        ric_check_char(ETHIOPIC_ONE * 17)


def test_credit_codes_fold_full_width_and_refuse_other_digits():
    assert validate_uscc(
        COMPANY_CODE.translate(str.maketrans("0123456789MY", "０１２３４５６７８９ＭＹ"))
    ) == (COMPANY_CODE)
    assert validate_uscc(COMPANY_CODE.lower()) == COMPANY_CODE
    with pytest.raises(ValidationError) as exc:
        validate_uscc(COMPANY_CODE.translate(ARABIC_INDIC))
    assert exc.value.code == "non_ascii_digit" and "统一社会信用代码" in exc.value.messages[0]


# --- filing: service (through the API) and form ----------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        PERSON_ID.translate(ARABIC_INDIC),
        PERSON_ID[:5] + ETHIOPIC_ONE + PERSON_ID[6:],
        PERSON_ID[:5] + KHAROSTHI_ONE + PERSON_ID[6:],
    ],
)
def test_api_filing_with_other_digits_is_400_at_the_party(clerk, judge, typed):
    body = filing_body(judge)
    body["parties"][0]["id_number"] = typed
    response = api_as(clerk).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 400, response.content
    assert "parties[0].id_number" in response.json()["fields"]
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_api_filing_with_full_width_digits_stores_ascii(clerk, judge):
    body = filing_body(judge)
    body["parties"][0]["id_number"] = PERSON_ID.translate(FULL_WIDTH)
    body["parties"][2]["id_number"] = COMPANY_CODE.lower()
    response = api_as(clerk).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 201, response.json()
    assert set(Party.objects.values_list("id_number", flat=True)) == {PERSON_ID, PERSON_ID_2, COMPANY_CODE}


@pytest.mark.django_db
def test_form_filing_with_an_ethiopic_digit_shows_the_field_error(client_for, clerk, judge):
    from tests.cases.test_views import person as person_row

    data = filing_post(
        judge, respondents=[person_row("李四", PERSON_ID_2[:5] + ETHIOPIC_ONE + PERSON_ID_2[6:])]
    )
    response = client_for(clerk).post("/cases/new/", data)
    assert response.status_code == 200
    assert "身份证号码" in response.content.decode() and ETHIOPIC_ONE in response.content.decode()
    assert not Case.objects.exists()


# --- search ------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_search_by_a_full_width_or_lowercase_number_finds_the_party(client_for, judge, file_case):
    case = file_case()
    for typed in (PERSON_ID.translate(FULL_WIDTH), PERSON_ID.lower(), PERSON_ID[:6] + " " + PERSON_ID[6:]):
        assert [row["id"] for row in api_as(judge).get("/api/v1/cases/", {"q": typed}).json()["results"]] == [
            case.pk
        ]
        assert case.number in client_for(judge).get("/cases/", {"q": typed}).content.decode()


@pytest.mark.django_db
def test_search_with_other_digits_names_the_field(client_for, judge, file_case):
    file_case()
    typed = PERSON_ID.translate(ARABIC_INDIC)
    response = api_as(judge).get("/api/v1/cases/", {"q": typed})
    assert response.status_code == 400 and "q" in response.json()["fields"]
    html = client_for(judge).get("/cases/", {"q": typed}).content.decode()
    assert 'class="error" role="alert"' in html and "搜索" in html


# --- agency answers and asset identities -------------------------------------------------------------
@pytest.mark.django_db
def test_an_agency_answer_with_other_digits_names_the_item(agencies, bank_notice):
    client = api_for(agencies[AgencyKind.BANK])[0]
    body = {"result": "done", "data": {"items": [{"identifier": "6222000000000001".translate(ARABIC_INDIC)}]}}
    response = client.post(answer(bank_notice.pk), body, format="json")
    assert response.status_code == 400 and "data.items[0].identifier" in response.json()["fields"]
    assert fresh(bank_notice).status in NoticeStatus.awaiting_answer()


@pytest.mark.django_db
def test_an_identifier_typed_full_width_is_the_same_property(file_case):
    case = file_case()
    typed = AssetFactory(
        case=case,
        kind="bank_deposit",
        description="x",
        identifier="６２２２ ０００１",
        estimated_value=None,
        source="investigation",
    )
    plain = AssetFactory(
        case=case,
        kind="bank_deposit",
        description="y",
        identifier="62220001",
        estimated_value=None,
        source="investigation",
    )
    assert typed.identity == plain.identity == "bank_deposit:62220001"
    from cases.validators import normalize_identifier

    assert normalize_identifier("青ａ１２３４５") == "青A12345"


# --- numbers stored before the fix -------------------------------------------------------------------
def test_the_migration_folds_stored_arabic_indic_digits():
    migration = importlib.import_module("cases.migrations.0006_fold_id_number_digits")
    assert migration.fold(PERSON_ID.translate(ARABIC_INDIC)) == PERSON_ID
    assert migration.fold(PERSON_ID[:-1] + "x") == PERSON_ID
    assert migration.fold(COMPANY_CODE) == COMPANY_CODE
