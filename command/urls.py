from django.urls import path

from command import views

app_name = "command"

urlpatterns = [
    path("command/", views.dashboard, name="dashboard"),
    path("command/cases/", views.figure_case_list, name="cases"),
]

# Reports (command.report_views), kept in their own module so the dashboard's views stay apart.
from command import report_views  # noqa: E402

urlpatterns += [
    path("command/reports/", report_views.report_list, name="reports"),
    path("command/reports/<int:pk>/", report_views.report_detail, name="report"),
    path("command/reports/<int:pk>/progress/", report_views.report_progress_json, name="report-progress"),
    path(
        "command/reports/<int:pk>/download/<str:fmt>/", report_views.report_download, name="report-download"
    ),
]
