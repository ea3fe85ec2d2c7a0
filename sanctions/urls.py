from django.urls import path

from sanctions import views

app_name = "sanctions"

urlpatterns = [
    path("public/defaulters/", views.public_defaulters, name="public-defaulters"),
    path("cases/<int:pk>/sanctions/defaulters/", views.defaulter_propose_view, name="defaulter-propose"),
    path("cases/<int:pk>/sanctions/orders/", views.consumption_issue_view, name="order-issue"),
    path("sanctions/defaulters/<int:pk>/decide/", views.defaulter_decide_view, name="defaulter-decide"),
    path("sanctions/defaulters/<int:pk>/ground/", views.defaulter_ground_view, name="defaulter-ground"),
    path("sanctions/defaulters/<int:pk>/remove/", views.defaulter_remove_view, name="defaulter-remove"),
    path("sanctions/defaulters/<int:pk>/corrections/", views.correction_file_view, name="correction-file"),
    path("sanctions/defaulters/<int:pk>/repair/", views.repair_propose_view, name="repair-propose"),
    path("sanctions/corrections/<int:pk>/decide/", views.correction_decide_view, name="correction-decide"),
    path("sanctions/repairs/<int:pk>/decide/", views.repair_decide_view, name="repair-decide"),
    path("sanctions/orders/<int:pk>/lift/", views.consumption_lift_view, name="order-lift"),
]
