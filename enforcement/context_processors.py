from enforcement.navigation import items_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "membership": None}
    return {"nav_items": items_for(user), "membership": user.membership_or_none}
