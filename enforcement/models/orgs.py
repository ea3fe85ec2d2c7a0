"""Organisations and people: courts in their hierarchy, cooperating agencies, and the one membership
that gives each user a court or an agency and a role."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enforcement.choices import AgencyKind, CourtLevel, Role


class User(AbstractUser):
    """A person who logs in. `name` is the full Chinese name (姓名); first/last names are unused."""

    name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.name or self.username

    def get_full_name(self):
        return self.name or self.username

    @property
    def membership_or_none(self) -> "Membership | None":
        try:
            return self.membership
        except Membership.DoesNotExist:
            return None


class Court(models.Model):
    """A people's court. Invariant: `path` is the chain of ids from the top court down to this one
    ("/1/4/9/"), so "this court and every court below it" is one indexed prefix query."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("court code"),
        max_length=20,
        unique=True,
        help_text=_("The court's code in case numbers, e.g. 青0102"),
    )
    level = models.CharField(_("level"), max_length=20, choices=CourtLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent court"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("court")
        verbose_name_plural = _("courts")
        ordering = ["path"]

    def __str__(self):
        return self.name

    @transaction.atomic
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        new_path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        if new_path != self.path:
            old_path = self.path
            Court.objects.filter(pk=self.pk).update(path=new_path)
            self.path = new_path
            if old_path:  # moved: re-root every court below it
                for child in Court.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    Court.objects.filter(pk=child.pk).update(path=new_path + child.path[len(old_path) :])

    def clean(self):
        if self.parent_id is None:
            return
        if self.pk and (self.parent_id == self.pk or self.parent.path.startswith(self.path or "\0")):
            raise ValidationError({"parent": _("A court cannot be placed below itself.")})
        if self.level and CourtLevel.rank(self.parent.level) >= CourtLevel.rank(self.level):
            raise ValidationError({"parent": _("The parent court must be of a higher level.")})

    def subtree(self):
        """This court and every court below it."""
        return Court.objects.filter(path__startswith=self.path)


class Agency(models.Model):
    """A cooperating agency (协助执行单位) that answers assistance notices."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """Gives a user exactly one court or one agency, and one role. Liaison officers belong to an
    agency; every other role belongs to a court."""

    user = models.OneToOneField(
        "enforcement.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    court = models.ForeignKey(
        Court,
        verbose_name=_("court"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_court_xor_agency_by_role",
                condition=(
                    Q(role=Role.LIAISON, agency__isnull=False, court__isnull=True)
                    | (~Q(role=Role.LIAISON) & Q(court__isnull=False, agency__isnull=True))
                ),
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.court or self.agency}"

    def clean(self):
        if self.role == Role.LIAISON:
            if not self.agency_id or self.court_id:
                raise ValidationError({"agency": _("A liaison officer belongs to one agency and no court.")})
        elif self.role and (not self.court_id or self.agency_id):
            raise ValidationError({"court": _("This role belongs to one court and no agency.")})

    @property
    def organisation(self):
        return self.court or self.agency
