"""The case list's search, filters, amount sort and export: two-character names and name fragments
(鑫源 in 青海鑫源贸易有限公司), ID-number fragments of six characters or more, the filters for case
type, filing dates, clerk and amount, and the export (CSV, XLSX) row for row the filtered list with
ID numbers masked. On PostgreSQL, with 200,000 cases, the searches are answered from the trigram
and two-character indexes (EXPLAIN) in the same number of queries as with a handful."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, Party
from cases.selectors import case_list, case_search_matches
from cases.services import PartyInput
from enforcement.choices import Role
from tests.cases.conftest import COMPANY_CODE_2, PERSON_ID, PERSON_ID_2
from tests.clock import TODAY
from tests.factories import make_member

pytestmark = pytest.mark.django_db

XINYUAN = "青海鑫源贸易有限公司"


@pytest.fixture
def xinyuan_case(file_case):
    return file_case(
        amount=Decimal("500000.00"),
        respondents=[
            PartyInput(
                role="respondent",
                kind="entity",
                name=XINYUAN,
                id_number=COMPANY_CODE_2,
                legal_representative="马六",
            ),
            PartyInput(role="respondent", kind="person", name="韩梅", id_number=PERSON_ID_2),
        ],
    )


def numbers(client, query):
    response = client.get("/cases/" + query)
    assert response.status_code == 200
    return [row["case"].number for row in response.context["rows"]]


def test_two_character_fragments_names_and_id_fragments(client_for, judge, file_case, xinyuan_case):
    plain = file_case()  # 张三 / 李四 / 青海某某贸易有限公司
    client = client_for(judge)
    assert numbers(client, "?q=鑫源") == [xinyuan_case.number]  # two characters inside a name
    assert numbers(client, "?q=韩梅") == [xinyuan_case.number]  # a two-character personal name
    assert numbers(client, "?q=鑫源贸易") == [xinyuan_case.number]
    assert set(numbers(client, "?q=贸易有限")) == {xinyuan_case.number, plain.number}
    assert numbers(client, "?q=某某") == [plain.number]
    # ID fragments from six characters on, folded like the stored numbers
    assert numbers(client, "?q=" + COMPANY_CODE_2[4:10]) == [xinyuan_case.number]
    assert numbers(client, "?q=" + COMPANY_CODE_2[-6:].lower()) == [xinyuan_case.number]
    assert set(numbers(client, "?q=" + PERSON_ID[3:9])) == {xinyuan_case.number, plain.number}
    assert numbers(client, "?q=" + COMPANY_CODE_2[4:9]) == []  # five characters: whole numbers only
    assert numbers(client, "?q=鑫x") == []


def test_a_whole_id_number_is_looked_up_exactly(client_for, judge, file_case, xinyuan_case):
    """A complete 公民身份号码 or 统一社会信用代码 (its check character right) finds its own
    party only, by the exact index; eighteen characters with a wrong check character are still
    looked for inside numbers, as any other fragment."""
    from cases.selectors import whole_id_number

    assert whole_id_number(PERSON_ID_2) and whole_id_number(COMPANY_CODE_2)
    wrong_check = PERSON_ID_2[:17] + ("0" if PERSON_ID_2[17] != "0" else "1")
    assert not whole_id_number(wrong_check) and not whole_id_number(PERSON_ID_2[:17])
    plain = file_case()
    # an "other" document whose longer number holds the whole ID number inside it
    Party.objects.filter(case=plain, role="respondent").update(id_type="other", id_number="A" + PERSON_ID_2)
    client = client_for(judge)
    assert numbers(client, "?q=" + PERSON_ID_2) == [xinyuan_case.number]
    assert numbers(client, "?q=" + COMPANY_CODE_2.lower()) == [xinyuan_case.number]
    # seventeen characters are a fragment: found inside both numbers
    assert set(numbers(client, "?q=" + PERSON_ID_2[1:])) == {xinyuan_case.number, plain.number}


def test_filters_type_dates_clerk_amount_and_amount_sort(client_for, judge, court, file_case, xinyuan_case):
    small = file_case(amount=Decimal("20000.00"))
    other_clerk = make_member(Role.CLERK, court=court, name="周书记员")
    Case.objects.filter(pk=small.pk).update(
        clerk=other_clerk, filed_on=TODAY - dt.timedelta(days=40), type_code="执恢"
    )
    client = client_for(judge)
    assert numbers(client, "?type_code=执恢") == [small.number]
    assert numbers(client, "?type_code=执") == [xinyuan_case.number]
    assert numbers(client, f"?clerk={other_clerk.pk}") == [small.number]
    since = (TODAY - dt.timedelta(days=10)).isoformat()
    assert numbers(client, f"?filed_from={since}") == [xinyuan_case.number]
    assert numbers(client, f"?filed_to={since}") == [small.number]
    assert numbers(client, "?amount_min=100000") == [xinyuan_case.number]
    assert numbers(client, "?amount_max=100000") == [small.number]
    assert numbers(client, "?amount_min=10000&amount_max=600000&order=-amount") == [
        xinyuan_case.number,
        small.number,
    ]
    assert numbers(client, "?order=amount") == [small.number, xinyuan_case.number]
    html = client.get("/cases/?order=-amount").content.decode()
    assert "标的额 ↓" in html
    # a bad value in one field is ignored, never a 500
    assert len(numbers(client, "?amount_min=lots&filed_from=yesterday&clerk=x&type_code=zz")) == 2


def _export(client, query, fmt):
    response = client.get("/cases/" + query + ("&" if query else "?") + f"format={fmt}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if fmt == "csv":
        body = response.content.decode("utf-8")
        assert body.startswith("\ufeff")  # the BOM: Excel reads UTF-8
        return list(csv.reader(io.StringIO(body[1:])))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = list(sheet.iter_rows())
    assert cells and all(c.font.b for c in cells[0])  # the header row is bold
    return [[c.value for c in row] for row in cells]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_is_the_filtered_list_row_for_row(client_for, judge, file_case, xinyuan_case, fmt):
    for _ in range(22):  # more than a page: the export is the whole list, not the page shown
        file_case()
    client = client_for(judge)
    query = "?q=贸易&order=-amount"
    listed = [c.number for c in case_list(judge, q="贸易", order="-amount")]
    assert len(listed) == 23 and listed[0] == xinyuan_case.number
    rows = _export(client, query, fmt)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["案号", "案件类型", "法院"] and "被执行人" in header and "标的额（元）" in header
    assert [r[0] for r in body] == listed
    first = dict(zip(header, body[0], strict=True))
    assert first["被执行人"] == f"{XINYUAN}、韩梅"
    # a person's ID masked as the case page masks it for others; a company's code is public
    ids = first["被执行人证件号码"]
    assert COMPANY_CODE_2 in ids and PERSON_ID_2 not in ids and PERSON_ID_2[:4] + "**********" in ids
    if fmt == "csv":
        assert first["标的额（元）"] == "500000.00"
        assert first["立案日期"] == f"{TODAY.year}年{TODAY.month}月{TODAY.day}日"
    else:  # a number and a date the spreadsheet can sum and sort, shown ¥500,000.00 and 2026年12月1日
        assert first["标的额（元）"] == Decimal("500000.00")
        assert not isinstance(first["标的额（元）"], str)
        assert first["立案日期"] == dt.datetime(TODAY.year, TODAY.month, TODAY.day)
    # a narrower filter narrows the export the same way
    rows = _export(client, "?q=鑫源", fmt)
    assert [r[0] for r in rows[1:]] == [xinyuan_case.number]


def test_export_of_another_courts_case_is_not_possible(client_for, judge, other_clerk, other_court):
    from cases.services import case_file
    from tests.cases.conftest import filing_input

    theirs = case_file(actor=other_clerk, data=filing_input(make_member(Role.JUDGE, court=other_court)))
    rows = _export(client_for(judge), "", "csv")
    assert theirs.number not in {r[0] for r in rows}


def test_liaison_cannot_export(client_for, liaison):
    assert client_for(liaison).get("/cases/?format=csv").status_code == 403


# --- at scale, on PostgreSQL ----------------------------------------------------------------------
SCALE = 200_000
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
REGIONS = ["青海", "西宁", "海东", "格尔木", "德令哈", "玉树", "果洛", "海南", "海北", "黄南"]


def _bulk_cases(template: Case, n: int) -> None:
    """n more cases copied from `template` (numbers and seq made unique), each with a person and a
    company as respondents whose names are made of varied characters, inserted by one INSERT …
    SELECT each (a service call per case would take hours)."""
    fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    select = []
    for f in fields:
        column = connection.ops.quote_name(f.column)
        if f.name == "number":
            select.append(f"{column} || '-' || g")
        elif f.name == "seq":
            select.append(f"{column} + g")
        else:
            select.append(f"c.{column}")
    regions = "ARRAY[" + ", ".join(f"'{r}'" for r in REGIONS) + "]"
    ch = "chr(19968 + mod(c.id * {k}, 20000)::int)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO cases_case ({columns}) SELECT {', '.join(select)} "
            f"FROM cases_case c, generate_series(1, %s) g WHERE c.id = %s",
            [n, template.pk],
        )
        cursor.execute(
            "INSERT INTO cases_party (case_id, role, kind, name, id_number, legal_representative, "
            "address, phone, query_code, position, id_type, id_note) "
            "SELECT c.id, 'respondent', 'person', "
            f"substr('{SURNAMES}', mod(c.id, 20)::int + 1, 1) || {ch.format(k=7)} || "
            f"{ch.format(k=13)}, lpad(mod(c.id * 7919, 1000000000000)::text, 18, '6'), '', '', '', "
            "'P' || c.id, 1, 'ric', '' FROM cases_case c WHERE c.id > %s",
            [template.pk],
        )
        cursor.execute(
            "INSERT INTO cases_party (case_id, role, kind, name, id_number, legal_representative, "
            "address, phone, query_code, position, id_type, id_note) "
            f"SELECT c.id, 'respondent', 'entity', ({regions})[mod(c.id, 10)::int + 1] || "
            f"{ch.format(k=31)} || {ch.format(k=37)} || '贸易有限公司', "
            "lpad(mod(c.id * 104729, 1000000000000)::text, 18, '9'), '', '', '', 'E' || c.id, 2, 'uscc', '' "
            "FROM cases_case c WHERE c.id > %s",
            [template.pk],
        )
        cursor.execute("ANALYZE cases_case")
        cursor.execute("ANALYZE cases_party")


@pytest.mark.postgres
def test_searches_use_the_indexes_at_200000_cases_in_the_same_queries(
    client_for, judge, file_case, xinyuan_case
):
    client = client_for(judge)
    searches = ["鑫源", "韩梅", "鑫源贸易", COMPANY_CODE_2[-6:]]
    client.get("/cases/")  # warm up (session, content types)

    def run(q):
        with CaptureQueriesContext(connection) as queries:
            found = numbers(client, f"?q={q}")
        return found, len(queries)

    small = {q: run(q) for q in searches}
    _bulk_cases(xinyuan_case, SCALE - 1)
    assert Case.objects.count() == SCALE
    assert Party.objects.count() >= 2 * SCALE
    for q in searches:
        found, count = run(q)
        assert found == [xinyuan_case.number], q
        assert count == small[q][1], q  # the same number of queries with 200,000 cases
    # The plan of each search: the party-side lookups come from the indexes, never a scan of the
    # party table (which is what an OR across the tables, or '%鑫源%' on the trigram index, gives).
    expected = {
        "鑫源": "cases_party_name_bigrams",
        "韩梅": "cases_party_name_bigrams",
        "鑫源贸易": "cases_party_name_trgm",
        COMPANY_CODE_2[-6:]: "cases_party_id_number_trgm",
    }
    # The search's matches are read first (cases.selectors._searched) and the list then reads its
    # page by the case ids: both plans from indexes.
    for q, index in expected.items():
        plan = case_search_matches(q).explain()
        assert index in plan, (q, plan)
        assert "Seq Scan on cases_party" not in plan, (q, plan)
        assert "Seq Scan on cases_case" not in plan, (q, plan)
        plan = case_list(judge, q=q).explain()
        assert "Seq Scan on cases_case" not in plan, (q, plan)
    plan = case_search_matches("鑫源贸易").explain()
    assert "cases_case_number_trgm" in plan, plan
