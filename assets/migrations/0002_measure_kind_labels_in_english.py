# The measure kinds are labelled with English msgids (the Chinese is in the zh-hans catalogue):
# the choices change, the column does not.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assets', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='controlmeasure',
            name='kind',
            field=models.CharField(choices=[('seal', 'Seal up'), ('pre_seal', 'Pre-seal'), ('queued_seal', 'Queued seal'), ('distrain', 'Distrain'), ('freeze', 'Freeze'), ('queued_freeze', 'Queued freeze'), ('deduct', 'Deduct')], max_length=20, verbose_name='measure'),
        ),
    ]
