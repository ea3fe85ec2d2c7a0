"""The shared kernel: courts, agencies, memberships and roles, the audit trail, notifications and the
task outbox, working days, rules-as-data, errors, the registries apps plug into, and the generic UI
pieces. It imports no domain app (import-linter contract in pyproject.toml)."""
