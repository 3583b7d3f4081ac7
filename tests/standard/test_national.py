"""The standard data against the reference document (the project's summary of the standard, docs/standard.md, and its sources).

The expected tables below are copied by hand from standard.md: §2 (行政许可),
§3 (行政处罚, rows 3–8 expanded like the 行政许可 table), §5 (the 2016
templates) and §6 (处罚类别). Each row is (code, 中文名, type, max length,
requirement) with type ``C`` 字符型, ``D`` 日期型, ``N`` number (6 decimals)
and requirement ``M``, ``Cn`` or ``O`` / ``O (Cn)`` as the reference writes it.
"""

from __future__ import annotations

import attrs
import pytest

from sgs.errors import UnknownVersionError
from sgs.standard import (
    DEFAULT_VERSION,
    Enumeration,
    FieldSpec,
    FieldType,
    Kind,
    RecordSpec,
    Requirement,
    Standard,
    available_versions,
    get_standard,
)
from sgs.standard.legacy import PENALTY_TYPE_CODES_2016

Row = tuple[str, str, str, int | None, str]

# standard.md §2, 28 rows.
LICENSE_2018: list[Row] = [
    ("XK_XDR_MC", "行政相对人名称", "C", 200, "M"),
    ("XK_XDR_LB", "行政相对人类别", "C", 16, "M"),
    ("XK_XDR_SHXYM", "行政相对人代码_1(统一社会信用代码)", "C", 18, "C1"),
    ("XK_XDR_GSZC", "行政相对人代码_2(工商注册号)", "C", 50, "C2"),
    ("XK_XDR_ZZJG", "行政相对人代码_3(组织机构代码)", "C", 9, "O (C3)"),
    ("XK_XDR_SWDJ", "行政相对人代码_4(税务登记号)", "C", 15, "O (C3)"),
    ("XK_XDR_SYDW", "行政相对人代码_5(事业单位证书号)", "C", 12, "O (C3)"),
    ("XK_XDR_SHZZ", "行政相对人代码_6(社会组织登记证号)", "C", 50, "O (C3)"),
    ("XK_FRDB", "法定代表人", "C", 50, "C4"),
    ("XK_FR_ZJLX", "法定代表人证件类型", "C", 64, "O"),
    ("XK_FR_ZJHM", "法定代表人证件号码", "C", 64, "C5"),
    ("XK_XDR_ZJLX", "证件类型", "C", 64, "C6"),
    ("XK_XDR_ZJHM", "证件号码", "C", 64, "C6"),
    ("XK_XKWS", "行政许可决定文书名称", "C", 64, "M"),
    ("XK_WSH", "行政许可决定文书号", "C", 64, "M"),
    ("XK_XKLB", "许可类别", "C", 256, "M"),
    ("XK_XKZS", "许可证书名称", "C", 64, "O"),
    ("XK_XKBH", "许可编号", "C", 64, "O"),
    ("XK_NR", "许可内容", "C", 4000, "M"),
    ("XK_JDRQ", "许可决定日期", "D", None, "M"),
    ("XK_YXQZ", "有效期自", "D", None, "M"),
    ("XK_YXQZI", "有效期至", "D", None, "M"),
    ("XK_XKJG", "许可机关", "C", 200, "M"),
    ("XK_XKJGDM", "许可机关统一社会信用代码", "C", 18, "M"),
    ("XK_ZT", "当前状态", "C", 1, "M"),
    ("XK_LYDW", "数据来源单位", "C", 200, "M"),
    ("XK_LYDWDM", "数据来源单位统一社会信用代码", "C", 18, "M"),
    ("BZ", "备注", "C", 512, "O"),
]

# standard.md §3, 30 fields (rows 3–8 expanded, "as XK C1–C3").
PENALTY_2018: list[Row] = [
    ("CF_XDR_MC", "行政相对人名称", "C", 200, "M"),
    ("CF_XDR_LB", "行政相对人类别", "C", 16, "M"),
    ("CF_XDR_SHXYM", "行政相对人代码_1(统一社会信用代码)", "C", 18, "C1"),
    ("CF_XDR_GSZC", "行政相对人代码_2(工商注册号)", "C", 50, "C2"),
    ("CF_XDR_ZZJG", "行政相对人代码_3(组织机构代码)", "C", 9, "O (C3)"),
    ("CF_XDR_SWDJ", "行政相对人代码_4(税务登记号)", "C", 15, "O (C3)"),
    ("CF_XDR_SYDW", "行政相对人代码_5(事业单位证书号)", "C", 12, "O (C3)"),
    ("CF_XDR_SHZZ", "行政相对人代码_6(社会组织登记证号)", "C", 50, "O (C3)"),
    ("CF_FRDB", "法定代表人", "C", 50, "C4"),
    ("CF_FR_ZJLX", "法定代表人证件类型", "C", 64, "O"),
    ("CF_FR_ZJHM", "法定代表人证件号码", "C", 64, "C5"),
    ("CF_XDR_ZJLX", "证件类型", "C", 64, "C6"),
    ("CF_XDR_ZJHM", "证件号码", "C", 64, "C6"),
    ("CF_WSH", "行政处罚决定书文号", "C", 128, "M"),
    ("CF_WFXW", "违法行为类型", "C", 2000, "M"),
    ("CF_SY", "违法事实", "C", 5000, "M"),
    ("CF_YJ", "处罚依据", "C", 2048, "M"),
    ("CF_CFLB", "处罚类别", "C", 256, "M"),
    ("CF_NR", "处罚内容", "C", 4000, "M"),
    ("CF_NR_FK", "罚款金额（万元）", "N", None, "C7"),
    ("CF_NR_WFFF", "没收违法所得、没收非法财物的金额（万元）", "N", None, "C8"),
    ("CF_NR_ZKDX", "暂扣或吊销证照名称及编号", "C", 200, "C9"),
    ("CF_JDRQ", "处罚决定日期", "D", None, "M"),
    ("CF_YXQ", "处罚有效期", "D", None, "M"),
    ("CF_GSJZQ", "公示截止期", "D", None, "O"),
    ("CF_CFJG", "处罚机关", "C", 200, "M"),
    ("CF_CFJGDM", "处罚机关统一社会信用代码", "C", 18, "M"),
    ("CF_SJLY", "数据来源单位", "C", 200, "M"),
    ("CF_SJLYDM", "数据来源单位统一社会信用代码", "C", 18, "M"),
    ("BZ", "备注", "C", 512, "O"),
]

EXPECTED_2018 = {Kind.LICENSE: LICENSE_2018, Kind.PENALTY: PENALTY_2018}

# The fields whose 字符型 value is a closed list in sgs (§2 #2, #10, #12, #16, #25; §3 #18).
ENUMERATED = {
    Kind.LICENSE: {"XK_XDR_LB", "XK_FR_ZJLX", "XK_XDR_ZJLX", "XK_XKLB", "XK_ZT"},
    Kind.PENALTY: {"CF_XDR_LB", "CF_FR_ZJLX", "CF_XDR_ZJLX", "CF_CFLB"},
}

# standard.md §6.
PENALTY_TYPES_2018 = [
    "警告",
    "罚款",
    "没收违法所得、没收非法财物",
    "责令停产停业",
    "暂扣或者吊销许可证、暂扣或者吊销执照",
    "行政拘留",
    "其他",
]
PENALTY_TYPES_2021 = [
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他",
]

# standard.md §5: the 2016 codes in template order, with their explicit 2018 targets.
LEGACY_LICENSE_CODES = [
    "XK_WSH",
    "XK_XMMC",
    "XK_SPLB",
    "XK_NR",
    "XK_XDR",
    "XK_XDR_SHXYM",
    "XK_XDR_ZDM",
    "XK_XDR_GSDJ",
    "XK_XDR_SWDJ",
    "XK_XDR_SFZ",
    "XK_FR",
    "XK_JDRQ",
    "XK_JZQ",
    "XK_XZJG",
    "XK_ZT",
    "DFBM",
    "SJC",
    "BZ",
]
LEGACY_PENALTY_CODES = [
    "CF_WSH",
    "CF_CFMC",
    "CF_CFLB1",
    "CF_CFLB2",
    "CF_SY",
    "CF_YJ",
    "CF_XDR_MC",
    "CF_XDR_SHXYM",
    "CF_XDR_ZDM",
    "CF_XDR_GSDJ",
    "CF_XDR_SWDJ",
    "CF_XDR_SFZ",
    "CF_FR",
    "CF_JG",
    "CF_JDRQ",
    "CF_XZJG",
    "CF_ZT",
    "DFBM",
    "SJC",
    "BZ",
]
LEGACY_TARGETS = {
    Kind.LICENSE: {
        "XK_XDR": "XK_XDR_MC",
        "XK_XDR_ZDM": "XK_XDR_ZZJG",
        "XK_XDR_GSDJ": "XK_XDR_GSZC",
        "XK_XDR_SFZ": "XK_XDR_ZJHM",
        "XK_FR": "XK_FRDB",
        "XK_JZQ": "XK_YXQZI",
        "XK_XZJG": "XK_XKJG",
        "XK_SPLB": "XK_XKLB",
    },
    Kind.PENALTY: {
        "CF_FR": "CF_FRDB",
        "CF_XZJG": "CF_CFJG",
        "CF_XDR_ZDM": "CF_XDR_ZZJG",
        "CF_XDR_GSDJ": "CF_XDR_GSZC",
        "CF_XDR_SFZ": "CF_XDR_ZJHM",
        "CF_CFLB1": "CF_CFLB",
        "CF_CFLB2": "CF_CFLB",
    },
}
# Labels given in parentheses in §5.
LEGACY_LABELS = {
    "XK_XMMC": "项目名称",
    "XK_SPLB": "审批类别",
    "XK_XDR_ZDM": "组织机构代码",
    "XK_XDR_GSDJ": "工商登记码",
    "XK_XDR_SFZ": "居民身份证号",
    "DFBM": "地方编码",
    "SJC": "数据更新时间戳",
    "CF_CFMC": "处罚名称",
    "CF_SY": "处罚事由",
    "CF_JG": "处罚结果",
    "CF_XZJG": "处罚机关",
}
CFLB_CODES_2016 = {
    "0": "警告",
    "1": "罚款",
    "2": "没收违法所得、没收非法财物",
    "3": "责令停产停业",
    "4": "暂扣或者吊销许可证、暂扣或者吊销执照",
    "5": "行政拘留",
    "6": "其他",
}

KINDS = [Kind.LICENSE, Kind.PENALTY]


def _type_letter(field: FieldSpec) -> str:
    if field.type is FieldType.DATE:
        return "D"
    if field.type is FieldType.DECIMAL:
        return "N"
    return "C"


def _requirement_mark(field: FieldSpec) -> str:
    if field.requirement is Requirement.MANDATORY:
        return "M"
    if field.requirement is Requirement.CONDITIONAL:
        return field.condition or "C?"
    return f"O ({field.condition})" if field.condition else "O"


def _spec(version: str, kind: Kind) -> RecordSpec:
    return get_standard(version).spec(kind)


# --------------------------------------------------------------------------- 2018 fields


@pytest.mark.parametrize("kind", KINDS)
def test_2018_codes_and_labels_in_order(kind: Kind) -> None:
    """Every 2018 field has the reference's code and 中文名, in the reference's order."""
    expected = [(code, label) for code, label, *_ in EXPECTED_2018[kind]]
    assert list(zip(_spec("2018", kind).codes, _spec("2018", kind).labels, strict=True)) == expected


def test_2018_field_counts() -> None:
    """The 2018 standard has 28 license fields and 30 penalty fields."""
    std = get_standard("2018")
    assert (len(std.license), len(std.penalty)) == (28, 30)


@pytest.mark.parametrize("kind", KINDS)
def test_2018_types(kind: Kind) -> None:
    """字符型 fields are text or a closed list, 日期型 are dates, amounts are decimals."""
    actual = [(f.code, _type_letter(f)) for f in _spec("2018", kind)]
    assert actual == [(code, letter) for code, _, letter, _, _ in EXPECTED_2018[kind]]


@pytest.mark.parametrize("kind", KINDS)
def test_2018_enumerated_fields(kind: Kind) -> None:
    """Exactly the fields with a value list in the reference are enumerations."""
    enumerated = {f.code for f in _spec("2018", kind) if f.type is FieldType.ENUMERATION}
    assert enumerated == ENUMERATED[kind]
    assert all(f.enumeration is not None for f in _spec("2018", kind) if f.code in enumerated)


def test_2018_amounts_have_six_decimals_in_wan_yuan() -> None:
    """罚款金额 and 没收金额 are decimals with 6 places, in 万元."""
    spec = _spec("2018", Kind.PENALTY)
    for code in ("CF_NR_FK", "CF_NR_WFFF"):
        assert (spec[code].decimals, spec[code].unit) == (6, "万元")


@pytest.mark.parametrize("kind", KINDS)
def test_2018_requirements(kind: Kind) -> None:
    """Requirement marks (M / Cn / O, with the condition of optional codes) match."""
    actual = [(f.code, _requirement_mark(f)) for f in _spec("2018", kind)]
    assert actual == [(code, req) for code, _, _, _, req in EXPECTED_2018[kind]]


@pytest.mark.parametrize("kind", KINDS)
def test_2018_max_lengths(kind: Kind) -> None:
    """Maximum lengths match the reference; dates and amounts have none."""
    actual = [(f.code, f.max_length) for f in _spec("2018", kind)]
    assert actual == [(code, length) for code, _, _, length, _ in EXPECTED_2018[kind]]


def test_2018_license_status_codes() -> None:
    """当前状态 is ``1`` 有效 or ``2`` 无效."""
    enumeration = _spec("2018", Kind.LICENSE)["XK_ZT"].enumeration
    assert enumeration is not None
    assert (enumeration.values, dict(enumeration.titles)) == (
        ("1", "2"),
        {"1": "有效", "2": "无效"},
    )


def test_2018_license_categories() -> None:
    """许可类别 is 普通 / 特许 / 认可 / 核准 / 登记 / 其他."""
    assert _spec("2018", Kind.LICENSE)["XK_XKLB"].allowed_values == (
        "普通",
        "特许",
        "认可",
        "核准",
        "登记",
        "其他",
    )


@pytest.mark.parametrize("kind", KINDS)
def test_2018_subject_categories(kind: Kind) -> None:
    """行政相对人类别 is one of the three categories, in both kinds."""
    assert _spec("2018", kind).fields[1].allowed_values == (
        "法人及非法人组织",
        "自然人",
        "个体工商户",
    )


@pytest.mark.parametrize("kind", KINDS)
def test_2018_id_types(kind: Kind) -> None:
    """Both 证件类型 fields use the five ID types of §2 #12."""
    prefix = "XK" if kind is Kind.LICENSE else "CF"
    expected = (
        "身份证",
        "护照号",
        "港澳居民来往内地通行证",
        "台湾居民来往大陆通行证",
        "外国人永久居留身份证",
    )
    spec = _spec("2018", kind)
    assert spec[f"{prefix}_XDR_ZJLX"].allowed_values == expected
    assert spec[f"{prefix}_FR_ZJLX"].allowed_values == expected


def test_2018_penalty_types() -> None:
    """The 2018 处罚类别 is the 7-value list of §6, several values allowed."""
    field = _spec("2018", Kind.PENALTY)["CF_CFLB"]
    assert (list(field.allowed_values), field.multiple) == (PENALTY_TYPES_2018, True)


@pytest.mark.parametrize("kind", KINDS)
def test_id_numbers_are_personal(kind: Kind) -> None:
    """Only the two ID-number fields are marked as personal information."""
    personal = {f.code[3:] for f in _spec("2018", kind) if f.personal}
    assert personal == {"FR_ZJHM", "XDR_ZJHM"}


def test_penalty_has_no_status_field() -> None:
    """The 2018 penalty record has no 当前状态 field (§3)."""
    assert "CF_ZT" not in _spec("2018", Kind.PENALTY)


def test_long_term_and_placeholder() -> None:
    """2099-12-31 means 长期 and the 个体工商户 placeholder is 17 zeros and X."""
    std = get_standard("2018")
    assert (std.long_term_date.isoformat(), std.placeholder_credit_code) == (
        "2099-12-31",
        "0" * 17 + "X",
    )


# --------------------------------------------------------------------------- 2021


@pytest.mark.parametrize("kind", KINDS)
def test_2021_has_the_2018_field_set(kind: Kind) -> None:
    """2021 keeps the 2018 codes, labels and order."""
    assert _spec("2021", kind).codes == _spec("2018", kind).codes
    assert _spec("2021", kind).labels == _spec("2018", kind).labels


@pytest.mark.parametrize("kind", KINDS)
def test_2021_changes_only_penalty_types(kind: Kind) -> None:
    """Every 2021 field spec equals its 2018 one except 处罚类别."""
    changed = [
        new.code
        for old, new in zip(_spec("2018", kind), _spec("2021", kind), strict=True)
        if old != new
    ]
    assert changed == (["CF_CFLB"] if kind is Kind.PENALTY else [])


def test_2021_penalty_types_in_severity_order() -> None:
    """2021 处罚类别 is the 13 types of §6 lightest first, then 其他."""
    field = _spec("2021", Kind.PENALTY)["CF_CFLB"]
    assert (list(field.allowed_values), field.multiple) == (PENALTY_TYPES_2021, True)


@pytest.mark.parametrize("value", PENALTY_TYPES_2018)
def test_2021_accepts_2018_penalty_strings(value: str) -> None:
    """Each of the 7 2018 处罚类别 strings is accepted under 2021."""
    enumeration = _spec("2021", Kind.PENALTY)["CF_CFLB"].enumeration
    assert enumeration is not None
    assert value in enumeration.accepted


def test_2021_keeps_ambiguous_2018_strings_as_written() -> None:
    """The compound 2018 strings stay as written: 暂扣 or 吊销 cannot be told apart."""
    enumeration = _spec("2021", Kind.PENALTY)["CF_CFLB"].enumeration
    assert enumeration is not None
    compound = "暂扣或者吊销许可证、暂扣或者吊销执照"
    assert enumeration.canonical(compound) == compound


# --------------------------------------------------------------------------- 2016 map


@pytest.mark.parametrize(
    ("kind", "codes"), [(Kind.LICENSE, LEGACY_LICENSE_CODES), (Kind.PENALTY, LEGACY_PENALTY_CODES)]
)
def test_2016_codes_in_order(kind: Kind, codes: list[str]) -> None:
    """The 2016 map lists every §5 code, in template order."""
    assert [item.code for item in _spec("2018", kind).legacy] == codes


@pytest.mark.parametrize("kind", KINDS)
def test_2016_explicit_targets(kind: Kind) -> None:
    """The §5 mappings (XK_XDR → XK_XDR_MC, CF_XZJG → CF_CFJG…) are followed."""
    targets = {item.code: item.target for item in _spec("2018", kind).legacy}
    assert {code: targets[code] for code in LEGACY_TARGETS[kind]} == LEGACY_TARGETS[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_2016_targets_exist(kind: Kind) -> None:
    """Every 2016 target is a field of the 2018 record of the same kind."""
    spec = _spec("2018", kind)
    assert all(item.target in spec for item in spec.legacy if item.target is not None)


@pytest.mark.parametrize("kind", KINDS)
def test_2016_unmatched_fields_have_no_target(kind: Kind) -> None:
    """地方编码, 数据更新时间戳 and the old 当前状态 have no 2018 counterpart."""
    prefix = "XK" if kind is Kind.LICENSE else "CF"
    targets = {item.code: item.target for item in _spec("2018", kind).legacy}
    assert [targets[c] for c in ("DFBM", "SJC", f"{prefix}_ZT")] == [None, None, None]


def test_2016_labels() -> None:
    """The labels §5 gives in parentheses appear in the 2016 field labels."""
    legacy = [*_spec("2018", Kind.LICENSE).legacy, *_spec("2018", Kind.PENALTY).legacy]
    labels = {item.code: item.label for item in legacy}
    assert all(expected in labels[code] for code, expected in LEGACY_LABELS.items())


@pytest.mark.parametrize("code", ["CF_CFLB1", "CF_CFLB2"])
def test_2016_penalty_type_codes(code: str) -> None:
    """CF_CFLB1/2 codes 0–6 translate to the 2018 处罚类别 list."""
    item = next(i for i in _spec("2018", Kind.PENALTY).legacy if i.code == code)
    assert dict(item.value_map) == CFLB_CODES_2016 == PENALTY_TYPE_CODES_2016
    assert list(item.value_map.values()) == PENALTY_TYPES_2018


@pytest.mark.parametrize("kind", KINDS)
def test_2016_id_card_implies_id_type(kind: Kind) -> None:
    """居民身份证号 maps to 证件号码 and implies 证件类型 = 身份证."""
    prefix = "XK" if kind is Kind.LICENSE else "CF"
    item = next(i for i in _spec("2018", kind).legacy if i.code == f"{prefix}_XDR_SFZ")
    assert dict(item.implies) == {f"{prefix}_XDR_ZJLX": "身份证"}


# --------------------------------------------------------------------------- registry


def test_default_version_is_2021() -> None:
    """``get_standard()`` without a version gives the 2021 standard."""
    assert (get_standard().version, DEFAULT_VERSION) == ("2021", "2021")


def test_builtin_versions() -> None:
    """2018 and 2021 are registered, oldest first."""
    assert available_versions()[:2] == ("2018", "2021")


def test_get_standard_passes_a_standard_through() -> None:
    """A :class:`Standard` given as the version is returned as is."""
    std = get_standard("2018")
    assert get_standard(std) is std


def test_get_standard_is_cached() -> None:
    """The same version gives the same object."""
    assert get_standard("2018") is get_standard(" 2018 ")


def test_unknown_version_raises() -> None:
    """An unknown version raises UnknownVersionError, which is a LookupError."""
    with pytest.raises(UnknownVersionError) as info:
        get_standard("1999")
    assert isinstance(info.value, LookupError)


def test_spec_by_kind_name() -> None:
    """``Standard.spec`` accepts the kind, its value and its Chinese name."""
    std = get_standard("2018")
    assert std.spec("license") is std.spec("行政许可") is std.spec(Kind.LICENSE) is std.license


# --------------------------------------------------------------------------- copies


def test_evolve_field_changes_the_copy() -> None:
    """``evolve_field`` returns a standard with the changed field."""
    changed = get_standard("2018").evolve_field("penalty", "CF_WSH", max_length=256)
    assert changed.penalty["CF_WSH"].max_length == 256


def test_evolve_field_leaves_the_original() -> None:
    """``evolve_field`` leaves the registered standard unchanged."""
    get_standard("2018").evolve_field("penalty", "CF_WSH", max_length=256)
    assert get_standard("2018").penalty["CF_WSH"].max_length == 128


def test_evolve_field_unknown_code() -> None:
    """Changing a field that does not exist raises KeyError."""
    with pytest.raises(KeyError):
        get_standard("2018").evolve_field("penalty", "XK_WSH", max_length=1)


def test_with_overrides_changes_both_kinds_for_bz() -> None:
    """An override of BZ (in both kinds) changes both record specs of the copy."""
    changed = get_standard("2018").with_overrides({"BZ": {"max_length": 1000}})
    assert (changed.license["BZ"].max_length, changed.penalty["BZ"].max_length) == (1000, 1000)


def test_with_overrides_leaves_the_original() -> None:
    """``with_overrides`` leaves the registered standard unchanged."""
    get_standard("2018").with_overrides({"BZ": {"max_length": 1000}, "XK_NR": {"max_length": 1}})
    std = get_standard("2018")
    assert (std.license["BZ"].max_length, std.license["XK_NR"].max_length) == (512, 4000)


def test_with_overrides_unknown_code() -> None:
    """An override of an unknown code raises KeyError."""
    with pytest.raises(KeyError):
        get_standard("2018").with_overrides({"CF_NOPE": {"max_length": 1}})


def test_standard_is_frozen() -> None:
    """Field specs cannot be changed in place."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        get_standard("2018").penalty["CF_WSH"].max_length = 1  # type: ignore[misc]


def test_standard_type() -> None:
    """``get_standard`` returns a :class:`Standard`."""
    assert isinstance(get_standard("2018"), Standard)


# --------------------------------------------------------------------------- Enumeration.split


def _penalty_types() -> Enumeration:
    enumeration = _spec("2018", Kind.PENALTY)["CF_CFLB"].enumeration
    assert enumeration is not None
    return enumeration


@pytest.mark.parametrize("separator", [";", "；", ",", "，", "、"])
def test_split_on_each_separator(separator: str) -> None:
    """Each of ``;；,，、`` separates values."""
    assert _penalty_types().split(f"警告{separator}罚款") == ["警告", "罚款"]


def test_split_keeps_compound_value_whole() -> None:
    """没收违法所得、没收非法财物 is one value although it contains 、."""
    text = "罚款、没收违法所得、没收非法财物；行政拘留"
    assert _penalty_types().split(text) == ["罚款", "没收违法所得、没收非法财物", "行政拘留"]


def test_split_keeps_compound_value_alone() -> None:
    """A compound value on its own stays one value."""
    assert _penalty_types().split("暂扣或者吊销许可证、暂扣或者吊销执照") == [
        "暂扣或者吊销许可证、暂扣或者吊销执照"
    ]


def test_split_strips_spaces_and_empty_parts() -> None:
    """Spaces around values and empty parts are dropped."""
    assert _penalty_types().split(" 警告 ;; 罚款 ;") == ["警告", "罚款"]


def test_split_keeps_unknown_parts() -> None:
    """Unknown parts are returned as written, for validation to report."""
    assert _penalty_types().split("罚款;责令改正") == ["罚款", "责令改正"]


def test_split_single_valued_returns_text() -> None:
    """A single-valued enumeration does not split."""
    enumeration = _spec("2018", Kind.LICENSE)["XK_XKLB"].enumeration
    assert enumeration is not None
    assert enumeration.split("普通,特许") == ["普通,特许"]


def test_canonical_alias() -> None:
    """An alias gives its canonical value; an unknown text gives None."""
    enumeration = _spec("2018", Kind.LICENSE)["XK_ZT"].enumeration
    assert enumeration is not None
    assert (enumeration.canonical("有效"), enumeration.canonical("0")) == ("1", None)
