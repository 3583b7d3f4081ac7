"""Make the example department of the README's main job (all data synthetic, reproducible).

Writes ``examples/department/``: ``sgs.toml`` and an ``inbox`` with the
行政处罚 and 行政许可 exports of the days before the sync of 2026-11-26 (the
reference date ``scripts/example.sh`` passes): a few hundred records, most
decided within the last seven working days (on time), a few older ones (pushed
late), a few with defects. Run: ``python examples/make_department.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from sgs.ids import orgcode, resident, uscc

HERE = Path(__file__).parent / "department"
DEPT = ("示例市市场监督管理局", "11410100MB00000005")
#: The day of the example's sync (``sgs sync --as-of``).
AS_OF = dt.date(2026, 11, 26)
#: Decided from here on, a record pushed on AS_OF is on time (7 working days).
RECENT = (dt.date(2026, 11, 17), dt.date(2026, 11, 25))
#: A few decisions the systems exported late: pushed on AS_OF, they are late.
OLD = (dt.date(2026, 11, 2), dt.date(2026, 11, 13))

SHOPS = ["餐饮管理", "商贸", "便利店", "药房", "食品", "建材", "物流", "科技", "酒店", "超市"]
LAWS = [
    (
        "违反《中华人民共和国食品安全法》",
        "经营超过保质期的食品",
        "《中华人民共和国食品安全法》第一百二十四条",
    ),
    (
        "违反《中华人民共和国产品质量法》",
        "销售不合格产品",
        "《中华人民共和国产品质量法》第四十九条",
    ),
    ("违反《中华人民共和国广告法》", "发布虚假广告", "《中华人民共和国广告法》第五十五条"),
]
LICENSES = [
    ("食品经营许可决定书", "食品经营许可证", "准予食品经营许可"),
    ("药品经营许可决定书", "药品经营许可证", "准予药品零售经营许可"),
]


def credit_code(rng: random.Random, sole: bool) -> str:
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org = body + orgcode.check_character(body)
    first17 = ("92" if sole else "91") + "410105" + org
    return first17 + uscc.check_character(first17)


def id_number(rng: random.Random) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(15000))
    first17 = f"410105{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + resident.check_character(first17)


def day(rng: random.Random) -> dt.date:
    first, last = OLD if rng.random() < 0.04 else RECENT
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def penalties(rng: random.Random, count: int) -> list[dict[str, str]]:
    rows = []
    for n in range(1, count + 1):
        kind = rng.random()
        decided = day(rng)
        law = rng.choice(LAWS)
        fine = rng.choice([0.05, 0.1, 0.2, 0.5, 1, 2])
        row = {
            "行政相对人名称": f"示例{rng.choice(SHOPS)}有限公司{n}",
            "行政相对人类别": "法人及非法人组织",
            "行政相对人代码_1（统一社会信用代码）": credit_code(rng, False),
            "法定代表人": "张某某",
            "证件类型": "",
            "证件号码": "",
            "行政处罚决定书文号": f"示市监罚〔2026〕{1000 + n}号",
            "违法行为类型": law[0],
            "违法事实": law[1],
            "处罚依据": law[2],
            "处罚类别": "罚款",
            "处罚内容": f"罚款{int(fine * 10000)}元",
            "罚款金额（万元）": f"{fine:g}",
            "处罚决定日期": f"{decided:%Y/%m/%d}",
            "处罚有效期": "2099/12/31",
            "公示截止期": f"{decided.replace(year=decided.year + 1):%Y/%m/%d}",
            "处罚机关": DEPT[0],
            "处罚机关统一社会信用代码": DEPT[1],
            "数据来源单位": DEPT[0],
            "数据来源单位统一社会信用代码": DEPT[1],
            "备注": "",
        }
        if kind < 0.1:
            row.update({"行政相对人名称": "王某某", "行政相对人类别": "自然人", "法定代表人": "",
                        "行政相对人代码_1（统一社会信用代码）": "", "证件类型": "身份证",
                        "证件号码": id_number(rng)})  # fmt: skip
        elif kind < 0.2:
            row.update({"行政相对人类别": "个体工商户",
                        "行政相对人代码_1（统一社会信用代码）": credit_code(rng, True)})  # fmt: skip
        rows.append(row)
    # a few defects, as real submissions have
    rows[7]["行政相对人代码_1（统一社会信用代码）"] = (
        rows[7]["行政相对人代码_1（统一社会信用代码）"][:17] + "0"
    )
    rows[23]["处罚决定日期"] = "2026/02/30"
    rows[41]["罚款金额（万元）"] = "5000元"
    rows[60]["行政处罚决定书文号"] = rows[59]["行政处罚决定书文号"]
    rows[88]["行政相对人名称"] = ""
    return rows


def licenses(rng: random.Random, count: int) -> list[dict[str, str]]:
    rows = []
    for n in range(1, count + 1):
        decided = day(rng)
        title, certificate, content = rng.choice(LICENSES)
        rows.append(
            {
                "XK_XDR_MC": f"示例{rng.choice(SHOPS)}有限公司{500 + n}",
                "XK_XDR_LB": "法人及非法人组织",
                "XK_XDR_SHXYM": credit_code(rng, False),
                "XK_FRDB": "李某某",
                "XK_XKWS": title,
                "XK_WSH": f"示市监许〔2026〕{2000 + n}号",
                "XK_XKLB": "普通",
                "XK_XKZS": certificate,
                "XK_XKBH": f"JY141010{n:07d}",
                "XK_NR": content,
                "XK_JDRQ": decided.isoformat(),
                "XK_YXQZ": decided.isoformat(),
                "XK_YXQZI": decided.replace(year=decided.year + 5).isoformat(),
                "XK_XKJG": DEPT[0],
                "XK_XKJGDM": DEPT[1],
                "XK_ZT": "1",
                "XK_LYDW": DEPT[0],
                "XK_LYDWDM": DEPT[1],
            }
        )
    rows[15]["XK_YXQZI"] = "2020-01-01"  # validity ends before it starts
    rows[90]["XK_XKJGDM"] = "00000000000000000X"  # the placeholder as an authority code
    return rows


def write(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8-sig") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


CONFIG = """\
# The example department of the README's main job: scripts/example.sh copies this folder
# to out/department and runs `sgs sync --config out/department/sgs.toml --as-of 2026-11-26`
# there (the reference date its data was made for).
[department]
name = "示例市市场监督管理局"
credit_code = "11410100MB00000005"

[source]
type = "directory"          # the folder the 审批/执法 systems export into
path = "inbox"
pattern = "*.csv"

[transport]
type = "directory"          # batches for the platform to pick up; "http" in production
path = "outbox"

[store]
url = "sqlite:///sgs.db"    # relative to this file
"""


def catalog() -> None:
    """The department's catalog of items (附件1): one item is missing on purpose."""
    from sgs.department.catalog import CatalogItem, write_catalog

    dept = DEPT[0]
    items = [
        CatalogItem(department=dept, category="行政许可", name="食品经营许可",
                    basis=("【法律】《中华人民共和国食品安全法》第三十五条",), parties="法人和其他组织"),
        CatalogItem(department=dept, category="行政许可", name="药品经营许可",
                    basis=("【法律】《中华人民共和国药品管理法》第五十一条",), parties="法人和其他组织"),
        CatalogItem(department=dept, category="行政处罚",
                    name="违反《中华人民共和国食品安全法》",
                    basis=("【法律】《中华人民共和国食品安全法》第一百二十四条",),
                    parties="法人和其他组织、自然人"),
        CatalogItem(department=dept, category="行政处罚",
                    name="违反《中华人民共和国产品质量法》",
                    basis=("【法律】《中华人民共和国产品质量法》第四十九条",),
                    parties="法人和其他组织、自然人"),
        CatalogItem(department=dept, category="行政处罚", name="对价格违法行为的处罚",
                    basis=("【行政法规】《价格违法行为行政处罚规定》",), parties="法人和其他组织"),
    ]  # fmt: skip
    write_catalog(items, HERE / "目录.xlsx")


def roster() -> None:
    """The liaison roster (附件3): the second unit's coordinator has no telephone."""
    from sgs.department.roster import Liaison, Roster, write_roster

    people = [
        Liaison(unit=DEPT[0], name="张某", title="科长", office_phone="0371-67177793",
                mobile="13812345678", email="xyk@example.gov.cn", remarks="总体协调、信息报送"),
        Liaison(unit=DEPT[0], name="李某", title="科员", mobile="13912345678",
                email="li@example.gov.cn", remarks="信息报送", order=2),
        Liaison(unit="示例市市场监督管理局示例区分局", name="王某", title="副科长",
                email="wang@example.gov.cn", remarks="总体协调"),
    ]  # fmt: skip
    write_roster(Roster.of(people), HERE / "联络员.xlsx")


def main() -> None:
    rng = random.Random(773)
    for old in (HERE / "inbox").glob("*.csv"):
        old.unlink()
    write(HERE / "inbox" / "2026-11-25-行政处罚.csv", penalties(rng, 240))
    write(HERE / "inbox" / "2026-11-25-行政许可.csv", licenses(rng, 160), encoding="gb18030")
    (HERE / "sgs.toml").write_text(CONFIG, encoding="utf-8")
    catalog()
    roster()


if __name__ == "__main__":
    main()
