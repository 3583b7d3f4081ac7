"""No ID number of the synthetic set appears in any byte of any view produced from it.

Every record is viewed on several evaluation dates, under several policies, as a public
view, a sharing view and an explanation; each result is serialised whole (fields,
findings with their messages and sources, dates) and scanned for every number of the
set: raw always; the 6 + 4 masked form only where a sharing view may show it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import attrs

from sgs.publication import Policy, PublicView, Publisher, Sector, Withheld

from .synthetic import (
    ALL_IDS,
    OUYANG_ID,
    SUN_QI_ID,
    THIRD_PARTY_ID,
    ZHANG_SAN_ID,
    ZHOU_BA_ID,
    license_of_organisation,
    license_of_person,
    organisation,
    person,
    shop,
)

DATES = (dt.date(2025, 7, 1), dt.date(2026, 1, 11), dt.date(2026, 6, 1), dt.date(2028, 1, 1))
POLICIES = (
    Policy(),
    Policy(publish_individual_businesses=False, publish_slight_penalties=True),
    Policy(
        sectors=(Sector(name="交通运输", authority_names=("交通运输局",)),),
        natural_person_sectors={"交通运输": "示例依据"},
    ),
)


def records() -> Iterator[tuple[str, dict[str, str]]]:
    facts = f"当事人使用他人身份证{THIRD_PARTY_ID}，其本人证件{ZHANG_SAN_ID}。"
    for types in ("警告", "通报批评", "罚款", "没收违法所得", "吊销许可证件", "责令停产停业"):
        yield (
            "penalty",
            organisation(CF_CFLB=types, CF_SY=facts, BZ=f"法定代表人证件{ZHANG_SAN_ID}"),
        )
    for name, number in (
        ("张三", ZHANG_SAN_ID),
        ("欧阳娜娜", OUYANG_ID),
        ("孙七", SUN_QI_ID),
        ("周八", ZHOU_BA_ID),
    ):
        for decided in ("2025-06-01", "2026-01-10", "2026-05-01"):
            yield (
                "penalty",
                person(name, number, CF_JDRQ=decided, CF_SY=facts, CF_NR=f"对{number}处罚"),
            )
            yield "penalty", person(name, number, CF_JDRQ=decided, CF_CFLB="行政拘留", CF_NR_FK="")
    # a malformed number (wrong check character) is still the person's number
    yield (
        "penalty",
        person(
            "张三", ZHANG_SAN_ID[:-1] + "9", CF_NR=f"证件{ZHANG_SAN_ID[:-1]}9", CF_JDRQ="2025-06-01"
        ),
    )
    yield "penalty", shop()
    yield "penalty", shop(CF_JDRQ="2026-01-05", CF_SY=f"经营者李四（{ALL_IDS[7]}）")
    yield "license", license_of_person()
    yield "license", license_of_organisation()


def dump(result: object) -> str:
    return json.dumps(attrs.asdict(result), ensure_ascii=False, default=str)  # type: ignore[arg-type]


def six_four(number: str) -> str:
    return number[:6] + "*" * 8 + number[-4:]


def test_no_id_number_in_any_view() -> None:
    numbers = (*ALL_IDS, ZHANG_SAN_ID[:-1] + "9")
    public_views = sharing_views = withheld = 0
    for policy in POLICIES:
        publisher = Publisher(policy=policy)
        for n, (kind, fields) in enumerate(records()):
            for on in DATES:
                found = publisher.view(kind, fields, key=f"k{n}", on=on)
                shared = publisher.sharing_view(kind, fields, key=f"k{n}", on=on)
                explained = publisher.explain(kind, fields, key=f"k{n}", on=on)
                public_text = dump(found) + json.dumps(
                    [attrs.asdict(f) for f in explained], ensure_ascii=False
                )
                sharing_text = dump(shared)
                for number in numbers:
                    assert number not in public_text, (kind, n, on)
                    assert number.lower() not in public_text.lower()
                    assert six_four(number) not in public_text, (kind, n, on)
                    assert number not in sharing_text, (kind, n, on)
                public_views += isinstance(found, PublicView)
                withheld += isinstance(found, Withheld)
                sharing_views += 1
    # the scan covered both outcomes, not only refusals
    assert public_views > 100
    assert withheld > 100
    assert sharing_views == public_views + withheld


def test_the_sharing_view_shows_the_six_and_four_form_and_the_public_none() -> None:
    record = person("张三", ZHANG_SAN_ID, CF_JDRQ="2025-06-01")
    shared = dump(Publisher().sharing_view("penalty", record, key="k", on=dt.date(2025, 7, 1)))
    public = dump(Publisher().view("penalty", record, key="k", on=dt.date(2025, 7, 1)))
    assert six_four(ZHANG_SAN_ID) in shared
    assert six_four(ZHANG_SAN_ID) not in public
    assert ZHANG_SAN_ID[:6] not in public  # the number is dropped, not even its address code
