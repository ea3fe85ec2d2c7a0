"""Routes of the judicial-aid API, included under /api/v1/ by config.urls (registered in
AidConfig.ready)."""

from rest_framework.routers import SimpleRouter

from aid.api import views

router = SimpleRouter()
router.register("aid-applications", views.ApplicationViewSet, basename="api-aid-application")
router.register("aid-budgets", views.BudgetViewSet, basename="api-aid-budget")

urlpatterns = router.urls
