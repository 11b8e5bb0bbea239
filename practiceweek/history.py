"""The change history of a submitted audit or observation: one rule for its "what changed"
label, which both apps' history tables hold in a column of LABEL_MAX_LENGTH characters."""

LABEL_MAX_LENGTH = 120  # AuditChange.field and ObservationChange.field
ELLIPSIS = "…"


def label(text: str, max_length: int = LABEL_MAX_LENGTH) -> str:
    """What changed, in words, cut to fit its column with an ellipsis (a long section title
    would otherwise break the save on PostgreSQL, which enforces the length)."""
    if len(text) <= max_length:
        return text
    return text[: max_length - len(ELLIPSIS)].rstrip() + ELLIPSIS
