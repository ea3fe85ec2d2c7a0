"""Demo organisations and one user per role, for the embedded one-command start and for tests."""

import secrets

from django.db import transaction

from enforcement.choices import AgencyKind, CourtLevel, Role
from enforcement.models import Agency, Court, Membership, User

# (code, name, level, parent code, region)
COURTS = [
    ("青", "青海省高级人民法院", CourtLevel.HIGH, None, "青海省"),
    ("青01", "青海省西宁市中级人民法院", CourtLevel.INTERMEDIATE, "青", "青海省西宁市"),
    ("青0102", "西宁市城东区人民法院", CourtLevel.BASIC, "青01", "青海省西宁市城东区"),
    ("青0103", "西宁市城中区人民法院", CourtLevel.BASIC, "青01", "青海省西宁市城中区"),
    ("青02", "青海省海东市中级人民法院", CourtLevel.INTERMEDIATE, "青", "青海省海东市"),
    ("青0202", "海东市乐都区人民法院", CourtLevel.BASIC, "青02", "青海省海东市乐都区"),
]

AGENCY_NAMES = {
    AgencyKind.POLICE: "西宁市公安局",
    AgencyKind.EXIT_ADMINISTRATION: "青海省公安厅出入境管理局",
    AgencyKind.NATURAL_RESOURCES: "西宁市不动产登记中心",
    AgencyKind.BANK: "中国工商银行西宁分行",
    AgencyKind.TAX: "国家税务总局西宁市税务局",
    AgencyKind.MARKET_REGULATION: "西宁市市场监督管理局",
    AgencyKind.HOUSING_FUND: "西宁住房公积金管理中心",
    AgencyKind.SOCIAL_SECURITY: "西宁市人力资源和社会保障局",
    AgencyKind.SECURITIES: "中国证券登记结算有限责任公司",
    AgencyKind.CIVIL_AFFAIRS: "西宁市民政局",
    AgencyKind.DEVELOPMENT_REFORM: "西宁市发展和改革委员会",
    AgencyKind.INSURANCE: "中国人民财产保险股份有限公司西宁市分公司",
    AgencyKind.OTHER: "西宁市住房和城乡建设局",
}

# (username, name, role, court code or agency kind)
USERS = [
    ("clerk", "王书记员", Role.CLERK, "青0102"),
    ("judge", "李法官", Role.JUDGE, "青0102"),
    ("head", "张局长", Role.HEAD, "青0102"),
    ("finance", "赵会计", Role.FINANCE, "青0102"),
    ("liaison", "陈联络员", Role.LIAISON, AgencyKind.BANK),
    ("supervisor", "刘监督员", Role.SUPERVISOR, "青01"),
    ("admin", "系统管理员", Role.ADMIN, "青"),
]


@transaction.atomic
def load_demo(*, reset_passwords: bool = True) -> list[tuple[str, str, str, str, str]]:
    """Create (or complete) the demo data. Returns (username, password, name, role, organisation)
    rows; passwords are new random ones each call (nothing fixed lives in the repository)."""
    courts: dict[str, Court] = {}
    for code, name, level, parent_code, region in COURTS:
        court, _ = Court.objects.get_or_create(
            code=code,
            defaults={"name": name, "level": level, "region": region, "parent": courts.get(parent_code)},
        )
        courts[code] = court
    agencies = {}
    for kind, name in AGENCY_NAMES.items():
        agencies[kind], _ = Agency.objects.get_or_create(
            name=name, defaults={"kind": kind, "region": "青海省西宁市"}
        )
    rows = []
    for username, name, role, where in USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"name": name})
        if role == Role.ADMIN:
            user.is_staff = user.is_superuser = True
        password = None
        if created or reset_passwords:
            password = secrets.token_urlsafe(9)
            user.set_password(password)
        user.save()
        org = agencies[where] if role == Role.LIAISON else courts[where]
        Membership.objects.update_or_create(
            user=user,
            defaults={
                "role": role,
                "court": None if role == Role.LIAISON else org,
                "agency": org if role == Role.LIAISON else None,
            },
        )
        rows.append((username, password or "(unchanged)", name, Role(role).label, str(org)))
    return rows
