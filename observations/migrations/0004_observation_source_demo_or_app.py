"""Where each observation came from: only those recorded in the app e-mail or ask for
acknowledgement. Submitted observations whose client token is a name-based UUID (version 5)
were made by `seed_demo` (the app and the browser make random, version 4 ones)."""

import uuid

from django.db import migrations, models


def mark_demo(apps, schema_editor):
    Observation = apps.get_model("observations", "Observation")
    submitted = Observation.objects.filter(status="submitted", source="app")
    demo = [
        pk
        for pk, token in submitted.values_list("pk", "client_token").iterator()
        if uuid.UUID(str(token)).version == 5
    ]
    for start in range(0, len(demo), 500):
        Observation.objects.filter(pk__in=demo[start : start + 500]).update(source="demo")


class Migration(migrations.Migration):
    dependencies = [
        ("observations", "0003_service_user_feedback_anonymised_confirmed"),
    ]

    operations = [
        migrations.AddField(
            model_name="observation",
            name="source",
            field=models.CharField(
                choices=[
                    ("app", "Recorded in the app"),
                    ("import", "Imported from a spreadsheet"),
                    ("demo", "Demo data"),
                ],
                default="app",
                editable=False,
                help_text="Demo observations e-mail nobody and wait for no acknowledgement.",
                max_length=6,
            ),
        ),
        migrations.RunPython(mark_demo, migrations.RunPython.noop),
    ]
