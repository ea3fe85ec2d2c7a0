"""Routes of the penalties API, included under /api/v1/ (sanctions.penalty_registration)."""

from rest_framework.routers import SimpleRouter

from sanctions.api import penalty_views as views

router = SimpleRouter()
router.register("exit-restrictions", views.ExitRestrictionViewSet, basename="api-exit-restriction")
router.register("coercive-penalties", views.PenaltyViewSet, basename="api-coercive-penalty")
router.register("crime-referrals", views.ReferralViewSet, basename="api-crime-referral")

urlpatterns = router.urls
