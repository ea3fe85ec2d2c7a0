"""Routes of the disposal API, included under /api/v1/disposal/ by config.urls (registered in
DisposalConfig.ready). Route names carry an "api-disposal-" prefix."""

from rest_framework.routers import SimpleRouter

from disposal.api import views

router = SimpleRouter()
router.register("price-findings", views.PriceFindingViewSet, basename="api-disposal-price")
router.register("objections", views.ObjectionViewSet, basename="api-disposal-objection")
router.register("steps", views.StepViewSet, basename="api-disposal-step")
router.register("assets", views.AssetLimitsViewSet, basename="api-disposal-asset")

urlpatterns = router.urls
