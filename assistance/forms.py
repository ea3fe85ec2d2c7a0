"""Forms of the liaison portal: the answer to a 协助执行通知书, shaped by what the notice asks
(assistance.agency_side.answer_layout). They check shape only (lengths, amounts, dates); every rule
(what a query answer creates, statutory terms, a review suggestion's reason, answering once) stays in
assistance.services.notice_answer, whose field errors (`data.items[1].identifier`, `data.to`,
`note`) `NoticeAnswer.put_back` shows next to the matching field."""

import re

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assistance.agency_side import (
    AMOUNT_ACTIONS,
    DEDUCT,
    ITEMS,
    LIFT,
    MEASURE,
    RENEW,
    TEXT,
    ItemLabels,
    answer_layout,
    item_labels,
)
from assistance.choices import AnswerResult
from assistance.choices import NoticeAction as A
from cases.forms import MoneyField, date_field

RESULT_CHOICES = AnswerResult.choices  # one label per result, the same on every page and in the API
ITEM_KEY = re.compile(r"^data\.items\[(\d+)\](?:\.(\w+))?$")


def money(**kwargs) -> MoneyField:
    """Yuan, typed as people write it (`30,000.00`, `¥1234.5`): a text box, not a number box."""
    return MoneyField(widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}), **kwargs)


class AnswerForm(forms.Form):
    result = forms.ChoiceField(
        label=gettext_lazy("Result"),
        choices=RESULT_CHOICES,
        initial=AnswerResult.DONE,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Please choose a result."),
            "invalid_choice": gettext_lazy("Please choose a result."),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("A review suggestion needs its reason here."),
    )
    # An answer is final (assistance.services.notice_answer records it once): the officer confirms
    # it, and the server refuses an answer without the confirmation whatever the browser did.
    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked this answer; once submitted it cannot be changed or withdrawn."),
        required=True,
        error_messages={
            "required": gettext_lazy(
                "Please confirm the answer: once submitted it cannot be changed or withdrawn."
            )
        },
    )


# --- query answers: a repeatable list of what was found -------------------------------------------
class ItemForm(forms.Form):
    identifier = forms.CharField(max_length=100, required=False)
    description = forms.CharField(max_length=200, required=False)
    value = money(required=False)

    def __init__(self, *args, labels: ItemLabels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["identifier"].label = labels.identifier
        self.fields["description"].label = labels.description
        if labels.value is None:
            del self.fields["value"]
        else:
            self.fields["value"].label = labels.value

    def item(self) -> dict:
        data = self.cleaned_data
        item = {"identifier": data.get("identifier", ""), "description": data.get("description", "")}
        if data.get("value") is not None:
            item["value"] = str(data["value"])
        return item


class BaseItemFormSet(BaseFormSet):
    def filled_forms(self) -> list[ItemForm]:
        """The rows the officer filled in, in order; blank rows are ignored."""
        return [f for f in self.forms if f.has_changed()]


ItemFormSet = formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=3, max_num=200, validate_max=True, absolute_max=250
)


# --- the other answers ----------------------------------------------------------------------------
class DataForm(forms.Form):
    """One answer's data. KEYS maps a form field to its key in the service's `data`."""

    KEYS: dict[str, str] = {}

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice

    def service_data(self) -> dict:
        out = {}
        for name, key in self.KEYS.items():
            value = self.cleaned_data.get(name)
            if value in (None, "", False):
                continue
            out[key] = str(value) if name == "amount" else value
        return out

    def field_for(self, key: str) -> str | None:
        names = {key_: name for name, key_ in self.KEYS.items()}
        name = names.get(key)
        return name if name in self.fields else None


class MeasureAnswerForm(DataForm):
    """查封、预查封、轮候查封、冻结、轮候冻结、股权冻结、扣押."""

    KEYS = {"amount": "amount", "start": "from", "end": "to", "queued": "queued"}

    amount = money(
        label=gettext_lazy("Amount actually frozen (yuan)"),
        required=False,
        help_text=gettext_lazy("Left empty: the amount on the notice."),
    )
    start = date_field(
        gettext_lazy("Start date"), required=False, help_text=gettext_lazy("Left empty: today.")
    )
    end = date_field(
        gettext_lazy("End date"),
        required=False,
        help_text=gettext_lazy("Left empty: the longest term the law allows."),
    )
    queued = forms.BooleanField(
        label=gettext_lazy("Queued (another seal/freeze comes first)"), required=False
    )

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, notice=notice, **kwargs)
        if notice.action not in AMOUNT_ACTIONS:
            del self.fields["amount"]
        if notice.action in (A.QUEUED_FREEZE, A.QUEUED_SEAL):
            self.fields["queued"].initial = True
            self.fields["queued"].help_text = _(
                "This notice is a queued measure: it takes effect once the earlier measure is lifted."
            )


class DeductAnswerForm(DataForm):
    KEYS = {"amount": "amount", "start": "from"}

    amount = money(
        label=gettext_lazy("Amount actually deducted (yuan)"),
        required=False,
        help_text=gettext_lazy("Left empty: the amount on the notice."),
    )
    start = date_field(
        gettext_lazy("Deduction date"), required=False, help_text=gettext_lazy("Left empty: today.")
    )


class LiftAnswerForm(DataForm):
    KEYS = {"lifted_on": "lifted_on"}

    lifted_on = date_field(
        gettext_lazy("Lifting date"), required=False, help_text=gettext_lazy("Left empty: today.")
    )


class RenewAnswerForm(DataForm):
    KEYS = {"end": "to"}

    end = date_field(
        gettext_lazy("Renewal end date"),
        required=False,
        help_text=gettext_lazy("Left empty: the longest term the law allows."),
    )


class TextAnswerForm(DataForm):
    KEYS = {"text": "text"}

    text = forms.CharField(
        label=gettext_lazy("Answer text"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, notice=notice, **kwargs)
        if notice.action == A.QUERY:
            self.fields["text"].help_text = _(
                "What the query found (taxes, insurance, tax refund accounts…); leave empty if nothing."
            )


DATA_FORMS = {
    MEASURE: MeasureAnswerForm,
    DEDUCT: DeductAnswerForm,
    LIFT: LiftAnswerForm,
    RENEW: RenewAnswerForm,
    TEXT: TextAnswerForm,
}


class NoticeAnswer:
    """The whole answer form of one notice: the result and note, and the data its layout asks for
    (the items formset of a query, or one DataForm). `put_back` places a service's field errors."""

    def __init__(self, notice, data=None):
        self.notice = notice
        self.layout = answer_layout(notice)
        self.labels = item_labels(notice)
        self.form = AnswerForm(data)
        self.items = None
        self.data_form = None
        if self.layout == ITEMS:
            self.items = ItemFormSet(
                data,
                prefix="items",
                form_kwargs={"labels": self.labels},
                error_messages={
                    "missing_management_form": _(
                        "The form data is incomplete; please reload the page and fill it in again."
                    ),
                    "too_many_forms": _("At most 200 items per answer."),
                },
            )
        else:
            self.data_form = DATA_FORMS[self.layout](data, notice=notice, prefix="data")
        self.errors: list[str] = []  # errors that belong to no single field
        self._slots: list[ItemForm] = []

    def is_valid(self) -> bool:
        form_ok = self.form.is_valid()
        if form_ok and self.form.cleaned_data["result"] == AnswerResult.REVIEW_SUGGESTION:
            return True  # the measure stands as asked: the data is not used
        data_ok = self.items.is_valid() if self.items is not None else self.data_form.is_valid()
        return form_ok and data_ok

    def service_args(self) -> tuple[str, dict, str]:
        """(result, data, note) of a valid form, for assistance.services.notice_answer."""
        result = self.form.cleaned_data["result"]
        note = self.form.cleaned_data.get("note", "")
        if result == AnswerResult.REVIEW_SUGGESTION:
            return result, {}, note
        if self.items is not None:
            self._slots = self.items.filled_forms()
            return result, {"items": [f.item() for f in self._slots]}, note
        return result, self.data_form.service_data(), note

    def put_back(self, exc) -> None:
        """Each of the service's field errors next to its field; the rest above the form."""
        for key, messages in exc.fields.items():
            messages = [str(m) for m in (messages if isinstance(messages, list | tuple) else [messages])]
            if key in self.form.fields:
                self.form.add_error(key, messages)
                continue
            match = ITEM_KEY.match(key)
            if match and self.items is not None:
                index, field = int(match.group(1)), match.group(2)
                slot = self._slots[index] if index < len(self._slots) else None
                if slot is not None:
                    slot.add_error(field if field in slot.fields else None, messages)
                    continue
            if key.startswith("data.") and self.data_form is not None:
                name = self.data_form.field_for(key.removeprefix("data."))
                if name:
                    self.data_form.add_error(name, messages)
                    continue
            self.errors.extend(messages)
        if not exc.fields:
            self.errors.append(exc.message)

    @property
    def data_errors(self) -> bool:
        if self.items is not None:
            return bool(self.items.non_form_errors()) or any(f.errors for f in self.items.forms)
        return bool(self.data_form.errors)
