"""Forms of the cases pages. They check shape only (required, dates, amounts, lengths); every rule
(who may file, which judge, ID numbers, the legal representative, fees) stays in cases.services.
The one exception is the ID-number check, run here too for immediate feedback through
cases.validators, the single place that rule lives."""

import unicodedata
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone

from cases import rules
from cases.choices import BasisKind, CaseState, CaseType, PartyKind
from cases.selectors import JUDGE_ROLES, court_staff
from cases.validators import refuse_foreign_digits, validate_ric, validate_uscc
from enforcement.access import visible_courts
from enforcement.choices import Role
from enforcement.money import validate_money_bound

ID_LABELS = {PartyKind.PERSON: "身份证号码", PartyKind.ENTITY: "统一社会信用代码"}
ID_LABEL_OTHER = "统一社会信用代码"
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]


# --- choices drawn from the court's staff ----------------------------------------------------
def staff_of_courts(courts, roles) -> list[tuple[int, str]]:
    """(user id, name) choices of the active members of these courts holding one of these roles."""
    return [(u.pk, str(u)) for u in court_staff(courts, roles)]


def judge_choices(court) -> list[tuple[int, str]]:
    return staff_of_courts([court], JUDGE_ROLES)


def clerk_choices(court) -> list[tuple[int, str]]:
    return staff_of_courts([court], [Role.CLERK])


# --- fields ----------------------------------------------------------------------------------
class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"invalid": "请输入有效的日期，如2026-11-22。"},
    )


class MoneyField(forms.DecimalField):
    """Yuan with at most two places. Accepts what people type: `1,234.50`, `¥1234.5`, `1234元`,
    full-width digits."""

    def __init__(self, **kwargs):
        # The size limit is the shared bound (enforcement.money), one clear message for every
        # amount; a digit count would say less ("too large") and differ from the API's.
        kwargs.setdefault("max_digits", None)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs["validators"] = [*kwargs.get("validators", []), validate_money_bound]
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": "请输入金额（元），如 100000 或 1,234.56。",
                "max_decimal_places": "金额最多两位小数（元、角、分）。",
                "max_digits": "金额过大。",
                "max_whole_digits": "金额过大。",
                "min_value": "金额不能为负数。",
            },
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value)
            for char in (",", "，", "¥", "￥", "元", " "):
                value = value.replace(char, "")
        return super().to_python(value)


def text(label: str, *, max_length: int, required: bool = True, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


# --- filing (立案) ----------------------------------------------------------------------------
class FilingForm(forms.Form):
    type_code = forms.ChoiceField(label="案件类型", initial=CaseType.FIRST)
    judge = forms.TypedChoiceField(label="承办人", coerce=int)
    clerk = forms.TypedChoiceField(label="书记员", coerce=int, required=False, empty_value=None)
    no_amount_fee = MoneyField(
        label="申请执行费（无执行金额的案件）",
        required=False,
        max_digits=6,
        help_text="没有执行金额的案件每件50元至500元；不填按50元计。有执行金额的，按比例自动计算，此处留空。",
    )

    def __init__(self, *args, court, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type_code"].choices = [(v, f"{v}（{label}）") for v, label in CaseType.choices]
        self.fields["judge"].choices = [("", "请选择承办人")] + judge_choices(court)
        self.fields["clerk"].choices = [("", "（无）")] + clerk_choices(court)
        membership = user.membership_or_none
        if membership and membership.role in (Role.JUDGE, Role.HEAD):
            self.fields["judge"].initial = user.pk
        if membership and membership.role == Role.CLERK:
            self.fields["clerk"].initial = user.pk


class BasisForm(forms.Form):
    """执行依据. Prefix "basis": the service's error keys `basis.<field>` name these fields."""

    kind = forms.ChoiceField(label="执行依据种类", choices=[("", "请选择")] + BasisKind.choices)
    issuing_organ = text("作出机关", max_length=100, help_text="如：西宁市城东区人民法院")
    document_number = text("文书编号", max_length=100, help_text="如：（2026）青0102民初100号")
    effective_date = date_field("生效日期")
    performance_deadline = date_field(
        "履行期限届满日", required=False, help_text="迟延履行期间的债务利息自次日起算。"
    )
    money_amount = MoneyField(label="给付金额（元）", required=False)
    non_money_obligation = forms.CharField(
        label="非金钱给付义务",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：交付车辆、迁出房屋、赔礼道歉。",
    )


class PartyForm(forms.Form):
    kind = forms.ChoiceField(
        label="当事人类型", choices=PartyKind.choices, initial=PartyKind.PERSON, widget=forms.Select
    )
    name = text("姓名或名称", max_length=200)
    id_number = text("身份证号码", max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    legal_representative = text("法定代表人", max_length=50, required=False)
    address = text("住所地", max_length=200, required=False)
    phone = text("联系电话", max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.data.get(self.add_prefix("kind")) if self.is_bound else None
        kind = kind or self.initial.get("kind") or PartyKind.PERSON
        # The label names the document the kind uses, so an error reads "身份证号码：…".
        self.fields["id_number"].label = ID_LABELS.get(kind, ID_LABEL_OTHER)
        self.fields["kind"].widget.attrs["data-party-kind"] = ""
        self.fields["id_number"].widget.attrs["data-id-number"] = ""
        self.fields["legal_representative"].widget.attrs["data-legal-rep"] = ""

    def clean(self):
        data = super().clean()
        kind, number = data.get("kind"), data.get("id_number")
        if kind and number:
            try:
                (validate_ric if kind == PartyKind.PERSON else validate_uscc)(number)
            except ValidationError as exc:
                self.add_error("id_number", exc)
        return data


class BasePartyFormSet(BaseFormSet):
    def filled_forms(self) -> list[PartyForm]:
        """The forms the user filled in (an added row left blank is ignored)."""
        return [f for f in self.forms if f.has_changed() or not f.empty_permitted]


PartyFormSet = formset_factory(
    PartyForm,
    formset=BasePartyFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=50,
    validate_max=True,
    absolute_max=60,
)


def party_formset(*, prefix: str, role_label: str, data=None) -> BasePartyFormSet:
    """Applicants or respondents: at least one, at most 50."""
    return PartyFormSet(
        data,
        prefix=prefix,
        error_messages={
            "too_few_forms": f"至少需要一名{role_label}。",
            "too_many_forms": f"{role_label}最多50名。",
            "missing_management_form": "表单数据不完整，请刷新页面后重新填写。",
        },
    )


# --- the case list ---------------------------------------------------------------------------
DUE_CHOICES = [("", "全部"), ("30", "30天内到期"), ("overdue", "已超期")]
ORDER_CHOICES = [
    ("deadline", "剩余天数（少→多）"),
    ("-deadline", "剩余天数（多→少）"),
    ("-filed", "立案日期（新→旧）"),
    ("filed", "立案日期（旧→新）"),
]


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "案号、当事人名称或身份证号码", "type": "search"}),
    )
    state = forms.ChoiceField(label="状态", required=False)
    judge = forms.TypedChoiceField(label="承办人", required=False, coerce=int, empty_value=None)
    court = forms.TypedChoiceField(label="法院", required=False, coerce=int, empty_value=None)
    due = forms.ChoiceField(label="期限", required=False, choices=DUE_CHOICES)
    order = forms.ChoiceField(label="排序", required=False, choices=ORDER_CHOICES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        courts = list(visible_courts(user).order_by("path").only("id", "name"))
        self.show_court = len(courts) > 1
        self.fields["state"].choices = [("", "全部")] + CaseState.choices
        self.fields["court"].choices = [("", "全部")] + [(c.pk, c.name) for c in courts]
        self.fields["judge"].choices = [("", "全部")] + staff_of_courts(courts, [Role.JUDGE, Role.HEAD])

    def clean_q(self) -> str:
        q = self.cleaned_data["q"]
        refuse_foreign_digits(q, label=str(self.fields["q"].label))
        return q

    def filters(self) -> dict:
        """Keyword arguments for cases.selectors.case_list from the valid fields; a bad value in
        one field (a tampered URL) is ignored rather than refused."""
        self.is_valid()
        data = self.cleaned_data
        due = data.get("due") or ""
        return {
            "q": data.get("q") or "",
            "state": data.get("state") or "",
            "judge_id": data.get("judge"),
            "court_id": data.get("court"),
            # "30" (kept for links people saved) is the warning window of the case time limit
            "due_within": int(rules.rule(rules.DEADLINE_WARNING_DAYS, on=timezone.localdate()).value)
            if due == "30"
            else None,
            "overdue": due == "overdue",
            "order": data.get("order") or "deadline",
        }


# --- actions on the case page ----------------------------------------------------------------
def extension_month_choices() -> list[tuple[int, str]]:
    allowed = int(rules.rule(rules.CASE_LIMIT_EXTENSION_MONTHS, on=timezone.localdate()).value)
    return [(n, f"{n}个月") for n in range(1, allowed + 1)]


class ActionForm(forms.Form):
    action = forms.CharField(max_length=64, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="理由", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    months = forms.TypedChoiceField(label="延长期限", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["months"].choices = [("", "—")] + extension_month_choices()


class CaseReassignForm(forms.Form):
    judge = forms.TypedChoiceField(label="承办人", coerce=int)
    clerk = forms.TypedChoiceField(label="书记员", coerce=int, required=False, empty_value=None)
    reason = forms.CharField(
        label="变更理由", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, court, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].choices = judge_choices(court)
        self.fields["clerk"].choices = [("", "（不变）")] + clerk_choices(court)


class PartyContactForm(forms.Form):
    address = text("住所地", max_length=200, required=False)
    phone = text("联系电话", max_length=30, required=False)
    legal_representative = text("法定代表人", max_length=50, required=False)


class ApprovalDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "同意"), ("reject", "不同意")])
    note = forms.CharField(label="审批意见", required=False, max_length=2000)


class PublicQueryForm(forms.Form):
    code = forms.CharField(
        label="查询码",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "10位查询码"}),
    )

    def clean_code(self) -> str:
        return "".join(unicodedata.normalize("NFKC", self.cleaned_data["code"]).split()).upper()
