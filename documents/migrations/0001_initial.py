# Documents moved here from the kernel (enforcement migrations 0003 and 0004 created them until then)
# with their tables: enforcement_document, enforcement_documentcounter, enforcement_documentbatch and
# enforcement_documentbatchitem. On a database migrated before the move the tables are adopted as
# they are, rows and all; on a new one they are created (enforcement.migration_operations).

import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
import documents.models
from django.conf import settings
from django.db import migrations, models

from enforcement.migration_operations import AdoptOrCreateModel, move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0005_approval_subject_key_measure_cancelled'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('enforcement', '0005_pendingtask'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AdoptOrCreateModel(
            name='DocumentBatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=40, verbose_name='kind')),
                ('case_ids', models.JSONField(default=list)),
                ('total', models.PositiveIntegerField(default=0)),
                ('done', models.PositiveIntegerField(default=0)),
                ('failed', models.PositiveIntegerField(default=0)),
                ('status', models.CharField(choices=[('pending', 'Waiting'), ('running', 'Running'), ('finished', 'Finished')], default='pending', max_length=20)),
                ('errors', models.JSONField(blank=True, default=list, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='enforcement.court')),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
            ],
            options={
                'verbose_name': 'document batch',
                'verbose_name_plural': 'document batches',
                'db_table': 'enforcement_documentbatch',
                'ordering': ['-created_at', '-id'],
            },
        ),
        AdoptOrCreateModel(
            name='Document',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(db_index=True, max_length=40, verbose_name='kind')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('seq', models.PositiveIntegerField(verbose_name='sequence')),
                ('number', models.CharField(max_length=64, unique=True, verbose_name='document number')),
                ('title', models.CharField(max_length=100, verbose_name='title')),
                ('file', models.FileField(max_length=255, upload_to=documents.models.document_upload_to, verbose_name='file')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('size', models.PositiveIntegerField(verbose_name='size (bytes)')),
                ('verification_code', models.CharField(max_length=16, unique=True, verbose_name='verification code')),
                ('issued_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='issued at')),
                ('issued_on', models.DateField(verbose_name='date of the document')),
                ('published', models.JSONField(default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='published summary')),
                ('personal_data', models.BooleanField(default=None, null=True, verbose_name='carries personal ID numbers')),
                ('masked_file', models.FileField(blank=True, max_length=255, upload_to=documents.models.document_upload_to, verbose_name='masked rendition')),
                ('masked_sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256 of the masked rendition')),
                ('audit_event', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='document', to='enforcement.auditevent', verbose_name='audit event')),
                ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='cases.case', verbose_name='case')),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='enforcement.court', verbose_name='court')),
                ('issued_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='issued by')),
                ('party', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.party', verbose_name='addressee')),
                ('batch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='documents.documentbatch', verbose_name='batch')),
            ],
            options={
                'verbose_name': 'document',
                'verbose_name_plural': 'documents',
                'db_table': 'enforcement_document',
                'ordering': ['-issued_at', '-id'],
                'indexes': [models.Index(fields=['case', 'kind'], name='document_case_kind_idx')],
                'constraints': [models.UniqueConstraint(fields=('court', 'year', 'kind', 'seq'), name='document_number_parts_unique'), models.UniqueConstraint(condition=models.Q(('batch__isnull', False)), fields=('batch', 'case', 'party', 'kind'), name='document_once_per_batch_item')],
            },
        ),
        AdoptOrCreateModel(
            name='DocumentBatchItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('pending', 'Waiting'), ('done', 'Done'), ('failed', 'Failed')], default='pending', max_length=20)),
                ('error', models.TextField(blank=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='documents.documentbatch')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case')),
            ],
            options={
                'db_table': 'enforcement_documentbatchitem',
                'ordering': ['id'],
                'constraints': [models.UniqueConstraint(fields=('batch', 'case'), name='document_batch_item_unique')],
            },
        ),
        AdoptOrCreateModel(
            name='DocumentCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField()),
                ('kind', models.CharField(max_length=40)),
                ('last', models.PositiveIntegerField(default=0)),
                ('court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='enforcement.court')),
            ],
            options={
                'db_table': 'enforcement_documentcounter',
                'constraints': [models.UniqueConstraint(fields=('court', 'year', 'kind'), name='document_counter_unique')],
            },
        ),
        move_content_types(
            "enforcement", "documents", ["document", "documentcounter", "documentbatch", "documentbatchitem"]
        ),
    ]
