"""Identity numbers of parties: 居民身份证 per GB 11643-1999, 统一社会信用代码 per
GB 32100-2015, and masking. No database.

Test numbers are built by helpers that compute the check character with a formulation different
from the one in cases/validators.py (ISO 7064 MOD 11-2 as a running remainder; USCC weights as
powers of 3 mod 31), and a few literal numbers are checked by hand in the comments, so the tests
do not only agree with the code under test.
"""

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from cases.validators import (
    age_on,
    birth_date_from_ric,
    mask_id,
    normalize_ric,
    ric_check_char,
    uscc_check_char,
    validate_ric,
    validate_uscc,
)

D = dt.date
TODAY = D(2026, 11, 22)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# Hand-checked literals.
# GB 11643-1999's own example: digits 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 × weights
# 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167;
# 167 mod 11 = 2; "10X98765432"[2] = X.
GB_EXAMPLE_RIC = "11010519491231002X"
# 3 6 0 4 2 6 1 9 9 1 0 1 0 1 0 0 7 → 21+54+0+20+16+24+2+9+54+3+0+9+0+5+0+0+14 = 231;
# 231 mod 11 = 0; "10X98765432"[0] = 1.
JIANGXI_RIC = "360426199101010071"
# Also from GB 11643-1999 (a man born 1880): 28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195;
# 195 mod 11 = 8 → "4". Checksum-valid, but born before 1900.
GB_EXAMPLE_1880_RIC = "440524188001010014"
# 9 1 3 5 0 1 0 0 M(21) 0 0 0 1 0 0 Y(30) 4 × weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
# = 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31 − 28 = 3.
FUJIAN_USCC = "91350100M000100Y43"
# 9+3+9+27+0+0+0+0+120+0+0+0+24+168+30+120+28 = 538; 538 mod 31 = 11; 31 − 11 = 20 → L.
BEIJING_USCC = "91110000600037341L"


def make_ric(region: str, birth: str, sequence: str = "123") -> str:
    """A 公民身份号码 with a correct check character (ISO 7064 MOD 11-2, running remainder)."""
    body = region + birth + sequence
    assert len(body) == 17 and body.isdigit()
    remainder = 0
    for digit in body:
        remainder = (remainder + int(digit)) * 2 % 11
    check = (12 - remainder) % 11
    return body + ("X" if check == 10 else str(check))


def make_uscc(first17: str) -> str:
    """A 统一社会信用代码 with a correct check character (weights 3^i mod 31)."""
    total = sum(USCC_ALPHABET.index(char) * pow(3, i, 31) for i, char in enumerate(first17))
    return first17 + USCC_ALPHABET[(31 - total % 31) % 31]


def error_of(validator, value, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validator(value, **kwargs)
    return info.value


# --- 居民身份证 ---------------------------------------------------------------------------------
def test_helpers_agree_with_the_hand_checked_literals():
    assert make_ric("110105", "19491231", "002") == GB_EXAMPLE_RIC
    assert make_ric("360426", "19910101", "007") == JIANGXI_RIC
    assert make_ric("440524", "18800101", "001") == GB_EXAMPLE_1880_RIC
    assert make_uscc(FUJIAN_USCC[:17]) == FUJIAN_USCC
    assert make_uscc(BEIJING_USCC[:17]) == BEIJING_USCC


@pytest.mark.parametrize("number", [GB_EXAMPLE_RIC, JIANGXI_RIC, make_ric("630102", "19900101", "123")])
def test_valid_ric_is_returned_normalised(number):
    assert validate_ric(number, today=TODAY) == number


def test_lowercase_x_spaces_and_full_width_input_are_normalised():
    assert validate_ric("11010519491231002x", today=TODAY) == "11010519491231002X"
    assert validate_ric(" 110105 19491231 002x ", today=TODAY) == "11010519491231002X"
    assert validate_ric("１１０１０５１９４９１２３１００２ｘ", today=TODAY) == "11010519491231002X"
    assert normalize_ric("\u3000110105194912310 02x") == "11010519491231002X"


def test_bad_checksum():
    error = error_of(validate_ric, "110105194912310021", today=TODAY)
    assert error.code == "checksum"
    assert error.messages == ["身份证号码校验位错误，请核对号码"]


@pytest.mark.parametrize("number", ["11010519491231002", "11010519491231002X1", ""])
def test_wrong_length(number):
    error = error_of(validate_ric, number, today=TODAY)
    assert error.code == "length"
    assert error.messages == [f"身份证号码应为18位，当前为{len(number)}位"]


def test_illegal_characters_name_the_position():
    error = error_of(validate_ric, "1101051949123100XX", today=TODAY)
    assert error.code == "invalid_char"
    assert error.messages == ["身份证号码第17位“X”不合法：前17位应为数字"]
    error = error_of(validate_ric, "11010519491231002A", today=TODAY)
    assert error.messages == ["身份证号码第18位（校验位）“A”不合法：应为数字或X"]


@pytest.mark.parametrize(
    ("birth", "shown"),
    [("19990230", "19990230"), ("19991301", "19991301"), ("19990000", "19990000"), ("19010229", "19010229")],
)
def test_impossible_birth_date_with_a_correct_checksum(birth, shown):
    number = make_ric("110105", birth)
    error = error_of(validate_ric, number, today=TODAY)
    assert error.code == "birth_date"
    assert error.messages == [f"身份证号码中的出生日期不存在（{shown}）"]


def test_leap_day_birth_is_accepted():
    assert validate_ric(make_ric("110105", "20000229"), today=TODAY)


def test_future_birth_date():
    tomorrow = make_ric("110105", "20261123")
    error = error_of(validate_ric, tomorrow, today=TODAY)
    assert error.code == "birth_date_future"
    assert error.messages == ["身份证号码中的出生日期（2026年11月23日）晚于今天"]
    assert validate_ric(make_ric("110105", "20261122"), today=TODAY)  # born today is fine
    # Without `today`, the court's own date is used.
    assert error_of(validate_ric, make_ric("110105", "29990101")).code == "birth_date_future"


def test_birth_before_1900_is_refused_even_with_a_correct_checksum():
    error = error_of(validate_ric, GB_EXAMPLE_1880_RIC, today=TODAY)
    assert error.code == "birth_date_too_early"
    assert error.messages == ["身份证号码中的出生日期（1880年1月1日）早于1900年"]
    assert validate_ric(make_ric("110105", "19000101"), today=TODAY)


def test_number_from_an_abolished_county_is_accepted():
    # 110224 北京市大兴县 was replaced by 大兴区 (110115) in 2001; people born there before the
    # code was assigned in 1982 carry it on numbers issued in the 1980s-90s. python-stdnum
    # refuses these because it checks the county against the birth year.
    daxing_county = make_ric("110224", "19750315", "021")
    assert not stdnum_ric.is_valid(daxing_county)
    assert validate_ric(daxing_county, today=TODAY) == daxing_county
    # 110103 北京市崇文区, merged into 东城区 in 2010.
    chongwen = make_ric("110103", "19850607", "112")
    assert validate_ric(chongwen, today=TODAY) == chongwen
    # A Chongqing number issued while Chongqing was part of Sichuan (51xxxx) stays valid.
    assert validate_ric(make_ric("510212", "19700101", "333"), today=TODAY)


def test_taiwan_residence_permit_number_is_accepted():
    permit = make_ric("830000", "19800101", "051")
    assert validate_ric(permit, today=TODAY) == permit


@pytest.mark.parametrize("region", ["000000", "100101", "240101", "390101", "470101", "720101", "910101"])
def test_unknown_province_is_refused(region):
    error = error_of(validate_ric, make_ric(region, "19900101"), today=TODAY)
    assert error.code == "region"
    assert error.messages == [f"身份证号码前两位“{region[:2]}”不是有效的省级行政区划代码"]


def test_check_char_matches_python_stdnum():
    for serial in range(0, 1000, 7):
        body = f"630102199001{serial:03d}{serial % 100:02d}"
        assert ric_check_char(body) == stdnum_ric.calc_check_digit(body + "0")


def test_birth_date_and_age():
    assert birth_date_from_ric(GB_EXAMPLE_RIC) == D(1949, 12, 31)
    number = make_ric("630102", "20080522")
    assert age_on(number, D(2026, 5, 21)) == 17
    assert age_on(number, D(2026, 5, 22)) == 18
    leap = make_ric("630102", "20080229")
    assert age_on(leap, D(2026, 2, 28)) == 17
    assert age_on(leap, D(2026, 3, 1)) == 18
    with pytest.raises(ValueError):
        age_on(number, D(2008, 5, 21))
    with pytest.raises(ValidationError):
        birth_date_from_ric("110105194912310021")


def test_form_field_shows_the_message():
    class PartyForm(forms.Form):
        id_number = forms.CharField(validators=[validate_ric])

    form = PartyForm(data={"id_number": "110105194912310021"})
    assert not form.is_valid()
    assert form.errors["id_number"] == ["身份证号码校验位错误，请核对号码"]


# --- 统一社会信用代码 ----------------------------------------------------------------------------
@pytest.mark.parametrize("code", [FUJIAN_USCC, BEIJING_USCC, make_uscc("12100000400000624")])
def test_valid_uscc(code):
    assert validate_uscc(code) == code
    assert stdnum_uscc.is_valid(code)


def test_uscc_is_normalised_to_uppercase():
    assert validate_uscc(" 91350100m000100y43 ") == FUJIAN_USCC
    assert validate_uscc("９１３５０１００Ｍ０００１００Ｙ４３") == FUJIAN_USCC


def test_uscc_bad_checksum():
    error = error_of(validate_uscc, "91350100M000100Y44")
    assert error.code == "checksum"
    assert error.messages == ["统一社会信用代码校验位错误，请核对代码"]


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_uscc_letters_outside_the_alphabet(letter):
    code = f"91350100{letter}000100Y43"
    error = error_of(validate_uscc, code)
    assert error.code == "invalid_char"
    assert error.messages == [
        f"统一社会信用代码第9位“{letter}”不合法：只能是数字或除I、O、S、V、Z以外的大写字母"
    ]


def test_uscc_wrong_length():
    error = error_of(validate_uscc, "91350100M000100Y4")
    assert error.code == "length"
    assert error.messages == ["统一社会信用代码应为18位，当前为17位"]


def test_uscc_region_must_be_digits():
    error = error_of(validate_uscc, make_uscc("9135A100M000100Y4"))
    assert error.code == "region"


def test_uscc_letters_in_authority_and_type_positions_are_accepted():
    # e.g. N2: a village collective economic organisation registered by an agriculture department.
    # python-stdnum wants the first 8 characters to be digits and refuses it.
    code = make_uscc("N2330106MA2B3C4D5")
    assert not stdnum_uscc.is_valid(code)
    assert validate_uscc(code) == code


def test_uscc_check_value_31_is_written_0():
    # Vary the 17th character until the weighted sum is a multiple of 31 (31 − 0 = 31 → "0").
    for char in USCC_ALPHABET:
        first17 = "91350100M000100Y" + char
        total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
        if total % 31 == 0:
            break
    else:  # pragma: no cover - the alphabet covers every residue of the last weight
        pytest.fail("no character gives a multiple of 31")
    assert uscc_check_char(first17) == "0"
    assert validate_uscc(first17 + "0") == first17 + "0"


# --- masking ----------------------------------------------------------------------------------
def test_mask_keeps_four_at_each_end():
    assert mask_id("630102199001011234") == "6301**********1234"
    assert mask_id(" 63010219900101123x ") == "6301**********123X"
    assert mask_id(FUJIAN_USCC) == "9135**********0Y43"
    assert mask_id("123456789") == "1234*6789"
    assert mask_id("12345678") == "********"
    assert mask_id("") == ""
