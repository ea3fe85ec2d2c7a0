from django.urls import path

from disposal import views

app_name = "disposal"

urlpatterns = [
    path("disposal/assets/<int:asset_pk>/price/", views.price_record_view, name="price-record"),
    path("disposal/assets/<int:asset_pk>/round/", views.round_propose_view, name="round-propose"),
    path("disposal/assets/<int:asset_pk>/sale-off/", views.sale_off_propose_view, name="sale-off-propose"),
    path("disposal/assets/<int:asset_pk>/in-kind/", views.in_kind_propose_view, name="in-kind-propose"),
    path("disposal/prices/<int:pk>/objection/", views.objection_record_view, name="objection-record"),
    path("disposal/prices/<int:pk>/fix/", views.price_fix_view, name="price-fix"),
    path("disposal/objections/<int:pk>/answer/", views.objection_answer_view, name="objection-answer"),
    path("disposal/steps/<int:pk>/decide/", views.step_decide_view, name="step-decide"),
    path("disposal/steps/<int:pk>/result/", views.step_result_view, name="step-result"),
    path("disposal/steps/<int:pk>/document/", views.step_document_view, name="step-document"),
]
