"""The main menu and the home page's work lists, read from the registries the apps fill in their
AppConfig.ready() (enforcement.registry: navigation, home_panels). An entry appears only for the
roles it lists (None: every signed-in user)."""

from django.urls import reverse

from enforcement.registry import home_panels, navigation


def items_for(user) -> list[dict]:
    membership = user.membership_or_none if user.is_authenticated else None
    role = membership.role if membership else None
    out = []
    for item in navigation:
        if item.staff_only and not user.is_staff:
            continue
        roles = item.roles_now()
        if roles is not None and role not in roles and not user.is_superuser:
            continue
        badge = item.badge(user) if item.badge else 0
        out.append({"label": item.label, "url": reverse(item.url_name), "badge": badge})
    return out


def home_items_for(user) -> list[dict]:
    """What waits for the user: each panel's items ({"label", "count", "url", "tone"}), in order."""
    items: list[dict] = []
    for panel in home_panels:
        items.extend(panel.items(user))
    return items
