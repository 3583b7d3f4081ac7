"""Tests of sgs.ids: credit codes, organisation codes and resident ID numbers."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from sgs.ids import orgcode, resident, uscc

USCC_VALID = [
    "91350100M000100Y43",
    "91310230MA1K314J7C",
    "91310230MA1K314K57",
    "91230500MA1B3N1N2M",
    "11230500001755309F",
    "91440101MA5C44W11J",
    "11420000MB15291767",
    "91410100MA3X5AB156",
    "91410105MA44K7R248",
    "92410102MA45HN3P8E",
    "11410100MB00000005",
]

ID_VALID = [
    "652823197506173113",
    "420106196509015491",
    "11010519491231002X",
    "410105198503121235",
]

ORG_CHECK_CHARS = string.digits + "X"


def with_uscc_check(first17: str) -> str:
    return first17 + uscc.check_character(first17)


def with_org_check(body8: str) -> str:
    return body8 + orgcode.check_character(body8)


def with_id_check(first17: str) -> str:
    return first17 + resident.check_character(first17)


# --- 统一社会信用代码 ---------------------------------------------------------


@pytest.mark.parametrize("code", USCC_VALID)
def test_uscc_vectors(code: str) -> None:
    assert uscc.problem(code) is None
    assert uscc.is_valid(code)
    assert uscc.check_character(code[:17]) == code[17]
    assert uscc.orgcode_problem(code) is None
    assert uscc.registration_problem(code) is None


def test_uscc_constants() -> None:
    assert len(uscc.CHARSET) == 31
    assert not set("IOZSV") & set(uscc.CHARSET)
    assert uscc.PLACEHOLDER == "0" * 17 + "X"


def test_uscc_placeholder_fails_checksum() -> None:
    assert uscc.problem(uscc.PLACEHOLDER) == "checksum"
    assert uscc.check_character(uscc.PLACEHOLDER[:17]) == "0"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("", "length"),
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y433", "length"),
        ("91350100M000100I43", "charset"),  # I is excluded
        ("91350100M000100O43", "charset"),  # O is excluded
        ("91350100M000100Y4Z", "charset"),  # Z is excluded
        ("9135010 M000100Y43", "charset"),
        ("91350100M000100Y4３", "charset"),  # full-width digit
        ("91350100M000100Y44", "checksum"),
        ("91350100M000100Y53", "checksum"),
    ],
)
def test_uscc_problems(code: str, expected: str) -> None:
    assert uscc.problem(code) == expected
    assert not uscc.is_valid(code)


def test_uscc_lowercase_accepted() -> None:
    for code in USCC_VALID:
        assert uscc.problem(code.lower()) is None
    assert uscc.check_character("91310230ma1k314j7") == "C"


@pytest.mark.parametrize("prefix", ["A1", "A9", "N1", "N2", "N3", "N9", "Y1", "Y2", "B1"])
def test_uscc_letter_prefix_accepted(prefix: str) -> None:
    code = with_uscc_check(prefix + "460100MA5T12345")
    assert uscc.problem(code) is None
    # the trap this package avoids: stdnum wants eight leading digits
    assert not stdnum_uscc.is_valid(code)


def test_uscc_check_character_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="17"):
        uscc.check_character("9135")
    with pytest.raises(ValueError, match="17"):
        uscc.check_character("91350100M000100I4")


def test_uscc_orgcode_problem() -> None:
    code = with_uscc_check("91350100M000100Y5")  # own check fine, embedded one wrong
    assert uscc.problem(code) is None
    assert uscc.orgcode_problem(code) == "checksum"
    # a wrong outer check character leaves the embedded code alone
    assert uscc.orgcode_problem("91350100M000100Y44") is None
    assert uscc.orgcode_problem("91350100m000100y43") is None
    assert uscc.orgcode_problem("9135") == "checksum"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("91350100M000100Y43", None),
        ("Y1350100M000100Y43", None),
        ("n2350100M000100Y43", None),
        ("35350100M000100Y43", None),
        ("B1350100M000100Y43", "department"),
        ("0135010000000000XX", "department"),
        ("94350100M000100Y43", "category"),
        ("Y2350100M000100Y43", "category"),
        ("A3350100M000100Y43", "category"),
        ("9", "category"),
        ("", "department"),
    ],
)
def test_uscc_registration_problem(code: str, expected: str | None) -> None:
    assert uscc.registration_problem(code) == expected


# --- 组织机构代码 -------------------------------------------------------------


@pytest.mark.parametrize("code", USCC_VALID)
def test_orgcode_embedded_vectors(code: str) -> None:
    org = code[8:17]
    assert orgcode.problem(org) is None
    assert orgcode.problem(f"{org[:8]}-{org[8]}") is None
    assert orgcode.check_character(org[:8]) == org[8]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("001755309", None),
        ("00175530-9", None),
        ("00175530 9", None),
        ("00175530－9", None),  # full-width hyphen
        ("m000100y4", None),
        ("m000100y-4", None),
        ("00175530", "length"),
        ("0017553099", "length"),
        ("001755-309", "length"),
        ("00175530--9", "length"),
        ("0017553#9", "charset"),
        ("00175530A", "charset"),  # a check character is a digit or X
        ("0017553０9", "charset"),  # full-width digit
        ("001755308", "checksum"),
        ("00175530-X", "checksum"),
    ],
)
def test_orgcode_problems(code: str, expected: str | None) -> None:
    assert orgcode.problem(code) == expected
    assert orgcode.is_valid(code) is (expected is None)


def test_orgcode_check_character_values() -> None:
    assert orgcode.check_character("00000006") == "X"  # 11 - 1 = 10
    assert orgcode.check_character("00000000") == "0"  # 11 - 0 = 11
    assert orgcode.problem("00000006X") is None
    assert orgcode.problem("00000006x") is None
    assert orgcode.problem("000000000") is None
    assert orgcode.check_character("m000100y") == "4"
    with pytest.raises(ValueError, match="body"):
        orgcode.check_character("0000000")
    with pytest.raises(ValueError, match="body"):
        orgcode.check_character("0000000-")


def test_orgcode_compact_and_format() -> None:
    assert orgcode.compact(" 00175530-9 ") == "001755309"
    assert orgcode.compact("m000100y 4") == "M000100Y4"
    assert orgcode.compact("001755309") == "001755309"
    assert orgcode.compact("-") == "-"
    assert orgcode.format("001755309") == "00175530-9"
    assert orgcode.format("00175530-9") == "00175530-9"
    assert orgcode.format("abc") == "ABC"


# --- 居民身份证号码 -----------------------------------------------------------


@pytest.mark.parametrize("number", ID_VALID)
def test_resident_vectors(number: str) -> None:
    assert resident.problem(number) is None
    assert resident.problem(number, as_of=dt.date(2024, 1, 1)) is None
    assert resident.check_character(number[:17]) == number[17]
    assert not resident.is_legacy(number)


def test_resident_lowercase_x() -> None:
    assert resident.problem("11010519491231002x") is None


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("", "length"),
        ("42010619650901549", "length"),
        ("4201061965090154911", "length"),
        ("4201066509015", "length"),
        ("42010619650901549A", "charset"),
        ("4201061965090154X1", "charset"),
        ("42010619650901549１", "charset"),  # full-width digit
        ("42010665090154X", "charset"),  # legacy numbers have no check character
        ("420106196513015491", "birth-date"),  # month 13
        ("420106196500015491", "birth-date"),  # month 0
        ("420106196509005491", "birth-date"),  # day 0
        ("420106196509315491", "birth-date"),  # 31 September
        ("420106184912315491", "birth-date"),  # before 1850
        ("420106000001015491", "birth-date"),
        ("420106651301549", "birth-date"),
        ("420106196509015492", "checksum"),
        ("11010519491231002Y", "charset"),
        ("110105194912310021", "checksum"),
    ],
)
def test_resident_problems(number: str, expected: str) -> None:
    assert resident.problem(number) == expected


def test_resident_region_code_not_checked() -> None:
    # Hainan (460100) was created in 1988; the number was assigned there later.
    number = with_id_check("46010019500101123")
    assert resident.problem(number) is None
    assert resident.problem(number, as_of=dt.date(2024, 6, 1)) is None
    # an address code that never existed is still only six digits to us
    assert resident.problem(with_id_check("00000019500101123")) is None


def test_resident_future_birth_date() -> None:
    number = with_id_check("42010620300101123")
    assert resident.problem(number) is None  # no reference date, no check
    assert resident.problem(number, as_of=dt.date(2029, 12, 31)) == "future-birth-date"
    assert resident.problem(number, as_of=dt.date(2030, 1, 1)) is None  # born today
    assert resident.problem(number, as_of=dt.date(2031, 1, 1)) is None
    # the date checks come before the checksum
    bad_check = number[:17] + ("0" if number[17] != "0" else "1")
    assert resident.problem(bad_check, as_of=dt.date(2020, 1, 1)) == "future-birth-date"
    assert resident.problem(bad_check, as_of=dt.date(2031, 1, 1)) == "checksum"


@pytest.mark.parametrize(
    ("year", "valid"),
    [(2000, True), (2004, True), (1996, True), (1900, False), (2001, False), (2100, False)],
)
def test_resident_february_29(year: int, valid: bool) -> None:
    number = with_id_check(f"420106{year}0229123")
    assert (resident.problem(number) is None) is valid
    if not valid:
        assert resident.problem(number) == "birth-date"
        assert resident.birth_date(number) is None
    else:
        assert resident.birth_date(number) == dt.date(year, 2, 29)
    assert resident.problem(with_id_check(f"420106{year}0228123")) is None
    assert resident.problem(with_id_check(f"420106{year}0230123")) == "birth-date"


def test_resident_legacy() -> None:
    legacy = "420106650901549"
    assert resident.is_legacy(legacy)
    assert resident.problem(legacy) is None
    assert resident.problem(legacy, as_of=dt.date(1965, 8, 31)) == "future-birth-date"
    assert resident.to_18(legacy) == "420106196509015491"
    assert resident.birth_date(legacy) == dt.date(1965, 9, 1)


def test_resident_legacy_leap_day() -> None:
    assert resident.problem("420106000229549") == "birth-date"  # 1900-02-29
    assert resident.problem("420106040229549") is None  # 1904-02-29


def test_resident_to_18_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="15"):
        resident.to_18("420106196509015491")
    with pytest.raises(ValueError, match="15"):
        resident.to_18("42010665090154X")


def test_resident_check_character_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="17"):
        resident.check_character("4201061965090154")
    with pytest.raises(ValueError, match="17"):
        resident.check_character("4201061965090154X")


def test_resident_birth_date() -> None:
    assert resident.birth_date("652823197506173113") == dt.date(1975, 6, 17)
    assert resident.birth_date("652823197506173110") == dt.date(1975, 6, 17)  # bad check
    assert resident.birth_date("11010519491231002x") == dt.date(1949, 12, 31)
    assert resident.birth_date("6528231975061731") is None
    assert resident.birth_date("65282319750631311X") is None


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("330921198001011234", "330921************"),
        ("11010519491231002X", "110105************"),
        ("420106650901549", "420106*********"),
        ("1234567", "123456*"),
        ("123456", "******"),
        ("12", "**"),
        ("", ""),
    ],
)
def test_resident_mask(value: str, masked: str) -> None:
    assert resident.mask(value) == masked
    assert len(resident.mask(value)) == len(value)


# --- properties ---------------------------------------------------------------

uscc_bodies = st.tuples(
    st.text(st.sampled_from(uscc.CHARSET), min_size=2, max_size=2),
    st.text(st.sampled_from(string.digits), min_size=6, max_size=6),
    st.text(st.sampled_from(uscc.CHARSET), min_size=9, max_size=9),
).map("".join)
org_bodies = st.text(
    st.sampled_from(string.digits + string.ascii_uppercase), min_size=8, max_size=8
)
id_bodies = st.builds(
    lambda region, birth, seq: f"{region}{birth:%Y%m%d}{seq}",
    st.text(st.sampled_from(string.digits), min_size=6, max_size=6),
    st.dates(dt.date(1850, 1, 1), dt.date(2100, 12, 31)),
    st.text(st.sampled_from(string.digits), min_size=3, max_size=3),
)


@given(uscc_bodies, st.sampled_from(uscc.CHARSET))
def test_uscc_check_character_property(first17: str, other: str) -> None:
    code = with_uscc_check(first17)
    assert uscc.problem(code) is None
    assert uscc.problem(code.lower()) is None
    if other != code[17]:
        assert uscc.problem(code[:17] + other) == "checksum"


@given(uscc_bodies, st.integers(0, 16), st.sampled_from(uscc.CHARSET))
def test_uscc_single_substitution_detected(first17: str, position: int, other: str) -> None:
    code = with_uscc_check(first17)
    changed = code[:position] + other + code[position + 1 :]
    assert uscc.problem(changed) == (None if changed == code else "checksum")
    if 2 <= position < 8 and not other.isdigit():
        assert uscc.registration_problem(changed) in ("department", "category", "region")


@given(org_bodies, st.sampled_from(ORG_CHECK_CHARS))
def test_orgcode_check_character_property(body: str, other: str) -> None:
    code = with_org_check(body)
    assert orgcode.problem(code) is None
    assert orgcode.problem(orgcode.format(code)) is None
    assert orgcode.problem(code.lower()) is None
    if other != code[8]:
        assert orgcode.problem(code[:8] + other) == "checksum"


@given(id_bodies, st.sampled_from(ORG_CHECK_CHARS))
def test_resident_check_character_property(first17: str, other: str) -> None:
    number = with_id_check(first17)
    assert resident.problem(number) is None
    assert resident.birth_date(number) is not None
    if other != number[17]:
        assert resident.problem(number[:17] + other) == "checksum"


@given(id_bodies, st.integers(0, 16), st.sampled_from(string.digits))
def test_resident_single_digit_change_detected(first17: str, position: int, other: str) -> None:
    number = with_id_check(first17)
    changed = number[:position] + other + number[position + 1 :]
    if changed == number:
        assert resident.problem(changed) is None
    elif 6 <= position < 14:  # the change may make the birth date impossible
        assert resident.problem(changed) in ("birth-date", "checksum")
    else:
        assert resident.problem(changed) == "checksum"


@given(
    st.text(st.sampled_from(string.digits), min_size=6, max_size=6),
    st.dates(dt.date(1900, 1, 1), dt.date(1999, 12, 31)),
    st.text(st.sampled_from(string.digits), min_size=3, max_size=3),
)
def test_resident_to_18_round_trip(region: str, birth: dt.date, seq: str) -> None:
    legacy = f"{region}{birth:%y%m%d}{seq}"
    assert resident.problem(legacy) is None
    full = resident.to_18(legacy)
    assert resident.problem(full) is None
    assert full[:6] + full[8:17] == legacy
    assert resident.birth_date(full) == resident.birth_date(legacy) == birth


@given(
    id_bodies,
    st.dates(dt.date(1850, 1, 1), dt.date(2100, 12, 31)),
)
def test_resident_future_birth_date_property(first17: str, as_of: dt.date) -> None:
    number = with_id_check(first17)
    birth = resident.birth_date(number)
    assert birth is not None
    expected = "future-birth-date" if birth > as_of else None
    assert resident.problem(number, as_of=as_of) == expected


@given(st.text(max_size=30))
def test_mask_never_reveals_short_or_long_values(value: str) -> None:
    masked = resident.mask(value)
    assert len(masked) == len(value)
    assert masked[min(6, len(value)) :] == "*" * max(0, len(value) - 6)
    if len(value) <= 6:
        assert set(masked) <= {"*"}


@given(st.text(max_size=25))
def test_problem_functions_never_raise(text: str) -> None:
    uscc.problem(text)
    uscc.orgcode_problem(text)
    uscc.registration_problem(text)
    orgcode.problem(text)
    orgcode.compact(text)
    orgcode.format(text)
    resident.problem(text, as_of=dt.date(2024, 1, 1))
    resident.birth_date(text)
    resident.mask(text)


# agreement with python-stdnum where it is right: a digit pair in front
_stdnum_chars = uscc.CHARSET + uscc.CHARSET.lower()


@given(
    st.text(st.sampled_from(string.digits), min_size=2, max_size=2),
    st.text(st.sampled_from(_stdnum_chars), min_size=15, max_size=15),
    st.text(st.sampled_from(string.digits), min_size=6, max_size=6),
    st.booleans(),
    st.booleans(),
)
def test_uscc_agrees_with_stdnum(
    prefix: str, rest: str, region: str, digit_region: bool, fix_check: bool
) -> None:
    if digit_region:
        rest = region + rest[6:]
    code = prefix + rest[:15] + rest[-1]
    if fix_check:
        code = with_uscc_check(code[:17])
    # stdnum also requires a numeric region code; sgs only warns about that.
    expected = uscc.is_valid(code) and code[2:8].isdigit()
    assert expected == stdnum_uscc.is_valid(code)


@given(st.text(st.sampled_from(uscc.CHARSET + "IOSVZa-"), min_size=16, max_size=19))
def test_assess_agrees_with_the_separate_checks(text: str) -> None:
    problem, orgcode_ok, registration = uscc.assess(text)
    assert problem == uscc.problem(text)
    if problem is None:
        assert orgcode_ok == (uscc.orgcode_problem(text) is None)
        assert registration == uscc.registration_problem(text)


@given(uscc_bodies)
def test_assess_agrees_on_valid_codes(first17: str) -> None:
    code = with_uscc_check(first17)
    problem, orgcode_ok, registration = uscc.assess(code)
    assert problem is None
    assert orgcode_ok == (uscc.orgcode_problem(code) is None)
    assert registration == uscc.registration_problem(code)
