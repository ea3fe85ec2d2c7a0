"""Routes of the case-money API, included under /api/v1/ by config.urls (registered in
MoneyConfig.ready). Route names carry an "api-" prefix so they never clash with the browser's."""

from rest_framework.routers import SimpleRouter

from money.api import views

router = SimpleRouter()
router.register("money-accounts", views.AccountViewSet, basename="api-money-account")
router.register("receipts", views.ReceiptViewSet, basename="api-receipt")
router.register("payouts", views.PayoutViewSet, basename="api-payout")
router.register("refunds", views.RefundViewSet, basename="api-refund")
router.register("direct-performances", views.DirectPerformanceViewSet, basename="api-direct-performance")
router.register("participations", views.ParticipationViewSet, basename="api-participation")
router.register("distribution-plans", views.PlanViewSet, basename="api-distribution-plan")

urlpatterns = router.urls
