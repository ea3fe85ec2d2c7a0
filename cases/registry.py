"""What apps above cases add to a case's page, registered from their AppConfig.ready().

case_panels   CasePanel: a section of the case page (documents, 财产查控, later sanctions, money, …)

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
