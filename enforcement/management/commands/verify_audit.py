"""Verify the audit trail: the hash chain link by link, then the chain's length and head against the
anchors written outside the database (enforcement.audit_anchor). Exit status 0 when both hold; 1
naming the first bad event, or the anchor the chain no longer reaches or agrees with."""

from django.core.management.base import BaseCommand, CommandError

from enforcement.audit import audit_seal_pending, audit_verify
from enforcement.audit_anchor import audit_anchor_check, parse_anchor_argument


def _anchor(value: str):
    try:
        return parse_anchor_argument(value)
    except ValueError as exc:
        raise CommandError(f"--anchor {value!r}: {exc}") from exc


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain and check it against the anchors of its head (exit 0 "
        "when intact, 1 naming the first bad event or the missing tail)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seal", action="store_true", help="seal pending events before verifying")
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="also check against this anchor (e.g. from an 'audit anchor' log line); repeatable",
        )

    def handle(self, *args, seal=False, anchor=(), **options):
        extra = [_anchor(value) for value in anchor]
        if seal:
            audit_seal_pending()
        result = audit_verify()
        check = audit_anchor_check(extra=extra)
        if result.ok and check.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"audit chain intact: {result.checked} sealed events verified, {result.unsealed} awaiting sealing"
                )
            )
        elif result.ok:
            self.stdout.write(
                f"audit chain links hold: {result.checked} sealed events verified, {result.unsealed} "
                f"awaiting sealing; but the chain does not match its anchors:"
            )
        else:
            self.stderr.write(
                self.style.ERROR(
                    f"audit chain BROKEN at event {result.first_bad_event_id} (seq {result.first_bad_seq}): "
                    f"{result.reason}; {result.checked} events before it verified"
                )
            )
        for problem in check.problems:
            self.stderr.write(self.style.ERROR(f"audit chain {problem}"))
        if check.ok and check.newest is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"audit chain reaches its anchors: {check.anchors_checked} checked, the newest "
                    f"{check.newest.describe()}; head at seq {check.head_seq}"
                )
            )
        elif check.ok and check.head_seq:
            self.stderr.write(
                self.style.WARNING(
                    "audit chain has no anchor yet: a removed tail would go unnoticed (beat writes "
                    "one every AUDIT_ANCHOR_INTERVAL seconds)"
                )
            )
        if not (result.ok and check.ok):
            raise SystemExit(1)
