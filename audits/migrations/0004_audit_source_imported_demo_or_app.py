"""Where each audit came from: only audits done in the app e-mail or ask for acknowledgement.

Audits already stored are told apart as well as can be: those on the "Historical import"
template came from `import_audits`; submitted audits whose client token is a name-based UUID
(version 5) were made by `seed_demo` (the app and the browser make random, version 4 ones).
"""

import uuid

from django.db import migrations, models

HISTORICAL_TEMPLATE = "Historical import"  # audits.audit_import.writing


def mark_imported_and_demo(apps, schema_editor):
    Audit = apps.get_model("audits", "Audit")
    Audit.objects.filter(template__name=HISTORICAL_TEMPLATE).update(source="import")
    submitted = Audit.objects.filter(status="submitted", source="app")
    demo = [
        pk
        for pk, token in submitted.values_list("pk", "client_token").iterator()
        if uuid.UUID(str(token)).version == 5
    ]
    for start in range(0, len(demo), 500):
        Audit.objects.filter(pk__in=demo[start : start + 500]).update(source="demo")


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0003_audit_feedback_sent_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="audit",
            name="source",
            field=models.CharField(
                choices=[
                    ("app", "Recorded in the app"),
                    ("import", "Imported from a spreadsheet"),
                    ("demo", "Demo data"),
                ],
                default="app",
                editable=False,
                help_text="Imported and demo audits e-mail nobody and wait for no acknowledgement.",
                max_length=6,
            ),
        ),
        migrations.RunPython(mark_imported_and_demo, migrations.RunPython.noop),
    ]
