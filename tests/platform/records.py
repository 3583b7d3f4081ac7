"""Penalty records for the platform's tests: distinct parties, realistic amounts, valid codes."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from typing import Any

from sgs.ids import orgcode, uscc
from sgs.standard import Kind, get_standard
from sgs.standard.keys import record_key_of

CITY = "12410100MB00000002"
PROVINCE = "12410000MB0000000W"
SHOPS = ["餐饮管理", "商贸", "便利店", "药房", "食品", "建材", "物流", "科技", "酒店", "超市"]
LAWS = [
    ("违反《中华人民共和国食品安全法》", "经营超过保质期的食品",
     "《中华人民共和国食品安全法》第一百二十四条"),
    ("违反《中华人民共和国产品质量法》", "销售不合格产品",
     "《中华人民共和国产品质量法》第四十九条"),
    ("违反《中华人民共和国广告法》", "发布虚假广告", "《中华人民共和国广告法》第五十五条"),
]  # fmt: skip


def credit_code(prefix: str, rng: random.Random) -> str:
    """A valid 统一社会信用代码 starting ``prefix`` (2 + 6 characters)."""
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    first17 = prefix + body + orgcode.check_character(body)
    return first17 + uscc.check_character(first17)


def department_code(n: int) -> str:
    """The credit code of test department ``n`` (the same ``n``, the same code)."""
    return credit_code("11410100", random.Random(f"department-{n}"))


def penalty(n: int, department: str, rng: random.Random, *, decided: dt.date | None = None,
            name: str = "示例市市场监督管理局") -> dict[str, str]:  # fmt: skip
    """The fields of penalty ``n`` of ``department``, as the http transport sends them."""
    law = rng.choice(LAWS)
    fine = rng.choice([0.05, 0.1, 0.2, 0.5, 1, 2, 3.5])
    day = decided or dt.date(2026, 11, 2) + dt.timedelta(days=rng.randrange(20))
    return {
        "CF_XDR_MC": f"示例{rng.choice(SHOPS)}有限公司{n}", "CF_XDR_LB": "法人及非法人组织",
        "CF_XDR_SHXYM": credit_code("91410105", rng), "CF_FRDB": "张某某",
        "CF_WSH": f"示罚〔2026〕{department[-6:]}-{n}号", "CF_WFXW": law[0], "CF_SY": law[1],
        "CF_YJ": law[2], "CF_CFLB": "罚款", "CF_NR": f"罚款{int(fine * 10000)}元",
        "CF_NR_FK": f"{fine:g}", "CF_JDRQ": day.isoformat(), "CF_YXQ": "2099-12-31",
        "CF_GSJZQ": day.replace(year=day.year + 1).isoformat(), "CF_CFJG": name,
        "CF_CFJGDM": department, "CF_SJLY": name, "CF_SJLYDM": department,
    }  # fmt: skip


def key_of(fields: dict[str, str], kind: Kind = Kind.PENALTY) -> str:
    return record_key_of(get_standard("2021").spec(kind), fields)


def body(
    records: Sequence[dict[str, str]],
    batch_id: str = "b-1",
    *,
    operation: str | None = None,
    standard: str = "2021",
    keys: Sequence[str] | None = None,
) -> bytes:
    """A wire-format body of penalty ``records``."""
    items: list[dict[str, Any]] = []
    for n, fields in enumerate(records):
        item: dict[str, Any] = {"key": keys[n] if keys else key_of(fields), "fields": fields}
        if operation is not None:
            item["operation"] = operation
        items.append(item)
    payload = {"standard": standard, "kind": "penalty", "batch_id": batch_id, "records": items}
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")
