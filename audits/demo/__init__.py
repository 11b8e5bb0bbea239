"""The demo council's audits (`seed_demo`): `sync` plans and writes them, `words` holds what the
auditors and practitioners wrote. Registered with the core's demo in `AuditsConfig.ready()`."""

from .sync import DEMO_AUDIT_NAMESPACE, audit_counts, audits_sync

__all__ = ["DEMO_AUDIT_NAMESPACE", "audit_counts", "audits_sync"]
