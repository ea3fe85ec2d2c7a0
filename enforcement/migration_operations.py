"""Migration operations for moving a model to another app without moving its rows.

A model that moves keeps its table (Meta.db_table). The app it leaves stops creating it: its old
migration keeps its name (databases have it recorded as applied) but no longer has the operation, so
that app's migrations no longer depend on the apps the model pointed at. The app it joins creates it
with `AdoptOrCreateModel`: a database migrated before the move already has the table and keeps it as
it is; a new database gets it created. Foreign keys other apps had to it are re-added the same way
with `AddFieldIfMissing`. `move_content_types` carries the model's content type (and so its
permissions and admin log entries) over to the new app.

Django's own recipe (SeparateDatabaseAndState with a DeleteModel in the old app) keeps the old app's
history pointing at the new one's models; here the kernel's migrations must depend on no domain app,
so the history itself is re-cut, and these operations make the re-cut safe for existing databases.
"""

from django.db import migrations


def _table_columns(connection, table: str) -> set[str] | None:
    """The columns of `table`, or None when there is no such table."""
    with connection.cursor() as cursor:
        if table not in connection.introspection.table_names(cursor):
            return None
        return {column.name for column in connection.introspection.get_table_description(cursor, table)}


class AdoptOrCreateModel(migrations.CreateModel):
    """CreateModel for a model that arrives with its table: the table is created when missing; when
    it exists (a database migrated before the move) it is kept, and any column the model has and the
    table lacks (a database migrated only part of the way before the move) is added."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        columns = _table_columns(schema_editor.connection, model._meta.db_table)
        if columns is None:
            schema_editor.create_model(model)
            return
        for field in model._meta.local_fields:
            if field.column not in columns:
                schema_editor.add_field(model, field)

    def describe(self):
        return f"Create model {self.name}, or adopt its existing table"


class AddFieldIfMissing(migrations.AddField):
    """AddField whose column may exist already (added before a model moved). `app_label` names the
    app of the model when it is not the migration's own: an app above may add a relation to a model
    of an app below it, so that the app below never names the one above (assistance adds
    Asset.found_by_notice)."""

    def __init__(self, model_name, name, field, preserve_default=True, app_label=None):
        self.target_app_label = app_label
        super().__init__(model_name, name, field, preserve_default)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        if self.target_app_label:
            kwargs["app_label"] = self.target_app_label
        return name, args, kwargs

    def _app(self, app_label):
        return self.target_app_label or app_label

    def state_forwards(self, app_label, state):
        super().state_forwards(self._app(app_label), state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        app_label = self._app(app_label)
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            columns = _table_columns(schema_editor.connection, model._meta.db_table) or set()
            if model._meta.get_field(self.name).column in columns:
                return
        super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        super().database_backwards(self._app(app_label), schema_editor, from_state, to_state)

    def references_model(self, name, app_label):
        return super().references_model(name, self._app(app_label))

    def describe(self):
        where = f"{self.target_app_label}." if self.target_app_label else ""
        return f"Add field {self.name} to {where}{self.model_name}, unless its column exists"


def move_content_types(from_app: str, to_app: str, models: list[str]) -> migrations.RunPython:
    """Relabel the content types of `models` (lower-case model names) from `from_app` to `to_app`,
    so permissions and admin log entries follow the model. Nothing to do on a new database."""

    def forwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for model in models:
            if not ContentType.objects.using(db).filter(app_label=to_app, model=model).exists():
                ContentType.objects.using(db).filter(app_label=from_app, model=model).update(app_label=to_app)

    def backwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for model in models:
            if not ContentType.objects.using(db).filter(app_label=from_app, model=model).exists():
                ContentType.objects.using(db).filter(app_label=to_app, model=model).update(app_label=from_app)

    return migrations.RunPython(forwards, backwards)
