from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from enforcement.views import health, home, notifications

notification_patterns = (
    [
        path("", notifications.inbox, name="inbox"),
        path("read/", notifications.mark_read, name="mark-all-read"),
        path("<int:pk>/read/", notifications.mark_read, name="mark-read"),
    ],
    "notifications",
)

# Swagger UI under the site's Content Security Policy: the split view loads its start-up script as a
# file instead of inline, our template has no inline style, and its icons are data: images. It
# needs a browser sign-in; the schema itself (api-schema) also takes API and agency tokens.
api_docs = login_required(
    csp_update({"img-src": ["data:"]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html")
    )
)

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("inbox/", include(notification_patterns)),
    path("", include("cases.urls")),  # cases/, approvals/, public/case/
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("enforcement.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
]

admin.site.site_header = "执行案件管理系统 · 管理后台"
admin.site.site_title = "执行案件管理系统"
admin.site.index_title = "系统管理"

# MEDIA_ROOT holds the issued documents, full ID numbers included: it is never served as files, in any
# mode (no `static(MEDIA_URL, …)` even in DEBUG). A document leaves only through the permission-checked,
# audited download view (documents:download); enforcement.media_checks refuses a static-files setting
# that would reach into MEDIA_ROOT.

# documents (issue 4): cases/<id>/documents/, documents/…, and the public verify/<code>
urlpatterns += [path("", include("documents.urls"))]

# assistance (issue 5): cases/<id>/assistance/…, assistance/… (court side), liaison/… (agency side)
urlpatterns += [path("", include("assistance.urls"))]
