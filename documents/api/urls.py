"""Routes of the documents API, included under /api/v1/ by config.urls (registered in
DocumentsConfig.ready): service records (送达)."""

from django.urls import path

from documents.api import views

urlpatterns = [
    path("service/", views.ServiceView.as_view(), name="api-service"),
]
