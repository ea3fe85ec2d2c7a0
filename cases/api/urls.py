"""Routes of the cases API, included under /api/v1/ by config.urls (registered in CasesConfig.ready). Route names carry an
"api-" prefix so they never clash with the browser's."""

from rest_framework.routers import SimpleRouter

from cases.api import views

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="api-case")
router.register("parties", views.PartyViewSet, basename="api-party")
router.register("approvals", views.ApprovalViewSet, basename="api-approval")
router.register("case-actions", views.CaseActionViewSet, basename="api-case-action")

urlpatterns = router.urls
