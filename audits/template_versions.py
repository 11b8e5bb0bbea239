"""Versions of audit templates. A template in use is never edited under its audits: the QA lead
makes a new version, edits that, and new audits use it from then on."""

from django.db import transaction

from .models import Audit, AuditSection, AuditTemplate


def template_is_in_use(template: AuditTemplate) -> bool:
    """True once any audit (draft or submitted) was made with this template."""
    if template.pk is None:
        return False
    return Audit.objects.filter(template=template).exists()


def template_new_version(*, template: AuditTemplate) -> AuditTemplate:
    """Copy a template and its sections as the next version of its name, and make the copy the
    current version (the previous current one, and its audits, are left as they were).

    The new version number is one above the highest of that name, so copying an older version
    never collides with a newer one.
    """
    with transaction.atomic():
        # Lock every version of the name: two QA leads pressing the button at once make two
        # versions one after the other, never two of the same number.
        versions = AuditTemplate.objects.select_for_update().filter(name=template.name)
        highest = max(versions.values_list("version", flat=True), default=template.version)
        # One current version per name (a conditional unique constraint): clear the flag
        # before the new current version is inserted.
        versions.filter(is_current=True).update(is_current=False)
        copy = AuditTemplate.objects.create(
            name=template.name,
            version=highest + 1,
            is_current=True,
            is_graded=template.is_graded,
            description=template.description,
        )
        AuditSection.objects.bulk_create(
            AuditSection(
                template=copy,
                order=section.order,
                title=section.title,
                question=section.question,
                is_graded=section.is_graded,
                guidance_outstanding=section.guidance_outstanding,
                guidance_good=section.guidance_good,
                guidance_requires_improvement=section.guidance_requires_improvement,
                guidance_inadequate=section.guidance_inadequate,
            )
            for section in AuditSection.objects.filter(template=template).order_by("order")
        )
    return copy
