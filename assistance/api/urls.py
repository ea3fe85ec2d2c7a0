"""Routes of the agency API, included under /api/v1/agency/ by config.urls (registered in AssistanceConfig.ready). Route names
carry an "api-agency-" prefix so they never clash with the browser's or the court API's."""

from rest_framework.routers import SimpleRouter

from assistance.api import views

router = SimpleRouter()
router.register("notices", views.AgencyNoticeViewSet, basename="api-agency-notice")

urlpatterns = router.urls
