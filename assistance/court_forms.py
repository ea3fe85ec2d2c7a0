"""Forms of the court's assistance pages (财产查控). They check shape only: that a choice is one of
those offered, that an amount is money, that a date is a date. Every rule (which agency does what,
the over-seizure guard, who may sign) stays in assistance.services; the views put the service's
field errors back on these forms."""

import datetime as dt
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assets.choices import AssetKind, AssetSource
from assistance.choices import NoticeAction
from cases.forms import MoneyField, date_field
from enforcement.choices import AgencyKind

# Largest primary key a database integer column holds: anything bigger is garbage, not an id.
MAX_ID = 2**63 - 1
# One batch network query covers at most this many respondents (the page offers one page at a time).
MAX_RESPONDENTS = 2000
# Service error keys that name a form field differently.
FIELD_ALIASES = {"payload.amount": "amount", "payload.transferee": "transferee", "respondents": "respondents"}


def agency_choices(agencies, *, blank: str) -> list:
    """Active agencies grouped by kind (<optgroup>), in the order of AgencyKind."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for agency in agencies:
        groups.setdefault(agency.kind, []).append((agency.pk, agency.name))
    labels = dict(AgencyKind.choices)
    ordered = [(str(labels[k]), groups[k]) for k in AgencyKind.values if k in groups]
    return [("", blank), *ordered]


def put_errors(form: forms.Form, fields: dict) -> None:
    """A service's InvalidInput.fields onto the form: next to the field it names when the form has
    it, else at the top of the form."""
    for key, messages in fields.items():
        name = FIELD_ALIASES.get(key, key)
        for message in messages if isinstance(messages, list | tuple) else [messages]:
            form.add_error(name if name in form.fields else None, str(message))


class IdListField(forms.Field):
    """Checkbox values that must be positive integer ids (the service checks they are the user's)."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, max_items: int = MAX_RESPONDENTS, **kwargs):
        self.max_items = max_items
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        ids = []
        for item in value:
            text = str(item).strip()
            if not text.isdecimal() or not 0 < int(text) <= MAX_ID:
                raise forms.ValidationError(
                    _("Invalid respondent selection; please reload the page and choose again.")
                )
            ids.append(int(text))
        if len(set(ids)) > self.max_items:
            raise forms.ValidationError(
                _("Choose at most %(max)s respondents at a time.") % {"max": self.max_items}
            )
        return sorted(set(ids))


def new_request_key() -> str:
    """A fresh token for a form that starts something once: sent twice, the same token finds what
    the first send started (assistance.services.network_query_start)."""
    return uuid.uuid4().hex


class RespondentSelectionForm(forms.Form):
    """网络查控: which respondents to query, and the form's token (see new_request_key)."""

    respondents = IdListField(
        label=gettext_lazy("Respondent"),
        required=True,
        error_messages={"required": gettext_lazy("Please choose a respondent.")},
    )
    request_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class NoticeDraftForm(forms.Form):
    """制作协助执行通知书. The action list is filtered by the chosen agency in the browser
    (static/js/assistance.js, from the map the page renders); the service checks it again."""

    agency = forms.TypedChoiceField(label=gettext_lazy("Assisting agency"), coerce=int)
    action = forms.ChoiceField(
        label=gettext_lazy("Requested action"),
        choices=[("", gettext_lazy("Choose the requested action")), *NoticeAction.choices],
    )
    respondent = forms.TypedChoiceField(
        label=gettext_lazy("Respondent"), coerce=int, required=False, empty_value=None
    )
    asset = forms.TypedChoiceField(
        label=gettext_lazy("Asset"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=gettext_lazy("Sealing, seizing, freezing and deducting need an asset."),
    )
    measure = forms.TypedChoiceField(
        label=gettext_lazy("Measure to lift or renew"), coerce=int, required=False, empty_value=None
    )
    amount = MoneyField(
        label=gettext_lazy("Amount (yuan)"),
        required=False,
        help_text=gettext_lazy(
            "The limit of a freeze or deduction; the value of a sealed or seized asset. Left empty: the asset's estimated value."
        ),
    )
    transferee = forms.CharField(label=gettext_lazy("Transferee"), required=False, max_length=200)
    over_limit_reason = forms.CharField(
        label=gettext_lazy("Reason for controlling more than owed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "When the controlled value exceeds the amount owed, give a reason; the head of enforcement approves."
        ),
    )

    def __init__(self, *args, agencies, respondents, assets, measures, **kwargs):
        kwargs.setdefault("auto_id", "id_notice_%s")
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agency_choices(agencies, blank=_("Choose the assisting agency"))
        self.fields["respondent"].choices = [
            ("", _("(not specified)")),
            *((p.pk, p.name) for p in respondents),
        ]
        self.fields["asset"].choices = [
            ("", _("(not specified)")),
            *((a.pk, _asset_label(a)) for a in assets),
        ]
        self.fields["measure"].choices = [
            ("", _("(not specified)")),
            *(
                (
                    m.pk,
                    _("%(kind)s: %(asset)s (%(status)s)")
                    % {"kind": m.get_kind_display(), "asset": m.asset, "status": m.get_status_display()},
                )
                for m in measures
            ),
        ]

    @property
    def show_over_limit(self) -> bool:
        """The reason field is shown once it is needed: the service asked for it, or it was filled."""
        return bool(self.errors.get("over_limit_reason")) or bool(
            self.is_bound and (self.data.get("over_limit_reason") or "").strip()
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        payload = {}
        if data.get("amount") is not None:
            payload["amount"] = str(data["amount"])
        if (data.get("transferee") or "").strip():
            payload["transferee"] = data["transferee"].strip()
        return {
            "agency_id": data["agency"],
            "action": data["action"],
            "respondent_id": data.get("respondent"),
            "asset_id": data.get("asset"),
            "measure_id": data.get("measure"),
            "payload": payload,
            "over_limit_reason": data.get("over_limit_reason") or "",
        }


def _asset_label(asset) -> str:
    holder = _(", %(agency)s") % {"agency": asset.holder_agency.name} if asset.holder_agency_id else ""
    return _("%(asset)s (%(description)s%(holder)s)") % {
        "asset": asset,
        "description": asset.description,
        "holder": holder,
    }


class AssetForm(forms.Form):
    """登记财产 found otherwise than by a notice (assets.services.asset_record)."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Asset kind"), choices=[("", gettext_lazy("Please choose")), *AssetKind.choices]
    )
    description = forms.CharField(
        label=gettext_lazy("Asset description"),
        max_length=200,
        help_text=gettext_lazy("e.g. a current savings account, a flat."),
    )
    identifier = forms.CharField(
        label=gettext_lazy("Account, title or plate number"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Identifies the same asset across cases and orders queued seals and freezes."),
    )
    holder_agency = forms.TypedChoiceField(
        label=gettext_lazy("Assisting agency (where the asset is held)"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    estimated_value = MoneyField(label=gettext_lazy("Estimated value (yuan)"), required=False)
    source = forms.ChoiceField(
        label=gettext_lazy("Source of the asset lead"),
        choices=[
            ("", gettext_lazy("Please choose")),
            *((v, label) for v, label in AssetSource.choices if v != AssetSource.NETWORK_QUERY),
        ],
    )
    owner = forms.TypedChoiceField(
        label=gettext_lazy("Owner (respondent)"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, agencies, respondents, **kwargs):
        kwargs.setdefault("auto_id", "id_asset_%s")
        super().__init__(*args, **kwargs)
        self.fields["holder_agency"].choices = agency_choices(agencies, blank=_("(none)"))
        self.fields["owner"].choices = [("", _("(not specified)")), *((p.pk, p.name) for p in respondents)]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "description": data["description"],
            "identifier": data.get("identifier") or "",
            "holder_agency_id": data.get("holder_agency"),
            "estimated_value": data.get("estimated_value"),
            "source": data["source"],
            "owner_id": data.get("owner"),
        }


class LiftForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for lifting"),
        max_length=500,
        error_messages={"required": gettext_lazy("Please give the reason for lifting.")},
    )


class ScoreboardFilterForm(forms.Form):
    """The period (default: this calendar year) and the kind of agency."""

    start = date_field(gettext_lazy("Start date"), required=False)
    end = date_field(gettext_lazy("End date"), required=False)
    agency_kind = forms.ChoiceField(
        label=gettext_lazy("Agency category"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *AgencyKind.choices],
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date cannot be before the start date."))
        return data

    @staticmethod
    def defaults() -> tuple[dt.date, dt.date, str]:
        """This calendar year, every kind of agency."""
        year = timezone.localdate().year
        return dt.date(year, 1, 1), dt.date(year, 12, 31), ""

    def period(self) -> tuple[dt.date, dt.date, str]:
        """(start, end, agency kind) to report on: what was asked, a missing bound taken from the
        other one's year, and this year when the form is empty or wrong."""
        if not self.is_bound or not self.is_valid():
            return self.defaults()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start is None and end is None:
            start, end, _ = self.defaults()
        start = start or dt.date(end.year, 1, 1)
        end = end or dt.date(start.year, 12, 31)
        return start, end, data.get("agency_kind") or ""
