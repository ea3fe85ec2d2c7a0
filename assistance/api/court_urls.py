"""Routes of the court side of the assistance API, included under /api/v1/ by config.urls (registered in AssistanceConfig.ready).
Route names carry an "api-" prefix so they never clash with the browser's. measures/{id}/lift/ and
renew/ sit beside the assets app's measures/ (assets.api.urls): the two send assistance notices."""

from rest_framework.routers import SimpleRouter

from assistance.api import court
from assistance.api.requery import EndRoundRequeryViewSet

router = SimpleRouter()
router.register("network-queries", court.NetworkQueryViewSet, basename="api-network-query")
router.register("notices", court.NoticeViewSet, basename="api-notice")
router.register("end-round-requeries", EndRoundRequeryViewSet, basename="api-end-round-requery")
router.register("measures", court.MeasureActionViewSet, basename="api-measure-action")

urlpatterns = router.urls
