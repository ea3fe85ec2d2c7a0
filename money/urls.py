from django.urls import path

from money import views

app_name = "money"

urlpatterns = [
    path("money/", views.worklist, name="worklist"),
    path("cases/<int:pk>/money/receipts/", views.receipt_record_view, name="receipt-record"),
    path("cases/<int:pk>/money/payouts/", views.payout_propose_view, name="payout-propose"),
    path("money/receipts/<int:pk>/confirm/", views.receipt_confirm_view, name="receipt-confirm"),
    path("money/payouts/<int:pk>/decide/", views.payout_decide_view, name="payout-decide"),
    path("money/payouts/<int:pk>/execute/", views.payout_execute_view, name="payout-execute"),
]
