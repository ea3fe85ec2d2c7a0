# Placeholder for the penalties branch: the defaulter-list branch brings the real 0001_initial.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = []
