# Assets and control measures were first created here, in cases. They moved to the assets app, which
# now creates or adopts their tables (assets migration 0001, same table names, no row moved). This
# migration keeps its name, since databases have it recorded, and no longer depends on assistance.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_search_indexes'),
    ]

    operations = []
