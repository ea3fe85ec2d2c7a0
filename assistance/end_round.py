"""What 终本 needs from asset investigation (终本规定 2016 art. 1; 民诉法解释 art. 517), added to the
case action end_round from AssistanceConfig.ready() (cases.actions.add_condition):

- the network query (网络查控) answered: for each respondent, the latest network query that covered
  them answered by every agency it went to (every agency of assistance.rules.NETWORK_QUERY_KINDS
  active when it ran); a respondent never covered by one is missing;
- no property found that can be disposed of. Defined conservatively, as there is no disposal in the
  system yet: an asset found for the case keeps 终本 back while a measure holds it (requested, in
  effect or queued: held property is to be disposed of first) or while nothing was ever done with it
  (found, never seized nor frozen). An asset whose measures have all ended (carried out, lifted,
  expired) no longer does;
- the respondent searched for: a respondent recorded as missing (cases.models.Party.
  whereabouts_unknown) needs a 查找被执行人 notice to the police answered.

Each is a reason (cases.actions style) or None when met, with the assistance page of the case as
its evidence."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assets.choices import MeasureStatus
from assets.models import Asset, ControlMeasure
from assistance.choices import NoticeAction, NoticeStatus
from assistance.models import Notice
from cases.actions import checklist
from cases.choices import PartyRole
from cases.models import Party

ANSWERED = (NoticeStatus.ANSWERED, NoticeStatus.CLOSED)
# measures that hold the asset now (or are about to): it is still to be disposed of
HOLDING = {MeasureStatus.REQUESTED, MeasureStatus.ACTIVE, MeasureStatus.QUEUED}


def assistance_page(case) -> str:
    return reverse("assistance:case", args=[case.pk])


@dataclass
class Investigation:
    """What the three conditions read of one case."""

    respondents: list = field(default_factory=list)
    # respondent id -> [(network query id, agency name, answered)] of its network-query notices
    queried: dict = field(default_factory=dict)
    # asset label -> the statuses of its measures (cancelled ones left out)
    assets: dict = field(default_factory=dict)
    found_ids: set = field(default_factory=set)  # respondents a 查找 notice to the police answered on


def load_investigation(cases) -> None:
    """Read it for a page of cases at once (a few queries, however many cases) and keep it on each
    (the approvals inbox: cases.actions.prefetch_checklist)."""
    cases = list(cases)
    by_id = {case.pk: Investigation() for case in cases}
    for party in Party.objects.filter(case__in=cases, role=PartyRole.RESPONDENT).order_by("position", "id"):
        by_id[party.case_id].respondents.append(party)
    notices = Notice.objects.filter(
        case__in=cases, action=NoticeAction.QUERY, network_query__isnull=False
    ).values_list("case_id", "respondent_id", "network_query_id", "agency__name", "status")
    for case_id, respondent_id, query_id, agency, status in notices.order_by("agency__kind", "agency_id"):
        by_id[case_id].queried.setdefault(respondent_id, []).append((query_id, agency, status in ANSWERED))
    measures = {}
    for measure in ControlMeasure.objects.filter(case__in=cases).exclude(status=MeasureStatus.CANCELLED):
        measures.setdefault(measure.asset_id, set()).add(measure.status)
    for asset in Asset.objects.filter(case__in=cases).order_by("id"):
        by_id[asset.case_id].assets[str(asset)] = measures.get(asset.pk, set())
    found = Notice.objects.filter(
        case__in=cases, action=NoticeAction.FIND_RESPONDENT, status__in=ANSWERED
    ).values_list("case_id", "respondent_id")
    for case_id, respondent_id in found:
        by_id[case_id].found_ids.add(respondent_id)
    for case in cases:
        case.end_round_investigation = by_id[case.pk]


def _investigation(case) -> Investigation:
    loaded = getattr(case, "end_round_investigation", None)
    if loaded is not None:
        return loaded
    load_investigation([case])
    loaded = case.end_round_investigation
    del case.end_round_investigation  # read afresh next time: only a page's prefetch keeps it
    return loaded


@checklist(_("Network query answered by every agency"), evidence=assistance_page, prefetch=load_investigation)
def network_query_answered(case) -> str | None:
    facts = _investigation(case)
    never, waiting = [], {}
    for party in facts.respondents:
        notices = facts.queried.get(party.pk)
        if not notices:
            never.append(party.name)
            continue
        latest = max(query_id for query_id, _agency, _answered in notices)
        unanswered = [agency for query_id, agency, answered in notices if query_id == latest and not answered]
        if unanswered:
            waiting[party.name] = unanswered
    parts = []
    if never:
        parts.append(gettext("No network query yet for %(parties)s") % {"parties": gettext(", ").join(never)})
    for name, agencies in waiting.items():
        parts.append(
            gettext("Network query for %(party)s not yet answered by %(agencies)s")
            % {"party": name, "agencies": gettext(", ").join(agencies)}
        )
    if not parts:
        return None
    return gettext("%(items)s.") % {"items": gettext("; ").join(parts)}


@checklist(
    _("No property found that can be disposed of"), evidence=assistance_page, prefetch=load_investigation
)
def no_disposable_property(case) -> str | None:
    held, untouched = [], []
    for label, statuses in _investigation(case).assets.items():
        if statuses & HOLDING:
            held.append(label)
        elif not statuses:
            untouched.append(label)
    parts = []
    if held:
        parts.append(
            gettext("Property still held, to be disposed of: %(assets)s")
            % {"assets": gettext(", ").join(held)}
        )
    if untouched:
        parts.append(
            gettext("Property found and not yet dealt with: %(assets)s")
            % {"assets": gettext(", ").join(untouched)}
        )
    if not parts:
        return None
    return gettext("%(items)s.") % {"items": gettext("; ").join(parts)}


@checklist(_("Respondent searched for if missing"), evidence=assistance_page, prefetch=load_investigation)
def missing_respondent_searched(case) -> str | None:
    facts = _investigation(case)
    names = [p.name for p in facts.respondents if p.whereabouts_unknown and p.pk not in facts.found_ids]
    if not names:
        return None
    return gettext("Whereabouts unknown and no answered request to the police to find them: %(parties)s.") % {
        "parties": gettext(", ").join(names)
    }


def register_end_round_conditions() -> None:
    from cases import actions

    for condition in (network_query_answered, no_disposable_property, missing_respondent_searched):
        actions.add_condition(actions.END_ROUND, condition)
