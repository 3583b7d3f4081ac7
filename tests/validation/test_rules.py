"""Every validation rule: a record that breaks it, and one that does not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sgs.ids import orgcode, resident, uscc
from sgs.validation import Finding, Rule, RuleContext, Severity, Validator
from tests.strategies import credit_codes, id_numbers

AS_OF = dt.date(2026, 11, 26)
AUTHORITY = "11410100MB00000005"
PARTY = "91410100MA3X5AB156"
PERSON_ID = "410105198503121235"
PLACEHOLDER = "00000000000000000X"

LICENSE: dict[str, str] = {
    "XK_XDR_MC": "示例餐饮管理有限公司",
    "XK_XDR_LB": "法人及非法人组织",
    "XK_XDR_SHXYM": PARTY,
    "XK_FRDB": "张三",
    "XK_XKWS": "食品经营许可决定书",
    "XK_WSH": "示市监许〔2026〕1号",
    "XK_XKLB": "普通",
    "XK_NR": "准予食品经营许可",
    "XK_JDRQ": "2026/03/01",
    "XK_YXQZ": "2026/03/01",
    "XK_YXQZI": "2031/02/28",
    "XK_XKJG": "示例市市场监督管理局",
    "XK_XKJGDM": AUTHORITY,
    "XK_ZT": "1",
    "XK_LYDW": "示例市市场监督管理局",
    "XK_LYDWDM": AUTHORITY,
}

PENALTY: dict[str, str] = {
    "CF_XDR_MC": "示例餐饮管理有限公司",
    "CF_XDR_LB": "法人及非法人组织",
    "CF_XDR_SHXYM": PARTY,
    "CF_FRDB": "张三",
    "CF_WSH": "示市监罚〔2026〕1号",
    "CF_WFXW": "违反《中华人民共和国食品安全法》",
    "CF_SY": "经营超过保质期的食品",
    "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条",
    "CF_CFLB": "罚款",
    "CF_NR": "罚款5000元",
    "CF_NR_FK": "0.5",
    "CF_JDRQ": "2026/03/01",
    "CF_YXQ": "2099/12/31",
    "CF_GSJZQ": "2027/03/01",
    "CF_CFJG": "示例市市场监督管理局",
    "CF_CFJGDM": AUTHORITY,
    "CF_SJLY": "示例市市场监督管理局",
    "CF_SJLYDM": AUTHORITY,
}

PERSON: dict[str, str | None] = {
    "CF_XDR_MC": "测试甲",
    "CF_XDR_LB": "自然人",
    "CF_XDR_SHXYM": None,
    "CF_FRDB": None,
    "CF_XDR_ZJLX": "身份证",
    "CF_XDR_ZJHM": PERSON_ID,
}


def record(base: Mapping[str, str], **changes: str | None) -> dict[str, str]:
    """``base`` with fields changed (``None`` empties a field)."""
    result = dict(base)
    for code, value in changes.items():
        if value is None:
            result.pop(code, None)
        else:
            result[code] = value
    return result


def findings(
    records: Iterable[Mapping[str, str]], *, validator: Validator | None = None
) -> dict[tuple[str, str | None], Severity]:
    """(code, field) → severity of every issue of ``records``."""
    validator = validator or Validator(as_of=AS_OF)
    report = validator.validate(list(records))
    return {(i.code, i.field): i.severity for i in report.issues}


def codes(*records: Mapping[str, str]) -> set[str]:
    return {code for code, _ in findings(records)}


def with_check(first17: str) -> str:
    return first17 + uscc.check_character(first17)


E, W = Severity.ERROR, Severity.WARNING


def test_the_base_records_are_clean() -> None:
    person = record(PENALTY, **PERSON)
    assert findings([LICENSE]) == {}
    assert findings([PENALTY]) == {}
    assert findings([person]) == {}


BREAKING: list[tuple[str, dict[str, Any], tuple[str, str | None], Severity]] = [
    ("penalty", {"CF_WSH": None}, ("required-missing", "CF_WSH"), E),
    ("license", {"XK_XKJG": None}, ("required-missing", "XK_XKJG"), E),
    ("penalty", {"CF_WSH": "罚" * 129}, ("too-long", "CF_WSH"), E),  # 128 is confirmed [C2]
    ("penalty", {"CF_XDR_MC": "某" * 201}, ("too-long", "CF_XDR_MC"), W),  # 200 is recalled
    ("penalty", {"CF_JDRQ": "2026/02/30"}, ("date-invalid", "CF_JDRQ"), E),
    ("license", {"XK_YXQZI": "明年"}, ("date-invalid", "XK_YXQZI"), E),
    ("penalty", {"CF_NR_FK": "5000元"}, ("amount-invalid", "CF_NR_FK"), E),
    ("penalty", {"CF_NR_FK": "-1"}, ("amount-negative", "CF_NR_FK"), E),
    ("penalty", {"CF_NR_FK": "0.1234567"}, ("amount-decimals", "CF_NR_FK"), E),
    ("penalty", {"CF_XDR_LB": "公司"}, ("enum-invalid", "CF_XDR_LB"), E),
    ("license", {"XK_ZT": "3"}, ("enum-invalid", "XK_ZT"), E),
    ("penalty", {"CF_CFLB": "罚款；训诫"}, ("enum-invalid", "CF_CFLB"), E),
    ("penalty", {"CF_CFLB": "其他"}, ("other-unspecified", "CF_CFLB"), W),
    ("license", {"XK_XKLB": "其他"}, ("other-unspecified", "XK_XKLB"), W),
    ("penalty", {"CF_XDR_SHXYM": PARTY[:17]}, ("uscc-format", "CF_XDR_SHXYM"), E),
    ("penalty", {"CF_XDR_SHXYM": "91410100MA3X5AB1I6"}, ("uscc-format", "CF_XDR_SHXYM"), E),
    ("penalty", {"CF_XDR_SHXYM": PARTY[:17] + "7"}, ("uscc-checksum", "CF_XDR_SHXYM"), E),
    ("penalty", {"CF_CFJGDM": AUTHORITY[:17] + "6"}, ("uscc-checksum", "CF_CFJGDM"), E),
    (
        "penalty",
        {"CF_XDR_SHXYM": with_check("91410100MA3X5AB14")},  # org code check should be 5
        ("uscc-orgcode-checksum", "CF_XDR_SHXYM"),
        W,
    ),
    (
        "penalty",
        {"CF_XDR_SHXYM": with_check("B1410100MA3X5AB15")},
        ("uscc-registration-code", "CF_XDR_SHXYM"),
        W,
    ),
    ("penalty", {"CF_CFJGDM": PLACEHOLDER}, ("uscc-placeholder", "CF_CFJGDM"), E),
    ("license", {"XK_LYDWDM": PLACEHOLDER}, ("uscc-placeholder", "XK_LYDWDM"), E),
    ("penalty", {"CF_XDR_SHXYM": PLACEHOLDER}, ("uscc-placeholder", "CF_XDR_SHXYM"), E),
    ("penalty", {"CF_XDR_ZZJG": "MA3X5AB1"}, ("orgcode-format", "CF_XDR_ZZJG"), E),
    ("penalty", {"CF_XDR_ZZJG": "MA3X5AB16"}, ("orgcode-checksum", "CF_XDR_ZZJG"), E),
    (
        "penalty",
        {**PERSON, "CF_XDR_ZJHM": "41010519850312123"},
        ("id-format", "CF_XDR_ZJHM"),
        E,
    ),
    (
        "penalty",
        {**PERSON, "CF_XDR_ZJHM": "41010519850312123X"},
        ("id-checksum", "CF_XDR_ZJHM"),
        E,
    ),
    (
        "penalty",
        {**PERSON, "CF_XDR_ZJHM": "410105" + "19850230" + "1231"},
        ("id-birth-date", "CF_XDR_ZJHM"),
        E,
    ),
    (
        "penalty",
        {**PERSON, "CF_XDR_ZJHM": "410105850312123"},
        ("id-legacy-15", "CF_XDR_ZJHM"),
        W,
    ),
    ("penalty", {"CF_XDR_SHXYM": None}, ("category-required", "CF_XDR_SHXYM"), E),
    ("license", {"XK_FRDB": None}, ("category-required", "XK_FRDB"), E),
    ("penalty", {**PERSON, "CF_XDR_ZJHM": None}, ("category-required", "CF_XDR_ZJHM"), E),
    ("penalty", {**PERSON, "CF_XDR_ZJLX": None}, ("category-required", "CF_XDR_ZJLX"), E),
    ("penalty", {**PERSON, "CF_XDR_SHXYM": PARTY}, ("category-forbidden", "CF_XDR_SHXYM"), W),
    ("penalty", {**PERSON, "CF_FRDB": "李四"}, ("category-forbidden", "CF_FRDB"), W),
    (
        "penalty",
        {"CF_XDR_ZJLX": "身份证", "CF_XDR_ZJHM": PERSON_ID},
        ("category-forbidden", "CF_XDR_ZJHM"),
        W,
    ),
    (
        "penalty",
        {"CF_XDR_LB": "个体工商户", "CF_XDR_SHXYM": PLACEHOLDER},
        ("placeholder-needs-regno", "CF_XDR_GSZC"),
        E,
    ),
    ("penalty", {"CF_FR_ZJLX": "身份证"}, ("legal-rep-id-pair", "CF_FR_ZJHM"), W),
    ("license", {"XK_FR_ZJHM": PERSON_ID}, ("legal-rep-id-pair", "XK_FR_ZJLX"), W),
    (
        "penalty",
        {"CF_FR_ZJLX": "身份证", "CF_FR_ZJHM": "41010519850312123X"},
        ("id-checksum", "CF_FR_ZJHM"),
        E,
    ),
    ("license", {"XK_YXQZI": "2025/01/01"}, ("validity-order", "XK_YXQZI"), E),
    (
        "license",
        {"XK_YXQZ": "2026/01/01", "XK_YXQZI": "2026/02/01"},
        ("validity-before-decision", "XK_YXQZI"),
        W,
    ),
    ("penalty", {"CF_YXQ": "2026/02/01"}, ("validity-before-decision", "CF_YXQ"), W),
    (
        "penalty",
        {"CF_JDRQ": "2026/12/01", "CF_GSJZQ": "2027/12/01"},
        ("decision-in-future", "CF_JDRQ"),
        E,
    ),
    ("license", {"XK_JDRQ": "2026/11/27"}, ("decision-in-future", "XK_JDRQ"), E),
    ("penalty", {"CF_NR_FK": None}, ("fine-amount-missing", "CF_NR_FK"), W),
    ("penalty", {"CF_NR_FK": "0"}, ("fine-amount-missing", "CF_NR_FK"), W),
    (
        "penalty",
        {"CF_CFLB": "罚款、没收违法所得"},
        ("confiscation-amount-missing", "CF_NR_WFFF"),
        W,
    ),
    (
        "penalty",
        {"CF_CFLB": "吊销许可证件", "CF_NR_FK": None},
        ("licence-name-missing", "CF_NR_ZKDX"),
        W,
    ),
    (
        "penalty",
        {"CF_CFLB": "暂扣或者吊销许可证、暂扣或者吊销执照", "CF_NR_FK": None},
        ("licence-name-missing", "CF_NR_ZKDX"),
        W,
    ),
    ("penalty", {"CF_NR_FK": "5000"}, ("amount-looks-like-yuan", "CF_NR_FK"), W),
    (
        "penalty",
        {"CF_NR_FK": "20000", "CF_NR": "罚款二亿元"},
        ("amount-looks-like-yuan", "CF_NR_FK"),
        W,
    ),
    ("penalty", {"CF_GSJZQ": "2035/01/01"}, ("publication-end-inconsistent", "CF_GSJZQ"), W),
    (
        "penalty",
        {"CF_JDRQ": "2025/03/01", "CF_GSJZQ": "2025/04/01"},  # 58号令: at least 3 months
        ("publication-end-inconsistent", "CF_GSJZQ"),
        W,
    ),
    (
        "penalty",
        {"CF_CFLB": "示例市市场监督管理局", "CF_CFJG": "罚款"},
        ("columns-swapped", "CF_CFLB"),
        W,
    ),
]


@pytest.mark.parametrize(
    ("kind", "changes", "expected", "severity"),
    BREAKING,
    ids=[f"{e[0]}-{e[1]}" for _, _, e, _ in BREAKING],
)
def test_each_rule_breaks(
    kind: str,
    changes: dict[str, Any],
    expected: tuple[str, str | None],
    severity: Severity,
) -> None:
    base = LICENSE if kind == "license" else PENALTY
    found = findings([record(base, **changes)])
    assert found.get(expected) == severity, found


PASSING: list[tuple[str, dict[str, Any]]] = [
    ("penalty", {"CF_WSH": "罚" * 128}),
    ("penalty", {"CF_JDRQ": "2026-03-01", "CF_YXQ": "长期"}),
    ("penalty", {"CF_JDRQ": "2026年3月1日"}),
    ("penalty", {"CF_NR_FK": "0.123456"}),
    ("penalty", {"CF_NR_FK": "1,200.5", "CF_NR": "罚款1200.5万元"}),
    ("penalty", {"CF_CFLB": "其他-责令改正"}),
    ("penalty", {"CF_CFLB": "其他（责令改正，限期整改）"}),
    ("license", {"XK_XKLB": "其他-备案"}),
    ("license", {"XK_ZT": "有效"}),
    ("penalty", {"CF_XDR_SHXYM": PARTY.lower()}),
    ("penalty", {"CF_XDR_ZZJG": "MA3X5AB15"}),
    ("penalty", {"CF_XDR_ZZJG": "MA3X5AB1-5"}),
    ("penalty", {"CF_XDR_LB": "法人"}),
    (
        "penalty",
        {"CF_XDR_LB": "个体工商户", "CF_XDR_SHXYM": PLACEHOLDER, "CF_XDR_GSZC": "410100600123456"},
    ),
    ("penalty", {"CF_XDR_LB": "个体工商户", "CF_XDR_SHXYM": "92410102MA45HN3P8E"}),
    ("penalty", {"CF_FR_ZJLX": "身份证", "CF_FR_ZJHM": PERSON_ID}),
    ("penalty", {"CF_FR_ZJLX": "护照号", "CF_FR_ZJHM": "E12345678"}),
    ("penalty", {**PERSON, "CF_XDR_ZJLX": "护照号", "CF_XDR_ZJHM": "E12345678"}),
    ("penalty", {**PERSON, "CF_XDR_ZJHM": "11010519491231002x"}),
    ("penalty", {"CF_JDRQ": "2026/11/26", "CF_GSJZQ": "2027/11/26"}),
    ("penalty", {"CF_CFLB": "警告", "CF_NR_FK": None, "CF_NR": "警告"}),
    (
        "penalty",
        {"CF_CFLB": "吊销许可证件", "CF_NR_FK": None, "CF_NR_ZKDX": "食品经营许可证JY123"},
    ),
    ("penalty", {"CF_CFLB": "罚款；没收违法所得", "CF_NR_WFFF": "0.1"}),
    ("penalty", {"CF_NR_FK": "0.5", "CF_NR": "罚款5000元"}),
    ("penalty", {"CF_GSJZQ": None}),
    # 36号令 (from 2026-04-01): a 轻微 penalty may be published for less than 3 months.
    ("penalty", {"CF_JDRQ": "2026/05/01", "CF_GSJZQ": "2026/06/01"}),
    # a penalty with its own longer duration stays published for it
    ("penalty", {"CF_YXQ": "2032/01/01", "CF_GSJZQ": "2032/01/01"}),
    ("license", {"XK_YXQZI": "2099/12/31"}),
]


@pytest.mark.parametrize(("kind", "changes"), PASSING, ids=[str(c) for _, c in PASSING])
def test_valid_variants_pass(kind: str, changes: dict[str, Any]) -> None:
    base = LICENSE if kind == "license" else PENALTY
    assert findings([record(base, **changes)]) == {}


@pytest.mark.parametrize("separator", [";", "；", ",", "，", "、"])
def test_penalty_types_take_every_separator(separator: str) -> None:
    text = separator.join(["罚款", "没收违法所得", "警告"])
    assert findings([record(PENALTY, CF_CFLB=text, CF_NR_WFFF="0.2")]) == {}
    bad = separator.join(["罚款", "训诫"])
    issue = Validator(as_of=AS_OF).validate([record(PENALTY, CF_CFLB=bad)]).issues
    assert [(i.code, i.value) for i in issue] == [("enum-invalid", "训诫")]


def test_the_2018_compound_value_keeps_its_separator() -> None:
    text = "罚款；没收违法所得、没收非法财物"
    validator = Validator(standard="2018", as_of=AS_OF)
    assert findings([record(PENALTY, CF_CFLB=text, CF_NR_WFFF="1")], validator=validator) == {}


# -- the category matrix (标准 §4) ----------------------------------------------------------------

MATRIX = [
    # category, field, filled → expected code for an empty required / filled forbidden field
    ("法人及非法人组织", "CF_XDR_SHXYM", "category-required"),
    ("法人及非法人组织", "CF_FRDB", "category-required"),
    ("个体工商户", "CF_XDR_SHXYM", "category-required"),
    ("个体工商户", "CF_FRDB", "category-required"),
    ("自然人", "CF_XDR_ZJLX", "category-required"),
    ("自然人", "CF_XDR_ZJHM", "category-required"),
]


@pytest.mark.parametrize(("category", "field", "code"), MATRIX)
def test_matrix_required(category: str, field: str, code: str) -> None:
    base = record(PENALTY, **PERSON) if category == "自然人" else record(PENALTY)
    base["CF_XDR_LB"] = category
    assert findings([base]) == {}
    assert findings([record(base, **{field: None})]).get((code, field)) == E


@pytest.mark.parametrize(
    "field",
    [
        "CF_XDR_SHXYM",
        "CF_XDR_GSZC",
        "CF_XDR_ZZJG",
        "CF_XDR_SWDJ",
        "CF_XDR_SYDW",
        "CF_XDR_SHZZ",
        "CF_FRDB",
        "CF_FR_ZJLX",
    ],
)
def test_matrix_natural_person_leaves_organisation_fields_empty(field: str) -> None:
    values = {
        "CF_XDR_SHXYM": PARTY,
        "CF_XDR_ZZJG": "MA3X5AB15",
        "CF_FR_ZJLX": "身份证",
    }
    person = record(PENALTY, **PERSON)
    person[field] = values.get(field, "某值")
    found = findings([person])
    assert found.get(("category-forbidden", field)) == W
    assert not [k for k, s in found.items() if s is E], found


def test_matrix_without_a_category_checks_no_category_rule() -> None:
    found = findings([record(PENALTY, CF_XDR_LB=None, CF_XDR_SHXYM=None)])
    assert set(found) == {("required-missing", "CF_XDR_LB")}


# -- identifier traps ----------------------------------------------------------------------------


@pytest.mark.parametrize("first", ["N2", "Y1", "A1", "N1", "91"])
def test_credit_codes_starting_with_letters_are_valid(first: str) -> None:
    code = with_check(first + "410100MA3X5AB1" + orgcode.check_character("MA3X5AB1"))
    assert len(code) == 18
    assert findings([record(PENALTY, CF_XDR_SHXYM=code)]) == {}


def test_id_number_of_a_region_created_after_the_birth_year_is_valid() -> None:
    first17 = "460100" + "19500101" + "123"  # 海口市 (460100) exists since 1988
    number = first17 + resident.check_character(first17)
    assert findings([record(PENALTY, **{**PERSON, "CF_XDR_ZJHM": number})]) == {}


def test_id_birth_date_after_as_of_is_rejected() -> None:
    first17 = "410105" + "20261201" + "123"
    number = first17 + resident.check_character(first17)
    person = record(PENALTY, **{**PERSON, "CF_XDR_ZJHM": number})
    assert findings([person]).get(("id-birth-date", "CF_XDR_ZJHM")) == E
    later = Validator(as_of=dt.date(2027, 1, 1))
    assert findings([person], validator=later) == {}


def test_id_numbers_are_masked_in_issues() -> None:
    bad = "41010519850312123X"
    report = Validator(as_of=AS_OF).validate([record(PENALTY, **{**PERSON, "CF_XDR_ZJHM": bad})])
    (issue,) = report.issues
    assert issue.value == "410105" + "*" * 12
    assert bad not in issue.message_zh + issue.message_en


def test_placeholder_only_for_sole_traders() -> None:
    sole = record(PENALTY, CF_XDR_LB="个体工商户", CF_XDR_SHXYM=PLACEHOLDER, CF_XDR_GSZC="4101")
    assert findings([sole]) == {}
    assert ("uscc-placeholder", "CF_XDR_SHXYM") in findings([record(sole, CF_XDR_LB="法人")])
    assert ("uscc-placeholder", "CF_SJLYDM") in findings([record(sole, CF_SJLYDM=PLACEHOLDER)])


# -- duplicates ----------------------------------------------------------------------------------


def test_duplicate_decision_names_the_first_record() -> None:
    other = record(PENALTY, CF_XDR_MC="另一公司")
    report = Validator(as_of=AS_OF).validate([PENALTY, other, other])
    dups = [i for i in report.issues if i.code == "duplicate-decision"]
    assert [(i.record, i.severity) for i in dups] == [(2, E), (3, E)]
    assert "第1条记录" in dups[0].message_zh
    assert "record 1" in dups[0].message_en
    assert "第1条记录" in dups[1].message_zh


def test_same_number_from_another_authority_is_not_a_duplicate() -> None:
    body = "MB000001"  # another authority's organization code
    code = with_check("11410100" + body + orgcode.check_character(body))
    other = record(PENALTY, CF_CFJG="示例市卫生健康委员会", CF_CFJGDM=code)
    assert codes(PENALTY, other) == set()


def test_duplicate_numbers_written_with_other_brackets_are_found() -> None:
    other = record(PENALTY, CF_WSH="示市监罚 [2026] 1号")
    assert codes(PENALTY, other) == {"duplicate-decision"}


def test_a_license_and_a_penalty_never_duplicate_each_other() -> None:
    validator = Validator(as_of=AS_OF)
    license_ = record(LICENSE, XK_WSH=PENALTY["CF_WSH"])
    report = validator.validate_many([[PENALTY], [license_]])
    assert report.summary.invalid == 0


# -- policy and extension ------------------------------------------------------------------------


def test_severity_can_be_changed_per_code_and_per_field() -> None:
    bad = record(PENALTY, CF_CFJGDM=AUTHORITY[:17] + "6", CF_XDR_SHXYM=PARTY[:17] + "7")
    relaxed = Validator(as_of=AS_OF, severity={"uscc-checksum:CF_CFJGDM": "warning"})
    found = findings([bad], validator=relaxed)
    assert found[("uscc-checksum", "CF_CFJGDM")] == W
    assert found[("uscc-checksum", "CF_XDR_SHXYM")] == E
    silent = Validator(as_of=AS_OF, severity={"uscc-checksum": "off"})
    assert findings([bad], validator=silent) == {}
    strict = Validator(as_of=AS_OF, severity={"fine-amount-missing": "error"})
    assert findings([record(PENALTY, CF_NR_FK=None)], validator=strict) == {
        ("fine-amount-missing", "CF_NR_FK"): E
    }


def test_unknown_codes_and_levels_in_the_policy_are_errors() -> None:
    from sgs.errors import SgsError

    with pytest.raises(SgsError, match="uscc-chksum"):
        Validator(severity={"uscc-chksum": "warning"})
    with pytest.raises(SgsError, match="fatal"):
        Validator(severity={"uscc-checksum": "fatal"})


def _c7(values: Mapping[str, Any], context: RuleContext) -> list[Finding]:
    code = values.get("CF_XDR_GSZC")
    if isinstance(code, str) and len(code) == 18 and not code.startswith("91"):
        return [Finding("test-prefix", "CF_XDR_GSZC", code)]
    return []


def test_extra_rules_report_their_own_codes() -> None:
    from sgs.validation import IssueType

    rule = Rule(
        name="test-prefix",
        check=_c7,
        issue_types=(
            IssueType(
                code="test-prefix",
                severity=Severity.ERROR,
                title_zh="前缀",
                title_en="prefix",
                message_zh="“{label}”前缀错误：{value}",
                message_en="{field}: wrong prefix {value}",
            ),
        ),
    )
    validator = Validator(as_of=AS_OF, rules=[rule])
    found = findings([record(PENALTY, CF_XDR_GSZC="92410102MA45HN3P8E")], validator=validator)
    assert found == {("test-prefix", "CF_XDR_GSZC"): E}


def test_a_failing_rule_becomes_a_warning_and_validation_goes_on() -> None:
    def broken(values: Mapping[str, Any], context: RuleContext) -> list[Finding]:
        raise ZeroDivisionError("oops")

    validator = Validator(as_of=AS_OF, rules=[Rule(name="broken", check=broken)])
    report = validator.validate([PENALTY, record(PENALTY, CF_WSH=None)])
    assert report.summary.total == 2
    errors = [i for i in report.issues if i.code == "rule-error"]
    assert len(errors) == 2
    assert all(i.severity is W for i in errors)
    assert "broken" in errors[0].message_zh
    assert "ZeroDivisionError" in errors[0].message_en
    assert any(i.code == "required-missing" for i in report.issues)


# -- valid data is never rejected ----------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    party=credit_codes(),
    authority=credit_codes(),
    person=id_numbers(),
    natural=st.booleans(),
    decided=st.dates(dt.date(2019, 7, 1), AS_OF),
    months=st.integers(3, 36),
    fine=st.decimals(min_value="0.000001", max_value="9999", places=6),
    separator=st.sampled_from(";；,，、"),
)
def test_valid_penalties_are_accepted(
    party: str,
    authority: str,
    person: str,
    natural: bool,
    decided: dt.date,
    months: int,
    fine: Any,
    separator: str,
) -> None:
    from dateutil.relativedelta import relativedelta

    values: dict[str, str | None] = {
        "CF_XDR_SHXYM": party,
        "CF_CFJGDM": authority,
        "CF_SJLYDM": authority,
        "CF_JDRQ": f"{decided:%Y/%m/%d}",
        "CF_GSJZQ": f"{decided + relativedelta(months=months):%Y/%m/%d}",
        "CF_CFLB": separator.join(["罚款", "警告"]),
        "CF_NR_FK": str(fine),
        "CF_NR": "罚款",
    }
    if natural:
        values.update(PERSON)
        values["CF_XDR_ZJHM"] = person
    found = findings([record(PENALTY, **values)])
    assert not [k for k, s in found.items() if s is E], found
