"""Authentication of the agency API: `Authorization: Agency <key>`, one key per agency
(assistance.models.AgencyToken; only its SHA-256 is stored). The request's user is an
AgencyPrincipal, never a court user: it has no membership, so nothing court-side
(enforcement.access) lets it see anything; and the agency endpoints accept nothing else, so a court
user's session or token is refused there."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from assistance.models import AgencyToken

KEYWORD = "Agency"
TOUCH_EVERY = dt.timedelta(minutes=1)  # last_used_at is written at most once a minute per token


@dataclass(frozen=True)
class AgencyPrincipal:
    """Who calls the agency API: an agency, through one of its tokens."""

    agency: object
    token: AgencyToken
    is_authenticated: bool = field(default=True, init=False)
    is_anonymous: bool = field(default=False, init=False)
    is_active: bool = field(default=True, init=False)
    is_staff: bool = field(default=False, init=False)
    is_superuser: bool = field(default=False, init=False)
    pk: None = field(default=None, init=False)  # not a User: nothing may take it for one
    membership_or_none: None = field(default=None, init=False)

    def __str__(self):
        return _("%(agency)s (API token %(prefix)s…)") % {"agency": self.agency, "prefix": self.token.prefix}


class AgencyTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The token is written: Authorization: Agency <token>."))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("The token contains invalid characters.")) from None
        token = AgencyToken.objects.authenticate(key)
        if token is None or not token.agency.is_active:
            raise exceptions.AuthenticationFailed(_("The token is invalid or revoked."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
            AgencyToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return AgencyPrincipal(agency=token.agency, token=token), token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="agency-api"'


class IsAgency(permissions.BasePermission):
    """Only an agency (through its token) may call the agency endpoints."""

    message = gettext_lazy("Only assisting agencies, with their API token.")

    def has_permission(self, request, view):
        return isinstance(request.user, AgencyPrincipal)


class AgencyTokenScheme(OpenApiAuthenticationExtension):
    target_class = AgencyTokenAuthentication
    name = "agencyToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _(
                "An assisting agency's API token, written `Authorization: Agency <token>`. Administrators issue tokens in the admin or with `manage.py agency_token`; a token is shown once."
            ),
        }
