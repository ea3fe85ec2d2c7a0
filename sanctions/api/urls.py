"""Routes of the sanctions API, included under /api/v1/ (registered in SanctionsConfig.ready)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from sanctions.api import views

router = SimpleRouter()
router.register("sanctions/defaulters", views.DefaulterViewSet, basename="api-sanctions-defaulter")
router.register("sanctions/orders", views.OrderViewSet, basename="api-sanctions-order")
router.register("sanctions/corrections", views.CorrectionViewSet, basename="api-sanctions-correction")
router.register("sanctions/repairs", views.RepairViewSet, basename="api-sanctions-repair")

urlpatterns = [
    path("sanctions/checks/", views.CheckView.as_view(), name="api-sanctions-checks"),
    path("sanctions/changes/", views.ChangesView.as_view(), name="api-sanctions-changes"),
    path("sanctions/check-log/", views.CheckLogView.as_view(), name="api-sanctions-check-log"),
    path("sanctions/feedback/", views.FeedbackView.as_view(), name="api-sanctions-feedback"),
    *router.urls,
]
