"""Identity numbers of parties: 居民身份证 (GB 11643-1999 公民身份号码) and 统一社会信用代码
(GB 32100-2015). Bad input gets a clear message on the form and in the API, so every
failure is a `ValidationError` with a Chinese message saying exactly what is wrong and a `code`
the API can return.

Every function accepts what people actually type: surrounding and inner spaces, full-width digits
and letters from a Chinese input method (folded to ASCII), and lowercase letters. Digits of other
scripts are refused with their position named, although Python calls them digits: Arabic-Indic
digits (٠١٢…) would be stored as typed and make the same person a second party no search finds,
and Ethiopic or Kharosthi digits (፩, 𐩀…) pass str.isdigit() but not int(). Only the full-width forms
(U+FF01–U+FF5E) are folded, not everything NFKC folds: NFKC would also turn superscript, circled and
mathematical digits (², ①, 𝟏) into ASCII ones, which nobody types into an ID number by accident. The
checks below compare with the ASCII digits, never with isdigit().
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric as stdnum_ric
from stdnum.exceptions import ValidationError as StdnumValidationError

from enforcement.dates import format_date

RIC_LENGTH = 18
USCC_LENGTH = 18

# GB 11643-1999 §8.2: ISO 7064 MOD 11-2 over the first 17 digits.
RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RIC_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
RIC_EARLIEST_BIRTH_YEAR = 1900

# The address code (first 6 digits) is NOT checked against a table of counties. People keep their
# number when their county is merged, renamed or abolished (e.g. 110224 北京市大兴县 became
# 大兴区 110115 in 2001, and holders born before 1982 still carry 110224), and python-stdnum only
# accepts a county code if the code existed in the holder's *birth* year, which is the wrong test:
# the code is the one in force when the number was first issued. So we only require the first two
# digits to be a province-level code of GB/T 2260: 11-15, 21-23, 31-37, 41-46, 50-54, 61-65,
# 71 (台湾), 81 (香港), 82 (澳门); plus 83, which GB/T 2260 does not list but which the
# 港澳台居民居住证 (国务院办公厅《港澳台居民居住证申领发放办法》, 2018) uses as the address code
# 830000 of Taiwan residents' 公民身份号码 (Hong Kong residents get 810000, Macao 820000).
# No province-level code has ever been withdrawn (46 海南 from 1988 and 50 重庆 from 1997 were
# additions), so this set accepts every number ever issued. Foreigners' permanent-residence cards
# (starting with 9) are a different document and are rejected here on purpose.
RIC_PROVINCE_CODES = frozenset(
    [
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
        83,
    ]
)

# GB 32100-2015 §4: the code alphabet leaves out I, O, S, V and Z (they look like 1, 0, 5, U, 2).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_REGION = slice(2, 8)  # 登记管理机关行政区划码, digits of GB/T 2260

MASK_KEEP = 4  # characters kept at each end by mask_id

ASCII_DIGITS = frozenset("0123456789")
# Full-width ASCII forms (what a Chinese input method types: ０–９, Ａ–Ｚ, ｘ) → ASCII.
FULL_WIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def foreign_digit(text: str) -> tuple[int, str] | None:
    """(1-based position, character) of the first digit of another script than ASCII (after the
    caller's NFKC folding), or None."""
    for position, char in enumerate(text, start=1):
        if char not in ASCII_DIGITS and char.isdigit():
            return position, char
    return None


def refuse_foreign_digits(text: str, *, label: str) -> None:
    """Raise ValidationError (code "non_ascii_digit") naming the position of a digit that is
    neither ASCII nor full-width."""
    found = foreign_digit(str(text).translate(FULL_WIDTH_TO_ASCII))
    if found is not None:
        position, char = found
        raise ValidationError(
            _(
                "%(label)s: character %(position)d “%(char)s” is not a digit 0-9 (only ordinary or full-width digits are accepted)."
            ),
            code="non_ascii_digit",
            params={"label": label, "position": position, "char": char},
        )


def normalize_identifier(value: str) -> str:
    """An account, certificate or plate number as compared: full-width folded, no whitespace,
    uppercase."""
    return _compact(value)


def _compact(value: str) -> str:
    """Fold full-width forms to ASCII, drop every kind of whitespace (the ideographic space too),
    uppercase."""
    folded = str(value).translate(FULL_WIDTH_TO_ASCII)
    return "".join(folded.split()).upper()


def _today() -> dt.date:
    """Today in the court's time zone (Asia/Shanghai), or the machine's date outside Django."""
    if settings.configured and settings.USE_TZ:
        return timezone.localdate()
    return dt.date.today()


# --- 居民身份证 ---------------------------------------------------------------------------------
def normalize_ric(value: str) -> str:
    """The number as stored: no spaces, half-width, lowercase `x` raised to `X`. No validation."""
    return _compact(value)


def ric_check_char(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits of a 公民身份号码."""
    if len(first17) != RIC_LENGTH - 1 or not set(first17) <= ASCII_DIGITS:
        raise ValueError("first17 must be 17 digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, RIC_WEIGHTS, strict=True))
    return RIC_CHECK_CHARS[total % 11]


def validate_ric(value: str, *, today: dt.date | None = None) -> str:
    """Validate a 居民身份证 number (公民身份号码, GB 11643-1999) and return it normalised.

    Checks, in this order: 18 characters; the first 17 are digits and the last is a digit or X;
    the first two digits are a province-level code (see RIC_PROVINCE_CODES for why the county is
    not checked); the birth date (positions 7-14, YYYYMMDD) exists, is not after `today` (default:
    today in the court's time zone) and not before 1900; the check character. Raises
    `ValidationError` naming the first problem found. Usable directly as a field validator.
    """
    number = normalize_ric(value)
    if len(number) != RIC_LENGTH:
        raise ValidationError(
            gettext("An ID number has 18 characters, this one has %(length)d"),
            code="length",
            params={"length": len(number)},
        )
    refuse_foreign_digits(number, label=gettext("Resident ID number"))
    for position, char in enumerate(number, start=1):
        if position < RIC_LENGTH and char not in ASCII_DIGITS:
            raise ValidationError(
                gettext(
                    "Character %(position)d of the ID number, “%(char)s”, is invalid: the first 17 must be digits"
                ),
                code="invalid_char",
                params={"position": position, "char": char},
            )
        if position == RIC_LENGTH and char not in RIC_CHECK_CHARS:
            raise ValidationError(
                gettext(
                    "Character 18 of the ID number (the check character), “%(char)s”, is invalid: it must be a digit or X"
                ),
                code="invalid_char",
                params={"char": char},
            )
    if int(number[:2]) not in RIC_PROVINCE_CODES:
        raise ValidationError(
            gettext("The first two digits of the ID number, “%(code)s”, are not a valid province code"),
            code="region",
            params={"code": number[:2]},
        )
    birth = _ric_birth_date(number)
    if birth > (today or _today()):
        raise ValidationError(
            gettext("The date of birth in the ID number (%(birth)s) is after today"),
            code="birth_date_future",
            params={"birth": format_date(birth)},
        )
    if birth.year < RIC_EARLIEST_BIRTH_YEAR:
        raise ValidationError(
            gettext("The date of birth in the ID number (%(birth)s) is before 1900"),
            code="birth_date_too_early",
            params={"birth": format_date(birth)},
        )
    if number[-1] != ric_check_char(number[:-1]):
        raise ValidationError(
            gettext("The check character of the ID number is wrong; please check the number"), code="checksum"
        )
    return number


def _ric_birth_date(number: str) -> dt.date:
    """Positions 7-14 as a date; number is 18 chars with 17 leading digits."""
    try:
        return stdnum_ric.get_birth_date(number)
    except StdnumValidationError as exc:  # InvalidComponent for 0230, 1301, 0000, …
        raise ValidationError(
            gettext("The date of birth in the ID number does not exist (%(digits)s)"),
            code="birth_date",
            params={"digits": number[6:14]},
        ) from exc


def birth_date_from_ric(value: str) -> dt.date:
    """The birth date in a valid 居民身份证 number (raises `ValidationError` if the number is not)."""
    return _ric_birth_date(validate_ric(value))


def age_on(ric: str, day: dt.date) -> int:
    """Age in completed years (周岁) on `day` of the holder of a valid 居民身份证 number.

    A birthday is reached on its anniversary date; someone born on 29 February reaches it on
    1 March in common years. Rules that count 周岁 "from the day after the birthday" (criminal
    liability of minors) must compare with the anniversary themselves.
    """
    birth = birth_date_from_ric(ric)
    if day < birth:
        raise ValueError(f"{day} is before the birth date {birth}")
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- 统一社会信用代码 ----------------------------------------------------------------------------
def normalize_uscc(value: str) -> str:
    """The code as stored: no spaces, half-width, uppercase. No validation."""
    return _compact(value)


def uscc_check_char(first17: str) -> str:
    """The GB 32100-2015 check character: 31 − (Σ value × weight mod 31), with 31 written as 0."""
    if len(first17) != USCC_LENGTH - 1 or any(char not in USCC_ALPHABET for char in first17):
        raise ValueError("first17 must be 17 characters of the USCC alphabet")
    total = sum(
        USCC_ALPHABET.index(char) * weight for char, weight in zip(first17, USCC_WEIGHTS, strict=True)
    )
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    """Validate a 统一社会信用代码 (GB 32100-2015) and return it normalised (uppercase).

    Layout: 1 登记管理部门代码, 2 机构类别代码, 3-8 登记管理机关行政区划码 (digits), 9-17 主体标识码,
    18 check character; every character from USCC_ALPHABET.

    Why not `stdnum.cn.uscc.validate`: its checksum is exactly GB 32100's, but it requires the first
    8 characters to be digits, and positions 1-2 may be letters of the alphabet (the registration
    authority and entity-type codes assigned since 2015 include letters, e.g. N for rural
    collective economic organisations registered by agriculture departments). Rejecting those
    would refuse real entities, so this checks the layout above instead.
    """
    code = normalize_uscc(value)
    if len(code) != USCC_LENGTH:
        raise ValidationError(
            gettext("A unified social credit code has 18 characters, this one has %(length)d"),
            code="length",
            params={"length": len(code)},
        )
    refuse_foreign_digits(code, label=gettext("Unified social credit code"))
    for position, char in enumerate(code, start=1):
        if char not in USCC_ALPHABET:
            raise ValidationError(
                gettext(
                    "Character %(position)d of the unified social credit code, “%(char)s”, is invalid: only digits and capital letters other than I, O, S, V and Z are allowed"
                ),
                code="invalid_char",
                params={"position": position, "char": char},
            )
    if not set(code[USCC_REGION]) <= ASCII_DIGITS:
        raise ValidationError(
            gettext(
                "Characters 3 to 8 of the unified social credit code (the registering authority's area code) must be digits"
            ),
            code="region",
        )
    if code[-1] != uscc_check_char(code[:-1]):
        raise ValidationError(
            gettext("The check character of the unified social credit code is wrong; please check the code"),
            code="checksum",
        )
    return code


# --- display --------------------------------------------------------------------------------
def mask_id(value: str) -> str:
    """Mask an identity number for display: first 4 and last 4 characters kept, the rest `*`,
    same length (`630102199001011234` → `6301**********1234`). Values of 8 characters or fewer
    are masked entirely. Works on any identifier; it does not validate.

    Who masks what: a natural person's 身份证号码 is personal information and is masked wherever
    someone other than the court's own staff on that case sees it: the public defaulter list and
    its search, document verification pages, the party query portal, agency-facing notices where
    the full number is not needed, exports and logs. A 统一社会信用代码 is public (it is printed on
    the business licence and published on the defaulter list), so callers show it in full; only
    logs and shared exports pass it through here, which is why one function handles both.
    """
    text = _compact(value)
    if len(text) <= 2 * MASK_KEEP:
        return "*" * len(text)
    return text[:MASK_KEEP] + "*" * (len(text) - 2 * MASK_KEEP) + text[-MASK_KEEP:]
