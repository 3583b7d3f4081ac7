"""A synthetic set of records for the publication tests: every subject category, every
处罚类别, decisions under each regime, a minor, and free text holding personal data.

Every ID number is written out here (check characters computed once by hand with the
GB 11643 weights), so that the leak scan knows exactly what must never be shown.
"""

from __future__ import annotations

from typing import Final

# -- the people ------------------------------------------------------------------------------
#: 王五, legal representative of the food company (born 1980-01-01).
WANG_WU_ID: Final = "410105198001011239"
#: 赵六, legal representative of the logistics company.
ZHAO_LIU_ID: Final = "410105197506205675"
#: 张三, an adult natural person (born 1990-01-01).
ZHANG_SAN_ID: Final = "410105199001011233"
#: 欧阳娜娜, a minor: born 2010-03-15, 15 on her decision date 2026-01-10.
OUYANG_ID: Final = "410105201003150026"
#: 孙七, 18 on the day of the decision 2026-01-10 (born 2008-01-10): an adult.
SUN_QI_ID: Final = "410105200801100037"
#: 周八, one day short of 18 on 2026-01-10 (born 2008-01-11): a minor.
ZHOU_BA_ID: Final = "410105200801110040"
#: A third person's number, typed into the facts of a case.
THIRD_PARTY_ID: Final = "410105199203154320"
#: 李四, operator (经营者) of an individual business.
LI_SI_ID: Final = "410105198512120015"
#: 司马光明, a natural person holding a licence.
SIMA_ID: Final = "410105197007075562"

ALL_IDS: Final = (
    WANG_WU_ID,
    ZHAO_LIU_ID,
    ZHANG_SAN_ID,
    OUYANG_ID,
    SUN_QI_ID,
    ZHOU_BA_ID,
    THIRD_PARTY_ID,
    LI_SI_ID,
    SIMA_ID,
)
PHONE: Final = "13812345678"

FOOD_USCC: Final = "91410100MA44F00D0F"
LOGISTICS_USCC: Final = "91410100MA44L0G10L"
SHOP_USCC: Final = "92410105MA445H0P0C"
MARKET_AUTHORITY: Final = "11410100MB00000018"
TRANSPORT_AUTHORITY: Final = "11410100MB0000002B"
POLICE_AUTHORITY: Final = "11410100MB0000003E"


def organisation(**fields: str) -> dict[str, str]:
    """A penalty of 郑州某某食品有限公司 by the city's market regulator."""
    base = {
        "CF_XDR_MC": "郑州某某食品有限公司",
        "CF_XDR_LB": "法人及非法人组织",
        "CF_XDR_SHXYM": FOOD_USCC,
        "CF_FRDB": "王五",
        "CF_FR_ZJLX": "身份证",
        "CF_FR_ZJHM": WANG_WU_ID,
        "CF_WSH": "郑市监罚〔2026〕1号",
        "CF_WFXW": "生产经营不符合食品安全标准的食品",
        "CF_SY": "当事人生产经营不符合食品安全标准的食品。",
        "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条",
        "CF_CFLB": "罚款",
        "CF_NR": "罚款",
        "CF_NR_FK": "12",
        "CF_JDRQ": "2026-05-10",
        "CF_CFJG": "郑州市市场监督管理局",
        "CF_CFJGDM": MARKET_AUTHORITY,
        "CF_SJLY": "郑州市市场监督管理局",
        "CF_SJLYDM": MARKET_AUTHORITY,
    }
    base.update(fields)
    return base


def person(name: str, number: str, **fields: str) -> dict[str, str]:
    """A penalty of a natural person by the city's transport authority."""
    base = {
        "CF_XDR_MC": name,
        "CF_XDR_LB": "自然人",
        "CF_XDR_ZJLX": "身份证",
        "CF_XDR_ZJHM": number,
        "CF_WSH": "郑交罚〔2026〕7号",
        "CF_WFXW": "未取得道路运输经营许可擅自从事经营",
        "CF_SY": "当事人未取得道路运输经营许可，擅自从事道路运输经营。",
        "CF_YJ": "《中华人民共和国道路运输条例》第六十三条",
        "CF_CFLB": "罚款",
        "CF_NR": "罚款0.3万元",
        "CF_NR_FK": "0.3",
        "CF_JDRQ": "2026-05-01",
        "CF_CFJG": "郑州市交通运输局",
        "CF_CFJGDM": TRANSPORT_AUTHORITY,
        "CF_SJLY": "郑州市交通运输局",
        "CF_SJLYDM": TRANSPORT_AUTHORITY,
    }
    base.update(fields)
    return base


def shop(**fields: str) -> dict[str, str]:
    """A penalty of an individual business (个体工商户), its operator 李四."""
    base = {
        "CF_XDR_MC": "郑州市金水区李四小吃店",
        "CF_XDR_LB": "个体工商户",
        "CF_XDR_SHXYM": SHOP_USCC,
        "CF_FRDB": "李四",
        "CF_FR_ZJLX": "身份证",
        "CF_FR_ZJHM": LI_SI_ID,
        "CF_WSH": "郑金市监罚〔2026〕3号",
        "CF_WFXW": "未按规定进行健康检查",
        "CF_SY": "当事人从业人员未取得健康证明从事接触直接入口食品的工作。",
        "CF_YJ": "《中华人民共和国食品安全法》第一百二十六条",
        "CF_CFLB": "罚款",
        "CF_NR": "罚款15万元",
        "CF_NR_FK": "15",
        "CF_JDRQ": "2026-05-01",
        "CF_CFJG": "郑州市金水区市场监督管理局",
        "CF_CFJGDM": MARKET_AUTHORITY,
        "CF_SJLY": "郑州市金水区市场监督管理局",
        "CF_SJLYDM": MARKET_AUTHORITY,
    }
    base.update(fields)
    return base


def license_of_person(**fields: str) -> dict[str, str]:
    """A licence of the natural person 司马光明, with free text holding personal data."""
    base = {
        "XK_XDR_MC": "司马光明",
        "XK_XDR_LB": "自然人",
        "XK_XDR_ZJLX": "身份证",
        "XK_XDR_ZJHM": SIMA_ID,
        "XK_XKWS": "道路运输从业资格证",
        "XK_WSH": "郑交许〔2026〕15号",
        "XK_XKLB": "普通",
        "XK_XKZS": "道路运输从业资格证",
        "XK_XKBH": "4101002026000015",
        "XK_NR": f"准予司马光明（身份证号{SIMA_ID}，联系电话{PHONE}）从事道路旅客运输。",
        "XK_JDRQ": "2026-05-01",
        "XK_YXQZ": "2026-05-01",
        "XK_YXQZI": "2031-04-30",
        "XK_XKJG": "郑州市交通运输局",
        "XK_XKJGDM": TRANSPORT_AUTHORITY,
        "XK_ZT": "1",
        "XK_LYDW": "郑州市交通运输局",
        "XK_LYDWDM": TRANSPORT_AUTHORITY,
    }
    base.update(fields)
    return base


def license_of_organisation(**fields: str) -> dict[str, str]:
    """A food-business licence of the logistics company, valid without end (长期)."""
    base = {
        "XK_XDR_MC": "郑州某某物流有限公司",
        "XK_XDR_LB": "法人及非法人组织",
        "XK_XDR_SHXYM": LOGISTICS_USCC,
        "XK_FRDB": "赵六",
        "XK_FR_ZJLX": "身份证",
        "XK_FR_ZJHM": ZHAO_LIU_ID,
        "XK_XKWS": "道路运输经营许可证",
        "XK_WSH": "郑交许〔2026〕16号",
        "XK_XKLB": "普通",
        "XK_XKZS": "道路运输经营许可证",
        "XK_XKBH": "豫交运管许可郑字410100000016号",
        "XK_NR": "道路普通货物运输",
        "XK_JDRQ": "2026-05-02",
        "XK_YXQZ": "2026-05-02",
        "XK_YXQZI": "长期",
        "XK_XKJG": "郑州市交通运输局",
        "XK_XKJGDM": TRANSPORT_AUTHORITY,
        "XK_ZT": "1",
        "XK_LYDW": "郑州市交通运输局",
        "XK_LYDWDM": TRANSPORT_AUTHORITY,
        "BZ": f"联系人赵六，电话{PHONE}",
    }
    base.update(fields)
    return base
