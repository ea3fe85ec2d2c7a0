from django.apps import AppConfig


class PluginAppConfig(AppConfig):
    name = "tests.plugin_app"
    label = "plugin_app"
    verbose_name = "示例插件"
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
                "示例插件复核",
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
                description="示例插件登记的文书种类。",
            )
        )
        registry.browser_urls.register(registry.UrlInclude("tests.plugin_app.urls"))
        registry.navigation.register(
            registry.NavItem("示例插件", "plugin_app:home", roles=(Role.FINANCE,), order=950)
        )
        registry.timeline_renderers.register(
            registry.TimelineRenderer(
                "case.plugin_review",
                lambda event: registry.TimelineEntry(
                    text=f"示例插件复核完成（{event.summary}）", url="/plugin/", css="plugin-review"
                ),
            )
        )
