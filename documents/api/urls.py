"""Routes of the documents API, included under /api/v1/ by config.urls (registered in
DocumentsConfig.ready), and service records (送达, /api/v1/service/). Route names carry an "api-" prefix so they never clash with the browser's."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from documents.api import service_views, views

router = SimpleRouter()
router.register("documents", views.DocumentViewSet, basename="api-document")
router.register("document-kinds", views.DocumentKindViewSet, basename="api-document-kind")
router.register("document-batches", views.DocumentBatchViewSet, basename="api-document-batch")

urlpatterns = [
    path("service/", service_views.ServiceView.as_view(), name="api-service"),
    *router.urls,
]
