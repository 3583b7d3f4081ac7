"""Generated validation input for the engine tests: typed batches and whole files.

Two generators, for two kinds of test:

* :func:`typed_batches` — a Hypothesis strategy of batches of typed columns
  (field code → one value per record, ``None`` where empty), as the engine
  hands them to a rule's ``suspects`` and ``check``; the values are the
  tricky ones (equal Decimals with different exponents, 0, amounts of
  1亿元 and more, texts writing 元 amounts with and without thousands
  separators or in full-width digits, placeholders, every category and ID
  type, dates around the reference date and the regimes' first days,
  several 处罚类别). ``tests/validation/test_rule_filters.py`` checks on them
  that every filter of a rule is a superset of its check.
* :func:`write_inputs` — validation input files made with a seeded
  :class:`random.Random` (no Hypothesis): both kinds, CSV in UTF-8 with
  BOM and GB18030 and XLSX, field codes or labels as headers, odd texts,
  embedded line breaks, blank rows, short and long rows, 文号 that
  normalise to duplicates; together they make every issue code a file can
  give (:data:`FILE_CODES`). ``tests/validation/test_differential.py``
  validates them with engines and settings that must give the same report.

:func:`write_realistic` writes the real-shaped file the speed work is
measured on (distinct parties, a 法定代表人 ID number on every
organisation row, distinct amounts).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from hypothesis import strategies as st

from sgs.ids import orgcode, resident, uscc
from sgs.records import LONG_TERM
from sgs.records.codecs import codecs_for
from sgs.standard import FieldSpec, FieldType, Kind, RecordSpec, get_standard
from sgs.standard.roles import Role
from sgs.validation.catalogue import BUILTIN_TYPES
from sgs.validation.fields import identifier_role
from tests.strategies import credit_codes, id_numbers

__all__ = [
    "AS_OF",
    "EXCLUDED_CODES",
    "FILE_CODES",
    "Input",
    "typed_batches",
    "write_inputs",
    "write_realistic",
]

#: The reference date of every generated input.
AS_OF: Final = dt.date(2026, 11, 26)

#: Issue codes no input file can give, with the reason.
EXCLUDED_CODES: Final[dict[str, str]] = {
    "rule-error": "only a plugin's rule that raises or returns what is not a finding gives it",
}

#: The issue codes the built-in rules and field checks can report from a file.
FILE_CODES: Final = frozenset(t.code for t in BUILTIN_TYPES) - set(EXCLUDED_CODES)

PLACEHOLDER: Final = "00000000000000000X"


def _uscc(first17: str) -> str:
    return first17 + uscc.check_character(first17)


def _id(first17: str) -> str:
    return first17 + resident.check_character(first17)


# -- typed batches (Hypothesis) ----------------------------------------------------------------

_BAD_CODES = ("91410100MA3X5AB1I6", "91410100MA3X5AB15", "91410100MA3X5AB157")
_ID_TRAPS = (
    "11010519491231002X",
    "11010519491231002x",
    "41010519850312123X",  # check character wrong
    "410105850312123",  # legacy 15 digits
    "410105198502301231",  # no such birth date
    _id("41010520261127123"),  # born the day after AS_OF
    _id("41010520261126123"),  # born on AS_OF
    "41010519850312123",  # 17 characters
    "E12345678",  # a passport number
    "４１０１０５１９８５０３１２１２３５",  # full-width digits
)
#: Texts that are allowed values of some code list: in another column, a swap.
_CANONICAL = (
    "罚款",
    "警告",
    "身份证",
    "自然人",
    "法人及非法人组织",
    "个体工商户",
    "1",
    "2",
    "普通",
)
_TEXTS = (
    "示例市市场监督管理局",
    "某公司",
    "张三",
    "训诫",
    "公司",
    "其他",
    "其他-备案",
    "罚〔2026〕1号",
    "罚款二亿元",
    "警告",
    "",
)
_FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


def _amount_values() -> st.SearchStrategy[Decimal]:
    fixed = [
        Decimal(t)
        for t in (
            "0",
            "0.00",
            "0E-6",
            "1",
            "1.0",
            "1.5",
            "0.5",
            "0.123456",
            "2000",
            "2000.0",
            "2000.00",
            "350.5",
            "9999.999999",
            "10000",
            "10000.0",
            "12000",
            "-1",
            "-2000",
        )
    ]
    fixed.append(Decimal(2).scaleb(3))  # 2E+3
    drawn = st.builds(
        lambda units, places: Decimal(units).scaleb(-places),
        st.integers(-10, 10**9),
        st.integers(-2, 7),
    )
    # One value written with other exponents: 2000, 2000.0, 2E+3 are equal, print otherwise.
    family = st.builds(
        lambda base, zeros, normal: (
            base.normalize()
            if normal
            else base.quantize(Decimal(1).scaleb(min(int(base.as_tuple().exponent), 0) - zeros))
        ),
        st.sampled_from([Decimal(t) for t in ("1", "2000", "10000", "12000", "350.5", "0.5")]),
        st.integers(0, 3),
        st.booleans(),
    )
    return st.one_of(st.sampled_from(fixed), drawn, family)


def _written(amount: Decimal, form: int, prefix: str) -> str:
    """``amount`` written in 元 in a decision text, in one of the forms real texts have."""
    if form == 0:
        digits = format(amount, "f")
    elif form == 1:
        digits = f"{int(amount):,}"
    elif form == 2:
        digits = format(amount, "f").translate(_FULL_WIDTH)
    elif form == 3:
        digits = f"0{int(amount)}"
    elif form == 4:
        digits = f"{int(amount)}"
    else:
        digits = f"{amount:,f}"
    return f"{prefix}{digits}{' ' if form == 5 else ''}元"


_PREFIXES = st.sampled_from(
    ("罚款", "罚款人民币", "没收违法所得", "处罚款", "罚款1万元、", "罚款1")
)


def _yuan_texts(amounts: st.SearchStrategy[Decimal]) -> st.SearchStrategy[str]:
    fixed = st.sampled_from(
        (
            "罚款2000元",
            "罚款2,000元",
            "罚款２０００元",
            "罚款人民币12,000元",
            "罚款02000元",
            "罚款2000.0元",
            "罚款1.5元",
            "没收违法所得350.5元",
            "罚款10000元",
            "罚款1万元",
            "罚款2000 元",
            "罚款5000元，没收违法所得2,000元",
            "罚款1.5万元",
            "罚款12000元",
        )
    )
    return st.one_of(fixed, st.builds(_written, amounts, st.integers(0, 5), _PREFIXES))


def _dates() -> st.SearchStrategy[dt.date]:
    d = dt.date
    fixed = [
        AS_OF - dt.timedelta(days=1),
        AS_OF,
        AS_OF + dt.timedelta(days=1),
        LONG_TERM,
        d(2099, 12, 31),
        d(2100, 1, 1),
        d(3000, 1, 1),
        d(9999, 12, 31),
        d(2000, 1, 1),
        d(2019, 6, 30),
        d(2019, 7, 1),
        d(2019, 10, 1),
        d(2022, 7, 1),
        d(2023, 4, 30),
        d(2023, 5, 1),
        d(2023, 8, 1),
        d(2026, 3, 31),
        d(2026, 4, 1),
        d(2026, 7, 1),
        d(2029, 4, 1),
        d(2029, 5, 1),
        d(2029, 6, 2),
    ]
    return st.one_of(st.sampled_from(fixed), st.dates(d(2015, 1, 1), d(2031, 12, 31)))


def _enumeration(spec: RecordSpec, field: FieldSpec) -> st.SearchStrategy[Any]:
    parse = codecs_for(spec)[field.code].parse
    assert field.enumeration is not None
    texts = [*field.enumeration.values, *field.enumeration.aliases]
    members = [parse(t)[0] for t in texts]
    bad = st.sampled_from(("示例市市场监督管理局", "训诫", "公司", "驾驶证", "3"))
    if not field.multiple:
        return st.one_of(st.sampled_from(members), bad)
    singles = [m for value in members for m in value]
    specified = parse("其他-责令改正")[0][0]
    # Tuples drawn from a pool share their identity (as the engine's memo gives them); the
    # others are equal but distinct objects.
    pool = [parse(t)[0] for t in ("罚款", "罚款；没收违法所得", "警告", "吊销许可证件")]
    fresh = st.lists(st.sampled_from([*singles, specified]), min_size=1, max_size=3).map(tuple)
    return st.one_of(st.sampled_from(pool), fresh, bad)


def _field_values(spec: RecordSpec, field: FieldSpec) -> st.SearchStrategy[Any]:
    amounts = _amount_values()
    if field.type is FieldType.DATE:
        return st.one_of(_dates(), st.just("2026/02/30"))
    if field.type is FieldType.DECIMAL:
        return st.one_of(amounts, st.sampled_from(("5000元", "abc")))
    if field.enumeration is not None:
        return _enumeration(spec, field)
    role = identifier_role(field)
    if role is not None or field.name.endswith("credit_code"):
        codes = st.sampled_from((PLACEHOLDER, PLACEHOLDER.lower(), *_BAD_CODES))
        return st.one_of(credit_codes(), codes)
    if field.name.endswith("id_number"):
        return st.one_of(id_numbers(), st.sampled_from(_ID_TRAPS))
    plain = st.sampled_from([t for t in (*_TEXTS, *_CANONICAL) if t])
    return st.one_of(plain, _yuan_texts(amounts), st.sampled_from(_ID_TRAPS))


@st.composite
def typed_batches(
    draw: st.DrawFn, spec: RecordSpec, max_rows: int = 16
) -> tuple[dict[str, list[Any]], int]:
    """A batch of typed columns of ``spec`` and its size (see the module documentation).

    Each field has a column or not; a column holds typed values where the
    text would have parsed, the text where it would not, ``None`` where
    empty. Its cells come mostly from a few values drawn for the batch (as
    values repeat in real batches, and so that values meet: a start after
    its end, an amount and the text that writes it); the decision text
    often writes the row's own fine in 元.
    """
    n = draw(st.integers(1, max_rows))
    columns: dict[str, list[Any]] = {}
    for field in spec.fields:
        likely = field.enumeration is not None or field.type is not FieldType.TEXT
        if not draw(st.integers(0, 9)) < (9 if likely else 7):
            continue
        strategy = _field_values(spec, field)
        pool: list[Any] = draw(st.lists(strategy, min_size=1, max_size=4))
        pool += [None] * draw(st.sampled_from((0, 0, 1, 3)))
        column = draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))
        for i, value in draw(st.lists(st.tuples(st.integers(0, n - 1), strategy), max_size=2)):
            column[i] = value  # a value of its own
        columns[field.code] = column
    content = spec.code_of(Role.PENALTY_CONTENT)
    amounts = [spec.code_of(r) for r in (Role.FINE_AMOUNT, Role.CONFISCATION_AMOUNT)]
    if content in columns and draw(st.booleans()):
        texts = columns[content]
        for code in amounts:
            for i, amount in enumerate(columns.get(code or "", ())):
                if amount.__class__ is Decimal and amount >= 1 and draw(st.booleans()):
                    texts[i] = _written(amount, draw(st.integers(0, 5)), draw(_PREFIXES))
    return columns, n


# -- input files (seeded random) ---------------------------------------------------------------


class Input:
    """One generated input file: its path and what it is made of."""

    def __init__(self, path: Path, kind: Kind, note: str) -> None:
        self.path, self.kind, self.note = path, kind, note

    def __repr__(self) -> str:
        return f"{self.path.name} ({self.note})"


_ODD = (
    "\u3000示例公司\u3000",  # full-width spaces around
    "\u00a0示例公司\u00a0",  # NBSP
    "示例\u200b公司",  # a zero-width space inside
    "\u200b示例公司",  # and in front
    "'=SUM(A1:A2)",  # formula-escaped
    "'+86 371",
    "多行\n文本",
    "多行\r\n文本",
    "回车\r文本",
    "",
)
_EMPTY_MARKERS = ("无", "/", "-", "—", "空", "null")
_BRACKETS = ("〔{y}〕", "[{y}]", "（{y}）", "({y})", "【{y}】", " 〔 {y} 〕 ", "〔{y}〕 ")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_AREAS = ("110105", "310104", "410105", "440106", "510104", "330106")
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


class _Maker:
    """Valid field texts, drawn from one seeded generator."""

    def __init__(self, rng: random.Random, forms: Sequence[str] | None = None) -> None:
        self.rng = rng
        self.forms = forms or ("%Y/%m/%d", "%Y-%m-%d", "%Y%m%d", "%Y年%m月%d日", "%Y.%m.%d")

    def name(self) -> str:
        return self.rng.choice(_SURNAMES) + self.rng.choice("伟芳娜敏静丽强磊军洋")

    def uscc(self, prefix: str = "91") -> str:
        body = "".join(self.rng.choices(_USCC_CHARS, k=8))
        org = body + orgcode.check_character(body)
        return _uscc(prefix + self.rng.choice(_AREAS) + org)

    def id(self, born: dt.date | None = None) -> str:
        rng = self.rng
        if born is None:
            born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(50 * 365))
        return _id(f"{rng.choice(_AREAS)}{born:%Y%m%d}{rng.randrange(1000):03d}")

    def date(self, low: dt.date, high: dt.date) -> dt.date:
        return low + dt.timedelta(days=self.rng.randrange((high - low).days + 1))

    def date_text(self, day: dt.date) -> str:
        return day.strftime(self.rng.choice(self.forms))


AUTHORITY = _uscc("11410100MB0000000")
OTHER_AUTHORITY = _uscc("11410100MB0000001")


def _penalty_row(m: _Maker, n: int) -> dict[str, str]:
    rng = m.rng
    decided = m.date(dt.date(2023, 5, 1), AS_OF)
    fine = rng.randrange(1, 400) * 100
    row = {
        "CF_XDR_MC": f"示例{rng.choice(('餐饮', '商贸', '物流'))}有限公司{n}",
        "CF_XDR_LB": "法人及非法人组织",
        "CF_XDR_SHXYM": m.uscc(),
        "CF_FRDB": m.name(),
        "CF_FR_ZJLX": "身份证",
        "CF_FR_ZJHM": m.id(),
        "CF_WSH": f"示市监罚〔{decided.year}〕{n}号",
        "CF_WFXW": "违反《中华人民共和国食品安全法》",
        "CF_SY": "经营超过保质期的食品",
        "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条",
        "CF_CFLB": "罚款",
        "CF_NR": f"罚款人民币{fine}元",
        "CF_NR_FK": f"{Decimal(fine) / 10000}",
        "CF_JDRQ": m.date_text(decided),
        "CF_YXQ": "2099/12/31"
        if rng.random() < 0.5
        else m.date_text(decided + dt.timedelta(days=180)),
        "CF_GSJZQ": m.date_text(decided + dt.timedelta(days=365)),
        "CF_CFJG": "示例市市场监督管理局",
        "CF_CFJGDM": AUTHORITY,
        "CF_SJLY": "示例市市场监督管理局",
        "CF_SJLYDM": AUTHORITY,
    }
    kind = rng.random()
    if kind < 0.15:  # a natural person
        row.update(
            {
                "CF_XDR_MC": m.name(),
                "CF_XDR_LB": "自然人",
                "CF_XDR_ZJLX": "身份证",
                "CF_XDR_ZJHM": m.id(),
            }
        )
        for code in ("CF_XDR_SHXYM", "CF_FRDB", "CF_FR_ZJLX", "CF_FR_ZJHM"):
            row.pop(code)
    elif kind < 0.25:
        row.update({"CF_XDR_LB": "个体工商户", "CF_XDR_SHXYM": m.uscc("92")})
    elif kind < 0.3:
        row.update(
            {
                "CF_XDR_LB": "个体工商户",
                "CF_XDR_SHXYM": PLACEHOLDER,
                "CF_XDR_GSZC": "410100600123456",
            }
        )
    types = rng.random()
    if types < 0.2:
        row.update({"CF_CFLB": "警告", "CF_NR": "警告"})
        row.pop("CF_NR_FK")
    elif types < 0.35:
        gains = rng.randrange(1, 99) * 10
        row.update(
            {
                "CF_CFLB": rng.choice(
                    ("罚款；没收违法所得", "罚款、没收违法所得", "罚款,没收违法所得")
                ),
                "CF_NR": f"罚款{fine}元，没收违法所得{gains}元",
                "CF_NR_WFFF": f"{Decimal(gains) / 10000}",
            }
        )
    elif types < 0.4:
        row.update(
            {
                "CF_CFLB": "吊销许可证件",
                "CF_NR": "吊销食品经营许可证",
                "CF_NR_ZKDX": "食品经营许可证JY14101000001",
            }
        )
        row.pop("CF_NR_FK")
    return row


def _license_row(m: _Maker, n: int) -> dict[str, str]:
    rng = m.rng
    decided = m.date(dt.date(2020, 1, 1), AS_OF)
    row = {
        "XK_XDR_MC": f"示例{rng.choice(('餐饮', '商贸', '药房'))}有限公司{n}",
        "XK_XDR_LB": "法人及非法人组织",
        "XK_XDR_SHXYM": m.uscc(),
        "XK_FRDB": m.name(),
        "XK_FR_ZJLX": "身份证",
        "XK_FR_ZJHM": m.id(),
        "XK_XKWS": "食品经营许可决定书",
        "XK_WSH": f"示市监许〔{decided.year}〕{n}号",
        "XK_XKLB": rng.choice(("普通", "特许", "认可", "核准", "登记", "其他-备案")),
        "XK_XKZS": "食品经营许可证",
        "XK_XKBH": f"JY{n:012d}",
        "XK_NR": "准予食品经营许可",
        "XK_JDRQ": m.date_text(decided),
        "XK_YXQZ": m.date_text(decided),
        "XK_YXQZI": "长期"
        if rng.random() < 0.3
        else m.date_text(decided + dt.timedelta(days=1825)),
        "XK_XKJG": "示例市市场监督管理局",
        "XK_XKJGDM": AUTHORITY,
        "XK_ZT": rng.choice(("1", "2", "有效")),
        "XK_LYDW": "示例市市场监督管理局",
        "XK_LYDWDM": AUTHORITY,
    }
    if rng.random() < 0.15:
        row.update(
            {
                "XK_XDR_MC": m.name(),
                "XK_XDR_LB": "自然人",
                "XK_XDR_ZJLX": "身份证",
                "XK_XDR_ZJHM": m.id(),
            }
        )
        for code in ("XK_XDR_SHXYM", "XK_FRDB", "XK_FR_ZJLX", "XK_FR_ZJHM"):
            row.pop(code)
    return row


def _person(row: dict[str, str], m: _Maker, prefix: str) -> None:
    row.update(
        {
            f"{prefix}_XDR_LB": "自然人",
            f"{prefix}_XDR_ZJLX": "身份证",
            f"{prefix}_XDR_ZJHM": m.id(),
            f"{prefix}_XDR_MC": m.name(),
        }
    )
    for code in (f"{prefix}_XDR_SHXYM", f"{prefix}_FR_ZJLX", f"{prefix}_FR_ZJHM"):
        row.pop(code, None)
    row.pop("CF_FRDB" if prefix == "CF" else "XK_FRDB", None)


#: A defect: whether the record becomes a natural person's first, the fields set, those emptied.
_Defect = tuple[bool, dict[str, str], tuple[str, ...]]


def _defects(m: _Maker, kind: Kind, row: dict[str, str]) -> list[_Defect]:
    """Every way of breaking a record of ``kind`` that the catalogue names (``{p}``: the
    prefix of the kind's field codes)."""
    p = "CF" if kind is Kind.PENALTY else "XK"
    authority = "CF_CFJGDM" if kind is Kind.PENALTY else "XK_XKJGDM"
    person = row.get(f"{p}_XDR_LB") == "自然人"
    common: list[_Defect] = [
        (False, {}, (f"{p}_WSH",)),  # required-missing
        (False, {f"{p}_XDR_MC": "某" * 201}, ()),  # too-long (a warning)
        (False, {f"{p}_WSH": "罚" * 129}, ()),  # too-long (an error)
        (False, {f"{p}_JDRQ": "2026/02/30"}, ()),  # date-invalid
        (False, {f"{p}_XDR_LB": "公司"}, ()),  # enum-invalid
        (False, {f"{p}_XDR_SHXYM": m.uscc()[:17]}, ()),  # uscc-format
        (False, {f"{p}_XDR_SHXYM": m.uscc()[:17] + "I"}, ()),  # uscc-format
        (False, {f"{p}_XDR_SHXYM": _bad_check(m.uscc())}, ()),  # uscc-checksum
        (False, {f"{p}_XDR_SHXYM": _uscc("91410100MA3X5AB14")}, ()),  # uscc-orgcode-checksum
        (False, {f"{p}_XDR_SHXYM": _uscc("B1410100MA3X5AB15")}, ()),  # uscc-registration-code
        (False, {f"{p}_XDR_ZZJG": "MA3X5AB1"}, ()),  # orgcode-format
        (False, {f"{p}_XDR_ZZJG": "MA3X5AB16"}, ()),  # orgcode-checksum
        (False, {f"{p}_XDR_LB": "法人及非法人组织", f"{p}_XDR_SHXYM": PLACEHOLDER}, ()),
        (
            False,
            {f"{p}_XDR_LB": "个体工商户", f"{p}_XDR_SHXYM": PLACEHOLDER, f"{p}_FRDB": "王"},
            (),
        ),
        (False, {}, (f"{p}_XDR_ZJHM",) if person else (f"{p}_FRDB",)),  # category-required
        (True, {f"{p}_FRDB": m.name()}, ()),  # category-forbidden
        (False, {f"{p}_FR_ZJLX": "身份证"}, (f"{p}_FR_ZJHM",)),  # legal-rep-id-pair
        (True, {f"{p}_XDR_ZJHM": "41010519850312123"}, ()),  # id-format
        (True, {f"{p}_XDR_ZJHM": _bad_check(m.id())}, ()),  # id-checksum
        (True, {f"{p}_XDR_ZJHM": "410105198502301231"}, ()),  # id-birth-date
        (True, {f"{p}_XDR_ZJHM": "410105850312123"}, ()),  # id-legacy-15
        (False, {f"{p}_FR_ZJLX": "身份证", f"{p}_FR_ZJHM": _bad_check(m.id())}, ()),
        (False, {f"{p}_JDRQ": "2026/12/01"}, ()),  # decision-in-future
        (False, {authority: PLACEHOLDER}, ()),  # uscc-placeholder
        (False, {authority: _bad_check(AUTHORITY)}, ()),  # uscc-checksum
    ]
    if kind is Kind.PENALTY:
        return [
            *common,
            (False, {"CF_NR_FK": "5000元"}, ()),  # amount-invalid
            (False, {"CF_NR_FK": "-1"}, ()),  # amount-negative
            (False, {"CF_NR_FK": "0.1234567"}, ()),  # amount-decimals
            (False, {"CF_CFLB": "罚款；训诫"}, ()),  # enum-invalid in a list
            (False, {"CF_CFLB": "其他"}, ()),  # other-unspecified
            (False, {"CF_CFLB": "罚款", "CF_NR_FK": "0"}, ()),  # fine-amount-missing
            (False, {"CF_CFLB": "罚款"}, ("CF_NR_FK",)),  # fine-amount-missing
            (False, {"CF_CFLB": "罚款、没收违法所得", "CF_NR_FK": "0.1"}, ("CF_NR_WFFF",)),
            (False, {"CF_CFLB": "吊销许可证件"}, ("CF_NR_ZKDX",)),  # licence-name-missing
            (False, {"CF_CFLB": "罚款", "CF_NR_FK": "2000.0", "CF_NR": "罚款2000元"}, ()),
            (False, {"CF_CFLB": "罚款", "CF_NR_FK": "2000", "CF_NR": "罚款2,000元"}, ()),
            (False, {"CF_CFLB": "罚款", "CF_NR_FK": "20000", "CF_NR": "罚款二亿元"}, ()),
            (False, {"CF_YXQ": "2020/01/01"}, ()),  # validity-before-decision
            (False, {"CF_GSJZQ": "2035/01/01"}, ()),  # publication-end-inconsistent
            (False, {"CF_CFLB": "示例市市场监督管理局", "CF_CFJG": "罚款"}, ()),  # columns-swapped
        ]
    return [
        *common,
        (False, {"XK_ZT": "3"}, ()),  # enum-invalid
        (False, {"XK_XKLB": "其他"}, ()),  # other-unspecified
        (False, {"XK_YXQZ": "2026/01/01", "XK_YXQZI": "2025/01/01"}, ()),  # validity-order
        (False, {"XK_JDRQ": "2026/01/01", "XK_YXQZ": "2025/01/01", "XK_YXQZI": "2025/06/01"}, ()),
        (False, {"XK_YXQZ": "3000/01/01", "XK_YXQZI": "长期"}, ()),  # validity-order, 长期
        (False, {"XK_LYDWDM": PLACEHOLDER}, ()),  # uscc-placeholder
        (False, {"XK_XKLB": "示例市市场监督管理局", "XK_XKJG": "普通"}, ()),  # columns-swapped
    ]


def _defect(row: dict[str, str], m: _Maker, n: int, kind: Kind) -> None:
    """Break record ``row`` in one of the ways of the catalogue (chosen by ``n``)."""
    defects = _defects(m, kind, row)
    person, changes, emptied = defects[n % len(defects)]
    if person:
        _person(row, m, "CF" if kind is Kind.PENALTY else "XK")
    row.update(changes)
    for code in emptied:
        row.pop(code, None)


def _bad_check(code: str) -> str:
    last = code[-1]
    return code[:-1] + ("1" if last != "1" else "2")


def _odd(row: dict[str, str], m: _Maker, kind: Kind) -> None:
    """Make the texts of ``row`` odd without changing what they mean (or with a marker)."""
    rng = m.rng
    p = "CF" if kind is Kind.PENALTY else "XK"
    name = f"{p}_XDR_MC"
    choice = rng.randrange(8)
    if choice == 0:
        row[name] = rng.choice(_ODD[:4]).replace("示例公司", row[name])
    elif choice == 1:
        row[name] = rng.choice(_ODD[4:9])
    elif choice == 2:
        row["BZ"] = rng.choice(_EMPTY_MARKERS)
    elif choice == 3:
        row["BZ"] = rng.choice(_ODD)
    elif choice == 4:
        row[f"{p}_JDRQ"] = " " + row[f"{p}_JDRQ"] + "\u3000"
    elif choice == 5:
        row[f"{p}_XDR_ZZJG"] = rng.choice(_EMPTY_MARKERS)
    elif choice == 6 and f"{p}_XDR_SHXYM" in row:
        row[f"{p}_XDR_SHXYM"] = row[f"{p}_XDR_SHXYM"].lower()
    elif choice == 7:
        row[f"{p}_XDR_MC"] = "'" + row[f"{p}_XDR_MC"]


def _records(kind: Kind, count: int, seed: int) -> Iterator[dict[str, str]]:
    """``count`` records of ``kind``: mostly valid, a third with a defect, some odd texts,
    and 文号 written again with other brackets and spaces (duplicates)."""
    rng = random.Random(seed)
    m = _Maker(rng)
    make = _penalty_row if kind is Kind.PENALTY else _license_row
    number = "CF_WSH" if kind is Kind.PENALTY else "XK_WSH"
    earlier: list[dict[str, str]] = []
    for n in range(1, count + 1):
        row = make(m, n)
        draw = rng.random()
        if draw < 0.35:
            _defect(row, m, n + seed, kind)
        if rng.random() < 0.3:
            _odd(row, m, kind)
        if earlier and rng.random() < 0.06:  # the same decision again, written otherwise
            first = rng.choice(earlier)
            if number in first:
                year = first[number].split("〔")[1][:4] if "〔" in first[number] else "2026"
                bracket = rng.choice(_BRACKETS).format(y=year)
                row[number] = first[number].replace(f"〔{year}〕", bracket)
                for code in ("CF_CFJGDM", "XK_XKJGDM", "CF_CFJG", "XK_XKJG"):
                    if code in first:
                        row[code] = first[code]
        elif rng.random() < 0.03:  # the same number from another authority: no duplicate
            row[number] = earlier[-1].get(number, row.get(number, ""))
            authority = "CF_CFJGDM" if kind is Kind.PENALTY else "XK_XKJGDM"
            row[authority] = OTHER_AUTHORITY
        earlier.append(row)
        yield row


def _table(
    kind: Kind, rows: Sequence[dict[str, str]], rng: random.Random, *, labels: bool, ragged: bool
) -> tuple[list[str], list[list[str]]]:
    spec = get_standard().spec(kind)
    codes = list(spec.codes)
    rng.shuffle(codes)
    header = [spec[c].label if labels else c for c in codes]
    header.append("备用列")  # a column that is not a field
    table = []
    for row in rows:
        cells = [row.get(c, "") for c in codes]
        cells.append("")
        if ragged:
            draw = rng.random()
            if draw < 0.1:  # short: the trailing empty cells left out
                while cells and cells[-1] == "":
                    cells.pop()
            elif draw < 0.2:
                cells.extend(["", "多余"])  # long: text past the header
        table.append(cells)
        if rng.random() < 0.04:
            table.append([])  # a blank line
        if rng.random() < 0.04:
            table.append([""] * len(header))  # a row of empty cells
        if rng.random() < 0.02:
            table.append(["\u3000", " ", *[""] * (len(header) - 2)])  # only blanks
        if rng.random() < 0.02:
            table.append([*[""] * (len(header) - 1), "填报人：王五"])  # no field: skipped
    return header, table


def _write_csv(
    path: Path, header: list[str], table: list[list[str]], encoding: str, title: bool
) -> None:
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        if title:
            writer.writerow(["示例市行政处罚信息"])
        writer.writerow(header)
        writer.writerows(table)


def _write_xlsx(path: Path, header: list[str], table: list[list[str]]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "数据"
    sheet.append(header)
    for cells in table:
        # a spreadsheet does not hold a lone \r or a leading ' as typed: keep it to text
        sheet.append([c.replace("\r\n", "\n").replace("\r", "\n") for c in cells])
    book.save(path)


def write_inputs(folder: Path, seed: int = 18, rows: int = 300) -> list[Input]:
    """Write the generated input files into ``folder`` (see the module documentation).

    Every kind is written in each form; ``rows`` records per file.
    """
    rng = random.Random(seed)
    made: list[Input] = []
    forms = (
        ("utf-8-sig", "csv", False, False),
        ("gb18030", "csv", True, True),
        ("utf-8", "csv", True, False),
        ("utf-8-sig", "xlsx", False, True),
    )
    for k, kind in enumerate((Kind.PENALTY, Kind.LICENSE)):
        for f, (encoding, suffix, labels, ragged) in enumerate(forms):
            records = list(_records(kind, rows, seed * 100 + k * 10 + f))
            header, table = _table(kind, records, rng, labels=labels, ragged=ragged)
            name = f"{kind.value}-{f}-{encoding}.{suffix}"
            path = folder / name
            if suffix == "xlsx":
                _write_xlsx(path, header, table)
            else:
                _write_csv(path, header, table, encoding, title=f == 2)
            note = f"{kind.value}, {encoding} {suffix}, {'labels' if labels else 'codes'}"
            made.append(Input(path, kind, note + (", ragged rows" if ragged else "")))
    return made


# -- the realistic file -------------------------------------------------------------------------


def write_realistic(path: Path, rows: int, seed: int = 1) -> None:
    """``rows`` 行政处罚 records as real files hold them: every party its own, organisations
    with their 法定代表人's ID number, distinct amounts; 1 % with a defect; 2021 field codes,
    UTF-8 with BOM."""
    rng = random.Random(seed)
    m = _Maker(rng, ("%Y/%m/%d",))
    codes = list(get_standard().penalty.codes)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(codes)
        for n in range(1, rows + 1):
            row = _penalty_row(m, n)
            yuan = rng.randrange(500, 350_000)
            if "CF_NR_FK" in row:
                row["CF_NR_FK"] = f"{Decimal(yuan) / 10000}"
                row["CF_NR"] = f"罚款人民币{yuan}元"
            if n % 100 == 0:
                _defect(row, m, n // 100, Kind.PENALTY)
            writer.writerow([row.get(c, "") for c in codes])
