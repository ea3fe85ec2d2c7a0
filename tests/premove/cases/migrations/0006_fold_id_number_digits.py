"""ID numbers stored before other scripts' digits were refused: fold them to ASCII.

The validator compared with str.isdigit(), so a 公民身份号码 typed with Arabic-Indic digits (٠–٩,
whose int() values are right, so the check character matched) was stored as typed: the same person
as a second party that no search by the ordinary number finds. Each decimal digit of any script is
replaced by its ASCII digit, full-width forms by ASCII; nothing else changes. Only rows with a
character outside 0-9 and A-Z are read.
"""

import unicodedata

from django.db import migrations


def fold(value: str) -> str:
    out = []
    for char in value:
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            out.append(str(digit))
        elif 0xFF01 <= ord(char) <= 0xFF5E:
            out.append(chr(ord(char) - 0xFEE0))
        else:
            out.append(char)
    return "".join(out).upper()


def forwards(apps, schema_editor):
    Party = apps.get_model("cases", "Party")
    changed = []
    for party in Party.objects.exclude(id_number__regex=r"^[0-9A-Z]*$").only("id", "id_number").iterator():
        folded = fold(party.id_number)
        if folded != party.id_number:
            party.id_number = folded
            changed.append(party)
    Party.objects.bulk_update(changed, ["id_number"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_approval_subject_key_measure_cancelled"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
