"""The records the public-side tests put on a platform: who they are and what must (not) show.

Dates are counted back from China's today, so each record is inside (or, for the old
one, long past) its publication period whatever day the tests run.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from sgs.calendar import china_today
from sgs.ids import resident
from sgs.standard import Kind

from .records import credit_code, key_of, penalty

TODAY = china_today()


def id_number(first17: str) -> str:
    """A valid 居民身份证号码 from its first 17 digits."""
    return first17 + resident.check_character(first17)


#: The legal representative of 示例商贸 (a field that is always dropped).
REP_ID = id_number("41010519800101123")
#: A person named in 示例商贸's 违法事实 (free text: masked in place).
TEXT_ID = id_number("41010519850505432")
#: The natural person holding a licence (their 证件号码 is dropped).
HOLDER_ID = id_number("41010219900303211")
#: The natural person fined after 2026-04-01 (the whole record is withheld).
PERSON_ID = id_number("41010319920404118")
ID_NUMBERS = (REP_ID, TEXT_ID, HOLDER_ID, PERSON_ID)

AUTHORITY = credit_code("11410100", random.Random("public-authority"))
AUTHORITY_NAME = "示例市市场监督管理局"
TRADER_CODE = credit_code("91410105", random.Random("public-trader"))
SHOP_CODE = credit_code("91410105", random.Random("public-shop"))
#: How many 示例物流 penalties there are: more than a page of 20.
HAULIERS = 25


def _day(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


def _general(fields: dict[str, str], decided: dt.date) -> dict[str, str]:
    """``fields`` decided on ``decided`` with a fine of 20万元: a 一般 penalty under 36号令
    (over the 10万元 较大数额; a 轻微 one is not published), shown for the regime's period."""
    fields.update({"CF_CFLB": "罚款", "CF_NR": "罚款200000元", "CF_NR_FK": "20",
                   "CF_JDRQ": decided.isoformat()})  # fmt: skip
    fields.pop("CF_GSJZQ")
    return fields


def trader() -> dict[str, str]:
    """An organisation's penalty: its legal representative's ID number, and one in the facts."""
    fields = penalty(1, AUTHORITY, random.Random(1), name=AUTHORITY_NAME)
    decided = TODAY - dt.timedelta(days=30)
    fields.update({
        "CF_XDR_MC": "示例商贸有限公司", "CF_XDR_SHXYM": TRADER_CODE, "CF_FRDB": "张三丰",
        "CF_FR_ZJLX": "身份证", "CF_FR_ZJHM": REP_ID, "CF_WSH": "示市监罚〔2026〕101号",
        "CF_SY": f"经查，当事人雇用的王某（身份证号{TEXT_ID}）经营超过保质期的食品",
    })  # fmt: skip
    return _general(fields, decided)


def person_penalty() -> dict[str, str]:
    """A natural person's penalty decided after 2026-04-01: not public under 36号令."""
    fields = penalty(2, AUTHORITY, random.Random(2), name=AUTHORITY_NAME)
    decided = TODAY - dt.timedelta(days=20)
    fields.update({
        "CF_XDR_MC": "王五", "CF_XDR_LB": "自然人", "CF_XDR_ZJLX": "身份证",
        "CF_XDR_ZJHM": PERSON_ID, "CF_WSH": "示市监罚〔2026〕102号",
    })  # fmt: skip
    for code in ("CF_XDR_SHXYM", "CF_FRDB"):
        fields.pop(code)
    return _general(fields, decided)


def old_penalty() -> dict[str, str]:
    """An organisation's 警告 of 2018: its publication period ended long ago."""
    fields = penalty(3, AUTHORITY, random.Random(3), name=AUTHORITY_NAME,
                     decided=dt.date(2018, 3, 1))  # fmt: skip
    fields.update({"CF_XDR_MC": "示例旧案有限公司", "CF_WSH": "示市监罚〔2018〕3号",
                   "CF_CFLB": "警告", "CF_NR": "警告", "CF_GSJZQ": "2018-06-01"})  # fmt: skip
    fields.pop("CF_NR_FK")
    return fields


def withdrawn_penalty() -> dict[str, str]:
    """An organisation's penalty its department withdraws after sending it."""
    fields = penalty(4, AUTHORITY, random.Random(4), name=AUTHORITY_NAME)
    decided = TODAY - dt.timedelta(days=25)
    fields.update({"CF_XDR_MC": "示例撤回有限公司", "CF_WSH": "示市监罚〔2026〕104号"})
    return _general(fields, decided)


def hauliers() -> list[dict[str, str]]:
    """25 penalties of 示例物流有限公司1…25, decided on 25 different days."""
    found = []
    for n in range(1, HAULIERS + 1):
        fields = penalty(100 + n, AUTHORITY, random.Random(100 + n), name=AUTHORITY_NAME)
        decided = TODAY - dt.timedelta(days=40 + n)
        fields.update(
            {"CF_XDR_MC": f"示例物流有限公司{n}", "CF_WSH": f"示市监罚〔2026〕2{n:02d}号"}
        )
        found.append(_general(fields, decided))
    return found


def shop_license() -> dict[str, str]:
    """An organisation's licence."""
    return {
        "XK_XDR_MC": "示例餐饮管理有限公司", "XK_XDR_LB": "法人及非法人组织",
        "XK_XDR_SHXYM": SHOP_CODE, "XK_FRDB": "李四", "XK_XKWS": "食品经营许可决定书",
        "XK_WSH": "示市监许〔2026〕11号", "XK_XKLB": "普通", "XK_XKZS": "食品经营许可证",
        "XK_XKBH": "JY14101050000011", "XK_NR": "预包装食品销售", "XK_JDRQ": _day(10),
        "XK_YXQZ": _day(10), "XK_YXQZI": "2031-12-31", "XK_XKJG": AUTHORITY_NAME,
        "XK_XKJGDM": AUTHORITY, "XK_ZT": "1", "XK_LYDW": AUTHORITY_NAME,
        "XK_LYDWDM": AUTHORITY,
    }  # fmt: skip


def holder_license() -> dict[str, str]:
    """A natural person's licence: public, with the name masked and the ID number dropped."""
    return {
        "XK_XDR_MC": "李四海", "XK_XDR_LB": "自然人", "XK_XDR_ZJLX": "身份证",
        "XK_XDR_ZJHM": HOLDER_ID, "XK_XKWS": "准予行政许可决定书",
        "XK_WSH": "示市监许〔2026〕12号", "XK_XKLB": "普通", "XK_NR": "食品摊贩登记",
        "XK_JDRQ": _day(12), "XK_YXQZ": _day(12), "XK_YXQZI": "2029-12-31",
        "XK_XKJG": AUTHORITY_NAME, "XK_XKJGDM": AUTHORITY, "XK_ZT": "1",
        "XK_LYDW": AUTHORITY_NAME, "XK_LYDWDM": AUTHORITY,
    }  # fmt: skip


def batch(kind: Kind, items: list[dict[str, str]], batch_id: str,
          operation: str | None = None) -> bytes:  # fmt: skip
    """A wire-format body of ``items`` of ``kind``."""
    records: list[dict[str, Any]] = []
    for fields in items:
        record: dict[str, Any] = {"key": key_of(fields, kind), "fields": fields}
        if operation is not None:
            record["operation"] = operation
        records.append(record)
    payload = {"standard": "2021", "kind": str(kind), "batch_id": batch_id, "records": records}
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def batches() -> list[bytes]:
    """What the department sends, in order (the withdrawal last)."""
    penalties = [trader(), person_penalty(), old_penalty(), withdrawn_penalty(), *hauliers()]
    return [
        batch(Kind.PENALTY, penalties, "pub-penalties"),
        batch(Kind.LICENSE, [shop_license(), holder_license()], "pub-licenses"),
        batch(Kind.PENALTY, [withdrawn_penalty()], "pub-withdraw", operation="withdraw"),
    ]


KEYS = {
    "trader": key_of(trader()),
    "person": key_of(person_penalty()),
    "old": key_of(old_penalty()),
    "withdrawn": key_of(withdrawn_penalty()),
    "shop": key_of(shop_license(), Kind.LICENSE),
    "holder": key_of(holder_license(), Kind.LICENSE),
}
