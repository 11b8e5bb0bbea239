import pytest

from tests.factories import AuditFactory, AuditTemplateFactory, CaseActionFactory


@pytest.mark.django_db
def test_factories_build_valid_audits():
    template = AuditTemplateFactory(sections=3)
    audit = AuditFactory(template=template, submitted=True)
    action = CaseActionFactory(audit=audit)
    assert template.sections.count() == 3
    assert audit.team == audit.case_file.team
    assert action.audit.status == "submitted"
