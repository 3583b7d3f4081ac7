"""Header spellings seen in real department templates, mapped to 2018 field codes.

Headers are compared after normalization (full-width to half-width, spaces
removed, trailing annotations such as ``（必填）`` stripped), so only the bare
words are listed here. Each entry was seen in a real template (see
``tests/data/samples/SOURCES.md``) or is a plain synonym of the standard label.
"""

from __future__ import annotations

__all__ = ["LICENSE_HEADER_ALIASES", "PENALTY_HEADER_ALIASES"]

_PARTY = {
    "行政相对人": "XDR_MC",
    "相对人名称": "XDR_MC",
    "企业名称": "XDR_MC",
    "统一社会信用代码": "XDR_SHXYM",
    "工商注册号": "XDR_GSZC",
    "注册号": "XDR_GSZC",
    "工商登记码": "XDR_GSZC",
    "组织机构代码": "XDR_ZZJG",
    "税务登记号": "XDR_SWDJ",
    "事业单位证书号": "XDR_SYDW",
    "社会组织登记证号": "XDR_SHZZ",
    "法定代表人姓名": "FRDB",
    "法定代表人(负责人)": "FRDB",
    "法人证件类型": "FR_ZJLX",
    "法人证件号": "FR_ZJHM",
    "法人证件号码": "FR_ZJHM",
    "法定代表人身份证号": "FR_ZJHM",
    "法定代表人证件号": "FR_ZJHM",
    "证件号": "XDR_ZJHM",
    "身份证号": "XDR_ZJHM",
    "居民身份证号": "XDR_ZJHM",
}


def _with_prefix(prefix: str, extra: dict[str, str]) -> dict[str, str]:
    table = {k: f"{prefix}_{v}" for k, v in _PARTY.items()}
    table.update(extra)
    return table


LICENSE_HEADER_ALIASES = _with_prefix(
    "XK",
    {
        "许可相对人": "XK_XDR_MC",
        "许可文书名称": "XK_XKWS",
        "行政许可决定书名称": "XK_XKWS",
        "许可文件名称": "XK_XKWS",
        "行政许可决定书文号": "XK_WSH",
        "许可决定书文号": "XK_WSH",
        "许可文书号": "XK_WSH",
        "许可文件编号": "XK_WSH",
        "审批类别": "XK_XKLB",
        "许可证书编号": "XK_XKBH",
        "许可证号": "XK_XKBH",
        "内容许可": "XK_NR",
        "许可有效期自": "XK_YXQZ",
        "许可有效期始": "XK_YXQZ",
        "有效期起": "XK_YXQZ",
        "许可有效期至": "XK_YXQZI",
        "许可有效期止": "XK_YXQZI",
        "许可有效期终": "XK_YXQZI",
        "许可截止日期": "XK_YXQZI",
        "有效期止": "XK_YXQZI",
        "许可机构": "XK_XKJG",
        "许可机构统一社会信用代码": "XK_XKJGDM",
        "许可状态": "XK_ZT",
        "登记状态": "XK_ZT",
        "数据来源单位代码": "XK_LYDWDM",
    },
)

PENALTY_HEADER_ALIASES = _with_prefix(
    "CF",
    {
        "文书号": "CF_WSH",
        "处罚决定书文号": "CF_WSH",
        "行政处罚决定文书号": "CF_WSH",
        "违法类型": "CF_WFXW",
        "违法行为": "CF_WFXW",
        "处罚事由": "CF_SY",
        "违法事实(处罚事由)": "CF_SY",
        "处罚种类": "CF_CFLB",
        "处罚类型": "CF_CFLB",
        "处罚结果": "CF_NR",
        "行政处罚内容": "CF_NR",
        "罚款金额": "CF_NR_FK",
        "罚款金额(万元)": "CF_NR_FK",
        "没收金额": "CF_NR_WFFF",
        "没收违法所得没收非法财物的金额": "CF_NR_WFFF",
        "没收违法所得、没收非法财物的金额": "CF_NR_WFFF",
        "暂扣或吊销证照名称及编号": "CF_NR_ZKDX",
        "处罚决定书签发日期": "CF_JDRQ",
        "处罚日期": "CF_JDRQ",
        "决定日期": "CF_JDRQ",
        "处罚有效期至": "CF_YXQ",
        "公示截止日期": "CF_GSJZQ",
        "处罚决定机关": "CF_CFJG",
        "处罚机构": "CF_CFJG",
        "处罚机构/处罚机关": "CF_CFJG",
        "处罚机构统一社会信用代码": "CF_CFJGDM",
        "处罚决定机关统一社会信用代码": "CF_CFJGDM",
        "数据来源单位代码": "CF_SJLYDM",
    },
)
