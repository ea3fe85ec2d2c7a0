"""The ID-number and credit-code validators against the standards' check-digit algorithms, written
here again from the standards and not from cases.validators: GB 11643-1999 (ISO 7064 MOD 11-2: the
whole 18 characters, X = 10, weighted by 2^(17-i), sum to 1 mod 11) and GB 32100-2015 (MOD 31 over
the code alphabet, weights 3^i mod 31, check = 31 - sum mod 31, 31 written as 0). A valid code is
accepted; any change of one character is refused with a ValidationError."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cases.validators import validate_ric, validate_uscc
from tests.clock import TODAY

# Province-level codes of GB/T 2260 (a few of each region), written out here on purpose.
PROVINCES = ["11", "12", "13", "21", "31", "32", "37", "44", "46", "50", "54", "63", "65", "71", "81", "82"]
RIC_CHARS = "0123456789X"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015 table 1: no I, O, S, V, Z


def mod11_2_check(first17: str) -> str:
    """ISO 7064 MOD 11-2: the check value c makes Σ a_i·2^(18-i) + c ≡ 1 (mod 11)."""
    total = sum(int(char) * pow(2, 17 - index, 11) for index, char in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def mod11_2_valid(number: str) -> bool:
    values = [10 if char == "X" else int(char) for char in number]
    return sum(value * pow(2, 17 - index) for index, value in enumerate(values)) % 11 == 1


def mod31_check(first17: str) -> str:
    total = sum(USCC_CHARS.index(char) * pow(3, index, 31) for index, char in enumerate(first17))
    return USCC_CHARS[(31 - total % 31) % 31]


@st.composite
def resident_ids(draw) -> str:
    province = draw(st.sampled_from(PROVINCES))
    area = draw(st.text("0123456789", min_size=4, max_size=4))
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.text("0123456789", min_size=3, max_size=3))
    first17 = f"{province}{area}{birth:%Y%m%d}{sequence}"
    return first17 + mod11_2_check(first17)


@st.composite
def credit_codes(draw) -> str:
    head = draw(st.text(USCC_CHARS, min_size=2, max_size=2))
    region = draw(st.text("0123456789", min_size=6, max_size=6))
    body = draw(st.text(USCC_CHARS, min_size=9, max_size=9))
    first17 = head + region + body
    return first17 + mod31_check(first17)


def test_the_reference_algorithms_agree_with_published_examples():
    # GB 11643-1999 appendix example 11010519491231002X; a code printed on a real business licence
    # (中国石油天然气股份有限公司 91110000710925462X).
    assert mod11_2_check("11010519491231002") == "X"
    assert mod11_2_valid("11010519491231002X")
    assert mod31_check("91110000710925462") == "X"


@given(resident_ids())
def test_valid_id_numbers_are_accepted(number):
    assert mod11_2_valid(number)
    assert validate_ric(number, today=TODAY) == number


@given(resident_ids(), st.data())
def test_any_single_character_change_of_an_id_number_is_refused(number, data):
    position = data.draw(st.integers(0, 17), label="position")
    char = data.draw(st.sampled_from(RIC_CHARS.replace(number[position], "")), label="char")
    changed = number[:position] + char + number[position + 1 :]
    assert not mod11_2_valid(changed)
    with pytest.raises(ValidationError):
        validate_ric(changed, today=TODAY)


@given(resident_ids())
def test_an_id_number_typed_full_width_lowercase_and_spaced_is_the_same_number(number):
    typed = " ".join(number[i : i + 6] for i in range(0, 18, 6)).lower()
    full_width = "".join(chr(ord(c) + 0xFEE0) if c != " " else "\u3000" for c in typed)
    assert validate_ric(full_width, today=TODAY) == number


@given(credit_codes())
def test_valid_credit_codes_are_accepted(code):
    assert validate_uscc(code) == code
    assert validate_uscc(code.lower()) == code


@given(credit_codes(), st.data())
def test_any_single_character_change_of_a_credit_code_is_refused(code, data):
    position = data.draw(st.integers(0, 17), label="position")
    # Any character at all (also I, O, S, V, Z and other scripts), not only the code alphabet.
    # Any other character: of the alphabet, the five letters it leaves out, lowercase, punctuation.
    others = [c for c in USCC_CHARS + "IOSVZiosvz-#一٣" if c.upper() != code[position]]
    char = data.draw(st.sampled_from(others), label="char")
    changed = code[:position] + char + code[position + 1 :]
    with pytest.raises(ValidationError):
        validate_uscc(changed)
