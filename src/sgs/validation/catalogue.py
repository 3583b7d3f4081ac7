"""Every issue code of the built-in rules, with its default severity and messages.

The catalogue is data: the engine looks severities and messages up here,
``docs/issue-codes.md`` is generated from it, and a test checks that every
code a rule can report is listed. Codes are stable — callers and other
systems rely on them; add new ones, never rename.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

from sgs.standard import Certainty
from sgs.validation.issues import IssueType, Severity
from sgs.validation.registers import REGISTER_TYPES

__all__ = ["BUILTIN_TYPES", "Catalogue", "to_markdown"]

E, W = Severity.ERROR, Severity.WARNING
C, C2, R = Certainty.CONFIRMED, Certainty.SECONDARY, Certainty.RECALLED


def _t(
    code: str,
    severity: Severity,
    title: tuple[str, str],
    zh: str,
    en: str,
    *,
    certainty: Certainty = C,
    basis: str = "",
    scope: str = "field",
    uncertain_fields: bool = False,
) -> IssueType:
    return IssueType(
        code=code,
        severity=severity,
        title_zh=title[0],
        title_en=title[1],
        message_zh=zh,
        message_en=en,
        certainty=certainty,
        basis=basis,
        scope=scope,
        uncertain_fields=uncertain_fields,
    )


BUILTIN_TYPES: tuple[IssueType, ...] = (
    # -- values of one field ------------------------------------------------------------------
    _t(
        "required-missing", E, ("必填项为空", "mandatory field empty"),
        "必填项“{label}”为空",
        "mandatory field {label} ({field}) is empty",
        basis="标准 §2–3 必填 (M)",
    ),
    _t(
        "too-long", E, ("超过最大长度", "value too long"),
        "“{label}”有{length}个字符，超过最大长度{max}",
        "{label} ({field}) has {length} characters, more than the maximum {max}",
        basis="标准 §2–3 长度; lengths marked [R] give warnings",
        uncertain_fields=True,
    ),
    _t(
        "date-invalid", E, ("日期无效", "not a date"),
        "“{label}”不是有效日期：{value}（应为YYYY/MM/DD）",
        "{label} ({field}) is not a valid date: {value} (expected YYYY/MM/DD)",
        basis="标准 §2–3 日期型 (D)",
    ),
    _t(
        "amount-invalid", E, ("金额不是数字", "amount not a number"),
        "“{label}”不是以万元为单位的数字：{value}",
        "{label} ({field}) is not a number in 万元: {value}",
        basis="标准 §3 #20–21 (万元, decimal)",
    ),
    _t(
        "amount-negative", E, ("金额为负数", "negative amount"),
        "“{label}”不能为负数：{value}",
        "{label} ({field}) must not be negative: {value}",
        basis="标准 §3 #20–21",
    ),
    _t(
        "amount-decimals", E, ("小数位数过多", "too many decimals"),
        "“{label}”最多{max}位小数：{value}",
        "{label} ({field}) has more than {max} decimal places: {value}",
        certainty=C2,
        basis="decimal(18,6) [C2 S12]",
    ),
    _t(
        "enum-invalid", E, ("不在代码集中", "value not allowed"),
        "“{label}”的值“{value}”不在允许的取值中（{allowed}）",
        "{label} ({field}): {value!s} is not an allowed value ({allowed})",
        basis="标准 §2–3, §6 代码集",
    ),
    _t(
        "other-unspecified", W, ("“其他”未注明", "其他 not specified"),
        "“{label}”选择“其他”时需注明具体类别，如“其他-…”",
        "{label} ({field}) is 其他 without saying which (write 其他-…)",
        basis="标准 §2 #16, §3 #18 [C S8]",
    ),
    _t(
        "uscc-format", E, ("统一社会信用代码格式错误", "malformed credit code"),
        "“{label}”不是18位统一社会信用代码（{detail}）：{value}",
        "{label} ({field}) is not an 18-character unified social credit code ({detail}): {value}",
        basis="GB 32100-2015",
    ),
    _t(
        "uscc-checksum", E, ("统一社会信用代码校验位错误", "credit code check character wrong"),
        "“{label}”的校验位错误：{value}（校验位应为{expected}）",
        "{label} ({field}): wrong check character in {value} (expected {expected})",
        basis="GB 32100-2015",
    ),
    _t(
        "uscc-orgcode-checksum", W,
        ("统一社会信用代码中的组织机构代码校验位错误", "embedded organization code check wrong"),
        "“{label}”第9–17位的组织机构代码校验位错误：{value}",
        "{label} ({field}): the organization code in characters 9–17 of {value} "
        "has a wrong check character",
        certainty=C2,
        basis="GB 32100-2015 / GB 11714-1997",
    ),
    _t(
        "uscc-registration-code", W,
        ("登记管理部门码或机构类别码未知", "unknown registration or category code"),
        "“{label}”的登记管理部门码或机构类别码不在已知列表中：{value}",
        "{label} ({field}): the registration department or category code of {value} is unknown",
        certainty=R,
        basis="GB 32100-2015 附录 (table not confirmed, [R])",
    ),
    _t(
        "uscc-placeholder", E, ("占位代码用于不允许的字段", "placeholder code not allowed"),
        "“{label}”不能填写占位代码{value}（仅无代码的个体工商户可用）",
        "{label} ({field}) cannot hold the placeholder {value} "
        "(only a 个体工商户 without a code may use it)",
        certainty=C2,
        basis="标准 §2 C1 [C2 S8]",
    ),
    _t(
        "orgcode-format", E, ("组织机构代码格式错误", "malformed organization code"),
        "“{label}”不是9位组织机构代码（{detail}）：{value}",
        "{label} ({field}) is not a 9-character organization code ({detail}): {value}",
        basis="GB 11714-1997",
    ),
    _t(
        "orgcode-checksum", E, ("组织机构代码校验位错误", "organization code check wrong"),
        "“{label}”的校验位错误：{value}（校验位应为{expected}）",
        "{label} ({field}): wrong check character in {value} (expected {expected})",
        basis="GB 11714-1997",
    ),
    _t(
        "id-format", E, ("身份证号码格式错误", "malformed ID number"),
        "“{label}”不是18位（或15位）居民身份证号码（{detail}）：{value}",
        "{label} ({field}) is not an 18-digit (or 15-digit) resident ID number ({detail}): {value}",
        basis="GB 11643-1999",
    ),
    _t(
        "id-checksum", E, ("身份证号码校验位错误", "ID number check character wrong"),
        "“{label}”的校验位错误：{value}",
        "{label} ({field}): wrong check character in {value}",
        basis="GB 11643-1999",
    ),
    _t(
        "id-birth-date", E, ("身份证号码出生日期无效", "ID number birth date impossible"),
        "“{label}”中的出生日期无效或晚于{as_of}：{value}",
        "{label} ({field}): the birth date in {value} is not a real date or is after {as_of}",
        basis="GB 11643-1999",
    ),
    _t(
        "id-legacy-15", W, ("15位旧身份证号码", "legacy 15-digit ID number"),
        "“{label}”是15位旧身份证号码，建议改为18位：{value}",
        "{label} ({field}) is a legacy 15-digit ID number; the 18-digit form is preferred: {value}",
        certainty=C2,
        basis="GB 11643-1999; 标准 §4 [C2 S14]",
    ),
    # -- the subject-category matrix ----------------------------------------------------------
    _t(
        "category-required", E, ("按相对人类别必填", "required for the subject category"),
        "行政相对人类别为“{category}”时，“{label}”必填",
        "{label} ({field}) is required when the subject category is {category}",
        certainty=C2,
        basis="标准 §4, C1/C4/C6 [C2 S8/S9]",
        scope="record",
    ),
    _t(
        "category-forbidden", W, ("按相对人类别应为空", "should be empty for the category"),
        "行政相对人类别为“{category}”时，“{label}”应为空：{value}",
        "{label} ({field}) should be empty when the subject category is {category}: {value}",
        certainty=R,
        basis="标准 §4 [R]",
        scope="record",
    ),
    _t(
        "placeholder-needs-regno", E, ("占位代码须填工商注册号", "placeholder needs 工商注册号"),
        "统一社会信用代码为占位代码{value}时，“{label}”必填",
        "{label} ({field}) is required when the credit code is the placeholder {value}",
        certainty=C2,
        basis="标准 §2 C1/C2 [C2 S8]",
        scope="record",
    ),
    _t(
        "legal-rep-id-pair", W, ("法定代表人证件类型与号码不成对", "legal representative ID unpaired"),
        "“{label}”为空，而“{other}”已填写",
        "{label} ({field}) is empty while {other} is filled",
        certainty=C2,
        basis="标准 §2 C5 (implementations disagree [C2])",
        scope="record",
    ),
    _t(
        "columns-swapped", W, ("两列可能填反", "columns probably swapped"),
        "“{label}”的值“{value}”不在代码集中，而“{other}”的值“{other_value}”是“{label}”的取值："
        "两列可能填反了",
        "{label} ({field}) holds {value}, not an allowed value, while {other} holds "
        "{other_value}, which is one: the two columns are probably swapped",
        basis="samples: Zhejiang penalty template (处罚种类 ↔ 处罚机关)",
        scope="record",
    ),
    # -- several fields of one record ---------------------------------------------------------
    _t(
        "validity-order", E, ("有效期起止颠倒", "validity period reversed"),
        "“{label}”{value}早于“{other}”{other_value}",
        "{label} ({field}) {value} is before {other} {other_value}",
        basis="标准 §2 #21–22",
        scope="record",
    ),
    _t(
        "validity-before-decision", W, ("有效期早于决定日期", "validity ends before the decision"),
        "“{label}”{value}早于决定日期{other_value}",
        "{label} ({field}) {value} is before the decision date {other_value}",
        certainty=R,
        basis="标准 §2 date sanity [R]",
        scope="record",
    ),
    _t(
        "decision-in-future", E, ("决定日期晚于当前日期", "decision date in the future"),
        "“{label}”{value}晚于{as_of}",
        "{label} ({field}) {value} is after {as_of}",
        basis="a decision cannot be published before it is made",
        scope="record",
    ),
    _t(
        "fine-amount-missing", W, ("罚款缺少金额", "fine without amount"),
        "处罚类别含“罚款”，但“{label}”为空或为0",
        "the penalty types include 罚款 but {label} ({field}) is empty or 0",
        certainty=R,
        basis="标准 §3 #20 C7 [R]",
        scope="record",
    ),
    _t(
        "confiscation-amount-missing", W, ("没收缺少金额", "confiscation without amount"),
        "处罚类别含“没收”，但“{label}”为空",
        "the penalty types include 没收 but {label} ({field}) is empty",
        certainty=R,
        basis="标准 §3 #21 C8 [R]",
        scope="record",
    ),
    _t(
        "licence-name-missing", W, ("暂扣或吊销缺少证照", "suspension/revocation without licence"),
        "处罚类别含暂扣或吊销，但“{label}”为空",
        "the penalty types include a suspension or revocation but {label} ({field}) is empty",
        certainty=R,
        basis="标准 §3 #22 C9 [R]",
        scope="record",
    ),
    _t(
        "amount-looks-like-yuan", W, ("金额疑似以元填报", "amount looks like 元, not 万元"),
        "“{label}”为{value}万元，{reason}；金额单位应为万元",
        "{label} ({field}) is {value} 万元; {reason_en}; the unit is 万元",
        basis="标准 §3 #20 (unit 万元; 处罚内容 罚款2000元 ↔ 0.2)",
        scope="record",
    ),
    _t(
        "publication-end-inconsistent", W,
        ("公示截止期与公示期限不符", "publication end date inconsistent"),
        "“{label}”{value}不在{regime}规定的公示期限内（{low}至{high}）",
        "{label} ({field}) {value} is outside the publication period of {regime} ({low} to {high})",
        certainty=R,
        basis="标准 §7 (527号 / 58号令 / 36号令)",
        scope="record",
    ),
    # -- the whole input ----------------------------------------------------------------------
    _t(
        "duplicate-decision", E, ("决定书文号重复", "duplicate decision number"),
        "同一机关的“{label}”{value}重复，首次出现于{first}",
        "{label} ({field}) {value} of the same authority repeats {first_en}",
        basis="one decision, one record (全覆盖、无遗漏 without doubles)",
        scope="batch",
    ),
    _t(
        "rule-error", W, ("规则运行出错", "a rule failed"),
        "校验规则“{rule}”运行出错，本条记录未按该规则检查：{error}",
        "validation rule {rule} failed, so this record was not checked by it: {error}",
        basis="plugin rules must not stop validation",
        scope="record",
    ),
)  # fmt: skip


class Catalogue(Mapping[str, IssueType]):
    """Issue types by code: the built-in ones, the registers' and those that plugin rules bring.

    >>> cat = Catalogue()
    >>> cat["uscc-checksum"].severity
    <Severity.ERROR: 'error'>
    """

    def __init__(self, extra: Iterable[IssueType] = ()) -> None:
        types: dict[str, IssueType] = {}
        for t in (*BUILTIN_TYPES, *REGISTER_TYPES, *extra):
            if t.code in types and types[t.code] != t:
                raise ValueError(f"issue code {t.code!r} is defined twice")
            types[t.code] = t
        self._types = MappingProxyType(types)

    def __getitem__(self, code: str) -> IssueType:
        return self._types[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._types)

    def __len__(self) -> int:
        return len(self._types)


_SCOPES = {
    "field": "字段 field",
    "record": "记录 record",
    "batch": "批次 batch",
}


def to_markdown(types: Iterable[IssueType] = BUILTIN_TYPES) -> str:
    """A Markdown table of issue types: code, default severity, scope, certainty, messages.

    >>> print(to_markdown(BUILTIN_TYPES[:1]).splitlines()[2])
    | `required-missing` | error | 字段 field | confirmed | 必填项为空<br>mandatory field empty | 必填项“{label}”为空 | 标准 §2–3 必填 (M) |
    """

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        "| code | default | scope | basis certainty | title | message (zh) | basis |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in types:
        severity = t.severity.value
        if t.uncertain_fields:
            severity += " (warning where the limit is only recalled [R])"
        lines.append(
            f"| `{t.code}` | {severity} | {_SCOPES.get(t.scope, t.scope)} | {t.certainty.value} "
            f"| {cell(t.title_zh)}<br>{cell(t.title_en)} | {cell(t.message_zh)} | {cell(t.basis)} |"
        )
    return "\n".join(lines) + "\n"
