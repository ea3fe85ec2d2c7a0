from django.apps import AppConfig
from django.utils.translation import gettext, gettext_lazy


class PluginAppConfig(AppConfig):
    name = "tests.plugin_app"
    label = "plugin_app"
    verbose_name = gettext_lazy("Sample plugin")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cases.actions import CaseAction, register
        from documents.kinds import DocumentKind, case_context
        from documents.kinds import register as register_kind
        from enforcement import registry
        from enforcement.choices import Role

        # an action a judge proposes and finance approves: the approvals inbox of finance shows it
        register(
            CaseAction(
                "plugin_review",
                gettext_lazy("sample plugin review"),
                proposer_roles=(Role.JUDGE,),
                approver_role=Role.FINANCE,
                perform=lambda *, case, actor, payload: "示例插件已复核",
            )
        )
        register_kind(
            DocumentKind(
                key="plugin_notice",
                title="示例插件通知书",
                code="插示",
                template="plugin_app/pdf/plugin_notice.html",
                issuer_roles=(Role.CLERK, Role.JUDGE, Role.HEAD),
                build_context=lambda *, case, party, subject=None, masked=False: case_context(
                    case=case, party=party, masked=masked
                ),
                addressed_to=None,  # one per case
                description=gettext_lazy("A kind of document the sample plugin registers."),
            )
        )
        registry.browser_urls.register(registry.UrlInclude("tests.plugin_app.urls"))
        registry.navigation.register(
            registry.NavItem(
                gettext_lazy("Sample plugin"), "plugin_app:home", roles=(Role.FINANCE,), order=950
            )
        )
        registry.timeline_renderers.register(
            registry.TimelineRenderer(
                "case.plugin_review",
                lambda event: registry.TimelineEntry(
                    text=gettext("Sample plugin review done (%(summary)s)") % {"summary": event.summary},
                    url="/plugin/",
                    css="plugin-review",
                ),
            )
        )
