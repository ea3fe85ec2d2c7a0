"""Browser routes of the penalties (included at the site root by sanctions.penalty_registration)."""

from django.urls import path

from sanctions import penalty_views as v

app_name = "sanctions-penalties"

urlpatterns = [
    path("cases/<int:pk>/penalties/", v.case_page, name="case"),
    path("cases/<int:pk>/penalties/exit/", v.exit_propose, name="exit-propose"),
    path("cases/<int:pk>/penalties/exit/<int:item_pk>/lift/", v.exit_lift, name="exit-lift"),
    path("cases/<int:pk>/penalties/fines/", v.penalty_propose, name="penalty-propose"),
    path("cases/<int:pk>/penalties/fines/<int:item_pk>/decide/", v.penalty_decide, name="penalty-decide"),
    path("cases/<int:pk>/penalties/fines/<int:item_pk>/pay/", v.penalty_pay, name="penalty-pay"),
    path(
        "cases/<int:pk>/penalties/fines/<int:item_pk>/reconsideration/",
        v.reconsideration_file,
        name="reconsideration-file",
    ),
    path(
        "cases/<int:pk>/penalties/fines/<int:item_pk>/reconsideration/decide/",
        v.reconsideration_decide,
        name="reconsideration-decide",
    ),
    path("cases/<int:pk>/penalties/referrals/", v.referral_send, name="referral-send"),
    path(
        "cases/<int:pk>/penalties/referrals/<int:item_pk>/not-prosecuted/",
        v.referral_not_prosecuted,
        name="referral-not-prosecuted",
    ),
    path("penalties/approvals/", v.president, name="president"),
    path("liaison/referrals/", v.liaison_referrals, name="liaison-referrals"),
    path("liaison/referrals/<int:pk>/", v.liaison_referral, name="liaison-referral"),
    path("liaison/referrals/<int:pk>/decide/", v.liaison_decide, name="liaison-decide"),
    path("liaison/referrals/<int:pk>/extend/", v.liaison_extend, name="liaison-extend"),
]
