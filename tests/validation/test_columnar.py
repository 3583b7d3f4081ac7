"""The columnar engine gives the pure-Python engine's report, whatever the file and the blocks."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import sgs.validation.columnar.blocks as blocks_module
from sgs.errors import InputError, SgsError
from sgs.ids import resident, uscc
from sgs.validation import Report, Validator
from sgs.validation.columnar.ids import resident_valid, uscc_valid

AS_OF = dt.date(2026, 11, 26)
HEADER = [
    "CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_XDR_GSZC", "CF_FRDB", "CF_FR_ZJLX",
    "CF_FR_ZJHM", "CF_XDR_ZJLX", "CF_XDR_ZJHM", "CF_WSH", "CF_WFXW", "CF_SY", "CF_YJ",
    "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_NR_WFFF", "CF_NR_ZKDX", "CF_JDRQ", "CF_YXQ",
    "CF_GSJZQ", "CF_CFJG", "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM", "BZ", "内部编号",
]  # fmt: skip
AUTHORITY = "11410100MB00000005"
DATE_FORMS = ("%Y/%m/%d", "%Y-%m-%d", "%Y%m%d", "%Y年%m月%d日", "%Y.%m.%d")


def _uscc(rng: random.Random) -> str:
    body = "9141" + "".join(rng.choice("0123456789") for _ in range(4))
    org = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    remainder = sum(chars.index(c) * w for c, w in zip(org, weights, strict=True)) % 11
    first17 = body + org + "0X987654321"[remainder]
    return first17 + uscc.check_character(first17)


def _id(rng: random.Random) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000))
    first17 = f"410105{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + resident.check_character(first17)


def _row(rng: random.Random, n: int) -> dict[str, str]:
    decided = AS_OF - dt.timedelta(days=rng.randrange(1, 900))
    amount = f"{rng.randrange(1, 500000) / 10000:.4f}".rstrip("0").rstrip(".")
    person = rng.random() < 0.1
    row = {
        "CF_XDR_MC": f"示例{n}号商贸有限公司" if not person else f"张{n}",
        "CF_XDR_LB": "自然人" if person else rng.choice(["法人及非法人组织", "个体工商户"]),
        "CF_WSH": f"郑市监罚〔{decided.year}〕{n}号",
        "CF_WFXW": "违反《中华人民共和国食品安全法》",
        "CF_SY": f"经营超过保质期的食品{n}批次",
        "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条",
        "CF_CFLB": rng.choice(["罚款", "警告;罚款", "罚款;没收违法所得、没收非法财物"]),
        "CF_NR": f"罚款{amount}万元",
        "CF_NR_FK": amount,
        "CF_JDRQ": decided.strftime(rng.choice(DATE_FORMS)),
        "CF_YXQ": (decided + dt.timedelta(days=rng.randrange(0, 400))).strftime("%Y/%m/%d"),
        "CF_CFJG": "郑州市市场监督管理局",
        "CF_CFJGDM": AUTHORITY,
        "CF_SJLY": "郑州市市场监督管理局",
        "CF_SJLYDM": AUTHORITY,
        "内部编号": str(n),
    }
    if "没收" in row["CF_CFLB"]:
        row["CF_NR_WFFF"] = f"{rng.randrange(1, 9999) / 100}"
    if person:
        row.update(CF_XDR_ZJLX="身份证", CF_XDR_ZJHM=_id(rng))
    else:
        row.update(CF_XDR_SHXYM=_uscc(rng), CF_FRDB=f"李{n}", CF_FR_ZJLX="身份证",
                   CF_FR_ZJHM=_id(rng))  # fmt: skip
    return row


def _defects(rng: random.Random) -> list[Callable[[dict[str, str]], None]]:
    """One change per issue code a row can carry, and odd but valid texts."""

    def put(**values: str) -> Callable[[dict[str, str]], None]:
        return lambda row: row.update(values)

    def drop(*codes: str) -> Callable[[dict[str, str]], None]:
        def change(row: dict[str, str]) -> None:
            for code in codes:
                row.pop(code, None)

        return change

    def spoil(code: str, at: int, char: str) -> Callable[[dict[str, str]], None]:
        def change(row: dict[str, str]) -> None:
            if row.get(code):
                text = row[code]
                row[code] = text[:at] + char + text[at + 1 :]

        return change

    return [
        drop("CF_XDR_MC"),  # required-missing
        put(CF_JDRQ="2026/02/30"),  # date-invalid
        put(CF_JDRQ="2027/01/05"),  # decision-in-future
        put(CF_YXQ="2001/01/01"),  # validity-before-decision
        put(CF_NR_FK="-1"),  # amount-negative
        put(CF_NR_FK="1.1234567"),  # amount-decimals
        put(CF_NR_FK="五千元"),  # amount-invalid
        put(CF_NR_FK="2000.0", CF_NR="罚款2000元"),  # amount-looks-like-yuan, batch-free
        put(CF_NR_FK="2000", CF_NR="罚款2,000元"),
        put(CF_NR_FK="12000"),  # over 1亿元
        put(CF_NR_FK="0"),  # fine-amount-missing
        drop("CF_NR_FK"),
        put(CF_CFLB="没收违法所得、没收非法财物"),  # confiscation-amount-missing
        put(CF_CFLB="吊销许可证件"),  # licence-name-missing
        put(CF_CFLB="罚金"),  # enum-invalid
        put(CF_CFLB="郑州市市场监督管理局", CF_CFJG="罚款"),  # columns-swapped
        put(CF_XDR_LB="法人"),  # enum-invalid
        spoil("CF_XDR_SHXYM", 17, "0"),  # uscc-checksum
        put(CF_XDR_SHXYM="91410100MA3X5AB1"),  # uscc-format
        put(CF_XDR_SHXYM="00000000000000000X"),  # placeholder
        put(CF_XDR_SHXYM="00000000000000000X", CF_XDR_LB="个体工商户"),
        put(CF_XDR_SHXYM="00000000000000000X", CF_XDR_LB="个体工商户", CF_XDR_GSZC="41010"),
        put(CF_CFJGDM="00000000000000000X"),
        spoil("CF_CFJGDM", 17, "1"),
        put(CF_XDR_SHXYM="b1410100MA3X5AB156"),  # lower case, unknown department
        spoil("CF_FR_ZJHM", 17, "0"),  # id-checksum
        spoil("CF_XDR_ZJHM", 10, "9"),  # id-birth-date
        put(CF_FR_ZJHM="410105650901549"),  # id-legacy-15
        put(CF_FR_ZJHM="41010519650901549x"),
        put(CF_FR_ZJHM="4101051965090154"),  # id-format
        put(CF_FR_ZJHM="41010520300901549X"),  # future birth
        drop("CF_FR_ZJLX"),  # legal-rep-id-pair
        put(CF_XDR_ZJLX="身份证", CF_XDR_ZJHM="410105196509015491"),  # category-forbidden
        drop("CF_FRDB"),  # category-required
        put(CF_WFXW="违" * 2001),  # too-long
        put(CF_GSJZQ="2001/01/01"),  # publication-end-inconsistent
        put(CF_GSJZQ="2099/01/01"),
        put(CF_YXQ="长期"),
        put(CF_XDR_MC="  前后有空格的公司\u3000"),  # stripped
        put(CF_SY="\u00a0事实"),
        put(CF_NR_ZKDX="无"),  # an empty marker
        put(BZ="/"),
        put(CF_SY='第一行\n第二行,逗号\r\n第三行 "引号"'),  # line breaks in a cell
        put(CF_WSH=" 郑市监罚[2024]1号"),  # odd numbers, duplicates after normalising
        put(CF_WSH="郑市监罚（2024）1号"),
        put(CF_WSH="郑市监罚〔2024〕 1 号"),
        put(CF_NR_FK="1,200.5"),
        put(CF_NR_FK="3万元"),
        put(CF_FR_ZJLX="护照号", CF_FR_ZJHM="E12345678"),
        put(CF_JDRQ=""),
    ]


def _rows(count: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    defects = _defects(rng)
    rows = []
    for n in range(1, count + 1):
        row = _row(rng, n)
        if rng.random() < 0.08:
            rng.choice(defects)(row)
        if n % 97 == 0:  # a repeated decision
            row["CF_WSH"] = f"郑市监罚〔2024〕{rng.randrange(1, n)}号"
        rows.append([row.get(code, "") for code in HEADER])
    return rows


def _write(path: Path, rows: list[list[str]], *, encoding: str = "utf-8",
           header: list[str] = HEADER, prefix: str = "", suffix: str = "",
           delimiter: str = ",", terminator: str = "\r\n") -> Path:  # fmt: skip
    with open(path, "w", encoding=encoding, newline="") as stream:
        stream.write(prefix)
        writer = csv.writer(stream, delimiter=delimiter, lineterminator=terminator)
        writer.writerow(header)
        writer.writerows(rows)
        stream.write(suffix)
    return path


def _outcome(report: Report) -> Any:
    return (
        report.to_dict(),
        [i.to_dict() for i in report.issues],
        list(report.iter_rejected()),
    )


def _both(path: Path, **options: Any) -> tuple[Any, Any]:
    found = []
    for engine in ("python", "columnar"):
        validator = Validator(as_of=AS_OF, engine=engine, **options)
        found.append(_outcome(validator.validate(path)))
    return found[0], found[1]


def _assert_same(path: Path, **options: Any) -> Any:
    python, columnar = _both(path, **options)
    if python != columnar:
        p_issues, c_issues = python[1], columnar[1]
        differing = [(a, b) for a, b in zip(p_issues, c_issues, strict=False) if a != b][:3]
        raise AssertionError(
            f"the engines differ on {path.name}: {len(p_issues)} vs {len(c_issues)} issues; "
            f"first differences: {differing}"
        )
    return python


@pytest.mark.parametrize("block", [600, 5_000, 4 * 2**20])
def test_same_report_for_any_block_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(blocks_module, "BLOCK_BYTES", block)
    path = _write(tmp_path / "p.csv", _rows(3_000, seed=block))
    report, _, _ = _assert_same(path)
    codes = {i["code"] for i in report["issues"]}
    assert len(codes) >= 25, sorted(codes)  # the defects above reach most of the catalogue
    assert report["summary"]["invalid"] > 100


def test_same_report_when_the_memos_are_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the memo limit each block's distinct texts are checked on their own."""
    import sgs.validation.columnar.filters as filters_module

    monkeypatch.setattr(filters_module, "MEMO_LIMIT", 40)
    monkeypatch.setattr(blocks_module, "BLOCK_BYTES", 20_000)
    report, _, _ = _assert_same(_write(tmp_path / "p.csv", _rows(1_500, seed=11)))
    assert report["summary"]["invalid"] > 50


@pytest.mark.parametrize(
    "variant",
    [
        {"encoding": "gb18030"},
        {"encoding": "utf-8-sig"},
        {"terminator": "\n"},
        {"delimiter": "\t"},
        {"prefix": "郑州市行政处罚信息\r\n"},  # a title row above the header
        {"suffix": "\r\n\r\n"},  # blank lines at the end
        {"suffix": ",,,,\r\n  \r\n"},  # a row of empty cells, a row of spaces
        {"suffix": "a,b\r\n"},  # a short row
        {"suffix": ",".join(["x"] * 40) + "\r\n"},  # a long row
        {"suffix": '某公司,"自然人"x,1\r\n'},  # text after a closing quote
        {"suffix": '某"公司",自然人\r\n'},  # a quote inside an unquoted cell
        {"suffix": '"单元格\r含回车",自然人\r\n'},  # a lone carriage return in a cell
    ],
    ids=lambda v: "-".join(f"{k}={v[k]!r}"[:24] for k in v),
)
def test_same_report_for_odd_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variant: dict[str, Any]
) -> None:
    monkeypatch.setattr(blocks_module, "BLOCK_BYTES", 20_000)
    rows = _rows(600, seed=7)
    rows.insert(300, [""] * len(HEADER))  # blank rows in the middle
    rows.insert(301, [])
    _assert_same(_write(tmp_path / "odd.csv", rows, **variant))


def test_same_report_with_label_headers(tmp_path: Path) -> None:
    from sgs.standard import get_standard

    spec = get_standard().penalty
    labels = [spec[c].label if c in spec else c for c in HEADER]
    _assert_same(_write(tmp_path / "labels.csv", _rows(500, seed=3), header=labels))


def test_same_error_for_broken_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blocks_module, "BLOCK_BYTES", 5_000)
    path = _write(tmp_path / "bad.csv", _rows(300, seed=5))
    data = path.read_bytes()
    cut = data.index(b"\r\n", len(data) // 2) + 2
    cases = {
        "undecodable": data[:cut] + b"\xff\xfe" + data[cut:],
        "unclosed": data + '某公司,"没有闭合的引号\r\n下一行,1,2,3,4,5,6\r\n'.encode(),
    }
    for name, content in cases.items():
        broken = tmp_path / f"{name}.csv"
        broken.write_bytes(content)
        errors = []
        for engine in ("python", "columnar"):
            with pytest.raises(InputError) as caught:
                Validator(as_of=AS_OF, engine=engine).validate(broken)
            errors.append((caught.value.message_zh, caught.value.message_en, caught.value.line))
        if name == "undecodable":  # the columnar engine names the line that holds the byte
            line = data[:cut].count(b"\r\n") + 1
            assert errors[1][2] == line
            assert errors[0][2] is not None
            assert errors[0][2] <= line  # the exact reader, where its decoder noticed
            assert errors[0][:2] == errors[1][:2]
        else:
            assert errors[0] == errors[1], name


def test_duplicates_across_files_and_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blocks_module, "BLOCK_BYTES", 3_000)
    first = _write(tmp_path / "a.csv", _rows(400, seed=11))
    second = _write(tmp_path / "b.csv", _rows(400, seed=11))  # every decision again
    reports = [
        _outcome(Validator(as_of=AS_OF, engine=e).validate_many([first, second]))
        for e in ("python", "columnar")
    ]
    assert reports[0] == reports[1]
    codes = [i["code"] for i in reports[0][1] if i["file"] == str(second)]
    assert codes.count("duplicate-decision") >= 390


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(SgsError, match="unknown validation engine"):
        Validator(engine="rust")


# -- the byte-matrix checks against the exact ones ------------------------------------------
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXYZIOSVabx "


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_CODE_CHARS, min_size=16, max_size=19), max_size=30),
       st.randoms(use_true_random=False))  # fmt: skip
def test_uscc_matrix_agrees_with_the_exact_check(texts: list[str], rng: random.Random) -> None:
    texts = [*texts, *(_uscc(rng) for _ in range(10))]
    valid = uscc_valid(pa.array(texts)).tolist()
    for text, ok in zip(texts, valid, strict=True):
        problem, orgcode_ok, registration = uscc.assess(text)
        exact = problem is None and orgcode_ok and registration is None and text == text.upper()
        assert ok == exact, text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789Xx", min_size=14, max_size=19), max_size=30),
       st.randoms(use_true_random=False))  # fmt: skip
def test_id_matrix_agrees_with_the_exact_check(texts: list[str], rng: random.Random) -> None:
    texts = [*texts, *(_id(rng) for _ in range(10)), "41010520300901549X", "410105196502295491"]
    valid = resident_valid(pa.array(texts), AS_OF).tolist()
    for text, ok in zip(texts, valid, strict=True):
        exact = len(text) == 18 and resident.problem(text, as_of=AS_OF) is None
        assert ok == exact, text


@pytest.mark.parametrize("stray", ['5"屏幕', '屏幕5"', '"引"号'])
def test_a_stray_quote_hands_the_rest_to_the_exact_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stray: str
) -> None:
    """A ``"`` inside an unquoted cell (read as is by the csv module), then quoted cells
    with line breaks: the quote count no longer tells where records end."""
    monkeypatch.setattr(blocks_module, "BLOCK_BYTES", 4_000)
    rows = _rows(800, seed=13)
    sy = HEADER.index("CF_SY")
    path = tmp_path / "stray.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerow(HEADER)
        for n, row in enumerate(rows):
            if n == 100:
                row[sy] = stray
                stream.write(",".join(row) + "\r\n")  # written as is, unquoted
                continue
            if n % 9 == 0:
                row[sy] = "第一行\n第二行,有逗号"
            csv.writer(stream).writerow(row)
    report, _, _ = _assert_same(path)
    assert report["summary"]["total"] >= 790


def test_processes_with_the_columnar_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``jobs=2`` with the columnar engine in each worker gives the one-process report."""
    import sgs.validation.runners.processes as processes

    monkeypatch.setattr(processes, "MIN_PARALLEL_BYTES", 1)
    monkeypatch.setattr(blocks_module, "BLOCK_BYTES", 50_000)
    path = _write(tmp_path / "p.csv", _rows(4_000, seed=17))
    one = _outcome(Validator(as_of=AS_OF, engine="python").validate(path))
    two = _outcome(Validator(as_of=AS_OF, engine="columnar").validate_many([path], jobs=2))
    assert two == one
    assert sum(i["code"] == "duplicate-decision" for i in one[1]) > 10


def test_the_environment_can_ask_for_the_python_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Validator(as_of=AS_OF).settings()
    assert settings.columnar
    monkeypatch.setenv("SGS_ENGINE", "python")
    assert not settings.columnar
    assert Validator(as_of=AS_OF, engine="columnar").settings().columnar  # asked for by name


_TEXT_CHARS = "0123456789０１２,.元万 \u3000罚款人民币没收"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=_TEXT_CHARS, max_size=30), min_size=1, max_size=20))
@example(["罚款2000元", "1,2000元", "1,23,456元", "２０００元", "罚款2000\u3000元", "1.2.3元"])
@example(["罚款3万元，没收2,000.5元", "没收1元罚款2元罚3元", "罚款0.30万元，没收21734元"])
@example(["罚款02,200元", "罚款0,002,200元", "罚款1,000,000.00元", "没收12,345元"])
@example(["罚款" + "0" * 45 + "12元", "罚款12." + "0" * 45 + "元", "罚款5.元", "罚款.5元"])
def test_the_yuan_filter_finds_every_amount_the_exact_search_finds(texts: list[str]) -> None:
    """Every amount of 1 or more that ``yuan_amounts`` reads in a text is one the filters of
    both engines consider (by its digits), whatever zeros the amount's cell has."""
    from sgs.validation.columnar.arrays import strings
    from sgs.validation.columnar.filters import _YuanNumbers
    from sgs.validation.rules.penalty import amount_text, written_in_yuan, yuan_amounts

    pairs = [(t, a) for t in texts for a in yuan_amounts(t) if a >= 1]
    for text, amount in pairs:
        assert written_in_yuan(amount_text(amount), text), (text, amount)
    if pairs:
        numbers = _YuanNumbers(strings([t for t, _ in pairs]))
        cells = [f"0{a}0" if "." in f"{a}" else f"{a}" for _, a in pairs]
        assert numbers.hits(np.array([float(c) for c in cells])).all(), pairs


@pytest.mark.parametrize("standard", ["2021", "2018"])
@pytest.mark.parametrize("kind", ["license", "penalty"])
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_the_columnar_filters_are_a_superset_of_the_exact_checks(
    standard: str, kind: str, data: st.DataObject
) -> None:
    """Any record the exact checks flag (field checks, mandatory fields, every rule) is among
    the columnar filters' suspects, on batches drawn as in the rule-filter property test."""
    from sgs.io.reader import Column
    from sgs.records.codecs import format_value
    from sgs.standard import Kind, get_standard
    from sgs.validation.columnar.filters import BlockFilter
    from sgs.validation.pipeline import check_rows
    from tests.validation.generated import typed_batches

    spec = get_standard(standard).spec(Kind.parse(kind))
    typed, n = data.draw(typed_batches(spec))
    codes = list(typed)
    if not codes:
        return
    cells = [
        [v if isinstance(v, str) else "" if v is None else format_value(v) for v in row]
        for row in zip(*(typed[c] for c in codes), strict=True)
    ]
    validator = Validator(as_of=AS_OF, standard=standard, engine="columnar")
    engine = validator.settings().engine(spec.kind)
    columns = [Column(index=i, header=c, code=c) for i, c in enumerate(codes)]
    builder = engine.table_columns(columns, validator.empty_markers, unescape=False)
    assert builder is not None
    exact = check_rows(engine, builder, cells)
    arrays = [pa.array([row[i] for row in cells], type=pa.string()) for i in range(len(codes))]
    suspects = set(np.flatnonzero(BlockFilter(engine, builder).suspects(arrays, n)).tolist())
    missed = {i: exact.findings[i] for i in exact.findings if i not in suspects}
    assert not missed, (missed, [cells[i] for i in missed])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet="罚[]【】()（）〔〕 \t\r\n\u3000\u00a012号", max_size=16), max_size=20
    )
)
def test_numbers_are_normalised_in_arrow_as_in_python(texts: list[str]) -> None:
    from sgs.standard.keys import normalize_number
    from sgs.validation.columnar.filters import _normalized

    assert _normalized(pa.array(texts, type=pa.string())).to_pylist() == [
        normalize_number(t) for t in texts
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=150), min_size=1, max_size=40), st.integers(0, 39))
def test_key_hashes_are_the_same_for_a_column_a_list_and_one_text(
    texts: list[str], start: int
) -> None:
    """The numpy hash of a string column (sliced, its texts of every length) is the plain
    Python one of each text: the keys of clean records meet those of the exact checks."""
    from sgs.validation.columnar.arrays import strings
    from sgs.validation.columnar.keys import hash_keys, hash_one, hash_texts

    texts = [t.encode("utf-8", "replace").decode("utf-8") for t in texts]
    column = strings(["x", *texts]).slice(1)
    from_column = hash_texts(column.slice(min(start, len(texts)))).tolist()
    one = [hash_one(t.encode("utf-8")) for t in texts]
    assert from_column == one[min(start, len(texts)) :]
    keys = [("penalty", t, "号") for t in texts]
    assert hash_keys(keys) == [hash_one("\x1f".join(k).encode("utf-8")) for k in keys]


def test_key_hashes_differ_and_stay_the_same_in_another_process() -> None:
    import subprocess
    import sys

    from sgs.validation.columnar.keys import hash_keys

    keys = [("penalty", "11410100MB00000005", f"罚〔2019〕{i}号") for i in range(50_000)]
    keys += [("license", "11410100MB00000005", "罚〔2019〕1号"), ("penalty", "", "")]
    hashes = hash_keys(keys)
    assert len(set(hashes)) == len(keys)
    code = (
        "from sgs.validation.columnar.keys import hash_keys;"
        "print(hash_keys([('penalty', '11410100MB00000005', '罚〔2019〕7号')] * 20)[0])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) == hashes[7]


_STRIPPED = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_STRIPPED + "a号〔中\u200b", max_size=5), min_size=1, max_size=8))
def test_every_cell_str_strip_changes_is_among_the_spaced_ones(texts: list[str]) -> None:
    """The 文号 a decision key strips are found among the cells ``spaced`` picks out."""
    from sgs.validation.columnar.arrays import strings
    from sgs.validation.columnar.cells import BlockCells

    spaced = BlockCells([strings(texts)]).spaced(0).tolist()
    assert all(flag for text, flag in zip(texts, spaced, strict=True) if text != text.strip())


_CELL_CHARS = " \t\r\n\u3000\u00a0\ufeff\u200b\u2028'无-/a中〔\u0080\u00c2"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(alphabet=_CELL_CHARS, max_size=6), min_size=3, max_size=3),
                min_size=1, max_size=4))  # fmt: skip
def test_odd_cells_are_all_the_cells_the_exact_reader_changes(table: list[list[str]]) -> None:
    """Every cell the exact reader would strip, take as empty or unescape is odd."""
    from sgs.validation.columnar.cells import BlockCells
    from sgs.validation.engine import TRIM

    markers = {"无", "-", "/"}
    columns = [pa.array(list(column)) for column in zip(*table, strict=True)]
    odd = BlockCells(columns).odd(markers, unescape=True)
    for k, column in enumerate(columns):
        for i, cell in enumerate(column.to_pylist()):
            changed = cell.strip(TRIM) != cell or cell in markers or cell.startswith("'")
            if changed:
                assert odd[k][i], (cell, k, i)
            if not cell:
                assert not odd[k][i]
