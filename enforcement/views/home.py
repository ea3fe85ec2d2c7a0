from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from enforcement.access import membership_of, visible_courts
from enforcement.navigation import home_items_for
from enforcement.notifications import inbox_for


@login_required
def home(request):
    """The home page of each role: who you are, where you work, and what waits for you."""
    membership = membership_of(request.user)
    role = membership.role if membership else None
    context = {
        "membership": membership,
        "role": role,
        "recent_notifications": inbox_for(request.user)[:5],
        "todo": home_items_for(request.user) if membership else [],
        "courts_below": (
            visible_courts(request.user).exclude(pk=membership.court_id).select_related("parent")
            if membership and membership.court_id
            else []
        ),
    }
    return render(request, "enforcement/home.html", context)
