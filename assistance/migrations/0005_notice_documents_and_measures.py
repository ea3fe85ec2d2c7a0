# The notice's foreign keys to its documents and to the asset and measure it is about, once added by
# migration 0002 while those models lived in the kernel and in cases. On a database migrated before
# the move the columns are there already and are kept; on a new one they are added here.

import django.db.models.deletion
from django.db import migrations, models

from enforcement.migration_operations import AddFieldIfMissing


class Migration(migrations.Migration):

    dependencies = [
        ('assistance', '0004_notice_due_on_provisional'),
        ('assets', '0001_initial'),
        ('cases', '0005_approval_subject_key_measure_cancelled'),
        ('documents', '0001_initial'),
    ]

    operations = [
        AddFieldIfMissing(
            model_name='notice',
            name='asset',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notices', to='assets.asset', verbose_name='asset'),
        ),
        AddFieldIfMissing(
            model_name='notice',
            name='measure',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notices', to='assets.controlmeasure', verbose_name='measure'),
        ),
        AddFieldIfMissing(
            model_name='notice',
            name='document',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='documents.document', verbose_name='document'),
        ),
        AddFieldIfMissing(
            model_name='notice',
            name='suggestion_document',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='documents.document', verbose_name='judicial suggestion letter'),
        ),
    ]
