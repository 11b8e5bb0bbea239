"""Pages of the reports app: thin views over reports.selectors and reports.services.

drafting: the QA lead's pages (list, new reports, the report page, the narrative, the preview)
builds:   Build PDF, its progress (JSON), publishing a version
reading:  the published list, a version, its PDF and its tables (open to the scrutiny panel)
"""
