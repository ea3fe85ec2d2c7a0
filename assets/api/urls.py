"""Routes of the court's assets API, included under /api/v1/ by config.urls (registered in
AssetsConfig.ready). Route names carry an "api-" prefix so they never clash with the browser's."""

from rest_framework.routers import SimpleRouter

from assets.api import views

router = SimpleRouter()
router.register("assets", views.AssetViewSet, basename="api-asset")
router.register("measures", views.MeasureViewSet, basename="api-measure")

urlpatterns = router.urls
