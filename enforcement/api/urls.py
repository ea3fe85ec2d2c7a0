from django.urls import include, path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from enforcement.api import views
from enforcement.api.parsers import SafeFormParser, SafeJSONParser, SafeMultiPartParser

# DRF's ObtainAuthToken names its own parsers (not DEFAULT_PARSER_CLASSES): swap in the safe ones,
# since this endpoint takes anonymous bodies.
obtain_auth_token = ObtainAuthToken.as_view(
    parser_classes=(SafeFormParser, SafeMultiPartParser, SafeJSONParser)
)

router = DefaultRouter()
router.register("courts", views.CourtViewSet, basename="court")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("notifications", views.NotificationViewSet, basename="notification")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include("cases.api.urls")),
    path("", include(router.urls)),
]

# assistance (issue 5): the agency API, authenticated by agency tokens only
urlpatterns += [path("agency/", include("assistance.api.urls"))]
