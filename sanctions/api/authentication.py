"""Authentication of the joint-punishment units: `Authorization: Unit <key>`, one key per unit
(sanctions.models.CheckUnit; only its SHA-256 is stored). The request's user is a UnitPrincipal,
never a court user: it has no membership, so nothing court-side lets it see anything, and the unit
endpoints accept nothing else."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from sanctions.models import CheckUnit

KEYWORD = "Unit"


@dataclass(frozen=True)
class UnitPrincipal:
    unit: CheckUnit
    is_authenticated: bool = field(default=True, init=False)
    is_anonymous: bool = field(default=False, init=False)
    is_active: bool = field(default=True, init=False)
    is_staff: bool = field(default=False, init=False)
    is_superuser: bool = field(default=False, init=False)
    pk: None = field(default=None, init=False)
    membership_or_none: None = field(default=None, init=False)

    def __str__(self):
        return str(self.unit)


class UnitKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The key is written: Authorization: Unit <key>."))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("The key contains invalid characters.")) from None
        unit = CheckUnit.objects.authenticate(key)
        if unit is None:
            raise exceptions.AuthenticationFailed(_("The key is invalid or revoked."))
        return UnitPrincipal(unit=unit), unit

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="joint-punishment"'


class IsUnit(permissions.BasePermission):
    message = gettext_lazy("Only joint-punishment units, with their API key.")

    def has_permission(self, request, view):
        return isinstance(request.user, UnitPrincipal)


class UnitKeyScheme(OpenApiAuthenticationExtension):
    target_class = UnitKeyAuthentication
    name = "unitKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A joint-punishment unit's key, written `Authorization: Unit <key>`.",
        }
