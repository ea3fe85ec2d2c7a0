"""Routes of the objections API, included under /api/v1/ by config.urls (registered in
ObjectionsConfig.ready). Route names carry an "api-" prefix so they never clash with the browser's."""

from rest_framework.routers import SimpleRouter

from objections.api import views

router = SimpleRouter()
router.register("objections/reconsiderations", views.ReconsiderationViewSet, basename="api-reconsideration")
router.register("objections", views.ObjectionViewSet, basename="api-objection")

urlpatterns = router.urls
