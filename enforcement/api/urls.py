"""Routes of the kernel's API (me, the token endpoint, courts, agencies, notifications), included
under /api/v1/ by config.urls (registered in EnforcementConfig.ready)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from enforcement.api import supervision, views

router = DefaultRouter()
router.register("courts", views.CourtViewSet, basename="court")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("notifications", views.NotificationViewSet, basename="notification")
router.register("supervision-grants", supervision.SupervisionGrantViewSet, basename="supervision-grant")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("auth/token/", views.ObtainTokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]
