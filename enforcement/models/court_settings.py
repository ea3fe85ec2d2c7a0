"""What a court prints on its documents that is the court's own, not the law's: its case-money
account (执行款专户) and the local document on joint enforcement with the agencies (联动机制文件),
which the assistance notice cites among its legal bases. One row per court; a court without a row
prints neither."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourtSetting(models.Model):
    court = models.OneToOneField(
        "enforcement.Court", verbose_name=_("court"), on_delete=models.CASCADE, related_name="setting"
    )
    case_money_account_name = models.CharField(_("case-money account: holder"), max_length=100, blank=True)
    case_money_account_bank = models.CharField(_("case-money account: bank"), max_length=100, blank=True)
    case_money_account_number = models.CharField(_("case-money account: number"), max_length=40, blank=True)
    joint_mechanism_document = models.CharField(
        _("joint enforcement mechanism document"),
        max_length=200,
        blank=True,
        help_text=_("The local document on joint enforcement the court's assistance notices cite, in full."),
    )

    class Meta:
        verbose_name = _("court setting")
        verbose_name_plural = _("court settings")

    def __str__(self):
        return str(self.court)

    @property
    def has_account(self) -> bool:
        return bool(self.case_money_account_name and self.case_money_account_number)


def court_setting(court) -> CourtSetting | None:
    try:
        return court.setting
    except CourtSetting.DoesNotExist:
        return None
