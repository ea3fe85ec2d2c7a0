"""A realistic data set at court scale, for the benchmarks (manage.py generate_bench_data).

This is bench data: rows go in with bulk_create in large batches, one transaction per chunk of
cases, and NOT through the services (no permission checks, locks, audit events or outbox messages;
those would make 200,000 cases take hours). What the services would guarantee is kept by hand, so
the rows satisfy the models' constraints and invariants:

- case numbers continue each (court, year, type) counter with no gap, and the counters are moved on;
- deadline = filed_on + time limit (+ extension) + days suspended (cases.models.compute_deadline),
  the time limit and the notice period read from cases.rules on the filing date;
- every party's ID number is valid: 公民身份号码 with the GB 11643 check character, 统一社会信用代码
  with the GB 32100 check character (cases.validators); query codes are unique;
- the application fee is cases.money.application_fee on the filing date;
- measures have the statutory term of cases' asset kind on their start date (assets.rules);
- a case account's confirmed total is the sum of its confirmed receipts;
- at most one open defaulter entry per party, copied from the party as sanctions would.
"""

import datetime as dt
import io
import json
import os
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from dateutil.relativedelta import relativedelta
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from assets import rules as asset_rules
from assets.choices import AssetKind, AssetSource, MeasureKind, MeasureStatus
from assets.models import Asset, ControlMeasure
from assistance.choices import AnswerResult, NoticeAction, NoticeStatus
from assistance.models import Notice
from cases import rules as case_rules
from cases.choices import BasisKind, CaseState, CaseType, IdType, PartyKind, PartyRole
from cases.models import Case, CaseNumberCounter, EnforcementBasis, Party
from cases.money import application_fee
from cases.numbering import case_number
from cases.validators import basis_key, normalize_identifier, ric_check_char, uscc_check_char
from enforcement.choices import AgencyKind, CourtLevel, Role
from enforcement.demo import load_demo
from enforcement.models import Agency, Court, Membership, User
from money.choices import ReceiptKind, ReceiptStatus
from money.models import CaseAccount, Receipt
from money.services import payment_reference
from sanctions.choices import DefaulterGround, EntryStatus
from sanctions.models import DefaulterEntry

S = CaseState
CHUNK = 5000
BATCH = 5000
YEARS = 5  # cases filed over the last five years

# GB/T 2260 county codes of the demo courts' areas (address codes of the ID numbers and USCCs).
AREA_CODES = ["630102", "630103", "630104", "630105", "630202", "630203", "632122", "632123"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰海燕"
FIRM_WORDS = ["青海", "西宁", "海东", "昆仑", "高原", "三江", "河湟", "雪域", "祁连", "湟水"]
FIRM_TRADES = ["商贸", "建筑工程", "物流", "房地产开发", "农牧业", "矿业", "餐饮管理", "汽车销售"]
CAUSES = [
    "民间借贷纠纷",
    "买卖合同纠纷",
    "金融借款合同纠纷",
    "劳务合同纠纷",
    "租赁合同纠纷",
    "建设工程施工合同纠纷",
]
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # as cases.models.new_query_code

# State of a case by how long ago it was filed: older cases are mostly closed.
OPEN_MIX = [S.FILED] * 2 + [S.INVESTIGATING] * 5 + [S.DISPOSING] * 2 + [S.PAYING_OUT, S.SUSPENDED]
CLOSED_MIX = [S.CONCLUDED] * 4 + [S.TERMINATED_ROUND] * 4 + [S.SETTLED] * 2 + [S.WITHDRAWN, S.TERMINATED]
RUNNING = set(CaseState.running_states())
HAS_ASSETS = {S.INVESTIGATING, S.DISPOSING, S.PAYING_OUT, S.SUSPENDED, S.CONCLUDED, S.TERMINATED_ROUND}
HAS_MONEY = {S.DISPOSING, S.PAYING_OUT, S.CONCLUDED, S.SETTLED}
# A judge reads an agency's answer and closes the notice (办结, assistance.services.notice_close)
# within days: only answers of running cases from the last REVIEW_DAYS wait for review. Leaving
# every answer of five years unreviewed made the work lists count half a million of them, which
# no court has.
REVIEW_DAYS = 14


def _answered_fields(case, answered_at, today) -> dict:
    """status and closed_at of a notice answered at `answered_at` (see REVIEW_DAYS)."""
    waiting = case.state in RUNNING and (today - answered_at.date()).days <= REVIEW_DAYS
    if waiting:
        return {"status": NoticeStatus.ANSWERED, "closed_at": None}
    return {"status": NoticeStatus.CLOSED, "closed_at": answered_at + dt.timedelta(days=2)}


ASSET_KINDS = [
    (AssetKind.BANK_DEPOSIT, MeasureKind.FREEZE, AgencyKind.BANK, NoticeAction.FREEZE),
    (AssetKind.BANK_DEPOSIT, MeasureKind.FREEZE, AgencyKind.BANK, NoticeAction.FREEZE),
    (AssetKind.REAL_ESTATE, MeasureKind.SEAL, AgencyKind.NATURAL_RESOURCES, NoticeAction.SEAL),
    (AssetKind.VEHICLE, MeasureKind.SEAL, AgencyKind.POLICE, NoticeAction.SEAL),
    (AssetKind.HOUSING_FUND, MeasureKind.FREEZE, AgencyKind.HOUSING_FUND, NoticeAction.FREEZE),
    (AssetKind.EQUITY, MeasureKind.FREEZE, AgencyKind.MARKET_REGULATION, NoticeAction.EQUITY_FREEZE),
]
QUERY_AGENCIES = [
    AgencyKind.BANK,
    AgencyKind.NATURAL_RESOURCES,
    AgencyKind.POLICE,
    AgencyKind.MARKET_REGULATION,
]


def person_id(rng: random.Random, today: dt.date) -> tuple[str, str, dt.date]:
    """A valid 公民身份号码 (GB 11643: area, birth date, order code, check character), its sex
    (odd 17th digit: male) and birth date; the holder is 20 to 75 years old."""
    born = today - dt.timedelta(days=rng.randrange(20 * 366, 75 * 365))
    first17 = f"{rng.choice(AREA_CODES)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + ric_check_char(first17), ("M" if int(first17[16]) % 2 else "F"), born


def credit_code(rng: random.Random) -> str:
    """A valid 统一社会信用代码 (GB 32100): 9 (market regulation) 1 (company), area, 9-character
    organisation code, check character."""
    first17 = "91" + rng.choice(AREA_CODES) + "".join(rng.choices("0123456789ABCDEFGHJKLMNPQRTUWXY", k=9))
    return first17 + uscc_check_char(first17)


def query_codes(n: int) -> list[str]:
    """n fresh query codes from the OS's randomness (not the seeded generator: a second run with the
    same seed must not repeat them), 10 characters of the unambiguous alphabet."""
    raw = os.urandom(10 * n)
    return ["".join(QUERY_CODE_ALPHABET[b & 31] for b in raw[i * 10 : (i + 1) * 10]) for i in range(n)]


@cache
def _rule_value(module, key: str, on: dt.date):
    return module.rule(key, on=on)


@dataclass
class Meter:
    """Rows written and seconds spent per table, for the progress lines."""

    rows: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)

    def bulk(self, model, objs):
        started = time.perf_counter()
        if connection.vendor == "postgresql" and objs:
            created = _copy(model, objs)
        else:
            created = model.objects.bulk_create(objs, batch_size=BATCH)
        name = model._meta.db_table
        self.rows[name] = self.rows.get(name, 0) + len(objs)
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
        return created

    def lines(self):
        for name, rows in self.rows.items():
            secs = self.seconds[name]
            yield f"  {name:28} {rows:>10,} rows {secs:8.1f} s {rows / secs if secs else 0:>10,.0f} rows/s"


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if type(value) is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, (dict, list)):
        value = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    elif isinstance(value, dt.datetime):
        value = value.isoformat()
    else:
        value = str(value)
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(model, objs):
    """PostgreSQL COPY of model instances (about three times the rate of bulk_create, whose cost is
    Django preparing each value): ids are taken from the table's sequence first, so the instances
    get their pk as bulk_create would give them; auto_now fields get their value from pre_save."""
    table = model._meta.db_table
    fields = list(model._meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(objs)]
        )
        ids = [row[0] for row in cursor.fetchall()]
        buf = io.StringIO()
        for obj, pk in zip(objs, ids, strict=True):
            obj.pk = pk
            obj._state.adding = False
            buf.write("\t".join(_copy_text(f.pre_save(obj, True)) for f in fields))
            buf.write("\n")
        buf.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN", buf)
    return objs


@dataclass
class Staff:
    court: Court
    judges: list
    clerks: list
    head: User
    finance: User


def _staff(courts, *, judges_per_court: int) -> list[Staff]:
    """Judges, clerks, a head and a finance officer for every basic court (a few hundred rows at
    most: through the ORM, passwords unusable; log in with force_login or set one with changepassword)."""
    staff = []
    for court in courts:
        digits = "".join(ch for ch in court.code if ch.isdigit())

        def member(username, name, role, court=court):
            user, created = User.objects.get_or_create(username=username, defaults={"name": name})
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(user=user, defaults={"role": role, "court": court})
            return user

        judges = [
            member(f"b{digits}judge{i}", f"法官{digits}-{i}", Role.JUDGE) for i in range(judges_per_court)
        ]
        clerks = [
            member(f"b{digits}clerk{i}", f"书记员{digits}-{i}", Role.CLERK)
            for i in range(max(1, judges_per_court // 2))
        ]
        head = member(f"b{digits}head", f"执行局长{digits}", Role.HEAD)
        finance = member(f"b{digits}finance", f"会计{digits}", Role.FINANCE)
        staff.append(Staff(court, judges, clerks, head, finance))
    return staff


# A court grows by its staff, not by each judge's caseload: a judge carries a few hundred cases a
# year, so a court's five years hold about CASES_PER_JUDGE cases per judge (and at least
# MIN_JUDGES judges). With a fixed eight judges, 200,000 cases gave each 8,300, and a judge's work
# list counted a caseload no judge has.
CASES_PER_JUDGE = 2_000
MIN_JUDGES = 8


def judges_for(court_cases: int) -> int:
    """The judges of a court holding `court_cases` cases (CASES_PER_JUDGE)."""
    return max(MIN_JUDGES, -(-court_cases // CASES_PER_JUDGE))


def generate(
    *, cases: int, defaulters: int, seed: int, judges_per_court: int | None = None, out=print
) -> Meter:
    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    meter = Meter()

    load_demo(reset_passwords=False)  # the court tree (high, intermediate, basic courts) and agencies
    courts = list(Court.objects.filter(level=CourtLevel.BASIC).order_by("code"))
    if judges_per_court is None:  # staffed for the cases the courts will hold after this run
        held = Case.objects.filter(court__in=courts).count()
        judges_per_court = judges_for((held + cases) // max(1, len(courts)))
    staff = _staff(courts, judges_per_court=judges_per_court)
    agencies = {a.kind: a for a in Agency.objects.order_by("pk")}

    # Continue every (court, year, type) counter, so a second run adds cases with fresh numbers.
    counters = {
        (c.court_id, c.year, c.type_code): c.last for c in CaseNumberCounter.objects.filter(court__in=courts)
    }
    for row in (
        Case.objects.filter(court__in=courts).values("court_id", "year", "type_code").annotate(top=Max("seq"))
    ):
        key = (row["court_id"], row["year"], row["type_code"])
        counters[key] = max(counters.get(key, 0), row["top"])

    defaulters_left = defaulters
    started = time.perf_counter()
    done = 0
    while done < cases:
        n = min(CHUNK, cases - done)
        # Spread the defaulter entries evenly over the chunks.
        want_defaulters = min(
            defaulters_left, round(defaulters * (done + n) / cases) - (defaulters - defaulters_left)
        )
        with transaction.atomic():
            listed = _chunk(
                n, rng, today, now, staff, agencies, counters, meter, want_defaulters=want_defaulters
            )
        defaulters_left -= listed
        done += n
        rate = done / (time.perf_counter() - started)
        out(f"  {done:,}/{cases:,} cases, {rate:,.0f} cases/s")

    with transaction.atomic():
        for (court_id, year, type_code), last in counters.items():
            CaseNumberCounter.objects.update_or_create(
                court_id=court_id, year=year, type_code=type_code, defaults={"last": last}
            )
    return meter


def _chunk(n, rng, today, now, staff, agencies, counters, meter, *, want_defaulters) -> int:
    first_year = today.year - YEARS + 1
    case_rows, extra = [], []
    for _ in range(n):
        team = rng.choice(staff)
        filed_on = today - dt.timedelta(days=int(rng.triangular(0, YEARS * 365 - 1, 0)))
        if filed_on.year < first_year:
            filed_on = dt.date(first_year, 1, 1) + dt.timedelta(days=rng.randrange(28))
        type_code = rng.choices([CaseType.FIRST, CaseType.RESUMED, CaseType.PRESERVATION], [90, 8, 2])[0]
        key = (team.court.pk, filed_on.year, type_code)
        counters[key] = seq = counters.get(key, 0) + 1
        age = (today - filed_on).days
        state = rng.choice(OPEN_MIX if age < rng.randrange(60, 400) else CLOSED_MIX)
        amount = Decimal(rng.choice([rng.randrange(5_000, 100_000), rng.randrange(100_000, 5_000_000)]))
        fee = application_fee(amount, on=filed_on)
        non_litigation = rng.random() < 0.05
        limit_key = (
            case_rules.CASE_LIMIT_NON_LITIGATION_MONTHS
            if non_litigation
            else case_rules.CASE_LIMIT_LITIGATION_MONTHS
        )
        months = int(_rule_value(case_rules, limit_key, filed_on).value)
        notice_days = int(_rule_value(case_rules, case_rules.EXECUTION_NOTICE_DAYS, filed_on).value)
        suspended_days, suspended_since, before = 0, None, ""
        if state == S.SUSPENDED:
            suspended_since = filed_on + dt.timedelta(days=min(age, rng.randrange(20, 120)))
            before = rng.choice([S.INVESTIGATING, S.DISPOSING])
        closed_on = None
        if state in (S.CONCLUDED, S.TERMINATED_ROUND, S.SETTLED, S.WITHDRAWN, S.TERMINATED):
            closed_on = min(today, filed_on + dt.timedelta(days=rng.randrange(30, 200)))
        case = Case(
            court=team.court,
            year=filed_on.year,
            type_code=type_code,
            seq=seq,
            number=case_number(year=filed_on.year, court_code=team.court.code, type_code=type_code, seq=seq),
            state=state,
            state_before_suspension=before,
            filed_on=filed_on,
            filed_at=dt.datetime.combine(filed_on, dt.time(9, rng.randrange(60)), tzinfo=now.tzinfo),
            filed_by=rng.choice(team.clerks),
            judge=rng.choice(team.judges),
            clerk=rng.choice(team.clerks),
            subject_amount=amount,
            application_fee=fee.amount,
            fee_explanation=fee.explanation,
            non_litigation=non_litigation,
            time_limit_months=months,
            suspended_days=suspended_days,
            suspended_since=suspended_since,
            notice_due=filed_on + dt.timedelta(days=notice_days),
            notice_served_on=filed_on + dt.timedelta(days=min(age, rng.randrange(1, notice_days + 1))),
            closed_on=closed_on,
            cause=rng.choice(CAUSES),
            deadline=filed_on + relativedelta(months=months) + dt.timedelta(days=suspended_days),
        )
        case_rows.append(case)
        extra.append(team)
    cases = meter.bulk(Case, case_rows)

    bases, parties, accounts = [], [], []
    codes = iter(query_codes(len(cases) * 4))  # at most 4 parties a case
    for case in cases:
        basis_no = f"（{case.year - 1}）青{rng.randrange(1, 3):02d}{rng.randrange(1, 6):02d}民初{rng.randrange(1, 9999)}号"
        organ = case.court.name
        bases.append(
            EnforcementBasis(
                case=case,
                kind=rng.choice([BasisKind.JUDGMENT] * 3 + [BasisKind.MEDIATION, BasisKind.RULING]),
                issuing_organ=organ,
                document_number=basis_no,
                effective_date=case.filed_on - dt.timedelta(days=rng.randrange(20, 300)),
                money_amount=case.subject_amount,
                principal=case.subject_amount,
                key=basis_key(organ, basis_no),
            )
        )
        n_respondents = rng.choice([1, 1, 2, 3])
        roles = [(PartyRole.APPLICANT, 1)] + [(PartyRole.RESPONDENT, i + 1) for i in range(n_respondents)]
        for role, position in roles:
            if rng.random() < 0.7:
                number = person_id(rng, case.filed_on)[0]
                name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice([1, 2])))
                kind, id_type, representative = PartyKind.PERSON, IdType.RIC, ""
            else:
                number = credit_code(rng)
                name = f"{rng.choice(FIRM_WORDS)}{rng.choice(FIRM_WORDS)}{rng.choice(FIRM_TRADES)}有限公司"
                kind, id_type = PartyKind.ENTITY, IdType.USCC
                representative = rng.choice(SURNAMES) + rng.choice(GIVEN)
            parties.append(
                Party(
                    case=case,
                    role=role,
                    kind=kind,
                    name=name,
                    id_type=id_type,
                    id_number=number,
                    legal_representative=representative,
                    address=f"青海省西宁市城东区八一路{rng.randrange(1, 300)}号",
                    phone=f"13{rng.randrange(10**8, 10**9)}",
                    position=position,
                    query_code=next(codes),
                )
            )
        accounts.append(CaseAccount(case=case, reference=payment_reference(case), opened_at=case.filed_at))
    meter.bulk(EnforcementBasis, bases)
    parties = meter.bulk(Party, parties)
    accounts = meter.bulk(CaseAccount, accounts)

    respondents = {}
    for party in parties:
        if party.role == PartyRole.RESPONDENT:
            respondents.setdefault(party.case_id, []).append(party)
    team_of = {case.pk: team for case, team in zip(cases, extra, strict=True)}

    assets, notices = [], []
    for case in cases:
        first = respondents[case.pk][0]
        for kind in rng.sample(QUERY_AGENCIES, 2):  # the network query's answered notices
            sent = dt.datetime.combine(case.filed_on, dt.time(10), tzinfo=case.filed_at.tzinfo)
            answered_at = sent + dt.timedelta(days=3) if case.state != S.FILED else None
            notices.append(
                Notice(
                    court=case.court,
                    case=case,
                    agency=agencies[kind],
                    action=NoticeAction.QUERY,
                    respondent=first,
                    **(
                        _answered_fields(case, answered_at, today)
                        if answered_at
                        else {"status": NoticeStatus.SENT}
                    ),
                    created_by=case.clerk,
                    created_at=sent,
                    approved_by=case.judge,
                    sent_at=sent,
                    due_on=case.filed_on + dt.timedelta(days=10),
                    answered_at=answered_at,
                    result=AnswerResult.DONE if answered_at else "",
                )
            )
        if case.state in HAS_ASSETS:
            for _ in range(rng.randrange(1, 4)):
                asset_kind, _mk, agency_kind, _na = rng.choice(ASSET_KINDS)
                identifier = f"{rng.randrange(10**15, 10**16)}"
                assets.append(
                    Asset(
                        case=case,
                        owner=rng.choice(respondents[case.pk]),
                        kind=asset_kind,
                        description=AssetKind(asset_kind).label,
                        identifier=identifier,
                        # what Asset.save() computes (bulk_create does not call save)
                        identity=f"{asset_kind}:{normalize_identifier(identifier)}",
                        holder_agency=agencies[agency_kind],
                        estimated_value=Decimal(rng.randrange(1_000, 2_000_000)),
                        source=AssetSource.NETWORK_QUERY,
                        created_at=case.filed_at + dt.timedelta(days=5),
                    )
                )
    assets = meter.bulk(Asset, assets)

    measures = []
    for asset in assets:
        if rng.random() < 0.6:
            measure_kind = (
                MeasureKind.FREEZE
                if asset.kind in (AssetKind.BANK_DEPOSIT, AssetKind.HOUSING_FUND, AssetKind.EQUITY)
                else MeasureKind.SEAL
            )
            started = asset.case.filed_on + dt.timedelta(days=6)
            term = _rule_value(asset_rules, asset_rules.measure_term_key(asset.kind), started)
            expires = started + relativedelta(months=int(term.value)) - dt.timedelta(days=1)
            if asset.case.state == S.CONCLUDED:
                status, lifted = MeasureStatus.LIFTED, asset.case.closed_on
            elif expires < today:
                status, lifted = MeasureStatus.EXPIRED, None
            else:
                status, lifted = MeasureStatus.ACTIVE, None
            measures.append(
                ControlMeasure(
                    case=asset.case,
                    asset=asset,
                    kind=measure_kind,
                    status=status,
                    amount=asset.estimated_value,
                    started_on=started,
                    expires_on=expires,
                    term_citation=f"{term.source}{term.article}",
                    lifted_on=lifted,
                    created_by=asset.case.judge,
                    created_at=asset.created_at,
                )
            )
    measures = meter.bulk(ControlMeasure, measures)
    for measure in measures:
        action = {
            MeasureKind.SEAL: NoticeAction.SEAL,
            MeasureKind.FREEZE: NoticeAction.EQUITY_FREEZE
            if measure.asset.kind == AssetKind.EQUITY
            else NoticeAction.FREEZE,
        }[measure.kind]
        sent = measure.created_at
        answered_at = dt.datetime.combine(measure.started_on, dt.time(11), tzinfo=sent.tzinfo)
        notices.append(
            Notice(
                court=measure.case.court,
                case=measure.case,
                agency=measure.asset.holder_agency,
                action=action,
                respondent=measure.asset.owner,
                asset=measure.asset,
                measure=measure,
                **_answered_fields(measure.case, answered_at, today),
                created_by=measure.case.clerk,
                created_at=sent,
                approved_by=measure.case.judge,
                sent_at=sent,
                due_on=measure.started_on + dt.timedelta(days=5),
                answered_at=answered_at,
                result=AnswerResult.DONE,
            )
        )
    meter.bulk(Notice, notices)

    receipts = []
    account_of = {a.case_id: a for a in accounts}
    for case in cases:
        if case.state not in HAS_MONEY:
            continue
        account = account_of[case.pk]
        for _ in range(rng.randrange(1, 3)):
            amount = (case.subject_amount * Decimal(rng.randrange(5, 50)) / 100).quantize(Decimal("0.01"))
            received = case.filed_on + dt.timedelta(days=rng.randrange(10, 60))
            receipts.append(
                Receipt(
                    account=account,
                    case=case,
                    kind=rng.choice(list(ReceiptKind.values)),
                    amount=amount,
                    payer=respondents[case.pk][0].name,
                    received_on=received,
                    status=ReceiptStatus.CONFIRMED,
                    recorded_by=team_of[case.pk].finance,
                    recorded_at=dt.datetime.combine(received, dt.time(15), tzinfo=case.filed_at.tzinfo),
                    confirmed_by=team_of[case.pk].finance,
                    confirmed_at=dt.datetime.combine(received, dt.time(16), tzinfo=case.filed_at.tzinfo),
                )
            )
            account.confirmed_total += amount
    meter.bulk(Receipt, receipts)
    touched = [a for a in accounts if a.confirmed_total]
    if touched:
        started = time.perf_counter()
        CaseAccount.objects.bulk_update(touched, ["confirmed_total"], batch_size=BATCH)
        meter.seconds["money_caseaccount"] += time.perf_counter() - started

    # Defaulter entries (失信被执行人名单) on respondents of open or terminated-round cases, one per party.
    eligible = [
        p
        for case in cases
        if case.state in (S.INVESTIGATING, S.DISPOSING, S.TERMINATED_ROUND, S.SUSPENDED)
        for p in respondents[case.pk]
    ]
    if len(eligible) < want_defaulters:  # small runs: any respondent will do
        eligible = [p for case in cases for p in respondents[case.pk]]
    chosen = rng.sample(eligible, min(want_defaulters, len(eligible)))
    case_of = {c.pk: c for c in cases}
    entries = []
    for party in chosen:
        case = case_of[party.case_id]
        team = team_of[case.pk]
        decided_on = case.filed_on + dt.timedelta(days=rng.randrange(30, 120))
        decided_on = min(decided_on, today)
        is_person = party.kind == PartyKind.PERSON
        born = dt.datetime.strptime(party.id_number[6:14], "%Y%m%d").date() if is_person else None
        decided_at = dt.datetime.combine(decided_on, dt.time(14), tzinfo=case.filed_at.tzinfo)
        entries.append(
            DefaulterEntry(
                case=case,
                party=party,
                status=EntryStatus.PUBLISHED,
                grounds=[DefaulterGround.ABLE_REFUSES],
                facts="有履行能力而拒不履行生效法律文书确定的义务。",
                name=party.name,
                id_number=party.id_number,
                is_person=is_person,
                sex=("M" if int(party.id_number[16]) % 2 else "F") if is_person else "",
                birth_date=born,
                legal_representative=party.legal_representative,
                proposed_by=case.judge,
                proposed_at=decided_at - dt.timedelta(days=3),
                decided_by=team.head,
                decided_at=decided_at,
                decided_on=decided_on,
                published_at=decided_at + dt.timedelta(hours=1),
            )
        )
    meter.bulk(DefaulterEntry, entries)
    return len(entries)
