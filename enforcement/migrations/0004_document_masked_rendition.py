# The masked rendition's fields of Document were added here; Document moved to the documents app,
# whose migration 0001 has them (and adds them to a table that lacks them). Kept for its name.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('enforcement', '0003_documents'),
    ]

    operations = []
