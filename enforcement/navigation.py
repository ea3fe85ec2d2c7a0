"""The navigation, by role, in one place. Apps add their entries to NAV_ITEMS as they ship pages;
an entry appears only for the roles listed (None: every signed-in user)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enforcement.choices import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] | None = None
    staff_only: bool = False
    # Name of a callable(user) -> int giving a badge count (e.g. items waiting); resolved lazily.
    badge: str | None = None


NAV_ITEMS: list[NavItem] = [
    NavItem(_("Home"), "home"),
    NavItem(_("Cases"), "cases:list", roles=tuple(Role.court_roles())),
    NavItem(_("File a case"), "cases:new", roles=(Role.CLERK, Role.JUDGE)),
    NavItem(
        _("Approvals"),
        "cases:approvals",
        roles=(Role.JUDGE, Role.HEAD),
        badge="cases.selectors.approval_inbox_count",
    ),
    NavItem(_("Inbox"), "notifications:inbox", badge="enforcement.notifications.unread_count"),
    NavItem(_("API documentation"), "api-docs", roles=(Role.ADMIN,)),
    NavItem(_("Administration"), "admin:index", staff_only=True),
]


def items_for(user) -> list[dict]:
    from django.utils.module_loading import import_string

    membership = user.membership_or_none if user.is_authenticated else None
    role = membership.role if membership else None
    out = []
    for item in NAV_ITEMS:
        if item.staff_only and not user.is_staff:
            continue
        if item.roles is not None and role not in item.roles and not user.is_superuser:
            continue
        badge = import_string(item.badge)(user) if item.badge else 0
        out.append({"label": item.label, "url": reverse(item.url_name), "badge": badge})
    return out


# documents (issue 4): batch issue of notices for the cases a user works on
NAV_ITEMS += [NavItem("批量制作文书", "documents:batch-new", roles=(Role.CLERK, Role.JUDGE, Role.HEAD))]

# assistance (issue 5): the agency scoreboard for the joint meeting (联席会议)
NAV_ITEMS += [
    NavItem("协助单位考评", "assistance:scoreboard", roles=(Role.HEAD, Role.SUPERVISOR, Role.ADMIN))
]

# assistance (issue 5): the liaison officer's inbox of their agency's notices
NAV_ITEMS += [
    NavItem(
        "协助执行",
        "assistance:liaison-inbox",
        roles=(Role.LIAISON,),
        badge="assistance.agency_side.liaison_pending_count",
    )
]


# What waits for the user, on their home page: dotted paths to callables(user) returning a list of
# {"label", "count", "url", "tone"} ("warn" or "alert" colour a non-zero count). Apps add theirs.
HOME_PANELS: list[str] = [
    "cases.selectors.home_items",
    "assistance.selectors.home_items",
]


def home_items_for(user) -> list[dict]:
    from django.utils.module_loading import import_string

    items: list[dict] = []
    for path in HOME_PANELS:
        items.extend(import_string(path)(user))
    return items
