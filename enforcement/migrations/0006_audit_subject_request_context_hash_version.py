"""Audit events get a subject beside their object (the notice, measure, approval or party within the
case), the request's id and user agent beside its address; seals record the version of the canonical
form they hashed (existing seals: version 1).

The columns are added with plain ALTER TABLE … ADD COLUMN and keep their database defaults. Django's
own AddField would rebuild the table on SQLite for a NOT NULL column (create a copy, move the rows,
drop the original), which drops the append-only triggers of migration 0002 with it; and the defaults
let a process still running the previous code insert rows while the new code rolls out. Adding a
column with a constant default rewrites no row on PostgreSQL, so the triggers that refuse UPDATE
are not fired. Depends on no domain app."""

from django.db import migrations, models

COLUMNS = [
    ("enforcement_auditevent", "subject_type", "varchar(64) DEFAULT '' NOT NULL"),
    ("enforcement_auditevent", "subject_id", "varchar(64) DEFAULT '' NOT NULL"),
    ("enforcement_auditevent", "request_id", "varchar(64) DEFAULT '' NOT NULL"),
    ("enforcement_auditevent", "user_agent", "varchar(255) DEFAULT '' NOT NULL"),
    ("enforcement_auditseal", "hash_version", 'smallint DEFAULT 1 NOT NULL CHECK ("hash_version" >= 0)'),
]


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0005_pendingtask"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'ALTER TABLE "{table}" ADD COLUMN "{column}" {definition}',
                    reverse_sql=f'ALTER TABLE "{table}" DROP COLUMN "{column}"',
                )
                for table, column, definition in COLUMNS
            ],
            state_operations=[
                migrations.AddField(
                    model_name="auditevent",
                    name="request_id",
                    field=models.CharField(
                        blank=True, db_default="", default="", max_length=64, verbose_name="request id"
                    ),
                ),
                migrations.AddField(
                    model_name="auditevent",
                    name="subject_id",
                    field=models.CharField(
                        blank=True, db_default="", default="", max_length=64, verbose_name="subject id"
                    ),
                ),
                migrations.AddField(
                    model_name="auditevent",
                    name="subject_type",
                    field=models.CharField(
                        blank=True, db_default="", default="", max_length=64, verbose_name="subject type"
                    ),
                ),
                migrations.AddField(
                    model_name="auditevent",
                    name="user_agent",
                    field=models.CharField(
                        blank=True, db_default="", default="", max_length=255, verbose_name="user agent"
                    ),
                ),
                migrations.AddField(
                    model_name="auditseal",
                    name="hash_version",
                    field=models.PositiveSmallIntegerField(db_default=1, default=1, verbose_name="hash version"),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["subject_type", "subject_id", "id"], name="audit_subject_idx"),
        ),
    ]
