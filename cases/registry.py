"""What apps above cases add to a case's page, registered from their AppConfig.ready().

case_panels      CasePanel: a section of the case page (documents, 财产查控, later sanctions, money, …)
approval_facts   ApprovalFacts: what the approver needs to see to decide a request of some actions
                 (the asset and the amounts of a measure beyond the debt, 终本's checklist with its
                 evidence), from the app that knows them

Case actions and their conditions have their own registry, the actions table (cases.actions:
register, add_condition)."""

from collections.abc import Callable
from dataclasses import dataclass

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
    """facts(approval) -> list of Fact for the requests of the actions named (their keys)."""

    key: str
    actions: tuple[str, ...]
    facts: Callable
    order: int = 500


approval_facts: Registry[ApprovalFacts] = Registry("approval facts", key=lambda item: item.key)


def facts_for(approval) -> list[Fact]:
    """Everything the registered providers know about this request, in their order."""
    out: list[Fact] = []
    for provider in approval_facts:
        if approval.action in provider.actions:
            out.extend(provider.facts(approval))
    return out
