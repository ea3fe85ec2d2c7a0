from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("supervision/nodes/", views.node_list, name="nodes"),
    path("supervision/workload/", views.workload, name="workload"),
    path("supervision/reminders/", views.reminder_send, name="send"),
    path("supervision/reminders/<int:pk>/acted/", views.reminder_act, name="act"),
]
