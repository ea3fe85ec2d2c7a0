"""Browser routes of the kernel: the home page, health check, sign-in and the notifications inbox.
Included at the site root by config.urls (registered in EnforcementConfig.ready)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from enforcement.views import health, home, notifications, supervision

notification_patterns = (
    [
        path("", notifications.inbox, name="inbox"),
        path("read/", notifications.mark_read, name="mark-all-read"),
        path("<int:pk>/read/", notifications.mark_read, name="mark-read"),
    ],
    "notifications",
)

supervision_patterns = (
    [
        path("", supervision.grant_list, name="list"),
        path("<int:pk>/revoke/", supervision.grant_revoke, name="revoke"),
    ],
    "grants",
)

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("inbox/", include(notification_patterns)),
    path("supervision-grants/", include(supervision_patterns)),
]
