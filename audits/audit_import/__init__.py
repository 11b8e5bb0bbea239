"""Import historical audits from a council's spreadsheet (a CSV file in UTF-8 with a header row).

Every row is checked before anything is written: one bad row writes nothing, and every bad row
is reported as "line N: reason" (the header is line 1). A row matching a submitted audit already
stored (same case file, audit type, day and auditor) is skipped, so importing a file twice adds
nothing. With create_missing, unknown services, teams, people, case files, practice weeks and
themes are created; without it they are errors. Imported audits (source "import") e-mail
nobody and ask nobody to acknowledge them: they are history. The practitioner is the one the
row names, or nobody.
"""

from .rows import IMPORT_COLUMNS_HELP
from .service import audits_import

__all__ = ["IMPORT_COLUMNS_HELP", "audits_import"]
