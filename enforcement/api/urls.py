from django.urls import include, path
from rest_framework.routers import DefaultRouter

from enforcement.api import views

router = DefaultRouter()
router.register("courts", views.CourtViewSet, basename="court")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("notifications", views.NotificationViewSet, basename="notification")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("auth/token/", views.ObtainTokenView.as_view(), name="api-token"),
    path("", include("cases.api.urls")),
    path("", include("assistance.api.court_urls")),  # network-queries/
    path("", include(router.urls)),
]

# assistance (issue 5): the agency API, authenticated by agency tokens only
urlpatterns += [path("agency/", include("assistance.api.urls"))]
