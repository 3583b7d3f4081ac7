"""Issue types of the department's registers: the liaison roster (附件3) and the catalog (附件1).

They are issue types of the validation catalogue like those of the record
rules (same :class:`~sgs.validation.issues.IssueType`, same
:class:`~sgs.validation.issues.Severity`), listed in ``docs/issue-codes.md``;
the codes are stable. :meth:`sgs.department.roster.Roster.check` reports the
``roster-*`` ones; :func:`sgs.department.catalog.read_catalog` raises an
:class:`~sgs.errors.InputError` with the message of a ``catalog-*`` one when a
row cannot be read.

Every message names its place: ``{who}`` / ``{who_en}`` a person
(单位“姓名”), ``{where}`` / ``{where_en}`` a row of a catalog.

>>> register_type("roster-mobile-invalid").severity
<Severity.ERROR: 'error'>
>>> register_type("roster-no-contact").format({"who": "市财政局“王五”", "who_en": "x"})[0]
'市财政局“王五”既无手机也无办公电话'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from sgs.validation.issues import IssueType, Severity

__all__ = ["CATALOG_TYPES", "REGISTER_TYPES", "ROSTER_TYPES", "register_type"]

E, W = Severity.ERROR, Severity.WARNING
_ROSTER_BASIS = "郑发改财贸〔2019〕773号 附件3"
_CATALOG_BASIS = "郑发改财贸〔2019〕773号 附件1"


#: One issue type: code, severity, title (zh, en), messages (zh, en), scope, basis.
_Row = tuple[str, Severity, tuple[str, str], str, str, str, str]


def _types(*rows: _Row) -> tuple[IssueType, ...]:
    return tuple(
        IssueType(code=r[0], severity=r[1], title_zh=r[2][0], title_en=r[2][1],
                  message_zh=r[3], message_en=r[4], scope=r[5], basis=r[6])
        for r in rows
    )  # fmt: skip


ROSTER_TYPES: tuple[IssueType, ...] = _types(
    (
        "roster-empty", E, ("名单中没有任何联络员", "the roster lists nobody"),
        "名单中没有任何联络员", "the roster lists nobody",
        "batch", _ROSTER_BASIS,
    ),
    (
        "roster-unit-missing", E, ("未填单位名称", "a person without a unit (单位名称)"),
        "{who}：未填单位名称", "{who_en}: the unit (单位名称) is missing",
        "field", _ROSTER_BASIS,
    ),
    (
        "roster-name-missing", E, ("联络员未填姓名", "a person without a name (姓名)"),
        "{who}未填姓名", "{who_en} has no name (姓名)",
        "field", _ROSTER_BASIS,
    ),
    (
        "roster-no-coordinator", E,
        (
            "单位没有可联系的第 1 位联络员（负责总体协调）",
            "a unit whose first-listed person (the coordinator) is missing, unnamed or unreachable",
        ),
        "{unit}{reason}", "{unit}{reason_en}",
        "record", _ROSTER_BASIS + " 注：排名第 1 位的人员负责总体协调",
    ),
    (
        "roster-mobile-invalid", E, ("手机号码无效", "an invalid mobile number"),
        "{who}的手机“{value}”不是有效的手机号码（应为 1 开头的 11 位数字，如 13812345678）",
        "{who_en}: mobile {value!r} is not a mainland mobile number "
        "(11 digits starting with 13–19, e.g. 13812345678)",
        "field", "mainland mobile numbers: 11 digits, 13–19",
    ),
    (
        "roster-office-phone-invalid", E, ("办公电话无效", "an invalid office phone number"),
        "{who}的办公电话“{value}”无效（应为区号加 7–8 位号码，如 0371-67177793，分机写作 -801 或 转801）",
        "{who_en}: office phone {value!r} is invalid (expected an area code and a 7–8 digit "
        "number, e.g. 0371-67177793, extension -801 or 转801)",
        "field", "area code 0xx/0xxx and a 7–8 digit local number",
    ),
    (
        "roster-office-phone-no-area-code", W,
        ("办公电话缺少区号", "an office phone number without its area code"),
        "{who}的办公电话“{value}”缺少区号（如 0371-）",
        "{who_en}: office phone {value!r} has no area code (e.g. 0371-)",
        "field", "reachable only from inside the city",
    ),
    (
        "roster-email-invalid", E, ("邮箱地址无效", "an invalid e-mail address"),
        "{who}的邮箱“{value}”不是有效的电子邮件地址",
        "{who_en}: e-mail {value!r} is not a valid address",
        "field", "one @, a dot in the domain (not RFC 5322)",
    ),
    (
        "roster-no-contact", W,
        ("联络员既无手机也无办公电话", "a person with neither a mobile nor an office phone"),
        "{who}既无手机也无办公电话", "{who_en} has neither a mobile nor an office phone",
        "record", _ROSTER_BASIS + " 责任到人",
    ),
    (
        "roster-duplicate-person", W,
        ("同一单位重复列出同一姓名", "the same name listed twice for one unit"),
        "{who}在本单位重复列出{also}", "{who_en} is listed twice for the unit{also_en}",
        "record", _ROSTER_BASIS,
    ),
)  # fmt: skip

CATALOG_TYPES: tuple[IssueType, ...] = _types(
    (
        "catalog-no-header", E, ("找不到事项目录的表头", "no catalog header row"),
        "找不到事项目录的表头（需要“项目名称”和“行政职权类别”两列）",
        "no catalog header row found (it needs 项目名称 and 行政职权类别 columns)",
        "batch", _CATALOG_BASIS,
    ),
    (
        "catalog-name-missing", E, ("缺少项目名称", "an item without a name (项目名称)"),
        "{where}缺少项目名称", "{where_en} has no item name (项目名称)",
        "record", _CATALOG_BASIS,
    ),
    (
        "catalog-basis-orphan", E,
        ("设定依据上面没有事项", "设定依据 continuing no item"),
        "{where}只有设定依据，但上面没有事项",
        "{where_en} holds only 设定依据 but no item comes before it",
        "record", _CATALOG_BASIS,
    ),
    (
        "catalog-category-invalid", E,
        ("行政职权类别不是行政许可或行政处罚", "a category other than 行政许可 or 行政处罚"),
        "{where}的行政职权类别“{value}”不是行政许可或行政处罚",
        "{where_en}: category {value!r} is neither 行政许可 nor 行政处罚",
        "record", _CATALOG_BASIS + " (双公示: licensing and penalties only)",
    ),
    (
        "catalog-category-missing", E,
        ("缺少行政职权类别", "an item without a category (行政职权类别)"),
        "{where}缺少行政职权类别", "{where_en} has no category (行政职权类别)",
        "record", _CATALOG_BASIS,
    ),
    (
        "catalog-scope-unknown", E,
        ("公开范围不是公示、政务共享或授权查询", "a 公开范围 other than 公示, 政务共享 or 授权查询"),
        "{where}的公开范围“{value}”无效（可用：公示、政务共享、授权查询，或代码 0/1/2）",
        "{where_en}: 公开范围 (disclosure scope) {value!r} is none of 公示, 政务共享, 授权查询 "
        "(or the codes 0/1/2)",
        "field", "郑发改财贸〔2019〕773号 三.二 按照公开范围公示；《河南省社会信用条例》第十八条",
    ),
    (
        "catalog-item-invalid", E, ("事项无法读取", "an item that cannot be read"),
        "{where}无法读取：{error}", "{where_en}: {error}",
        "record", _CATALOG_BASIS,
    ),
)  # fmt: skip

#: Every issue type of the registers, the roster's first.
REGISTER_TYPES: tuple[IssueType, ...] = (*ROSTER_TYPES, *CATALOG_TYPES)

_BY_CODE: Mapping[str, IssueType] = MappingProxyType({t.code: t for t in REGISTER_TYPES})


def register_type(code: str) -> IssueType:
    """The register issue type of ``code`` (:class:`KeyError` for an unknown one)."""
    return _BY_CODE[code]
