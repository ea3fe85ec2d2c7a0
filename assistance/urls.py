"""Browser routes of the assistance app, included at the site root (their prefixes are their own).
The liaison portal lives under liaison/; the court's pages add their own paths here."""

from django.urls import path

from assistance.views import court, liaison

app_name = "assistance"

urlpatterns = [
    path("liaison/", liaison.inbox, name="liaison-inbox"),
    path("liaison/export.xlsx", liaison.inbox_export, {"fmt": "xlsx"}, name="liaison-export-xlsx"),
    path("liaison/export.csv", liaison.inbox_export, {"fmt": "csv"}, name="liaison-export-csv"),
    path("liaison/notices/<int:pk>/", liaison.notice_detail, name="liaison-notice"),
    path("liaison/notices/<int:pk>/sign/", liaison.notice_sign_view, name="liaison-sign"),
    path("liaison/notices/<int:pk>/answer/", liaison.notice_answer_view, name="liaison-answer"),
    path("liaison/notices/<int:pk>/pdf/", liaison.notice_pdf, name="liaison-pdf"),
]

# court side: a case's 财产查控 page and what is posted from it; network queries over many
# respondents with their progress; the agency scoreboard (assistance.views.court)
urlpatterns += [
    path("cases/<int:pk>/assistance/", court.case_assistance, name="case"),
    path("cases/<int:pk>/assistance/notices/", court.notice_draft_view, name="notice-draft"),
    path("cases/<int:pk>/assistance/assets/", court.asset_add_view, name="asset-add"),
    path(
        "cases/<int:pk>/assistance/network-query/", court.case_network_query_view, name="case-network-query"
    ),
    path(
        "cases/<int:pk>/assistance/measures/<int:measure_pk>/lift/",
        court.measure_lift_view,
        name="measure-lift",
    ),
    path(
        "cases/<int:pk>/assistance/notices/<int:notice_pk>/sign/", court.notice_sign_view, name="notice-sign"
    ),
    path(
        "cases/<int:pk>/assistance/notices/<int:notice_pk>/close/",
        court.notice_close_view,
        name="notice-close",
    ),
    path(
        "cases/<int:pk>/assistance/notices/<int:notice_pk>/judicial-suggestion/",
        court.judicial_suggestion_view,
        name="judicial-suggestion",
    ),
    path("assistance/network-queries/new/", court.network_query_new, name="network-query-new"),
    path("assistance/network-queries/<int:pk>/", court.network_query_detail, name="network-query"),
    path(
        "assistance/network-queries/<int:pk>/progress/",
        court.network_query_progress,
        name="network-query-progress",
    ),
    path("assistance/scoreboard/", court.scoreboard, name="scoreboard"),
]
