# Which notice found an asset: the field assistance adds to assets.Asset (assistance.models). Its
# column, found_by_notice_id on cases_asset, was created with the table while Asset lived in cases;
# on such a database it is kept, on a new one it is added here.

import django.db.models.deletion
from django.db import migrations, models

from enforcement.migration_operations import AddFieldIfMissing


class Migration(migrations.Migration):

    dependencies = [
        ('assets', '0001_initial'),
        ('assistance', '0005_notice_documents_and_measures'),
    ]

    operations = [
        AddFieldIfMissing(
            app_label='assets',
            model_name='asset',
            name='found_by_notice',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assets_found', to='assistance.notice', verbose_name='found by notice'),
        ),
    ]
