from django.urls import path

from aid import views

app_name = "aid"

urlpatterns = [
    path("aid/", views.application_list, name="list"),
    path("aid/budgets/", views.budgets, name="budgets"),
    path("aid/report/", views.report, name="report"),
    path("cases/<int:pk>/aid/new/", views.application_new, name="new"),
    path("aid/<int:pk>/", views.application_detail, name="detail"),
    path("aid/<int:pk>/recommend/", views.recommend_view, name="recommend"),
    path("aid/<int:pk>/decide/", views.decide_view, name="decide"),
    path("aid/<int:pk>/cancel/", views.cancel_view, name="cancel"),
    path("aid/<int:pk>/pay/", views.pay_view, name="pay"),
    path("aid/<int:pk>/told/", views.told_view, name="told"),
    path("aid/<int:pk>/decision/", views.issue_view, name="issue"),
    path("aid/<int:pk>/referral/", views.referral_view, name="referral"),
    path("aid/files/<int:pk>/", views.file_download, name="file"),
]
