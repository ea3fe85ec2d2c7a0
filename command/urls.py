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
    # one route per format (no free-text segment): report-pdf, report-xlsx, report-csv
    *(
        path(
            f"command/reports/<int:pk>/{fmt}/",
            report_views.report_download,
            {"fmt": fmt},
            name=f"report-{fmt}",
        )
        for fmt in ("pdf", "xlsx", "csv")
    ),
]
