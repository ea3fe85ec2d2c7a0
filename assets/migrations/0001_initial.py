# Assets and control measures moved here from cases (cases migrations 0004 and 0005 created them
# until then) with their tables, cases_asset and cases_controlmeasure. On a database migrated before
# the move the tables are adopted as they are, rows and all; on a new one they are created
# (enforcement.migration_operations). Asset.found_by_notice belongs to assistance, which adds it to
# the model and to this state (assistance migration 0006); its column is left as it is here.

import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
import django_fsm
from django.conf import settings
from django.db import migrations, models

from enforcement.migration_operations import AdoptOrCreateModel, move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('cases', '0005_approval_subject_key_measure_cancelled'),
        ('enforcement', '0005_pendingtask'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AdoptOrCreateModel(
            name='Asset',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('bank_deposit', 'Bank deposit'), ('real_estate', 'Real estate'), ('vehicle', 'Vehicle'), ('equity', 'Equity'), ('securities', 'Securities'), ('housing_fund', 'Housing provident fund'), ('insurance', 'Insurance'), ('other', 'Other property')], max_length=20, verbose_name='asset kind')),
                ('description', models.CharField(max_length=200, verbose_name='description')),
                ('identifier', models.CharField(blank=True, help_text='Account, certificate or plate number.', max_length=100, verbose_name='identifier')),
                ('identity', models.CharField(db_index=True, editable=False, max_length=140)),
                ('estimated_value', models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, verbose_name='estimated value')),
                ('source', models.CharField(choices=[('network_query', 'Network query answer'), ('respondent_report', "Respondent's own report"), ('investigation', 'Court investigation'), ('applicant_lead', "Applicant's lead")], max_length=20, verbose_name='how it was found')),
                ('details', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='details')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assets', to='cases.case', verbose_name='case')),
                ('holder_agency', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='enforcement.agency', verbose_name='holder agency')),
                ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assets', to='cases.party', verbose_name='owner')),
            ],
            options={
                'verbose_name': 'asset',
                'verbose_name_plural': 'assets',
                'db_table': 'cases_asset',
                'ordering': ['case', 'kind', 'id'],
            },
        ),
        AdoptOrCreateModel(
            name='ControlMeasure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('seal', 'Seal up (查封)'), ('pre_seal', 'Pre-seal (预查封)'), ('queued_seal', 'Queued seal (轮候查封)'), ('distrain', 'Distrain (扣押)'), ('freeze', 'Freeze (冻结)'), ('queued_freeze', 'Queued freeze (轮候冻结)'), ('deduct', 'Deduct (扣划)')], max_length=20, verbose_name='measure')),
                ('status', django_fsm.FSMField(choices=[('requested', 'Requested (notice not yet answered)'), ('active', 'In effect'), ('queued', 'Queued behind an earlier measure'), ('lifted', 'Lifted'), ('expired', 'Expired'), ('done', 'Carried out'), ('renewed', 'Continued by renewal'), ('cancelled', 'Withdrawn before it took effect')], db_index=True, default='requested', max_length=20, protected=True, verbose_name='status')),
                ('amount', models.DecimalField(blank=True, decimal_places=2, help_text='Amount frozen or deducted; for a sealed or distrained asset its estimated value.', max_digits=16, null=True, verbose_name='value held')),
                ('started_on', models.DateField(blank=True, null=True, verbose_name='in effect from')),
                ('expires_on', models.DateField(blank=True, db_index=True, null=True, verbose_name='expires on')),
                ('term_citation', models.CharField(blank=True, max_length=300, verbose_name='term set by')),
                ('queued_at', models.DateTimeField(blank=True, null=True)),
                ('over_limit_reason', models.TextField(blank=True, verbose_name='reason for exceeding the debt')),
                ('lifted_on', models.DateField(blank=True, null=True, verbose_name='lifted on')),
                ('warned_30_at', models.DateTimeField(blank=True, null=True)),
                ('warned_7_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('asset', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='measures', to='assets.asset', verbose_name='asset')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='measures', to='cases.case', verbose_name='case')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('renewed_from', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='renewal', to='assets.controlmeasure', verbose_name='renewal of')),
            ],
            options={
                'verbose_name': 'control measure',
                'verbose_name_plural': 'control measures',
                'db_table': 'cases_controlmeasure',
                'ordering': ['case', 'created_at', 'id'],
                'indexes': [models.Index(fields=['status', 'expires_on'], name='measure_expiry_idx')],
            },
            bases=(django_fsm.ConcurrentTransitionMixin, models.Model),
        ),
        move_content_types("cases", "assets", ["asset", "controlmeasure"]),
    ]
