"""What apps above cases add to a case's page, registered from their AppConfig.ready().

case_panels          CasePanel: a section of the case page (documents, 财产查控, later sanctions, money, …)
list_batch_actions   ListBatchAction: a button of the case list acting on the selected cases

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
