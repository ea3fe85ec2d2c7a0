"""What apps above cases add to a case's page, registered from their AppConfig.ready().

case_panels          CasePanel: a section of the case page (documents, 财产查控, later sanctions, money, …)
list_batch_actions   ListBatchAction: a button of the case list acting on the selected cases
next_steps           NextSteps: the steps a case still needs, with their due dates (shown first)
timeline_kinds       TimelineKind: a filter of the case record by kind of event
list_filters         ListFilter: a named filter of the case list (?only=) that another app knows
approval_facts       ApprovalFacts: what the approver needs to see to decide a request of some actions
                     (the asset and the amounts of a measure beyond the debt, 终本's checklist with its
                     evidence), from the app that knows them
approval_outcomes    ApprovalOutcome: what came of a decided request, shown on its 审批表 (the ruling
                     issued on an approved 中止, 终结 or 终本, with its number and a link)
case_figures         CaseFigures: amounts another app knows of a case (what is still owed, 执行到位),
                     shown in the API's case detail and, those marked public, on the party's
                     progress page

Case actions and their conditions have their own registry, the actions table (cases.actions:
register, add_condition)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from enforcement.access import membership_of
from enforcement.registry import Registry


@dataclass(frozen=True)
class CasePanel:
    """A section of the case page: `template` is included with `case` and `panel` (this panel's
    context) in its context; context(request, case) -> dict, or None to leave the panel out."""

    key: str
    template: str
    context: Callable | None = None
    order: int = 500


case_panels: Registry[CasePanel] = Registry("case panels", key=lambda panel: panel.key)


def panels_for(request, case) -> list[dict]:
    """The panels of this case's page for this request, in order: {"template", "context"}."""
    out = []
    for panel in case_panels:
        context = panel.context(request, case) if panel.context else {}
        if context is not None:
            out.append({"key": panel.key, "template": panel.template, "context": context})
    return out


@dataclass(frozen=True)
class ListBatchAction:
    """A button of the case list acting on the rows selected there: the list sends the selected
    case ids as `cases` (repeated) by GET to the page `url_name`, which shows them with what else
    the action needs and carries it out through its own service. `roles`: who sees the button.
    `label` says what the button does."""

    key: str
    label: str
    url_name: str
    roles: tuple[str, ...]
    order: int = 500


list_batch_actions: Registry[ListBatchAction] = Registry("case list batch actions", key=lambda a: a.key)


def list_batch_actions_for(user) -> list[dict]:
    """The batch buttons of the case list for this user: {"key", "label", "url"}."""
    membership = membership_of(user)
    if membership is None or membership.court_id is None:
        return []
    return [
        {"key": a.key, "label": a.label, "url": reverse(a.url_name)}
        for a in list_batch_actions
        if membership.role in a.roles
    ]


@dataclass(frozen=True)
class NextSteps:
    """What the case page puts first: steps(case) -> list of {"label", "due" (a date), "url"} the
    case still needs with the day each is due by; the page shows the soonest first."""

    key: str
    steps: Callable


next_steps: Registry[NextSteps] = Registry("case next steps", key=lambda s: s.key)


def next_steps_for(case) -> list[dict]:
    """Every registered step still due on this case, soonest first."""
    out = []
    for provider in next_steps:
        out.extend(provider.steps(case))
    return sorted(out, key=lambda step: step["due"])


@dataclass(frozen=True)
class TimelineKind:
    """A filter of the case record (?kind=key): the audit events whose action starts with one of
    `prefixes` (an exact action for a prefix without a final "."). Each app registers the kinds of
    its own events; the kinds the page offers are those registered, in order."""

    key: str
    label: str
    prefixes: tuple[str, ...]
    order: int = 500


timeline_kinds: Registry[TimelineKind] = Registry("case timeline kinds", key=lambda k: k.key)


@dataclass(frozen=True)
class ListFilter:
    """A named filter of the case list (`?only=key`), for what only another app knows (measures
    expiring, answers waiting): apply(queryset, user) -> the cases kept. A home-page counter links
    to the list with it, so the counter and the list it opens count the same cases."""

    key: str
    label: str
    apply: Callable
    order: int = 500
    # whether its page's ids are best read first (cases.selectors.page_ids_from_index): a filter on
    # the running cases' index columns and an index-only NOT EXISTS ("no network query yet")
    ids_first: bool = False


list_filters: Registry[ListFilter] = Registry("case list filters", key=lambda f: f.key)


@dataclass(frozen=True)
class Fact:
    """One line of what a request is decided on. `met` makes it a checklist line (True: the
    condition holds, False: it does not); None is a plain fact. `url` links to the evidence."""

    label: str
    value: str
    met: bool | None = None
    url: str = ""

    def as_dict(self) -> dict:
        return {"label": str(self.label), "value": str(self.value), "met": self.met, "url": self.url}


@dataclass(frozen=True)
class ApprovalFacts:
    """facts(approval) -> list of Fact for the requests of the actions named (their keys).
    prefetch(approvals), if given, is called once for the requests of a page (the inbox, the API's
    list) before facts of each: it loads what facts needs for all of them at once and keeps it on the
    objects, so that the page costs the same queries for two requests as for twenty."""

    key: str
    actions: tuple[str, ...]
    facts: Callable
    order: int = 500
    prefetch: Callable | None = None


approval_facts: Registry[ApprovalFacts] = Registry("approval facts", key=lambda item: item.key)


def facts_for(approval) -> list[Fact]:
    """Everything the registered providers know about this request, in their order."""
    out: list[Fact] = []
    for provider in approval_facts:
        if approval.action in provider.actions:
            out.extend(provider.facts(approval))
    return out


def prefetch_facts(approvals) -> list:
    """Let each provider load what its facts need for these requests at once (ApprovalFacts.
    prefetch); facts_for of each of them then asks (almost) nothing more. Returns the list."""
    approvals = list(approvals)
    for provider in approval_facts:
        if provider.prefetch is None:
            continue
        mine = [a for a in approvals if a.action in provider.actions]
        if mine:
            provider.prefetch(mine)
    return approvals


@dataclass(frozen=True)
class ApprovalOutcome:
    """outcome(approval) -> list of Fact: what came of a decided request of the actions named
    (the document issued on it), from the app that made it."""

    key: str
    actions: tuple[str, ...]
    outcome: Callable
    order: int = 500


approval_outcomes: Registry[ApprovalOutcome] = Registry("approval outcomes", key=lambda item: item.key)


def outcomes_for(approval) -> list[Fact]:
    out: list[Fact] = []
    for provider in approval_outcomes:
        if approval.action in provider.actions:
            out.extend(provider.outcome(approval))
    return out


@dataclass(frozen=True)
class Figure:
    """One amount of a case: `key` stable for the API, `label` in the active language, `public`
    when the parties' progress page shows it too."""

    key: str
    label: str
    amount: object  # Decimal
    public: bool = False

    def as_dict(self) -> dict:
        return {"key": self.key, "label": str(self.label), "amount": f"{self.amount:.2f}"}


@dataclass(frozen=True)
class CaseFigures:
    """figures(case) -> list of Figure."""

    key: str
    figures: Callable
    order: int = 500


case_figures: Registry[CaseFigures] = Registry("case figures", key=lambda item: item.key)


def figures_for(case, *, public_only: bool = False) -> list[Figure]:
    out: list[Figure] = []
    for provider in sorted(case_figures, key=lambda item: item.order):
        out.extend(f for f in provider.figures(case) if f.public or not public_only)
    return out
