"""Routes of the court side of the assistance API, included under /api/v1/ by config.urls (registered in AssistanceConfig.ready).
Route names carry an "api-" prefix so they never clash with the browser's."""

from rest_framework.routers import SimpleRouter

from assistance.api import court

router = SimpleRouter()
router.register("network-queries", court.NetworkQueryViewSet, basename="api-network-query")

urlpatterns = router.urls
