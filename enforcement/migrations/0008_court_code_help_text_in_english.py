# The court code's help text is an English msgid (the Chinese is in the zh-hans catalogue): no change
# to the table.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('enforcement', '0007_courtsetting'),
    ]

    operations = [
        migrations.AlterField(
            model_name='court',
            name='code',
            field=models.CharField(help_text="The court's code in case numbers, e.g. 青0102", max_length=20, unique=True, verbose_name='court code'),
        ),
    ]
