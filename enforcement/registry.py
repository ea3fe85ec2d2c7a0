"""The kernel's registries: what an app adds to the shell of the site, registered from its own
`AppConfig.ready()` (the way NetBox's registry and Wagtail's hooks work). The kernel and the project
package read them; they never name the apps that register. Adding an app is creating its folder and
listing it in INSTALLED_APPS: nothing else is edited.

    navigation          NavItem: an entry of the main menu (label, URL name, roles, badge)
    home_panels         HomePanel: what waits for the user on the home page (待办)
    timeline_renderers  TimelineRenderer: how an audit event shows on a timeline, by its action
    audit_event_types   AuditEventType: an event an app writes, and whether timelines show it
    periodic_tasks      PeriodicTask: a beat job (config.settings reads the schedule from here)
    browser_urls        UrlInclude: a URLconf included at the site root (config.urls)
    api_urls            UrlInclude: a URLconf included under /api/v1/ (config.urls)

Registries of things that belong to an app live with that app: case actions, case-page panels and
end-of-round conditions in cases (cases.actions, cases.registry), document kinds in documents
(documents.kinds), renewal drafters in assets (assets.registry).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


class Registry(Generic[T]):
    """Items in the order they sort by (`order`, when an item has one) and then as registered; a key
    registered twice is refused, so two apps cannot silently take the same entry."""

    def __init__(self, name: str, *, key: Callable[[T], Any]):
        self.name = name
        self._key = key
        self._items: dict[Any, T] = {}

    def register(self, item: T) -> T:
        key = self._key(item)
        if key in self._items:
            raise ImproperlyConfigured(f"{self.name}: {key!r} is registered twice")
        self._items[key] = item
        return item

    def unregister(self, key) -> T | None:
        """Take an entry out again (a test app cleaning up after itself)."""
        return self._items.pop(key, None)

    def get(self, key) -> T | None:
        return self._items.get(key)

    def __contains__(self, key) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[T]:
        items = list(self._items.values())
        return iter(sorted(items, key=lambda item: getattr(item, "order", 0)))

    def __len__(self) -> int:
        return len(self._items)


# --- the main menu ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class NavItem:
    """An entry appears for the roles listed (None: every signed-in user; a callable() -> roles when
    the roles come from elsewhere, such as who approves something in the actions table)."""

    label: str
    url_name: str
    roles: tuple[str, ...] | Callable[[], Any] | None = None
    staff_only: bool = False
    # callable(user) -> int: a badge count (items waiting)
    badge: Callable[[Any], int] | None = None
    order: int = 500

    def roles_now(self):
        return self.roles() if callable(self.roles) else self.roles


navigation: Registry[NavItem] = Registry("navigation", key=lambda item: item.url_name)


# --- the home page ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class HomePanel:
    """items(user) -> list of {"label", "count", "url", "tone"} ("warn" or "alert" colour a non-zero
    count), optionally "entries": the first few items as [{"text", "url"}], each a link to the exact
    place; an empty list when the panel has nothing for this user. `url` opens the list filtered to
    what `count` counts, not the whole list."""

    key: str
    items: Callable[[Any], list[dict]]
    order: int = 500


home_panels: Registry[HomePanel] = Registry("home panels", key=lambda panel: panel.key)


# --- timelines -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineEntry:
    """What a timeline shows of one event: the text, and optionally a link and a CSS class."""

    text: str
    url: str = ""
    css: str = ""


@dataclass(frozen=True)
class TimelineRenderer:
    """Renders the events whose action is `action`, or starts with it when it ends in "." (such as
    "document."): render(event) -> TimelineEntry. Without a renderer an event shows its summary."""

    action: str
    render: Callable[[Any], TimelineEntry]

    def matches(self, action: str) -> bool:
        return action.startswith(self.action) if self.action.endswith(".") else action == self.action


timeline_renderers: Registry[TimelineRenderer] = Registry("timeline renderers", key=lambda r: r.action)


def timeline_entry(event) -> TimelineEntry:
    """How `event` (an AuditEvent) shows on a timeline: the renderer for its action (the most
    specific one: an exact action before a prefix, a longer prefix before a shorter), else its
    summary as it was written."""
    matching = [r for r in timeline_renderers if r.matches(event.action)]
    if matching:
        best = max(matching, key=lambda r: (not r.action.endswith("."), len(r.action)))
        return best.render(event)
    return TimelineEntry(text=event.summary)


# --- audit event types -----------------------------------------------------------------------------
@dataclass(frozen=True)
class AuditEventType:
    """An event an app writes to the audit trail: its name (`action`, as stored), what it is called
    (gettext), and whether timelines show it (`on_timeline` False keeps it in the trail but off the
    timelines of the object: who looked at what is not progress of a case). Each app declares its
    types as constants in its `events` module, registers them from its ready() and passes the
    constants to enforcement.audit.audit_record."""

    action: str
    label: Any = ""
    on_timeline: bool = True

    def __str__(self) -> str:
        return self.action


audit_event_types: Registry[AuditEventType] = Registry("audit event types", key=lambda t: t.action)


def register_audit_event_types(*types: AuditEventType) -> None:
    for event_type in types:
        audit_event_types.register(event_type)


def declared_event_types(module) -> list[AuditEventType]:
    """The AuditEventType constants of an events module, in the order declared."""
    return [value for value in vars(module).values() if isinstance(value, AuditEventType)]


def off_timeline_actions() -> list[str]:
    return sorted(t.action for t in audit_event_types if not t.on_timeline)


# --- beat ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PeriodicTask:
    """A beat job: `task` is the Celery task's name, `schedule` seconds (a float) or a crontab."""

    key: str
    task: str
    schedule: Any
    options: dict = field(default_factory=dict)


periodic_tasks: Registry[PeriodicTask] = Registry("periodic tasks", key=lambda job: job.key)


class BeatSchedule(dict):
    """CELERY_BEAT_SCHEDULE (config.settings.base): the settings hold this very object, and
    `register_periodic_task` fills it as the apps' ready() run, before beat reads it."""


beat_schedule = BeatSchedule()


def register_periodic_task(job: PeriodicTask) -> PeriodicTask:
    periodic_tasks.register(job)
    entry = {"task": job.task, "schedule": job.schedule}
    if job.options:
        entry["options"] = dict(job.options)
    beat_schedule[job.key] = entry
    return job


# --- URLs ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UrlInclude:
    """A URLconf module an app serves, included in the order of INSTALLED_APPS. Browser routes are
    included at the site root (their prefixes are their own: cases/…, documents/…); API routes
    under /api/v1/ with `prefix` before them ("agency/")."""

    module: str
    prefix: str = ""


browser_urls: Registry[UrlInclude] = Registry("browser urls", key=lambda u: (u.prefix, u.module))
api_urls: Registry[UrlInclude] = Registry("api urls", key=lambda u: (u.prefix, u.module))
