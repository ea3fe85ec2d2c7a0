# The notice actions and answer results are labelled with English msgids (the Chinese is in the
# zh-hans catalogue): the choices change, the columns do not.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assistance', '0006_asset_found_by_notice'),
    ]

    operations = [
        migrations.AlterField(
            model_name='answerdeadline',
            name='action',
            field=models.CharField(choices=[('query', 'Query assets or information'), ('find_respondent', 'Find the respondent'), ('seize_vehicle', 'Seize a vehicle'), ('restrict_exit', 'Restrict exit'), ('execute_detention', 'Execute detention'), ('seal', 'Seal up'), ('pre_seal', 'Pre-seal'), ('queued_seal', 'Queued seal'), ('transfer', 'Transfer registration'), ('freeze', 'Freeze'), ('queued_freeze', 'Queued freeze'), ('deduct', 'Deduct'), ('refund_account', 'Tax refund account'), ('equity_freeze', 'Freeze equity'), ('social_aid', 'Social aid referral'), ('project_query', 'Project approvals query'), ('renew', 'Renew a measure'), ('lift', 'Lift a measure')], max_length=30, unique=True, verbose_name='requested action'),
        ),
        migrations.AlterField(
            model_name='notice',
            name='action',
            field=models.CharField(choices=[('query', 'Query assets or information'), ('find_respondent', 'Find the respondent'), ('seize_vehicle', 'Seize a vehicle'), ('restrict_exit', 'Restrict exit'), ('execute_detention', 'Execute detention'), ('seal', 'Seal up'), ('pre_seal', 'Pre-seal'), ('queued_seal', 'Queued seal'), ('transfer', 'Transfer registration'), ('freeze', 'Freeze'), ('queued_freeze', 'Queued freeze'), ('deduct', 'Deduct'), ('refund_account', 'Tax refund account'), ('equity_freeze', 'Freeze equity'), ('social_aid', 'Social aid referral'), ('project_query', 'Project approvals query'), ('renew', 'Renew a measure'), ('lift', 'Lift a measure')], max_length=30, verbose_name='requested action'),
        ),
        migrations.AlterField(
            model_name='notice',
            name='result',
            field=models.CharField(blank=True, choices=[('done', 'Done'), ('partly', 'Partly done'), ('review_suggestion', 'Review suggestion')], max_length=20, verbose_name='result'),
        ),
    ]
