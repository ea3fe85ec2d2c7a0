"""The bound on every amount of money that comes in (filing, fees, assistance notices, agency
answers), shared by forms, serializers and services so the message and the limit are the same
everywhere.

Why a bound: an amount is stored, and fees and interest computed from it are stored too, in
fixed-size decimal columns. Without a bound an amount the input columns can hold still overflows a
computed one (the application fee of ¥10,000,000,000,000 does not fit its column), which is a
database error after every check has passed. One trillion yuan (一万亿元) is far above any
enforcement case, and at that amount every computed column still fits: the application fee is
¥1,000,067,400.00 (12-digit column) and the delayed-performance interest has room for about a
hundred times the amount (16-digit column; tests/cases/test_money_bounds.py checks both, and the
filing service refuses an interest that would not fit).
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY_MAX = Decimal("1000000000000.00")  # 一万亿元, inclusive
MONEY_PLACES = 2
MONEY_DIGITS = 16  # the columns of amounts and of what is computed from them (interest)


def money_max_display() -> str:
    return f"¥{MONEY_MAX:,.2f}"


def too_large_message():
    return _("The amount may not exceed %(max)s.") % {"max": money_max_display()}


def validate_money_bound(value) -> None:
    """Field validator: refuse an amount above MONEY_MAX (code "max_value")."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return  # not a number: the field's own parsing reports that
    if amount.is_finite() and amount > MONEY_MAX:
        raise ValidationError(too_large_message(), code="max_value")


def fits_column(amount: Decimal, *, max_digits: int, decimal_places: int = MONEY_PLACES) -> bool:
    """Whether a computed amount fits a DecimalField(max_digits, decimal_places)."""
    return abs(amount) < Decimal(10) ** (max_digits - decimal_places)


class MoneyField(models.DecimalField):
    """The column of every amount of money: yuan with two places (MONEY_PLACES) in MONEY_DIGITS
    digits unless a narrower column is asked for, never negative and (unless `computed`) never
    above MONEY_MAX when a form validates the model.

    It deconstructs as the DecimalField it is stored as (without the bounds it adds itself), so
    that using it changes no migration: the columns are the same."""

    def __init__(self, *args, computed: bool = False, **kwargs):
        # An amount that comes in is bounded by MONEY_MAX; one computed from it (interest) may be
        # larger, which is why its column is wider than the bound needs.
        self.default_validators = [MinValueValidator(Decimal("0"))] + (
            [] if computed else [validate_money_bound]
        )
        kwargs.setdefault("max_digits", MONEY_DIGITS)
        kwargs.setdefault("decimal_places", MONEY_PLACES)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
