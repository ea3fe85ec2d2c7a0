"""What each kind of agency is asked to do, and how long it has to answer.

ACTIONS_BY_AGENCY follows the 执行联动 rules article by article: police art. 6, civil affairs art. 8,
development and reform art. 9, land and housing registries arts. 11-12, banks art. 13, tax art.
14, market regulation art. 15; housing fund, social security, securities and insurance per the
national 执行联动 opinion the seed implements. Lifting (解除, art. 19) and renewal apply to every
agency that carries out a measure. Answer periods are working days, overridable by an operator in
the admin (assistance.AnswerDeadline)."""

from assistance.choices import NoticeAction as A
from assistance.models import AnswerDeadline
from enforcement.choices import AgencyKind as K

ACTIONS_BY_AGENCY: dict[str, tuple[str, ...]] = {
    K.POLICE: (A.FIND_RESPONDENT, A.QUERY, A.SEIZE_VEHICLE, A.EXECUTE_DETENTION, A.LIFT),
    K.EXIT_ADMINISTRATION: (A.RESTRICT_EXIT, A.LIFT),
    K.NATURAL_RESOURCES: (A.QUERY, A.SEAL, A.PRE_SEAL, A.QUEUED_SEAL, A.TRANSFER, A.RENEW, A.LIFT),
    K.BANK: (A.QUERY, A.FREEZE, A.QUEUED_FREEZE, A.DEDUCT, A.RENEW, A.LIFT),
    K.TAX: (A.QUERY, A.REFUND_ACCOUNT),
    K.MARKET_REGULATION: (A.QUERY, A.EQUITY_FREEZE, A.RENEW, A.LIFT),
    K.HOUSING_FUND: (A.QUERY, A.FREEZE, A.QUEUED_FREEZE, A.DEDUCT, A.RENEW, A.LIFT),
    K.SOCIAL_SECURITY: (A.QUERY,),
    K.SECURITIES: (A.QUERY, A.FREEZE, A.QUEUED_FREEZE, A.RENEW, A.LIFT),
    K.CIVIL_AFFAIRS: (A.QUERY, A.SOCIAL_AID),
    K.DEVELOPMENT_REFORM: (A.PROJECT_QUERY,),
    K.INSURANCE: (A.QUERY, A.FREEZE, A.RENEW, A.LIFT),
    K.OTHER: (A.QUERY, A.LIFT),
}

# Agency kinds a network query (网络查控) reaches: every kind that holds property information.
NETWORK_QUERY_KINDS = (
    K.BANK,
    K.NATURAL_RESOURCES,
    K.POLICE,
    K.TAX,
    K.MARKET_REGULATION,
    K.HOUSING_FUND,
    K.SOCIAL_SECURITY,
    K.SECURITIES,
    K.INSURANCE,
)

# Default answer periods in working days (本系统设置; the 执行联动 rules ask for help "及时", without days).
ANSWER_WORKING_DAYS: dict[str, int] = {
    A.QUERY: 5,
    A.PROJECT_QUERY: 5,
    A.REFUND_ACCOUNT: 5,
    A.FIND_RESPONDENT: 10,
    A.FREEZE: 1,
    A.QUEUED_FREEZE: 1,
    A.DEDUCT: 3,
    A.SEAL: 3,
    A.PRE_SEAL: 3,
    A.QUEUED_SEAL: 3,
    A.EQUITY_FREEZE: 3,
    A.SEIZE_VEHICLE: 10,
    A.RESTRICT_EXIT: 3,
    A.EXECUTE_DETENTION: 1,
    A.TRANSFER: 10,
    A.SOCIAL_AID: 10,
    A.RENEW: 3,
    A.LIFT: 3,
}

# Notice action → the control measure it carries out.
MEASURE_OF_ACTION = {
    A.SEAL: "seal",
    A.PRE_SEAL: "pre_seal",
    A.QUEUED_SEAL: "queued_seal",
    A.FREEZE: "freeze",
    A.QUEUED_FREEZE: "queued_freeze",
    A.DEDUCT: "deduct",
    A.SEIZE_VEHICLE: "distrain",
    A.EQUITY_FREEZE: "freeze",
}


# Days after sending before an unanswered overdue notice escalates from the liaison officer to
# the judge (working days past the due date).
ESCALATE_AFTER_WORKING_DAYS = 3


def answer_working_days(action: str) -> int:
    override = AnswerDeadline.objects.filter(action=action).values_list("working_days", flat=True).first()
    return override if override is not None else ANSWER_WORKING_DAYS.get(action, 5)
