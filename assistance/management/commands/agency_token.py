"""Issue an API token for a cooperating agency: `manage.py agency_token <agency id> --name "..."`.
The key is printed once; only its SHA-256 is stored (assistance.models.AgencyToken)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assistance import events
from assistance.models import AgencyToken
from enforcement.audit import audit_record
from enforcement.models import Agency


class Command(BaseCommand):
    help = "Issue an agency API token and print its key once (it cannot be shown again)."

    def add_arguments(self, parser):
        parser.add_argument("agency_id", type=int, help="id of the agency (协助执行单位)")
        parser.add_argument("--name", required=True, help="what the token is for, e.g. 核心系统对接")

    def handle(self, *args, agency_id: int, name: str, **options):
        name = name.strip()
        if not name:
            raise CommandError("--name must not be empty.")
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None:
            raise CommandError(f"No agency with id {agency_id}.")
        if not agency.is_active:
            raise CommandError(f"Agency {agency_id} ({agency.name}) is inactive.")
        with transaction.atomic():
            token, key = AgencyToken.issue(agency=agency, name=name[:100])
            audit_record(
                actor=None,
                action=events.AGENCY_TOKEN_ISSUED,
                obj=token,
                summary=f"签发协助执行单位API令牌：{agency.name}（{token.name}，{token.prefix}…）",
                data={"agency_id": agency.pk, "via": "manage.py agency_token"},
            )
        self.stdout.write(f"Agency: {agency.name} (id {agency.pk})")
        self.stdout.write(f"Token:  {token.name} (id {token.pk}, prefix {token.prefix})")
        self.stdout.write(self.style.WARNING("Key (shown once; store it now, it cannot be shown again):"))
        self.stdout.write(key)
        self.stdout.write("Send it as the header:  Authorization: Agency <key>")
