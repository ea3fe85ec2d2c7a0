from django.urls import path

from objections import views

app_name = "objections"

urlpatterns = [
    path("objections/", views.worklist, name="worklist"),
    path("cases/<int:pk>/objections/new/", views.objection_new, name="new"),
    path("objections/<int:pk>/", views.objection_detail, name="detail"),
    path("objections/<int:pk>/accept/", views.objection_accept_view, name="accept"),
    path("objections/<int:pk>/refuse/", views.objection_refuse_view, name="refuse"),
    path("objections/<int:pk>/decide/", views.objection_decide_view, name="decide"),
    path("objections/<int:pk>/serve/", views.objection_serve_view, name="serve"),
    path("objections/<int:pk>/ruling/", views.objection_ruling_view, name="ruling"),
    path("objections/<int:pk>/reconsideration/", views.reconsideration_file_view, name="reconsider"),
    path("objections/<int:pk>/reconsideration/extend/", views.reconsideration_extend_view, name="extend"),
    path(
        "objections/<int:pk>/reconsideration/decide/",
        views.reconsideration_decide_view,
        name="decide-reconsideration",
    ),
]
