from django.urls import path

from money import views

app_name = "money"

urlpatterns = [
    path("money/", views.worklist, name="worklist"),
    path("money/reconciliation/", views.reconciliation_view, name="reconciliation"),
    path("cases/<int:pk>/money/receipts/", views.receipt_record_view, name="receipt-record"),
    path("cases/<int:pk>/money/payouts/", views.payout_propose_view, name="payout-propose"),
    path("money/receipts/<int:pk>/confirm/", views.receipt_confirm_view, name="receipt-confirm"),
    path("money/payouts/<int:pk>/decide/", views.payout_decide_view, name="payout-decide"),
    path("money/payouts/<int:pk>/execute/", views.payout_execute_view, name="payout-execute"),
    path("cases/<int:pk>/money/refunds/", views.refund_propose_view, name="refund-propose"),
    path("money/refunds/<int:pk>/decide/", views.refund_decide_view, name="refund-decide"),
    path("money/refunds/<int:pk>/execute/", views.refund_execute_view, name="refund-execute"),
    path("cases/<int:pk>/money/direct/", views.direct_performance_view, name="direct-performance"),
    path("cases/<int:pk>/money/participations/", views.participation_file_view, name="participation-file"),
    path(
        "money/participations/<int:pk>/decide/", views.participation_decide_view, name="participation-decide"
    ),
    path("cases/<int:pk>/money/plans/", views.plan_draw_view, name="plan-draw"),
    path("money/plans/<int:pk>/serve/", views.plan_serve_view, name="plan-serve"),
    path("money/plans/<int:pk>/objections/", views.plan_objection_view, name="plan-objection"),
    path("money/plans/<int:pk>/pay/", views.plan_pay_view, name="plan-pay"),
]
