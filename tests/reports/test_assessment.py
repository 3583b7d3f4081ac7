"""年考核: the scoring rules at their edges, profiles, the Suzhou sheet's warnings, and a
synthetic city's 2019 assessment with every score worked out by hand (issue 14 #5)."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

from sgs.calendar import WorkCalendar
from sgs.cli.main import main
from sgs.errors import SgsError
from sgs.platform import open_platform
from sgs.reports import load_profile, period, yearly_assessment
from sgs.reports.assessment import ProfileWarning, Sheet, parse_profile, read_scores
from sgs.reports.assessment.rules import Deduction, Manual, PerEvent, Ratio, ThresholdLinear
from sgs.reports.completeness import completeness, required_fields
from sgs.standard import get_standard

from .city import build_city

D = Decimal


# -- rules ------------------------------------------------------------------------------------
def test_threshold_linear_at_its_threshold() -> None:
    rule = ThresholdLinear(max=D(6))
    assert rule.score(D("95.00")) == D("6.00")  # exactly 95 %: the whole
    assert rule.score(D("94.99")) == D("5.70")  # 94.99 × 6 / 100 = 5.6994
    assert rule.score(D(0)) == D("0.00")
    assert rule.score(None) is None  # n/a: no automatic score
    assert ThresholdLinear(max=D(3), threshold=D(100)).score(D("99.99")) == D("3.00")  # 2.9997


def test_ratio_per_event_deduction_and_manual() -> None:
    assert Ratio(max=D(12)).score(D("91.67")) == D("11.00")  # 11.0004
    assert Ratio(max=D(5)).score(D(120)) == D("5.00")  # never over the max
    assert Ratio(max=D(5)).score(None) is None
    per = PerEvent(max=D(6), points=D("0.5"))
    assert (per.score(0), per.score(11), per.score(12), per.score(13)) == (
        D("0.00"), D("5.50"), D("6.00"), D("6.00"))  # fmt: skip
    assert PerEvent(max=D(6), points=D(1), cap=D(4)).score(5) == D("4.00")
    deduct = Deduction(max=D(2), points=D("0.5"))
    assert (deduct.score(0), deduct.score(3), deduct.score(4), deduct.score(9)) == (
        D("2.00"), D("0.50"), D("0.00"), D("0.00"))  # fmt: skip
    assert Deduction(max=D(2), points=D("0.5"), floor=D(1)).score(3) == D("1.00")
    assert Manual(max=D(3)).score(D("2.345")) == D("2.35")  # two decimals, half up


# -- completeness -----------------------------------------------------------------------------
def test_completeness_asks_each_record_what_its_category_and_types_require() -> None:
    standard = get_standard("2021")
    spec = standard.penalty
    mandatory = {"CF_XDR_MC", "CF_XDR_LB", "CF_WSH", "CF_WFXW", "CF_SY", "CF_YJ", "CF_CFLB",
                 "CF_NR", "CF_JDRQ", "CF_YXQ", "CF_CFJG", "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM"}  # fmt: skip
    company = dict.fromkeys(mandatory, "x") | {
        "CF_XDR_LB": "法人及非法人组织",
        "CF_CFLB": "罚款;没收违法所得",
    }
    # an organisation (C1 credit code, C4 representative) fined (C7) and confiscated (C8)
    assert set(required_fields(spec, company, standard)) == mandatory | {
        "CF_XDR_SHXYM", "CF_FRDB", "CF_NR_FK", "CF_NR_WFFF"}  # fmt: skip
    person = dict.fromkeys(mandatory, "x") | {"CF_XDR_LB": "自然人", "CF_CFLB": "警告",
                                             "CF_XDR_ZJLX": "身份证"}  # fmt: skip
    assert set(required_fields(spec, person, standard)) == mandatory | {
        "CF_XDR_ZJLX",
        "CF_XDR_ZJHM",
    }
    # company: 18 required, 14 filled (none of the 4 conditional ones);
    # person: 16 required, 15 filled (ZJLX, not ZJHM) → 29 / 34
    found = completeness([("penalty", company), ("penalty", person)], standard)
    assert (found.filled, found.required) == (29, 34)
    assert found.rate.percent == D("85.29")
    assert completeness([], standard).rate.percent is None


# -- profiles ---------------------------------------------------------------------------------
def test_the_suzhou_profile_loads_with_exactly_its_two_warnings() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sheet = load_profile("suzhou")
    messages = [str(w.message) for w in caught]
    assert all(w.category is ProfileWarning for w in caught)
    assert len(messages) == 2
    assert "项目 2.2“信息量”" in messages[0]
    assert "最高合计 5 分" in messages[0]
    assert "8 分" in messages[0]
    assert "项目 2.3“标志失信程度”" in messages[1]
    assert "3 分" in messages[1]
    assert "1 分" in messages[1]
    assert (sheet.total, sheet.bonus) == (D(100), D(10))
    assert [b.max for b in sheet.blocks] == [D(40), D(30), D(30), D(10)]
    assert [b.bonus for b in sheet.blocks] == [False, False, False, True]
    assert len(list(sheet.items())) == 17
    assert len(list(sheet.lines())) == 24
    bound = {line.code: line.source for line in sheet.lines() if line.source}
    assert bound == {"2.2.1": "declared_reporting_rate", "2.4.1": "timeliness",
                     "2.5": "storage_rate", "2.6.1": "completeness",
                     "3.1": "declarations_on_time"}  # fmt: skip


HEAD = '[sheet]\ntitle = "表"\ntotal = 2\n'


def block(items: str, maximum: int = 2) -> str:
    return f'[[blocks]]\ncode = "1"\ntitle = "一"\nmax = {maximum}\n{items}'


def item(extra: str, code: str = "1.1", maximum: str = "max = 2\n") -> str:
    return f'[[blocks.items]]\ncode = "{code}"\ntitle = "项"\n{maximum}{extra}'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEAD + block(item('rule = "linear"\n')), "1.1：未知的评分规则 'linear'"),
        (HEAD + block(item('rule = "manual"\n', maximum="")), "1.1：缺少“max”"),
        (HEAD + block(item('rule = "threshold_linear"\nthreshold = 120\n')), "阈值应在 0–100"),
        (HEAD + block(item('rule = "manual"\n') + item('rule = "manual"\n')), "1.1：编号重复"),
        (HEAD + block(item('rule = "per_event"\n')), "1.1：缺少“points”"),
        (HEAD + block(item('rule = "manual"\nsource = "timeliness"\n')), "不用比率"),
        (HEAD + block(item('rule = "ratio"\nsource = "luck"\n')), "未知的自动取数来源 'luck'"),
        (HEAD + block(item('rule = "manual"\nthreshhold = 90\n')), "未知的键 threshhold"),
        ("[sheet\n", "不是有效的 TOML"),
    ],
)
def test_a_bad_profile_names_the_file_and_the_item(text: str, expected: str) -> None:
    with pytest.raises(SgsError) as caught:
        parse_profile(text, "mine.toml")
    assert str(caught.value).startswith("mine.toml")
    assert expected in str(caught.value)


def test_maxima_that_do_not_add_up_warn_generically() -> None:
    lines = '[[blocks.items.lines]]\ncode = "1.1.1"\nrule = "manual"\nmax = 3\n'
    with pytest.warns(ProfileWarning) as caught:
        parse_profile(HEAD + block(item(lines), maximum=3), "mine.toml")
    messages = [str(w.message) for w in caught]
    assert len(messages) == 3
    assert "项目 1.1" in messages[0]
    assert "最高合计 3 分" in messages[0]
    assert "板块 1" in messages[1]
    assert "合计 2 分" in messages[1]
    assert "基本板块分值合计 3 分" in messages[2]  # blocks 3 ≠ total 2


# -- the city's 2019 assessment ---------------------------------------------------------------
def suzhou() -> Sheet:
    """The Suzhou sheet, its warnings (tested above) silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProfileWarning)
        return load_profile("suzhou")


def scores_file(tmp_path: Path, a: str, b: str) -> Path:
    sheet = suzhou()
    everything = [{"code": line.code, "self": float(line.max), "self_remark": "自评"}
                  for line in sheet.lines()]  # fmt: skip
    entered: dict[str, dict[str, object]] = {
        "1.2.2": {"input": 13},  # 13 articles × 0.5 = 6.5, capped at 6
        "1.4.1": {"input": 1},  # one absence: 2 − 0.5
        "1.4.2": {"input": 95},  # 95 % of the tasks: 12 × 0.95
        "2.6.2": {"input": 94.5},  # under 95 %: 3 × 0.945 = 2.835 → 2.84
        "2.3.1": {"centre": 3, "centre_remark": "正确标注严重程度"},  # capped at the item's 1
        "4.2": {"centre": 4, "centre_remark": "国家级试点"},
    }
    for line in everything:
        line.update(entered.get(str(line["code"]), {}))
    data = {"year": 2019, "departments": [
        {"code": a, "state": "awaiting_scoring", "lines": everything},
        {"code": b, "lines": [{"code": "1.1.1", "self": 1},
                              {"code": "1.5", "self": 8, "centre": 7, "centre_remark": "案例2个"}]},
    ]}  # fmt: skip
    path = tmp_path / "年考核-2019.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_citys_2019_assessment(tmp_path: Path) -> None:
    city = build_city(tmp_path)
    a, b, c, d = city.codes
    sheet = suzhou()
    path = scores_file(tmp_path, a, b)
    scores = read_scores(path, sheet, 2019)
    with open_platform(city.config) as platform:
        assessment = yearly_assessment(
            platform.store, platform.config.name, sheet, period("2019"), as_of=dt.date(2020, 2, 1),
            calendar=WorkCalendar(), standard=platform.checks.standard, scores=scores,
            scores_file=str(path),
        )  # fmt: skip
    data = assessment.to_dict()
    units = {u["code"]: u for u in data["departments"]}
    lines = {code: {line["code"]: line for line in u["lines"]} for code, u in units.items()}
    first = lines[a]
    # 甲局: timeliness 6/7 = 85.71 % → 3 × 0.8571 = 2.5713; 入库率 6/7 → 6 × 0.8571 = 5.1426
    assert first["2.4.1"]["rate"]["value"] == 85.71
    assert first["2.4.1"]["centre"] == 2.57
    assert first["2.5"]["rate"] == {"value": 85.71, "numerator": 6, "denominator": 7}
    assert first["2.5"]["centre"] == 5.14
    # 完整率: 6 accepted penalties of organisations fined: 14 mandatory + C1 + C4 + C7 = 17 each
    assert first["2.6.1"]["rate"] == {"value": 100.0, "numerator": 102, "denominator": 102}
    assert first["2.6.1"]["centre"] == 3.0
    # 月报表: 11 of 12 months on time (September's came on 10-11, due 10-10; March's
    # correction came late but its first was on time) → 91.67 % × 12 = 11.0004
    assert first["3.1"]["rate"] == {"value": 91.67, "numerator": 11, "denominator": 12}
    assert first["3.1"]["centre"] == 11.0
    # 报送率: 11 months × 9 + March's corrected 10 = 109 reported of 120 → 90.83 % × 5 = 4.5415
    assert first["2.2.1"]["rate"] == {"value": 90.83, "numerator": 109, "denominator": 120}
    assert first["2.2.1"]["centre"] == 4.54
    entered = {k: first[k]["centre"] for k in ("1.2.2", "1.4.1", "1.4.2", "2.6.2", "2.3.1")}
    assert entered == {"1.2.2": 6.0, "1.4.1": 1.5, "1.4.2": 11.4, "2.6.2": 2.84, "2.3.1": 3.0}
    items = {i["code"]: i for i in units[a]["items"]}
    assert items["2.3"]["centre"] == 1.0  # 3, capped at the item's 1
    assert items["2.3"]["self"] == 1.0
    assert items["2.2"]["self"] == 5.0  # the lines' 5: the heading's 8 cannot be reached
    # centre: 2.57 + 5.14 + 3 + 11 + 4.54 (automatic) + 6 + 1.5 + 11.4 + 2.84 + 1 = 48.99;
    # bonus 4. Self: every line at its max, items capped: 100 − 8 + 5 = 97, bonus 10.
    totals = units[a]["totals"]
    assert totals["centre"]["base"] == 48.99
    assert totals["centre"]["bonus"] == 4.0
    assert totals["centre"]["total"] == 52.99
    assert (totals["self"]["base"], totals["self"]["bonus"], totals["self"]["total"]) == (
        97,
        10,
        107,
    )
    # blocks (centre): 1: 6 + 1.5 + 11.4 = 18.9; 2: 4.54 + 1 + 2.57 + 5.14 + 3 + 2.84 = 19.09;
    # 3: 11; 4: 4
    assert totals["centre"]["blocks"] == {"1": 18.9, "2": 19.09, "3": 11.0, "4": 4.0}
    assert units[a]["state"] == "awaiting_scoring"
    # 乙局: 4/4 on time and stored: 3 + 6; 完整率 3 records × 17 = 51/51: 3; no 月报表: 0/12 → 0;
    # 报送率 n/a: left for the centre; 1.5 entered 7 → 3 + 6 + 3 + 0 + 7 = 19
    second = lines[b]
    assert second["2.2.1"]["rate"]["value"] is None
    assert second["2.2.1"]["needs_manual"] is True
    assert second["3.1"]["rate"] == {"value": 0.0, "numerator": 0, "denominator": 12}
    assert units[b]["totals"]["centre"]["total"] == 19.0
    assert units[b]["totals"]["self"]["total"] == 9.0  # 1 + 8
    assert units[b]["state"] == "self_assessed"
    # 丙县局: both late: 0 % → 0; stored 2/2: 6; complete: 3 → 9. 高新区局: nothing received:
    # every store rate n/a, 月报表 0/12 → 0
    assert units[c]["totals"]["centre"]["total"] == 9.0
    assert lines[d]["2.5"]["needs_manual"] is True
    assert lines[d]["2.4.1"]["computed"] is None
    assert units[d]["totals"]["centre"]["total"] == 0.0
    assert units[d]["totals"]["self"]["total"] is None
    assert [(r["rank"], r["code"]) for r in data["ranking"]] == [(1, a), (2, b), (3, c), (4, d)]

    document = assessment.document()
    assert document.kind == "yearly"
    summary = document.tables()[0]
    assert summary.rows[0][:3] == (1, "甲局", "待评分")
    assert summary.rows[0][-1] == D("52.99")
    detail = document.tables()[1]
    assert detail.headers[4:] == ("自动取数/录入", "自评分", "自评说明", "中心评分", "评分说明")
    assert detail.rows[-1][-2] == D("52.99")
    assert len(document.tables()) == 5  # the summary and one per department


def test_a_state_the_scores_do_not_bear_out_is_an_error(tmp_path: Path) -> None:
    city = build_city(tmp_path)
    b = city.codes[1]
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"year": 2019, "departments": [
        {"code": b, "state": "scored", "lines": [{"code": "1.1.1", "self": 1}]}]}),
        encoding="utf-8")  # fmt: skip
    sheet = suzhou()
    with open_platform(city.config) as platform, pytest.raises(SgsError) as caught:
        yearly_assessment(platform.store, "中心", sheet, period("2019"), as_of=dt.date(2020, 2, 1),
                          calendar=WorkCalendar(), standard=platform.checks.standard,
                          scores=read_scores(path, sheet, 2019), scores_file=str(path))  # fmt: skip
    assert f"单位 department {b}" in str(caught.value)
    assert "1.1.1" in str(caught.value)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ({"code": "9.9", "self": 1}, "没有评分项 '9.9'"),
        ({"code": "1.1.1", "self": 2}, "超过该项最高分 1"),
        ({"code": "1.5", "input": 3}, "人工评分项不取“input”"),
        ({"code": "1.4.2", "input": 101}, "比率应在 0–100"),
        ({"code": "1.2.2", "input": 1.5}, "次数应为整数"),
    ],
)
def test_bad_scores_name_the_file_department_and_line(
    tmp_path: Path, line: dict[str, object], expected: str
) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps({"departments": [{"code": "X1", "lines": [line]}]}), encoding="utf-8"
    )
    sheet = suzhou()
    with pytest.raises(SgsError) as caught:
        read_scores(path, sheet, 2019)
    assert str(caught.value).startswith(f"{path} 单位 department X1")
    assert expected in str(caught.value)


def test_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    city = build_city(tmp_path)
    a, b = city.codes[:2]
    config = str(city.config)
    path = scores_file(tmp_path, a, b)
    assert main(["report", "yearly", "--config", config, "--year", "2019", "--profile", "suzhou",
                 "--scores", str(path), "--as-of", "2020-02-01", "--format", "json"]) == 0  # fmt: skip
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["ranking"][0] == {"rank": 1, "code": a, "name": "甲局", "centre": 52.99,
                                  "self": 107.0}  # fmt: skip
    assert captured.err.count("sgs: 警告 (warning): suzhou.toml：项目 2.") == 2  # the two slips
    # the result, read back as the scores file, gives the same result
    again = tmp_path / "again.json"
    again.write_text(captured.out, encoding="utf-8")
    assert main(["report", "yearly", "--config", config, "--year", "2019", "--scores",
                 str(again), "--as-of", "2020-02-01"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["departments"] == data["departments"]
    bad = tmp_path / "bad.toml"
    bad.write_text(HEAD + block(item('rule = "linear"\n')), encoding="utf-8")
    assert main(["report", "yearly", "--config", config, "--year", "2019",
                 "--profile", str(bad)]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert f"{bad}：项目 item 1.1：未知的评分规则 'linear'" in err
    assert "Traceback" not in err
    assert main(["report", "yearly", "--config", config, "--year", "2019Q1"]) == 2
    assert main(["report", "yearly", "--config", config, "--year", "2019",
                 "--profile", "nowhere"]) == 2  # fmt: skip


def test_the_assessment_as_a_workbook(tmp_path: Path) -> None:
    """The 年考核 in Excel: the ranking and a sheet of items per department, as computed."""
    import openpyxl

    city = build_city(tmp_path)
    a, b = city.codes[:2]
    path = scores_file(tmp_path, a, b)
    out = tmp_path / "年考核.xlsx"
    assert main(["report", "yearly", "--config", str(city.config), "--year", "2019",
                 "--scores", str(path), "--as-of", "2020-02-01", "--format", "xlsx",
                 "--out", str(out)]) == 0  # fmt: skip
    book = openpyxl.load_workbook(out)
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows()
             for c in row if c.value is not None]  # fmt: skip
    assert any("甲局" in c for c in cells)
    assert "52.99" in cells  # the centre's total of 甲局, as in the JSON
