"""Choices of the shared kernel (TextChoices, Chinese labels through gettext)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourtLevel(models.TextChoices):
    SUPREME = "supreme", _("Supreme People's Court")
    HIGH = "high", _("High people's court")
    INTERMEDIATE = "intermediate", _("Intermediate people's court")
    BASIC = "basic", _("Basic people's court")

    @classmethod
    def rank(cls, level: str) -> int:
        """Smaller is higher in the hierarchy."""
        return [c.value for c in cls].index(level)


class AgencyKind(models.TextChoices):
    """Cooperating agencies (协助执行单位) the 执行联动 rules name."""

    POLICE = "police", _("Public security")
    EXIT_ADMINISTRATION = "exit_admin", _("Exit and entry administration")
    NATURAL_RESOURCES = "natural_resources", _("Natural resources / real-estate registry")
    BANK = "bank", _("Bank")
    TAX = "tax", _("Tax")
    MARKET_REGULATION = "market_regulation", _("Market regulation")
    HOUSING_FUND = "housing_fund", _("Housing provident fund")
    SOCIAL_SECURITY = "social_security", _("Human resources and social security")
    SECURITIES = "securities", _("Securities registration and clearing")
    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs")
    DEVELOPMENT_REFORM = "development_reform", _("Development and reform")
    INSURANCE = "insurance", _("Insurance")
    OTHER = "other", _("Other agency")


class Role(models.TextChoices):
    CLERK = "clerk", _("Clerk")
    JUDGE = "judge", _("Enforcement judge")
    HEAD = "head", _("Division head")
    FINANCE = "finance", _("Finance officer")
    LIAISON = "liaison", _("Agency liaison officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("System administrator")

    @classmethod
    def court_roles(cls) -> list[str]:
        return [r.value for r in cls if r != cls.LIAISON]
