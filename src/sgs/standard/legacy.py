"""The pre-2018 ("2016") 双公示 templates, mapped onto the 2018 fields on input.

Old fields without a 2018 counterpart (处罚名称, 地方编码, 数据更新时间戳,
当前状态 of a penalty…) map to ``None``: readers keep them as extra columns.
"""

from __future__ import annotations

from sgs.standard.model import LegacyField

__all__ = ["LEGACY_LICENSE", "LEGACY_PENALTY", "PENALTY_TYPE_CODES_2016"]

# CF_CFLB1 / CF_CFLB2 codes of the 2016 templates.
PENALTY_TYPE_CODES_2016 = {
    "0": "警告",
    "1": "罚款",
    "2": "没收违法所得、没收非法财物",
    "3": "责令停产停业",
    "4": "暂扣或者吊销许可证、暂扣或者吊销执照",
    "5": "行政拘留",
    "6": "其他",
}

_ID_CARD = {"XK": "身份证", "CF": "身份证"}

LEGACY_LICENSE: tuple[LegacyField, ...] = (
    LegacyField(code="XK_WSH", label="行政许可决定书文号", target="XK_WSH"),
    LegacyField(code="XK_XMMC", label="项目名称", target="XK_XKWS", header_aliases=("许可名称",)),
    LegacyField(code="XK_SPLB", label="审批类别", target="XK_XKLB"),
    LegacyField(code="XK_NR", label="许可内容", target="XK_NR"),
    LegacyField(code="XK_XDR", label="行政相对人名称", target="XK_XDR_MC"),
    LegacyField(
        code="XK_XDR_SHXYM", label="行政相对人代码_1(统一社会信用代码)", target="XK_XDR_SHXYM"
    ),
    LegacyField(code="XK_XDR_ZDM", label="行政相对人代码_2(组织机构代码)", target="XK_XDR_ZZJG"),
    LegacyField(code="XK_XDR_GSDJ", label="行政相对人代码_3(工商登记码)", target="XK_XDR_GSZC"),
    LegacyField(code="XK_XDR_SWDJ", label="行政相对人代码_4(税务登记号)", target="XK_XDR_SWDJ"),
    LegacyField(
        code="XK_XDR_SFZ",
        label="行政相对人代码_5(居民身份证号)",
        target="XK_XDR_ZJHM",
        implies={"XK_XDR_ZJLX": _ID_CARD["XK"]},
    ),
    LegacyField(code="XK_FR", label="法定代表人姓名", target="XK_FRDB"),
    LegacyField(code="XK_JDRQ", label="许可决定日期", target="XK_JDRQ"),
    LegacyField(code="XK_JZQ", label="许可截止期", target="XK_YXQZI"),
    LegacyField(code="XK_XZJG", label="许可机关", target="XK_XKJG"),
    LegacyField(code="XK_ZT", label="当前状态", target=None),
    LegacyField(code="DFBM", label="地方编码", target=None),
    LegacyField(code="SJC", label="数据更新时间戳", target=None),
    LegacyField(code="BZ", label="备注", target="BZ"),
)

LEGACY_PENALTY: tuple[LegacyField, ...] = (
    LegacyField(code="CF_WSH", label="行政处罚决定书文号", target="CF_WSH"),
    LegacyField(code="CF_CFMC", label="处罚名称", target=None),
    LegacyField(
        code="CF_CFLB1", label="处罚类别1", target="CF_CFLB", value_map=PENALTY_TYPE_CODES_2016
    ),
    LegacyField(
        code="CF_CFLB2", label="处罚类别2", target="CF_CFLB", value_map=PENALTY_TYPE_CODES_2016
    ),
    LegacyField(code="CF_SY", label="处罚事由", target="CF_SY"),
    LegacyField(code="CF_YJ", label="处罚依据", target="CF_YJ"),
    LegacyField(code="CF_XDR_MC", label="行政相对人名称", target="CF_XDR_MC"),
    LegacyField(
        code="CF_XDR_SHXYM", label="行政相对人代码_1(统一社会信用代码)", target="CF_XDR_SHXYM"
    ),
    LegacyField(code="CF_XDR_ZDM", label="行政相对人代码_2(组织机构代码)", target="CF_XDR_ZZJG"),
    LegacyField(code="CF_XDR_GSDJ", label="行政相对人代码_3(工商登记码)", target="CF_XDR_GSZC"),
    LegacyField(code="CF_XDR_SWDJ", label="行政相对人代码_4(税务登记号)", target="CF_XDR_SWDJ"),
    LegacyField(
        code="CF_XDR_SFZ",
        label="行政相对人代码_5(居民身份证号)",
        target="CF_XDR_ZJHM",
        implies={"CF_XDR_ZJLX": _ID_CARD["CF"]},
    ),
    LegacyField(code="CF_FR", label="法定代表人姓名", target="CF_FRDB"),
    LegacyField(code="CF_JG", label="处罚结果", target="CF_NR"),
    LegacyField(code="CF_JDRQ", label="处罚决定日期", target="CF_JDRQ"),
    LegacyField(code="CF_XZJG", label="处罚机关", target="CF_CFJG"),
    LegacyField(code="CF_ZT", label="当前状态", target=None),
    LegacyField(code="DFBM", label="地方编码", target=None),
    LegacyField(code="SJC", label="数据更新时间戳", target=None),
    LegacyField(code="BZ", label="备注", target="BZ"),
)
