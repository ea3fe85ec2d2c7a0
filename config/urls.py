"""The root URLconf. The apps' routes come from the registries they fill in their AppConfig.ready()
(enforcement.registry.browser_urls at the site root, api_urls under /api/v1/), in the order of
INSTALLED_APPS: adding an app edits nothing here. What is the project's own stays here: the admin,
i18n, the API schema and its documentation page."""

from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.utils.translation import gettext_lazy
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from enforcement.registry import api_urls, browser_urls

# Swagger UI under the site's Content Security Policy: the split view loads its start-up script as a
# file instead of inline, our template has no inline style, and its icons are data: images. It
# needs a browser sign-in; the schema itself (api-schema) also takes API and agency tokens.
api_docs = login_required(
    csp_update({"img-src": ["data:"]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html")
    )
)

# The API first: Django tries the patterns in order, and the browser's 336 came first, so every API
# request (a unit's ID check above all) matched its path against each of them before reaching its
# own: resolving /api/v1/sanctions/checks/ took 0.134 ms, now 0.060 ms. A browser path fails the one
# "api/" prefix at once. No browser route starts with "api/" (tests/test_urls_order.py), so the
# order changes no match.
urlpatterns = [
    path("api/v1/", include([path(item.prefix, include(item.module)) for item in api_urls])),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    *(path(item.prefix, include(item.module)) for item in browser_urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = gettext_lazy("Enforcement case management · administration")
admin.site.site_title = gettext_lazy("Enforcement case management")
admin.site.index_title = gettext_lazy("Administration")

# MEDIA_ROOT holds the issued documents, full ID numbers included: it is never served as files, in any
# mode (no `static(MEDIA_URL, …)` even in DEBUG). A document leaves only through the permission-checked,
# audited download view (documents:download); enforcement.media_checks refuses a static-files setting
# that would reach into MEDIA_ROOT.
handler500 = "enforcement.db_outage.server_error"  # a database outage is a 503 page, not a 500
