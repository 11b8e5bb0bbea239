"""The default observation framework councils used: four categories with prompts. A QA lead
edits it, or adds others, in the admin; a week chooses its framework."""

from django.db import migrations

NAME = "Practice observation"
DESCRIPTION = (
    "Write what you saw under each category: strengths, and areas for development. Use the "
    "prompts as a guide, not a checklist."
)
CATEGORIES = [
    (
        "Leadership",
        "How did the practitioner lead the visit or meeting: purpose, agenda, pace?\n"
        "Was the plan for the child clear, and did everyone leave knowing what happens next?\n"
        "How did managers support, challenge and oversee the work?",
    ),
    (
        "The voice of the child",
        "Was the child seen, and seen alone where appropriate?\n"
        "How were the child's wishes, feelings and lived experience sought and recorded?\n"
        "Did the child's views shape what was decided?",
    ),
    (
        "The parent/carer experience",
        "Were parents and carers treated with respect, honesty and warmth?\n"
        "Did they understand the concerns, the plan and what is expected of them?\n"
        "Were their strengths recognised and their views listened to?",
    ),
    (
        "Good or innovative practice",
        "What did you see that others could learn from?\n"
        "Was a tool, approach or way of working used creatively to help the child?",
    ),
]


def create_framework(apps, schema_editor):
    Framework = apps.get_model("observations", "ObservationFramework")
    Category = apps.get_model("observations", "ObservationCategory")
    if Framework.objects.filter(name=NAME).exists():
        return
    framework = Framework.objects.create(
        name=NAME, description=DESCRIPTION, is_default=not Framework.objects.exists()
    )
    Category.objects.bulk_create(
        Category(framework=framework, order=n, title=title, prompts=prompts)
        for n, (title, prompts) in enumerate(CATEGORIES, start=1)
    )


def delete_framework(apps, schema_editor):
    Framework = apps.get_model("observations", "ObservationFramework")
    Framework.objects.filter(name=NAME, observations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("observations", "0001_initial")]

    operations = [migrations.RunPython(create_framework, delete_framework)]
