from django.urls import path

from command import views

app_name = "command"

urlpatterns = [
    path("command/", views.dashboard, name="dashboard"),
    path("command/cases/", views.figure_case_list, name="cases"),
]
