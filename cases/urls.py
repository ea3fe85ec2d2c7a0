"""Browser routes of the cases app, included at the site root (their prefixes are their own)."""

from django.urls import path

from cases.settlement_panel import settlement_file_view
from cases.views import approvals, detail, filing, listing, public

app_name = "cases"

urlpatterns = [
    path("cases/", listing.case_list_view, name="list"),
    path("cases/new/", filing.case_new, name="new"),
    path("cases/assign/", listing.batch_assign_view, name="batch-assign"),
    path("cases/<int:pk>/", detail.case_detail, name="detail"),
    path("cases/<int:pk>/act/", detail.case_act_view, name="act"),
    path("cases/<int:pk>/assign/", detail.case_reassign_view, name="reassign"),
    path("cases/<int:pk>/parties/<int:party_pk>/", detail.party_edit_view, name="party-edit"),
    path(
        "cases/<int:pk>/parties/<int:party_pk>/whereabouts/",
        detail.party_whereabouts_view,
        name="party-whereabouts",
    ),
    path("cases/<int:pk>/applicant-hearings/", detail.applicant_hearing_view, name="applicant-hearing"),
    path("cases/<int:pk>/settlement/file/", settlement_file_view, name="settlement-file"),
    path("approvals/", approvals.approval_inbox, name="approvals"),
    path("approvals/<int:pk>/decide/", approvals.approval_decide_view, name="approval-decide"),
    path("approvals/decide/", approvals.approval_batch_view, name="approval-batch"),
    path("approvals/<int:pk>/print/", approvals.approval_print, name="approval-print"),
    path("public/case/", public.public_case, name="public-case"),
]
