"""Benchmark: validation speed of sgs on real-shaped data, against the floors and the baselines.

Writes N synthetic 行政处罚 rows (default 1,000,000) with the 2018 field codes as
header into a temporary CSV (UTF-8 with BOM), in one of two shapes:

* ``realistic`` (the default) — as a department's or a platform's file is: every
  row its own party (distinct company names, distinct valid 统一社会信用代码 with a
  valid embedded 组织机构代码 and an existing 登记管理部门/机构类别 pair, a 法定代表人
  with a valid ID number on every organisation and 个体工商户 row, distinct natural
  persons with valid 18-digit ID numbers of real regions, born 1950–2005), distinct
  fines (mostly 0.05–50 万元 with two to four decimals, some round, some to the 分)
  quoted in the 处罚内容 in 元 or 万元 as decided, 决定书文号 in the forms authorities
  use (``郑市监罚〔2025〕1234号``, ``[2025]``, ``（2025）第…号`` …), dates in the
  five forms sgs reads (``2025/03/07``, ``2025-03-07``, ``2025年3月7日``,
  ``20250307``, ``2025.3.7``) spread over the file, and a realistic mix of 处罚类别;
* ``repeated`` — the older file whose parties repeat (50,000 company codes, few
  legal representatives, every date ``YYYY/MM/DD``), kept for comparison.

Every 100th row carries one defect, the kinds taken in turn (empty 文号, bad check
characters, impossible date, negative or missing fine, unknown 处罚类别, over-long
text, 自然人 without 证件号码, repeated 文号). A GB18030 copy is written too
(``--encodings``). Then, each in a fresh subprocess on the same file, it times:

* ``csv.reader`` — iterating the file with ``csv.reader`` and nothing else (the floor);
* ``pyarrow.csv`` — ``pyarrow.csv.open_csv`` streaming the file in one thread, every
  column as a string, counting rows (the second floor: Arrow's reader alone);
* ``sgs python`` and ``sgs python jobs=2`` — ``sgs.validate(path, engine="python")``
  (``sgs.validate(path)`` where there is no ``engine`` keyword), one process and two;
* ``sgs columnar`` and ``sgs columnar x2`` — ``engine="columnar"``, ``jobs=1`` and
  ``jobs=2``, when ``sgs.validation.columnar`` can be imported ("not available"
  otherwise);
* ``pydantic`` — the model in ``pydantic_baseline.py`` (the same rules written the way
  a user would write them without sgs, reading the same five date forms);
* ``frictionless`` — ``frictionless.validate`` against the Table Schema that
  ``sgs.standard.to_table_schema`` exports, on the first ``--frictionless-rows`` rows
  only (it is slow); a Table Schema has one date format, ``%Y/%m/%d``, so the dates
  written in the other four forms are errors to it.

The baselines run on the UTF-8 file only. It prints rows, seconds (and CPU seconds),
rows/s, the ratio to ``csv.reader`` on the UTF-8 file, peak memory (the process's VmHWM; for the cases
with worker processes the peak of their summed PSS) and the invalid rows found, then
the targets of issue 18 as met / not met. Every sgs case must find the same set of
(record, field, issue code): a mismatch is printed and the exit status is 1, as it is
when a case fails.

    .venv/bin/python benchmarks/validate_speed.py [--rows N] [--case realistic,repeated]
        [--encodings utf-8,gb18030] [--frictionless-rows N] [--keep DIR] [--json] [--seed S]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import importlib
import inspect
import json
import math
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

# ---------------------------------------------------------------- targets (issue 18)

#: (label, case, encoding, at least this many times csv.reader's rows/s on the UTF-8 file).
TARGETS: tuple[tuple[str, str, str, float], ...] = (
    ("columnar, 1 process >= 0.6x csv.reader", "sgs columnar", "utf-8", 0.6),
    ("columnar, 2 workers >= 1.0x csv.reader", "sgs columnar x2", "utf-8", 1.0),
    ("columnar, GB18030 file >= 0.45x csv.reader", "sgs columnar", "gb18030", 0.45),
    ("pure Python >= 0.2x csv.reader", "sgs python", "utf-8", 0.2),
)
#: Peak memory of one columnar process at any file size.
TARGET_PEAK_MB = 400

DATA_CASES = ("realistic", "repeated")
ENCODINGS = ("utf-8", "gb18030")

DEFECTS = (
    "empty CF_WSH",
    "bad USCC check character",
    "bad ID check character",
    "invalid date 2026/02/30",
    "negative amount",
    "罚款 without amount",
    "unknown 处罚类别",
    "text over max length",
    "自然人 without 证件号码",
    "duplicate 决定书文号",
)
DEFECT_EVERY = 100

# ---------------------------------------------------------------- check characters

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_ID_CHECK = "10X98765432"


def uscc_check(body: str) -> str:
    """The GB 32100 check character of a 17-character body."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return USCC_CHARS[-total % 31]


def org_check(body: str) -> str:
    """The GB 11714 check character of an 8-character 组织机构代码 body."""
    total = sum(_ORG_CHARS.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def id_check(body: str) -> str:
    """The GB 11643 check character of a 17-digit 身份证 body."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


# ---------------------------------------------------------------- synthetic data

AREAS = ("110105", "310101", "320102", "330106", "410100", "420106", "440106", "510104")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红"
BRANDS = ("恒信", "瑞丰", "华泰", "鑫源", "宏达", "盛世", "金桥", "新程", "同创", "永安")
TRADES = ("餐饮管理", "商贸", "食品", "建筑工程", "物流", "医药", "科技", "环保", "物业服务")
SHOPS = ("便利店", "小吃店", "五金店", "理发店", "水果店", "药店", "汽修店")
CASES = (
    (
        "违反《中华人民共和国食品安全法》",
        "经营超过保质期的食品",
        "《中华人民共和国食品安全法》第一百二十四条第一款",
    ),
    (
        "违反《中华人民共和国广告法》",
        "发布虚假广告",
        "《中华人民共和国广告法》第五十五条第一款",
    ),
    (
        "违反《中华人民共和国产品质量法》",
        "销售不合格产品",
        "《中华人民共和国产品质量法》第四十九条",
    ),
    (
        "违反《中华人民共和国大气污染防治法》",
        "未采取有效措施防治扬尘污染",
        "《中华人民共和国大气污染防治法》第一百一十五条第一款",
    ),
    (
        "违反《中华人民共和国价格法》",
        "不按规定明码标价",
        "《明码标价和禁止价格欺诈规定》第二十一条",
    ),
)
AUTHORITY_NAMES = (
    ("示例市市场监督管理局", "示市监罚"),
    ("示例市生态环境局", "示环罚"),
    ("示例市城市管理局", "示城管罚"),
    ("示例市应急管理局", "示应急罚"),
    ("示例市交通运输局", "示交罚"),
    ("示例市卫生健康委员会", "示卫罚"),
    ("示例市发展和改革委员会", "示发改罚"),
    ("示例区市场监督管理局", "示区市监罚"),
    ("示例县市场监督管理局", "示县市监罚"),
    ("示例市自然资源和规划局", "示自然资源罚"),
    ("示例市住房和城乡建设局", "示住建罚"),
    ("示例市税务局稽查局", "示税稽罚"),
)


class Pools:
    """Precomputed valid subjects, authorities and dates to draw rows from."""

    def __init__(self, rng: random.Random, organisations: int = 50_000) -> None:
        self.organisations = [self._organisation(rng) for _ in range(organisations)]
        self.traders = [self._trader(rng) for _ in range(organisations // 5)]
        self.people = [self._person(rng) for _ in range(organisations // 2)]
        self.authorities = [(name, self._uscc(rng, "11"), abbr) for name, abbr in AUTHORITY_NAMES]
        self.first_day = dt.date(2024, 1, 1)
        last = min(dt.date.today() - dt.timedelta(days=1), dt.date(2026, 12, 31))
        self.decision_days = (last - self.first_day).days + 1
        # Decision dates, 处罚有效期 up to a year later, 公示截止期 up to three years later.
        self.dates = [
            (self.first_day + dt.timedelta(days=d)).strftime("%Y/%m/%d")
            for d in range(self.decision_days + 3 * 366)
        ]

    @staticmethod
    def _name(rng: random.Random) -> str:
        return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))

    @staticmethod
    def _uscc(rng: random.Random, prefix: str) -> str:
        org = "MA" + "".join(rng.choices(USCC_CHARS, k=6))
        body = prefix + rng.choice(AREAS) + org + org_check(org)
        return body + uscc_check(body)

    def _organisation(self, rng: random.Random) -> tuple[str, str, str]:
        name = f"示例市{rng.choice(BRANDS)}{rng.choice(TRADES)}有限公司{rng.randrange(10_000)}"
        return name, self._uscc(rng, "91"), self._name(rng)

    def _trader(self, rng: random.Random) -> tuple[str, str, str, str]:
        """个体工商户: name, credit code (or the placeholder), 工商注册号, operator."""
        name = f"示例市{rng.choice(BRANDS)}{rng.choice(SHOPS)}{rng.randrange(10_000)}"
        if rng.random() < 0.1:
            registration = rng.choice(AREAS) + "".join(rng.choices("0123456789", k=9))
            return name, "00000000000000000X", registration, self._name(rng)
        return name, self._uscc(rng, "92"), "", self._name(rng)

    def _person(self, rng: random.Random) -> tuple[str, str]:
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(55 * 365))
        body = f"{rng.choice(AREAS)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
        return self._name(rng), body + id_check(body)


def _other_char(char: str, alphabet: str) -> str:
    return alphabet[(alphabet.index(char) + 1) % len(alphabet)]


def _positions(col: dict[str, int], *codes: str) -> list[int]:
    return [col[code] for code in codes]


def write_penalties(path: Path, rows: int, pools: Pools, rng: random.Random) -> Counter[str]:
    """Write ``rows`` penalty rows to ``path``; return the defects injected, by kind."""
    from sgs.standard import get_standard

    spec = get_standard("2018").penalty
    codes = spec.codes
    col = {code: i for i, code in enumerate(codes)}
    # Column positions, from the standard's field order.
    mc, lb, shxym, gszc = _positions(col, "CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_XDR_GSZC")
    frdb, zjlx, zjhm = _positions(col, "CF_FRDB", "CF_XDR_ZJLX", "CF_XDR_ZJHM")
    wsh, wfxw, sy, yj, cflb, nr, fk, wfff = _positions(
        col, "CF_WSH", "CF_WFXW", "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_NR_WFFF"
    )
    jdrq, yxq, gsjzq, cfjg, cfjgdm, sjly, sjlydm, bz = _positions(
        col, "CF_JDRQ", "CF_YXQ", "CF_GSJZQ", "CF_CFJG", "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM", "BZ"
    )
    too_long = "某" * (spec["CF_XDR_MC"].max_length or 200)
    long_term = get_standard("2018").long_term_date.strftime("%Y/%m/%d")
    injected: Counter[str] = Counter()
    width = len(codes)
    previous: list[str] = []
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(codes)
        for i in range(rows):
            row = [""] * width
            defect = DEFECTS[(i // DEFECT_EVERY) % len(DEFECTS)] if i % DEFECT_EVERY == 99 else ""
            draw = rng.random()
            if defect in ("bad ID check character", "自然人 without 证件号码"):
                draw = 0.95
            elif defect == "bad USCC check character":
                draw = 0.0
            # Subject: 80 % organisations, 10 % 个体工商户, 10 % 自然人.
            if draw < 0.8:
                row[lb] = "法人及非法人组织"
                row[mc], row[shxym], row[frdb] = rng.choice(pools.organisations)
            elif draw < 0.9:
                row[lb] = "个体工商户"
                row[mc], row[shxym], row[gszc], row[frdb] = rng.choice(pools.traders)
            else:
                row[lb] = "自然人"
                row[mc], row[zjhm] = rng.choice(pools.people)
                row[zjlx] = "身份证"
            # Authority, case and decision.
            authority, code, abbr = rng.choice(pools.authorities)
            row[cfjg] = row[sjly] = authority
            row[cfjgdm] = row[sjlydm] = code
            row[wfxw], row[sy], row[yj] = rng.choice(CASES)
            day = rng.randrange(pools.decision_days)
            row[jdrq] = pools.dates[day]
            row[wsh] = f"{abbr}〔{row[jdrq][:4]}〕{i + 1}号"
            row[yxq] = long_term if rng.random() < 0.7 else pools.dates[day + rng.randint(15, 365)]
            row[gsjzq] = pools.dates[day + rng.randint(365, 3 * 365)]
            kind = rng.random()
            if defect in ("negative amount", "罚款 without amount"):
                kind = 0.0
            yuan = rng.randrange(1, 2000) * 100
            if kind < 0.6:
                row[cflb] = "罚款"
                if rng.random() < 0.05:  # an amount in 元 and 分: six decimals in 万元
                    fen = yuan * 100 + rng.randrange(1, 100)
                    row[fk] = f"{fen / 1_000_000:.6f}"
                    row[nr] = f"罚款人民币{fen / 100:.2f}元"
                else:
                    row[fk] = f"{yuan / 10_000:.4f}"
                    row[nr] = f"罚款人民币{yuan}元"
            elif kind < 0.85:
                row[cflb] = "警告"
                row[nr] = "警告"
            else:
                gains = rng.randrange(1, 500) * 10
                row[cflb] = "罚款；没收违法所得"
                row[fk] = f"{yuan / 10_000:.4f}"
                row[wfff] = f"{gains / 10_000:.4f}"
                row[nr] = f"罚款人民币{yuan}元，没收违法所得人民币{gains}元"
            if rng.random() < 0.05:
                row[bz] = "当事人已履行处罚决定"
            if defect:
                _inject(defect, row, col, previous, too_long)
                injected[defect] += 1
            writer.writerow(row)
            previous = row
    return injected


def _inject(
    defect: str, row: list[str], col: dict[str, int], previous: list[str], too_long: str
) -> None:
    """Put one defect of kind ``defect`` into ``row``."""
    if defect == "empty CF_WSH":
        row[col["CF_WSH"]] = ""
    elif defect == "bad USCC check character":
        code = row[col["CF_XDR_SHXYM"]]
        row[col["CF_XDR_SHXYM"]] = code[:17] + _other_char(code[17], USCC_CHARS)
    elif defect == "bad ID check character":
        number = row[col["CF_XDR_ZJHM"]]
        row[col["CF_XDR_ZJHM"]] = number[:17] + _other_char(number[17], _ID_CHECK)
    elif defect == "invalid date 2026/02/30":
        row[col["CF_JDRQ"]] = "2026/02/30"
    elif defect == "negative amount":
        row[col["CF_NR_FK"]] = "-" + row[col["CF_NR_FK"]]
    elif defect == "罚款 without amount":
        row[col["CF_NR_FK"]] = ""
    elif defect == "unknown 处罚类别":
        row[col["CF_CFLB"]] = "责令整改"
    elif defect == "text over max length":
        row[col["CF_XDR_MC"]] += too_long
    elif defect == "自然人 without 证件号码":
        row[col["CF_XDR_ZJHM"]] = ""
    elif defect == "duplicate 决定书文号":
        for code in ("CF_WSH", "CF_CFJG", "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM"):
            row[col[code]] = previous[col[code]]
    else:  # pragma: no cover - DEFECTS and this function go together
        raise ValueError(defect)


# ---------------------------------------------------------------- real-shaped data

#: Real GB/T 2260 county-level codes: the department's own city (郑州) first, then others.
LOCAL_REGIONS = (
    "410102", "410103", "410104", "410105", "410106", "410108", "410122", "410181",
    "410182", "410183", "410184", "410185",
)  # fmt: skip
OTHER_REGIONS = (
    "110101", "110105", "110108", "120101", "130102", "140105", "210102", "220102",
    "230102", "310101", "310104", "310115", "320102", "320505", "330106", "330203",
    "340102", "350102", "360102", "370102", "370202", "410302", "410502", "410702",
    "411102", "411302", "411502", "420106", "430102", "440106", "440304", "450102",
    "460105", "500103", "510104", "520102", "530102", "610103", "620102", "640104",
)  # fmt: skip
#: Characters of 字号 (trade names); two or three of them make a name.
NAME_CHARS = (
    "恒信瑞丰华泰鑫源宏达盛世金桥新程同创永安中原豫康嘉禾博远天润德顺汇通福源"
    "明辉锦绣佳美优品百川立方万家星光腾飞卓越正大长青广和宝丰鸿运荣昌聚贤"
    "东方西城南风北辰云帆海纳山川秋实春晖晨曦润泽隆兴祥和利民惠众诚信安达"
)
TRADE_KINDS = (
    "餐饮管理", "商贸", "食品", "建筑工程", "物流", "医药", "科技", "环保", "物业服务",
    "汽车销售", "农业开发", "文化传媒", "电子商务", "装饰工程", "超市", "酒店管理",
    "教育咨询", "机械设备", "化工", "服饰", "水务", "房地产开发", "劳务派遣", "印刷",
)  # fmt: skip
COMPANY_FORMS = (
    "有限公司",
    "有限公司",
    "有限公司",
    "有限责任公司",
    "股份有限公司",
    "有限公司郑州分公司",
)
SHOP_KINDS = (
    "便利店", "小吃店", "五金店", "理发店", "水果店", "药店", "汽修店", "烟酒店", "面馆",
    "超市", "服装店", "粮油店", "家电维修部", "网吧", "早餐店", "烧烤店",
)  # fmt: skip
STREETS = (
    "金水路", "花园路", "农业路", "文化路", "中原路", "建设路", "二七路", "大学路", "紫荆山路",
    "经三路", "纬五路", "东风路", "黄河路", "商城路", "航海路", "嵩山路",
)  # fmt: skip
GIVEN_NAMES = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰凤鹏宇浩然晓雪梅波"
SURNAME_CHARS = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾"

#: Authorities of a city: (name, 文号 abbreviation, the 文号 form of its documents).
CITY_AUTHORITIES = (
    ("郑州市市场监督管理局", "郑市监罚", "{a}〔{y}〕{n}号"),
    ("郑州市金水区市场监督管理局", "金市监罚", "{a}〔{y}〕{n}号"),
    ("郑州市中原区市场监督管理局", "中市监罚", "{a}〔{y}〕第{n}号"),
    ("郑州市二七区市场监督管理局", "二七市监罚", "{a}[{y}]{n}号"),
    ("郑州市管城回族区市场监督管理局", "管市监罚字", "{a}〔{y}〕第{n:04d}号"),
    ("郑州市生态环境局", "郑环罚", "{a}〔{y}〕{n}号"),
    ("郑州市城市管理局", "郑城管罚决字", "{a}（{y}）第{n}号"),
    ("郑州市应急管理局", "（郑）应急罚", "{a}〔{y}〕{n}号"),
    ("郑州市交通运输局", "郑交罚", "{a}〔{y}〕{n:05d}号"),
    ("郑州市卫生健康委员会", "郑卫医罚", "{a}〔{y}〕{n}号"),
    ("郑州市文化广电和旅游局", "郑文旅罚", "{a}〔{y}〕{n}号"),
    ("郑州市住房保障和房地产管理局", "郑房罚", "{a}[{y}]{n}号"),
    ("郑州市自然资源和规划局", "郑自然资源罚", "{a}〔{y}〕{n}号"),
    ("国家税务总局郑州市税务局第一稽查局", "郑税一稽罚", "{a}〔{y}〕{n}号"),
    ("郑州市消防救援支队", "郑消行罚决字", "{a}〔{y}〕{n}号"),
    ("郑州市农业农村局", "郑农（牧）罚", "{a}〔{y}〕{n}号"),
)  # fmt: skip

#: (违法行为类型, a fact template, 处罚依据); {party}, {street}, {n}, {day} fill the facts.
REAL_CASES = (
    ("经营超过保质期的食品", "{party}于{day}在{street}经营场所销售超过保质期的食品{n}件",
     "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"),
    ("未按规定公示食品经营许可证", "{party}在{street}经营场所未按规定公示《食品经营许可证》",
     "《中华人民共和国食品安全法》第一百二十六条第一款"),
    ("发布虚假广告", "{party}通过微信公众号发布含有虚假内容的广告{n}条，广告费用已核实",
     "《中华人民共和国广告法》第五十五条第一款"),
    ("销售不合格产品", "{party}于{day}销售经抽检不合格的产品{n}批次",
     "《中华人民共和国产品质量法》第四十九条"),
    ("不按规定明码标价", "{party}在{street}经营场所销售商品未按规定明码标价{n}种",
     "《明码标价和禁止价格欺诈规定》第二十一条"),
    ("未采取有效措施防治扬尘污染", "{party}位于{street}的施工工地于{day}未采取覆盖等防尘措施",
     "《中华人民共和国大气污染防治法》第一百一十五条第一款第（一）项"),
    ("超标排放水污染物", "{party}于{day}经监测排放废水化学需氧量超过排放标准{n}倍",
     "《中华人民共和国水污染防治法》第八十三条第（二）项"),
    ("擅自占用城市道路经营", "{party}于{day}在{street}擅自占用城市道路摆摊经营",
     "《城市市容和环境卫生管理条例》第三十六条第（一）项"),
    ("未按规定开展安全生产教育培训", "{party}未对{n}名从业人员进行安全生产教育和培训",
     "《中华人民共和国安全生产法》第九十七条第（三）项"),
    ("车辆超限运输", "{party}所属车辆于{day}在{street}超限运输，超限{n}吨",
     "《公路安全保护条例》第六十四条"),
    ("未取得医疗机构执业许可证擅自执业", "{party}于{day}在{street}未取得《医疗机构执业许可证》开展诊疗活动",
     "《医疗机构管理条例》第四十三条"),
    ("未按期进行纳税申报", "{party}未按照规定期限办理纳税申报和报送纳税资料，逾期{n}个月",
     "《中华人民共和国税收征收管理法》第六十二条"),
    ("消防设施未保持完好有效", "{party}位于{street}的场所消防设施、器材未保持完好有效，{n}处损坏",
     "《中华人民共和国消防法》第六十条第一款第（一）项"),
)  # fmt: skip

#: 处罚类别 as departments fill them (2018 values), weighted: (types, weight, needs).
#: needs: "fine", "gains" (an amount confiscated), "licence" (the licence's name).
PENALTY_MIXES = (
    ("警告", 18, ()),
    ("罚款", 40, ("fine",)),
    ("警告；罚款", 10, ("fine",)),
    ("罚款；没收违法所得", 12, ("fine", "gains")),
    ("没收违法所得、没收非法财物；罚款", 5, ("fine", "gains")),
    ("罚款,没收违法所得", 3, ("fine", "gains")),
    ("责令停产停业；罚款", 3, ("fine",)),
    ("暂扣或者吊销许可证；罚款", 2, ("fine", "licence")),
    ("罚款、警告", 4, ("fine",)),
    ("警告，没收违法所得", 3, ("gains",)),
)  # fmt: skip
LICENCES = ("食品经营许可证", "道路运输经营许可证", "医疗机构执业许可证", "排污许可证")
#: 万元 amounts that departments often decide exactly.
ROUND_FINES = ("0.05", "0.1", "0.2", "0.3", "0.5", "1", "2", "3", "5", "10", "20", "50")

#: How the department's source systems write dates: the five forms sgs reads, weighted.
DATE_FORMS: tuple[tuple[str, int], ...] = (
    ("slash", 40),  # 2025/03/07
    ("dash", 30),  # 2025-03-07
    ("chinese", 10),  # 2025年3月7日
    ("compact", 10),  # 20250307
    ("dot", 10),  # 2025.3.7
)


def format_day(day: dt.date, form: str) -> str:
    """``day`` written in one of the five forms (see :data:`DATE_FORMS`)."""
    if form == "slash":
        return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"
    if form == "dash":
        return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    if form == "chinese":
        return f"{day.year}年{day.month}月{day.day}日"
    if form == "compact":
        return f"{day.year:04d}{day.month:02d}{day.day:02d}"
    return f"{day.year}.{day.month}.{day.day}"


def _wan(yuan_fen: int) -> str:
    """An amount in 分 as 万元 with as few decimals as it needs, at least two."""
    text = f"{yuan_fen // 1_000_000}.{yuan_fen % 1_000_000:06d}".rstrip("0")
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction:0<2}"


def _yuan_text(fen: int, rng: random.Random) -> str:
    """An amount in 分 as the decision text writes it in 元 (or in 万元)."""
    yuan, cents = divmod(fen, 100)
    if cents:
        return f"{yuan}.{cents:02d}元"
    draw = rng.random()
    if draw < 0.6:
        return f"{yuan}元"
    if draw < 0.8:
        return f"{yuan:,}元"
    if draw < 0.9:
        return f"{yuan}.00元"
    return f"{_wan(fen)}万元"


class RealShaped:
    """Draws real-shaped 行政处罚 rows: every row its own party, amount and 文号.

    Credit codes (with a valid embedded 组织机构代码 and a 登记管理部门/机构类别 pair
    that exists), ID numbers (real region codes, birth dates 1950–2005) and company
    names are never drawn twice in one file.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.codes: set[str] = set()
        self.ids: set[str] = set()
        self.names: set[str] = set()
        self.first_day = dt.date(2023, 1, 1)
        last = min(dt.date.today() - dt.timedelta(days=1), dt.date(2026, 12, 31))
        self.decision_days = (last - self.first_day).days + 1
        self.authorities = [
            (name, self.credit_code("11", LOCAL_REGIONS[0]), abbr, form)
            for name, abbr, form in CITY_AUTHORITIES
        ]
        self.serials: dict[tuple[str, int], int] = {}
        self.mix_weights = [w for _, w, _ in PENALTY_MIXES]
        self.form_names = [f for f, _ in DATE_FORMS]
        self.form_weights = [w for _, w in DATE_FORMS]

    def region(self) -> str:
        rng = self.rng
        return rng.choice(LOCAL_REGIONS) if rng.random() < 0.7 else rng.choice(OTHER_REGIONS)

    def credit_code(self, prefix: str, region: str | None = None) -> str:
        """A new valid 统一社会信用代码 with registration pair ``prefix``."""
        rng = self.rng
        while True:
            if rng.random() < 0.35:  # an old 组织机构代码: eight digits
                body = "".join(rng.choices("0123456789", k=8))
            else:  # assigned since 2015: MA and six characters
                body = "MA" + "".join(rng.choices(USCC_CHARS, k=6))
            first17 = prefix + (region or self.region()) + body + org_check(body)
            code = first17 + uscc_check(first17)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def id_number(self, rng: random.Random) -> str:
        """A new valid 18-digit 居民身份证号码, born 1950–2005."""
        while True:
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_454))
            body = f"{self.region()}{birth:%Y%m%d}{rng.randrange(1000):03d}"
            number = body + id_check(body)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def person_name(self) -> str:
        rng = self.rng
        return rng.choice(SURNAME_CHARS) + "".join(rng.choices(GIVEN_NAMES, k=rng.randint(1, 2)))

    def _unique(self, make: Callable[[], str]) -> str:
        while True:
            name = make()
            if name not in self.names:
                self.names.add(name)
                return name

    def company_name(self) -> str:
        rng = self.rng

        def make() -> str:
            brand = "".join(rng.choices(NAME_CHARS, k=rng.choice((2, 2, 3))))
            city = rng.choice(("郑州", "郑州市", "河南", "河南省", ""))
            return f"{city}{brand}{rng.choice(TRADE_KINDS)}{rng.choice(COMPANY_FORMS)}"

        return self._unique(make)

    def shop_name(self, operator: str) -> str:
        rng = self.rng

        def make() -> str:
            brand = "".join(rng.choices(NAME_CHARS, k=rng.choice((2, 3))))
            return f"郑州市{rng.choice(('金水区', '中原区', '二七区', '管城回族区', '惠济区'))}{brand}{rng.choice(SHOP_KINDS)}"

        return (
            self._unique(make)
            if rng.random() < 0.8
            else self._unique(lambda: f"{operator}{make()[3:]}")
        )

    def fine_fen(self) -> tuple[int, str]:
        """A fine in 分 and its 万元 text: mostly 0.05–50 万元, two to four decimals."""
        rng = self.rng
        draw = rng.random()
        if draw < 0.15:
            text = rng.choice(ROUND_FINES)
            whole, _, fraction = text.partition(".")
            return int(whole) * 1_000_000 + int(f"{fraction:0<6}"), text
        # Log-uniform from 500 元 to 50 万元, then as many decimals (of 万元) as written.
        fen = round(math.exp(rng.uniform(math.log(500), math.log(500_000)))) * 100
        decimals = 2 if draw < 0.45 else 3 if draw < 0.55 else 6 if draw < 0.6 else 4
        if decimals == 6:  # 元 and 分
            fen += rng.randrange(1, 100)
        unit = 10 ** (6 - decimals)
        fen = max(fen // unit, 5) * unit
        return fen, f"{fen // 1_000_000}.{fen % 1_000_000 // unit:0{decimals}d}"

    def document_number(self, authority: tuple[str, str, str, str], year: int) -> str:
        _, _, abbr, form = authority
        key = (abbr, year)
        serial = self.serials.get(key)
        serial = self.rng.randint(1, 60) if serial is None else serial + 1
        self.serials[key] = serial
        return form.format(a=abbr, y=year, n=serial)


def write_realistic(path: Path, rows: int, rng: random.Random) -> Counter[str]:
    """Write ``rows`` real-shaped penalty rows to ``path``; return the defects injected."""
    from sgs.standard import get_standard

    spec = get_standard("2018").penalty
    codes = spec.codes
    col = {code: i for i, code in enumerate(codes)}
    mc, lb, shxym, gszc = _positions(col, "CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_XDR_GSZC")
    frdb, frzjlx, frzjhm = _positions(col, "CF_FRDB", "CF_FR_ZJLX", "CF_FR_ZJHM")
    zjlx, zjhm = _positions(col, "CF_XDR_ZJLX", "CF_XDR_ZJHM")
    wsh, wfxw, sy, yj, cflb, nr, fk, wfff, zkdx = _positions(
        col, "CF_WSH", "CF_WFXW", "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK",
        "CF_NR_WFFF", "CF_NR_ZKDX",
    )  # fmt: skip
    jdrq, yxq, gsjzq, cfjg, cfjgdm, sjly, sjlydm, bz = _positions(
        col, "CF_JDRQ", "CF_YXQ", "CF_GSJZQ", "CF_CFJG", "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM", "BZ"
    )
    too_long = "某" * (spec["CF_XDR_MC"].max_length or 200)
    long_term = get_standard("2018").long_term_date
    gen = RealShaped(rng)
    organisation_prefixes = ("91",) * 17 + ("93", "12", "52", "51", "Y1")
    injected: Counter[str] = Counter()
    width = len(codes)
    previous: list[str] = []
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(codes)
        for i in range(rows):
            row = [""] * width
            defect = DEFECTS[(i // DEFECT_EVERY) % len(DEFECTS)] if i % DEFECT_EVERY == 99 else ""
            draw = rng.random()
            if defect in ("bad ID check character", "自然人 without 证件号码"):
                draw = 0.95
            elif defect == "bad USCC check character":
                draw = 0.0
            # Subject: 70 % organisations, 15 % 个体工商户, 15 % 自然人, each one new.
            if draw < 0.7:
                row[lb] = "法人及非法人组织"
                row[mc] = gen.company_name()
                row[shxym] = gen.credit_code(rng.choice(organisation_prefixes))
                row[frdb] = gen.person_name()
                row[frzjlx], row[frzjhm] = "身份证", gen.id_number(rng)
            elif draw < 0.85:
                row[lb] = "个体工商户"
                row[frdb] = gen.person_name()
                row[mc] = gen.shop_name(row[frdb])
                if rng.random() < 0.1:  # no credit code yet: the placeholder and 注册号
                    row[shxym] = "00000000000000000X"
                    row[gszc] = gen.region() + "".join(rng.choices("0123456789", k=9))
                else:
                    row[shxym] = gen.credit_code("92")
                row[frzjlx], row[frzjhm] = "身份证", gen.id_number(rng)
            else:
                row[lb] = "自然人"
                row[mc] = gen.person_name()
                row[zjlx], row[zjhm] = "身份证", gen.id_number(rng)
            # Authority, case and decision.
            authority = rng.choice(gen.authorities)
            row[cfjg] = row[sjly] = authority[0]
            row[cfjgdm] = row[sjlydm] = authority[1]
            decided = gen.first_day + dt.timedelta(days=rng.randrange(gen.decision_days))
            form = rng.choices(gen.form_names, gen.form_weights)[0]
            row[jdrq] = format_day(decided, form)
            row[wsh] = gen.document_number(authority, decided.year)
            violation, facts, basis = rng.choice(REAL_CASES)
            row[wfxw], row[yj] = violation, basis
            row[sy] = facts.format(
                party=row[mc],
                day=f"{decided.year}年{decided.month}月",
                street=rng.choice(STREETS),
                n=rng.randint(2, 60),
            )
            if rng.random() < 0.7:
                row[yxq] = format_day(long_term, form)
            else:
                row[yxq] = format_day(decided + dt.timedelta(days=rng.randint(15, 365)), form)
            if rng.random() < 0.6:
                row[gsjzq] = format_day(
                    decided + dt.timedelta(days=rng.randint(365, 3 * 365)), form
                )
            types, _, needs = rng.choices(PENALTY_MIXES, gen.mix_weights)[0]
            if defect in ("negative amount", "罚款 without amount"):
                types, needs = "罚款", ("fine",)
            row[cflb] = types
            content = ["给予警告"] if "警告" in types else []
            if "gains" in needs:
                gains = rng.randrange(100, 50_000) * 100  # at least 100 元, in 分
                row[wfff] = _wan(gains)
                content.append(f"没收违法所得人民币{_yuan_text(gains, rng)}")
            if "licence" in needs:
                row[zkdx] = rng.choice(LICENCES)
                content.append(f"吊销《{row[zkdx]}》")
            if "fine" in needs:
                fen, row[fk] = gen.fine_fen()
                content.append(f"罚款人民币{_yuan_text(fen, rng)}")
            if "责令停产停业" in types:
                content.append(f"责令停产停业{rng.randint(3, 30)}日")
            row[nr] = "，".join(content)
            if rng.random() < 0.05:
                row[bz] = "当事人已履行处罚决定"
            if defect:
                _inject(defect, row, col, previous, too_long)
                injected[defect] += 1
            writer.writerow(row)
            previous = row
    return injected


# ---------------------------------------------------------------- files


def write_case(case: str, path: Path, rows: int, seed: int) -> Counter[str]:
    """Write the ``case`` file (``realistic`` or ``repeated``); return the defects injected."""
    rng = random.Random(seed)
    if case == "realistic":
        return write_realistic(path, rows, rng)
    if case == "repeated":
        return write_penalties(path, rows, Pools(rng), rng)
    raise ValueError(f"unknown case {case!r}; expected one of {', '.join(DATA_CASES)}")


def transcode(source: Path, target: Path, encoding: str) -> None:
    """Write ``source`` (UTF-8 with BOM) again in ``encoding``, as a GBK system would export it."""
    with (
        open(source, encoding="utf-8-sig", newline="") as src,
        open(target, "w", encoding=encoding, newline="") as dst,
    ):
        shutil.copyfileobj(src, dst, 1 << 20)


def copy_head(source: Path, target: Path, rows: int) -> int:
    """Copy the header and the first ``rows`` rows (no cell holds a line break)."""
    with open(source, "rb") as src, open(target, "wb") as dst:
        lines = list(islice(src, rows + 1))
        dst.writelines(lines)
    return len(lines) - 1


def frictionless_schema(path: Path) -> None:
    """Write the exported 2018 penalty Table Schema (slash dates: its only date format)."""
    from sgs.standard import get_standard, to_table_schema

    schema = to_table_schema(get_standard("2018").penalty, "2018", date_style="slash")
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")


def _python_encoding(encoding: str) -> str:
    return "utf-8-sig" if encoding.replace("_", "-").lower() in ("utf-8", "utf8") else encoding


# ---------------------------------------------------------------- the measured cases (children)


def _cpu_seconds() -> float:
    """CPU time of this process (all its threads) and of its workers that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


class Clock:
    """Wall-clock and CPU seconds from its making: on a busy machine the CPU time says
    what the work cost, the wall-clock time what it took while sharing the cores."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = _cpu_seconds()

    def read(self) -> dict[str, float]:
        return {
            "seconds": time.perf_counter() - self.wall,
            "cpu_seconds": _cpu_seconds() - self.cpu,
        }


def _floor(path: str, encoding: str) -> dict[str, Any]:
    clock = Clock()
    with open(path, encoding=_python_encoding(encoding), newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rows = sum(1 for _ in reader)
    return {"rows": rows, **clock.read()}


def _arrow(path: str, encoding: str) -> dict[str, Any]:
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError as exc:
        return {"available": False, "reason": f"{type(exc).__name__}: {exc}"}
    with open(path, encoding=_python_encoding(encoding), newline="") as f:
        header = next(csv.reader(f))
    clock = Clock()
    arrow_encoding = "utf8" if _python_encoding(encoding) == "utf-8-sig" else encoding
    read = pacsv.ReadOptions(use_threads=False, encoding=arrow_encoding)
    convert = pacsv.ConvertOptions(
        column_types={name: pa.string() for name in header}, strings_can_be_null=False
    )
    rows = 0
    with pacsv.open_csv(path, read_options=read, convert_options=convert) as reader:
        for batch in reader:
            rows += batch.num_rows
    return {"rows": rows, **clock.read()}


def _sgs(path: str, jobs: str, engine: str, out: str) -> dict[str, Any]:
    """``sgs.validate`` with ``engine`` and ``jobs``; the findings go to the file ``out``."""
    try:
        # Looked up at run time: the engines may not be in this tree yet.
        validate: Callable[..., Any] = importlib.import_module("sgs").validate
    except (ImportError, AttributeError) as exc:
        return {"available": False, "reason": f"{type(exc).__name__}: {exc}"}
    has_engine = "engine" in inspect.signature(validate).parameters
    kwargs: dict[str, Any] = {"jobs": int(jobs)}
    if engine == "columnar":
        try:
            importlib.import_module("sgs.validation.columnar")
        except ImportError as exc:
            return {"available": False, "reason": f"sgs.validation.columnar: {exc}"}
        if not has_engine:
            return {"available": False, "reason": "sgs.validate has no engine keyword"}
        kwargs["engine"] = "columnar"
    elif has_engine:
        kwargs["engine"] = "python"
    clock = Clock()
    report = validate(path, **kwargs)
    timing = clock.read()
    summary = report.summary
    findings = sorted({(i.record, i.field or "", i.code) for i in report.iter_issues()})
    invalid = sorted({r.record for r in report.iter_rejected()})
    text = json.dumps({"findings": findings, "invalid": invalid}, ensure_ascii=False)
    Path(out).write_text(text, encoding="utf-8")
    return {
        **timing,
        "rows": summary.total,
        "valid": summary.valid,
        "invalid": summary.invalid,
        "warnings": summary.warnings,
        "by_code": summary.by_code,
        "call": f"sgs.validate(path, {', '.join(f'{k}={v!r}' for k, v in kwargs.items())})",
        "findings_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }


def _pydantic(path: str, encoding: str) -> dict[str, Any]:
    from pydantic_baseline import validate_file

    clock = Clock()
    result = validate_file(path, encoding=_python_encoding(encoding))
    timing = clock.read()
    return {
        **timing,
        "rows": result.total,
        "invalid": result.invalid,
        "by_field": dict(result.by_field.most_common()),
    }


def _frictionless(path: str, schema_path: str) -> dict[str, Any]:
    import frictionless

    # A descriptor given as a dict, and the data as a name inside ``basepath``: frictionless
    # refuses absolute paths as unsafe.
    descriptor = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    schema = frictionless.Schema.from_descriptor(descriptor)
    folder, name = os.path.split(path)
    clock = Clock()
    report = frictionless.validate(name, basepath=folder, schema=schema, limit_errors=10**9)
    timing = clock.read()
    task = report.tasks[0]
    if not task.stats.get("rows") and task.errors:  # the file itself could not be read
        return {"available": False, "reason": f"failed: {task.errors[0].message}"}
    bad_rows = {e.row_number for e in task.errors if getattr(e, "row_number", None)}
    by_type = Counter(f"{e.type} {getattr(e, 'field_name', '')}".strip() for e in task.errors)
    return {
        **timing,
        "rows": task.stats.get("rows"),
        "invalid": len(bad_rows),
        "by_type": dict(by_type.most_common()),
    }


def run_child(case: str, args: list[str]) -> dict[str, Any]:
    """Run one case in this (child) process; add time and peak memory where not measured."""
    if case == "floor":
        result = _floor(*args)
    elif case == "arrow":
        result = _arrow(*args)
    elif case == "sgs":
        result = _sgs(*args)
    elif case == "pydantic":
        result = _pydantic(*args)
    elif case == "frictionless":
        result = _frictionless(*args)
    else:
        raise SystemExit(f"unknown case {case}")
    if not result.get("available", True):
        return result
    result["peak_mib"] = _own_peak_mib()
    return result


def _own_peak_mib() -> float:
    """The peak resident memory of this process's own address space, in MiB.

    Linux carries ``ru_maxrss`` across ``exec``: a child started by this
    script would report at least the parent's peak (the generator's sets of
    codes and the imported standard), so VmHWM, which starts afresh at
    ``exec``, is read instead where there is one.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- the parent


def _process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc), the worker processes of ``jobs=2`` among them."""
    found = [pid]
    for parent in found:  # grows while it is walked
        try:
            for task in os.listdir(f"/proc/{parent}/task"):
                with open(f"/proc/{parent}/task/{task}/children", encoding="ascii") as f:
                    found.extend(int(child) for child in f.read().split())
        except OSError:
            continue
    return found


def _proportional_set_size(pid: int) -> int:
    """The memory of ``pid`` with shared pages split among their users (PSS), in bytes."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(name: str, encoding: str, case: str, *args: str) -> dict[str, Any]:
    """Run ``case`` in a fresh interpreter and return its result (or why it failed).

    While the child runs, the memory of its whole process tree (PSS, so that
    pages shared by forked workers count once) is sampled every 0.1 s.
    """
    command = [sys.executable, __file__, "--child", case, *args]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        tree_peak = 0
        workers = 0
        while child.poll() is None:
            tree = _process_tree(child.pid)
            workers = max(workers, len(tree) - 1)
            tree_peak = max(tree_peak, sum(map(_proportional_set_size, tree)))
            time.sleep(0.1)
        out.seek(0)
        err.seek(0)
        lines = out.read().strip().splitlines()
        errors = err.read().strip().splitlines()
    result: dict[str, Any] = {"name": name, "encoding": encoding}
    if child.returncode != 0 or not lines:
        reason = f"failed: {(errors or ['?'])[-1]}"
        return result | {"available": False, "failed": True, "reason": reason}
    result |= json.loads(lines[-1])
    if result.get("available", True):
        result["rows_per_second"] = result["rows"] / result["seconds"]
        # A short run may end between two samples; the process itself is part of its tree.
        result["tree_peak_mib"] = max(tree_peak / 2**20, result["peak_mib"])
        result["worker_processes"] = workers
        # One process: its own high-water mark; with workers, their summed PSS.
        result["memory_mib"] = result["tree_peak_mib"] if workers else result["peak_mib"]
    return result


def _ok(result: dict[str, Any] | None) -> bool:
    return bool(result and result.get("available", True) and result.get("rows_per_second"))


def _ratio(a: dict[str, Any] | None, b: dict[str, Any] | None) -> float | None:
    if a is None or b is None or not (_ok(a) and _ok(b)):
        return None
    return float(a["rows_per_second"]) / float(b["rows_per_second"])


def _cpu_ratio(a: dict[str, Any], floor: dict[str, Any] | None) -> float | None:
    """Rows per CPU-second over csv.reader's: the cost of the work, whatever the load."""
    if floor is None or not (_ok(a) and _ok(floor)):
        return None
    if not a.get("cpu_seconds") or not floor.get("cpu_seconds"):  # too short to be measured
        return None
    return float(a["rows"] / a["cpu_seconds"]) / float(floor["rows"] / floor["cpu_seconds"])


def print_table(results: list[dict[str, Any]], floor: dict[str, Any] | None) -> None:
    print(
        f"{'case':<28}{'rows':>11}{'seconds':>9}{'cpu s':>7}{'rows/s':>11}{'x csv':>7}"
        f"{'cpu x':>7}{'peak MiB':>10}"
        f"{'invalid':>9}"
    )
    for r in results:
        label = f"{r['name']} ({r['encoding']})" if r["encoding"] != "utf-8" else r["name"]
        if not r.get("available", True):
            print(f"{label:<28}  not available ({r.get('reason', '')})")
            continue
        ratio = _ratio(r, floor)
        cpu = _cpu_ratio(r, floor)
        invalid = f"{r['invalid']:,}" if "invalid" in r else "-"
        mem = f"{r['memory_mib']:.1f}" + ("*" if r.get("worker_processes") else " ")
        print(
            f"{label:<28}{r['rows']:>11,}{r['seconds']:>9.2f}{r['cpu_seconds']:>7.2f}"
            f"{r['rows_per_second']:>11,.0f}"
            f"{'-' if ratio is None else f'{ratio:.3f}':>7}{'-' if cpu is None else f'{cpu:.3f}':>7}"
            f"{mem:>11}{invalid:>8}"
        )


def compare_findings(
    results: list[dict[str, Any]], files: dict[tuple[str, str], Path]
) -> list[str]:
    """Whether every sgs case found the same (record, field, code) set; the differences."""
    problems: list[str] = []
    reference: tuple[str, set[tuple[int, str, str]], set[int]] | None = None
    for r in results:
        if not r["name"].startswith("sgs") or not r.get("available", True):
            continue
        label = f"{r['name']} ({r['encoding']})"
        data = json.loads(files[(r["name"], r["encoding"])].read_text(encoding="utf-8"))
        found = {(int(a), str(b), str(c)) for a, b, c in data["findings"]}
        invalid = {int(n) for n in data["invalid"]}
        if reference is None:
            reference = (label, found, invalid)
            continue
        ref_label, ref_found, ref_invalid = reference
        if found != ref_found or invalid != ref_invalid:
            only_ref = sorted(ref_found - found)[:5]
            only_this = sorted(found - ref_found)[:5]
            problems.append(
                f"{label} differs from {ref_label}: {len(ref_found - found)} findings only in "
                f"the latter (e.g. {only_ref}), {len(found - ref_found)} only in the former "
                f"(e.g. {only_this}); invalid rows {len(invalid):,} vs {len(ref_invalid):,}"
            )
    return problems


def judge(results: list[dict[str, Any]], floor: dict[str, Any] | None) -> dict[str, Any]:
    """Each target of issue 18: its value (a ratio to csv.reader, UTF-8) and whether it is met."""
    by_key = {(r["name"], r["encoding"]): r for r in results}
    targets: dict[str, Any] = {}
    for label, name, encoding, target in TARGETS:
        value = _ratio(by_key.get((name, encoding)), floor)
        targets[label] = {
            "value": value,
            "target": target,
            "met": None if value is None else value >= target,
        }
    columnar = by_key.get(("sgs columnar", "utf-8"))
    peak = columnar.get("memory_mib") if columnar is not None and _ok(columnar) else None
    limit = TARGET_PEAK_MB * 1e6 / 2**20
    targets[f"columnar, 1 process, peak <= {TARGET_PEAK_MB} MB"] = {
        "value": peak,
        "target": limit,
        "met": None if peak is None else peak <= limit,
    }
    return targets


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "?"
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit,
        "date": dt.date.today().isoformat(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate")
    parser.add_argument(
        "--case",
        default="realistic",
        help="the data: realistic, repeated or both (comma-separated); default realistic",
    )
    parser.add_argument(
        "--encodings",
        "--encoding",
        default=",".join(ENCODINGS),
        help="the files' encodings, comma-separated (default utf-8,gb18030; utf-8 is always run)",
    )
    parser.add_argument(
        "--frictionless-rows", type=int, default=50_000, help="rows given to frictionless"
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the generator")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the files here, keep them")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child[0], args.child[1:]), ensure_ascii=False))
        return
    cases = [c.strip() for c in args.case.split(",") if c.strip()]
    encodings = [e.strip().lower() for e in args.encodings.split(",") if e.strip()]
    unknown = [c for c in cases if c not in DATA_CASES]
    if unknown or not cases:
        parser.error(f"--case: unknown {', '.join(unknown) or '(none)'}; choose from {DATA_CASES}")
    if "utf-8" not in encodings:  # the floor of every ratio, and the baselines, read it
        encodings.insert(0, "utf-8")

    tmp = tempfile.mkdtemp(prefix="sgs-validate-speed-")
    folder = args.keep or Path(tmp)
    folder.mkdir(parents=True, exist_ok=True)
    machine = machine_info()
    print(
        f"machine: {machine['cpu']}, {machine['cpus']} CPUs, Python {machine['python']}; "
        f"commit {machine['commit']}; {machine['date']}"
    )
    report: dict[str, Any] = {"machine": machine, "rows": args.rows, "seed": args.seed}
    problems: list[str] = []
    try:
        for case in cases:
            report[case], found = run(
                case, args.rows, args.frictionless_rows, args.seed, encodings, folder / case
            )
            problems.extend(found)
    finally:
        shutil.rmtree(tmp)
    if args.keep:
        print(f"files kept in {folder}")
    report["problems"] = problems
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    if problems:
        print("\n" + "!" * 78, file=sys.stderr)
        for problem in problems:
            print(f"!! {problem}", file=sys.stderr)
        print("!" * 78, file=sys.stderr)
        raise SystemExit(1)


def run(
    case: str,
    rows: int,
    frictionless_rows: int,
    seed: int,
    encodings: list[str],
    folder: Path,
) -> tuple[dict[str, Any], list[str]]:
    """Write the ``case`` file, time every case on it; the results and what went wrong."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "penalties.csv"
    print(f"\n=== {case} data: {rows:,} rows ===")
    t0 = time.perf_counter()
    injected = write_case(case, path, rows, seed)
    seconds = time.perf_counter() - t0
    size = os.path.getsize(path) / 2**20
    print(f"wrote {size:,.0f} MiB in {seconds:.1f} s ({rows / seconds:,.0f} rows/s)")
    print(f"defects injected: {sum(injected.values()):,} rows, one defect each")
    for kind in DEFECTS:
        print(f"  {injected[kind]:>8,}  {kind}")
    paths = {"utf-8": path}
    for encoding in encodings:
        if encoding != "utf-8":
            paths[encoding] = folder / f"penalties.{encoding}.csv"
            transcode(path, paths[encoding], encoding)

    head = folder / f"penalties-first-{frictionless_rows}.csv"
    head_rows = copy_head(path, head, frictionless_rows)
    schema = folder / "penalty-2018.schema.json"
    frictionless_schema(schema)

    results: list[dict[str, Any]] = []
    files: dict[tuple[str, str], Path] = {}
    sgs_cases = (
        ("sgs python", "1", "python"),
        ("sgs python jobs=2", "2", "python"),
        ("sgs columnar", "1", "columnar"),
        ("sgs columnar x2", "2", "columnar"),
    )
    for encoding in encodings:
        file = str(paths[encoding])
        results.append(measure("csv.reader", encoding, "floor", file, encoding))
        results.append(measure("pyarrow.csv", encoding, "arrow", file, encoding))
        for name, jobs, engine in sgs_cases:
            out = folder / f"findings-{engine}-{jobs}-{encoding}.json"
            files[(name, encoding)] = out
            results.append(measure(name, encoding, "sgs", file, jobs, engine, str(out)))
        if encoding == "utf-8":
            results.append(measure("pydantic", encoding, "pydantic", file, encoding))
            results.append(
                measure("frictionless", encoding, "frictionless", str(head), str(schema))
            )
    floor = next(
        (r for r in results if r["name"] == "csv.reader" and r["encoding"] == "utf-8"), None
    )
    print()
    print_table(results, floor)
    print(
        "seconds: wall-clock time of the work (start-up and imports left out); cpu s: the CPU\n"
        "time it used (all threads and worker processes).\n"
        "x csv: rows/s over csv.reader's on the UTF-8 file; cpu x: the same per CPU-second\n"
        "(with workers, what all of them used). peak MiB: the process's VmHWM;\n"
        "* the peak summed PSS of the process and its workers, sampled every 0.1 s.\n"
        f"frictionless ran on the first {head_rows:,} rows only and reads one date format\n"
        "(%Y/%m/%d): dates in the other four forms sgs reads are errors to it.\n"
        "sgs reports the rules the reference only recalls ([R], here the length of 行政相对人名称\n"
        "and 罚款 without an amount) as warnings, so it finds fewer invalid rows than injected."
    )
    by_key = {(r["name"], r["encoding"]): r for r in results}
    reference = by_key.get(("sgs python", "utf-8"))
    if reference is not None and _ok(reference):
        print(
            f"sgs: {reference['valid']:,} valid, {reference['invalid']:,} invalid, "
            f"{reference['warnings']:,} warnings; by code: "
            + ", ".join(f"{k} {v}" for k, v in reference["by_code"].items())
        )
        data = json.loads(files[("sgs python", "utf-8")].read_text(encoding="utf-8"))
        defect_records = set(range(DEFECT_EVERY, rows + 1, DEFECT_EVERY))
        stray = {r for r, _, _ in data["findings"]} - defect_records
        print(f"records with a finding but no injected defect: {len(stray):,}")
    for name, key in (("pydantic", "by_field"), ("frictionless", "by_type")):
        found = by_key.get((name, "utf-8"), {}).get(key)
        if found:
            shown = ", ".join(f"{k} {v}" for k, v in list(found.items())[:12])
            print(f"{name} errors by {key[3:]}: {shown}")

    problems = [
        f"{case}: {r['name']} ({r['encoding']}) {r['reason']}" for r in results if r.get("failed")
    ]
    problems.extend(f"{case}: MISMATCH {p}" for p in compare_findings(results, files))
    if not problems:
        compared = sum(1 for r in results if r["name"].startswith("sgs") and _ok(r))
        print(
            f"findings: the {compared} sgs cases that ran found the same (record, field, code) set"
        )
    for problem in problems:
        print(f"!! {problem}")

    targets = judge(results, floor)
    print(f"targets ({case} data; issue 18's are for the realistic file):")
    verdict = {True: "met", False: "NOT MET", None: "n/a (case not available)"}
    for label, t in targets.items():
        value = t["value"]
        shown = "n/a" if value is None else f"{value:,.3f}"
        print(f"  {label:<44}{shown:>10}  {verdict[t['met']]}")
    ratios = {
        "sgs python / pydantic": _ratio(reference, by_key.get(("pydantic", "utf-8"))),
        "sgs python / frictionless": _ratio(reference, by_key.get(("frictionless", "utf-8"))),
        "sgs python jobs=2 / jobs=1": _ratio(by_key.get(("sgs python jobs=2", "utf-8")), reference),
        "sgs columnar / sgs python": _ratio(by_key.get(("sgs columnar", "utf-8")), reference),
        "pyarrow.csv / csv.reader": _ratio(by_key.get(("pyarrow.csv", "utf-8")), floor),
    }
    print("other ratios (rows/s, UTF-8):")
    for label, value in ratios.items():
        print(f"  {label:<28}" + ("n/a" if value is None else f"{value:.2f}"))
    summary = {
        "rows": rows,
        "frictionless_rows": head_rows,
        "megabytes": size,
        "defects": {kind: injected[kind] for kind in DEFECTS},
        "results": results,
        "targets": targets,
        "ratios": ratios,
    }
    return summary, problems


if __name__ == "__main__":
    main()
