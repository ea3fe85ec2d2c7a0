from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Official PDF documents: kinds, numbering, issue, preview, batches, verification and
    the sweep of orphaned files. Above cases (it reads cases and parties), below assistance."""

    name = "documents"
    verbose_name = _("Documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from celery.schedules import crontab

        from cases import actions
        from cases.registry import CasePanel, ListBatchAction, TimelineKind, case_panels, list_batch_actions
        from cases.registry import timeline_kinds as case_timeline_kinds
        from documents import (
            events,
            kinds,  # noqa: F401  (registers 执行通知书 and 报告财产令)
        )
        from documents.services import missing_end_round_documents
        from enforcement import registry
        from enforcement.choices import Role

        case_timeline_kinds.register(
            TimelineKind("documents", _("Documents"), ("document.", "case.notice_served"), order=100)
        )
        list_batch_actions.register(
            ListBatchAction(
                "issue_documents",
                _("Draw up documents for the selected cases"),
                "documents:batch-new",
                roles=(Role.CLERK, Role.JUDGE, Role.HEAD),
                order=100,
            )
        )
        registry.browser_urls.register(registry.UrlInclude("documents.urls"))  # documents/, verify/
        registry.api_urls.register(
            registry.UrlInclude("documents.api.urls")
        )  # documents/, document-batches/, service/
        registry.navigation.register(
            registry.NavItem(
                _("Batch documents"),
                "documents:batch-new",
                roles=(Role.CLERK, Role.JUDGE, Role.HEAD),
                order=800,
            )
        )
        case_panels.register(CasePanel("documents", "documents/partials/case_panel.html", order=100))
        from documents import service_views, serving

        case_panels.register(
            CasePanel(
                "service",
                "documents/partials/service_panel.html",
                context=service_views.service_panel_context,
                order=110,
            )
        )
        registry.home_panels.register(registry.HomePanel("service", serving.home_items, order=150))
        # 终本 needs the execution notice and the asset-report order served (终本规定 2016 art. 1 item (一))
        actions.add_condition(
            "end_round",
            actions.checklist(
                _("Execution notice and asset-report order issued and served"),
                evidence=lambda case: reverse("documents:case", args=[case.pk]),
            )(missing_end_round_documents),
        )
        # their numbers and service as the evidence on the 终本 request
        from documents.approval_facts import register_documents_facts

        register_documents_facts()
        # approving 中止, 终结 or 终本 issues its ruling (裁定书)
        from documents.kinds import RULING_FOR_ACTION
        from documents.rulings import ruling_queue

        for key in RULING_FOR_ACTION:
            actions.add_on_approved(key, ruling_queue)
        # approving 执行完毕 or 执行和解 issues the 结案通知书 to the parties
        from documents.closing_notice import closing_notice_queue
        from documents.kinds import CLOSING_NOTICE_FOR_ACTION

        for key in CLOSING_NOTICE_FOR_ACTION:
            actions.add_on_approved(key, closing_notice_queue)
        registry.register_audit_event_types(*registry.declared_event_types(events))
        # stored PDFs that no document row names (a rolled-back issue, a crash): removed after 6 hours
        registry.register_periodic_task(
            registry.PeriodicTask(
                "documents-sweep-orphans", "enforcement.documents_sweep_orphans", crontab(hour=3, minute=30)
            )
        )
