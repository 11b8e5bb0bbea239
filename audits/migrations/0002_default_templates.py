"""The default audit templates every council starts with: a graded case file audit covering the
standard areas of practice, and an ungraded minimum standards checklist. A QA lead edits them in
the admin (a template in use gets a new version instead)."""

from django.db import migrations

CASE_FILE_AUDIT = {
    "name": "Case file audit",
    "is_graded": True,
    "description": (
        "The standard case file audit. Grade each area on Ofsted's four-point scale with the "
        "evidence you found, then give the overall grade, what is working well, what needs to "
        "improve and the actions for the worker and manager."
    ),
    "sections": [
        {
            "title": "Assessment quality and analysis",
            "question": (
                "Is there an up-to-date assessment that analyses the child's history, the risks "
                "and the strengths in the family, and says what they mean for the child?"
            ),
            "guidance_outstanding": (
                "The assessment is current, written with the family and draws on every agency's "
                "information. History, risk and protective factors are analysed rather than "
                "listed, and the analysis leads clearly to the plan; identity, culture and any "
                "disability are understood."
            ),
            "guidance_good": (
                "The assessment is up to date and proportionate, with the child seen and "
                "partners consulted. It analyses the most important risks and strengths, and "
                "its recommendations follow from that analysis."
            ),
            "guidance_requires_improvement": (
                "An assessment is on file but it describes more than it analyses, or it has not "
                "been updated after a significant change. History or the views of a parent or "
                "agency are missing, so the reasons for the plan are unclear."
            ),
            "guidance_inadequate": (
                "There is no assessment, or it is so out of date or superficial that the risks "
                "to the child are not understood. Concerns are missed or minimised, leaving the "
                "child at risk of harm."
            ),
        },
        {
            "title": "Planning",
            "question": (
                "Does the child have a SMART plan (specific, measurable, achievable, realistic, "
                "timely) that is reviewed on time, with care and permanence planning where "
                "needed?"
            ),
            "guidance_outstanding": (
                "The plan is SMART, written in words the family understands, and the child and "
                "family helped to write it. Progress is measured at every review, and "
                "contingency and permanence planning is timely and purposeful."
            ),
            "guidance_good": (
                "The plan addresses the needs found in the assessment, with clear actions, "
                "owners and timescales. Reviews happen on time, the plan changes when things "
                "change, and permanence is considered at the right points."
            ),
            "guidance_requires_improvement": (
                "A plan exists but its actions are vague ('monitor', 'support') or lack owners "
                "and timescales, or it was not updated after the last review. Outcomes are not "
                "measured and the contingency plan is unclear, so drift is starting to show."
            ),
            "guidance_inadequate": (
                "There is no plan, or it does not address the risks to the child. Reviews are "
                "missed, drift and delay are evident, and for a child in care permanence is not "
                "being planned."
            ),
        },
        {
            "title": "The voice and lived experience of the child",
            "question": (
                "Is the child seen, and seen alone where appropriate, and do their wishes, "
                "feelings and daily experience shape the work, through direct work and their "
                "own version of the plan?"
            ),
            "guidance_outstanding": (
                "The child is seen regularly, and alone where appropriate, with direct work "
                "suited to their age and way of communicating. Their own words are recorded, "
                "their daily life is vividly described and visibly shapes decisions, and they "
                "have their own version of the plan."
            ),
            "guidance_good": (
                "The child is seen in line with their plan, and their views are recorded and "
                "weighed in decisions. The file gives a clear sense of what life is like for "
                "the child."
            ),
            "guidance_requires_improvement": (
                "The child is seen but visits are not always purposeful, and their views are "
                "recorded inconsistently or only through their parents. It is hard to tell from "
                "the file what daily life is like for the child."
            ),
            "guidance_inadequate": (
                "The child is not seen, or not seen alone when they should be, and their views "
                "are absent from the file. Their experience is not understood and does not "
                "inform decisions about their safety."
            ),
        },
        {
            "title": "Management oversight and supervision",
            "question": (
                "Is there regular, reflective supervision and clear management direction "
                "recorded on the child's file, and does it move the work forward?"
            ),
            "guidance_outstanding": (
                "Supervision is regular, reflective and recorded on the child's file; managers "
                "challenge, test hypotheses and set actions that are followed up. Decisions at "
                "key points are explained and lead to timely progress."
            ),
            "guidance_good": (
                "Supervision happens in line with policy and is recorded on the file with "
                "actions and timescales. Key decisions are signed off by a manager with their "
                "reasons."
            ),
            "guidance_requires_improvement": (
                "Supervision is irregular or task-focused, and actions are carried forward "
                "without being completed. Management oversight is visible at some decision "
                "points but not at others."
            ),
            "guidance_inadequate": (
                "There is little or no evidence of supervision or management oversight, or "
                "managers have not acted on clear risks. Drift and unsafe decisions go "
                "unchallenged."
            ),
        },
        {
            "title": "Multi-agency working",
            "question": (
                "Are partner agencies (schools, health, police and others) involved, sharing "
                "information and contributing to the plan?"
            ),
            "guidance_outstanding": (
                "Partners share information promptly, attend meetings and own clear actions in "
                "the plan. Professional disagreement is raised and resolved, and working "
                "together makes a measurable difference for the child."
            ),
            "guidance_good": (
                "The right agencies are involved, attend core groups and reviews, and share what "
                "they know. Their contributions are recorded and reflected in the plan."
            ),
            "guidance_requires_improvement": (
                "Some agencies are involved but information sharing is patchy, attendance at "
                "meetings is inconsistent or partners' actions are not followed up. An "
                "important agency may be missing."
            ),
            "guidance_inadequate": (
                "Agencies are not working together: information about risk is not shared or "
                "acted on, or key partners are not involved at all, leaving the child "
                "unprotected."
            ),
        },
        {
            "title": "Recording",
            "question": (
                "Is the record up to date, with a chronology of significant events and a case "
                "summary that a new worker could rely on?"
            ),
            "guidance_outstanding": (
                "Recording is timely, concise and analytical, written to the child so that they "
                "could understand it if they read their file later. The chronology is current "
                "and used in the analysis, and the case summary tells the child's story clearly."
            ),
            "guidance_good": (
                "Case notes are up to date and purposeful. There is a current chronology of "
                "significant events and a case summary that reflects the child's circumstances."
            ),
            "guidance_requires_improvement": (
                "Recording is behind or hard to follow; the chronology is incomplete or out of "
                "date, or there is no current case summary. A new worker would struggle to "
                "understand the case quickly."
            ),
            "guidance_inadequate": (
                "Recording is significantly out of date or missing, with no chronology or "
                "summary, so significant events and risks cannot be found from the file."
            ),
        },
        {
            "title": "Impact and outcomes",
            "question": (
                "Is the child's situation improving because of our involvement, and can the file "
                "show it?"
            ),
            "guidance_outstanding": (
                "There is clear, evidenced improvement in the child's safety, well-being and "
                "outcomes that can be traced to the work done. Progress is sustained, and the "
                "child and family can say what difference it has made."
            ),
            "guidance_good": (
                "The child's circumstances are improving or they are being kept safe, and the "
                "file shows how the work contributed. Where progress is slow, this is recognised "
                "and the plan adapted."
            ),
            "guidance_requires_improvement": (
                "Some progress is evident but it is slow, not sustained or not clearly linked to "
                "the plan. The difference the work makes to the child's daily life is not yet "
                "clear."
            ),
            "guidance_inadequate": (
                "The child's circumstances have not improved or have got worse, and this has not "
                "been recognised or acted on. The child remains at risk of harm or their needs "
                "remain unmet."
            ),
        },
    ],
}

MINIMUM_STANDARDS = {
    "name": "Minimum standards",
    "is_graded": False,
    "description": (
        "A checklist of the council's minimum practice standards. Each item is met or not met, "
        "with a note of what was found; the file is not graded."
    ),
    "sections": [
        {
            "title": "Visits within timescales",
            "question": (
                "Has the child been visited within the timescales their plan and the practice "
                "standards set (for example every 10 working days on a child protection plan, "
                "at least every six weeks for a child in care)?"
            ),
        },
        {
            "title": "Up-to-date assessment",
            "question": (
                "Has an assessment been completed or updated in the last 12 months, and since "
                "the last significant change in the child's circumstances?"
            ),
        },
        {
            "title": "Plan on file",
            "question": (
                "Is there a current plan on file (child in need, child protection, care or "
                "pathway plan), reviewed within timescales?"
            ),
        },
        {
            "title": "Chronology",
            "question": "Is there a chronology of significant events, updated in the last three months?",
        },
        {
            "title": "Case summary",
            "question": "Is there a case summary that reflects the child's current circumstances?",
        },
        {
            "title": "Supervision recorded",
            "question": (
                "Is case supervision recorded on the child's file in line with the supervision "
                "policy, with actions and timescales?"
            ),
        },
        {
            "title": "Child seen alone",
            "question": (
                "Was the child seen alone at the last visit where their age and understanding "
                "allow, and is it recorded (or the reason why not)?"
            ),
        },
        {
            "title": "Management decisions recorded",
            "question": (
                "Are management decisions at key points (strategy discussions, stepping up or "
                "down, a change of plan) recorded on the file with their reasons?"
            ),
        },
    ],
}

TEMPLATES = (CASE_FILE_AUDIT, MINIMUM_STANDARDS)
VERSION = 1


def create_templates(apps, schema_editor):
    AuditTemplate = apps.get_model("audits", "AuditTemplate")
    AuditSection = apps.get_model("audits", "AuditSection")
    for spec in TEMPLATES:
        if AuditTemplate.objects.filter(name=spec["name"]).exists():
            continue  # a council already set up its own: leave it be
        template = AuditTemplate.objects.create(
            name=spec["name"],
            version=VERSION,
            is_current=True,
            is_graded=spec["is_graded"],
            description=spec["description"],
        )
        AuditSection.objects.bulk_create(
            AuditSection(template=template, order=order, is_graded=spec["is_graded"], **section)
            for order, section in enumerate(spec["sections"], start=1)
        )


def delete_templates(apps, schema_editor):
    """Delete the templates this migration made (its names, version and descriptions), unless
    audits use them: those stay on record. Later versions made in the admin are left alone."""
    AuditTemplate = apps.get_model("audits", "AuditTemplate")
    for spec in TEMPLATES:
        AuditTemplate.objects.filter(
            name=spec["name"],
            version=VERSION,
            description=spec["description"],
            audits__isnull=True,
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [migrations.RunPython(create_templates, delete_templates)]
