# Documents were first created here, in the kernel. They moved to the documents app, which
# now creates or adopts their tables (documents migration 0001, same table names, no row moved).
# This migration keeps its name, since databases have it recorded, and no longer depends on cases:
# the kernel's migrations depend on no domain app.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('enforcement', '0002_audit_append_only_triggers'),
    ]

    operations = []
