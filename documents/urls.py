"""Browser routes of documents, included at the site root: the case's documents page lives under
cases/<id>/documents/, the rest under documents/, and the public verification page at verify/."""

from django.urls import path

from documents import service_views, views

app_name = "documents"

urlpatterns = [
    path("cases/<int:case_id>/documents/", views.case_documents, name="case"),
    path("cases/<int:case_id>/documents/issue/", views.case_documents_issue, name="issue"),
    path("cases/<int:case_id>/documents/preview/", views.preview_page, name="preview-page"),
    path("documents/preview/", views.preview_pdf, name="preview"),
    path("documents/<int:pk>/download/", views.download, name="download"),
    path("documents/batches/new/", views.batch_new, name="batch-new"),
    path("documents/batches/<int:pk>/", views.batch_detail, name="batch"),
    path("documents/batches/<int:pk>/progress/", views.batch_progress_json, name="batch-progress"),
    path("documents/batches/<int:pk>/run/", views.batch_run, name="batch-run"),
    path("cases/<int:case_id>/service/", service_views.service_record_page, name="service-record"),
    path("documents/service/<int:pk>/proof/", service_views.service_proof_download, name="service-proof"),
    path("documents/awaiting-service/", service_views.awaiting_service_page, name="awaiting-service"),
    path("verify/", views.verify_lookup, name="verify-lookup"),
    path("verify/<str:code>", views.verify, name="verify"),
]
