"""Verify the audit hash chain. Exit status 0 when intact; 1 naming the first bad event otherwise."""

from django.core.management.base import BaseCommand

from enforcement.audit import audit_seal_pending, audit_verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain (exit 0 when intact, 1 naming the first bad event)."

    def add_arguments(self, parser):
        parser.add_argument("--seal", action="store_true", help="seal pending events before verifying")

    def handle(self, *args, seal=False, **options):
        if seal:
            audit_seal_pending()
        result = audit_verify()
        if result.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"audit chain intact: {result.checked} sealed events verified, {result.unsealed} awaiting sealing"
                )
            )
            return
        self.stderr.write(
            self.style.ERROR(
                f"audit chain BROKEN at event {result.first_bad_event_id} (seq {result.first_bad_seq}): "
                f"{result.reason}; {result.checked} events before it verified"
            )
        )
        raise SystemExit(1)
