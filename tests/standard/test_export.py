"""Exports of the standard: JSON, JSON Schema, Table Schema, Markdown and text tables."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import attrs
import frictionless
import jsonschema
import pytest

from sgs.io import open_writer
from sgs.io.write import DateStyle
from sgs.records import record_from_texts
from sgs.standard import (
    FieldSpec,
    FieldType,
    Kind,
    RecordSpec,
    Requirement,
    Standard,
    get_standard,
    render_table,
    to_json,
    to_json_schema,
    to_markdown,
    to_table_schema,
)
from sgs.standard.export import JSON_SCHEMA_DIALECT, display_width
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "shuangyashan-credit-api-penalty-response-2019.json"

VERSIONS = ["2018", "2021"]
KINDS = [Kind.LICENSE, Kind.PENALTY]
CASES = [(v, k) for v in VERSIONS for k in KINDS]


def _spec(version: str, kind: Kind) -> tuple[RecordSpec, Standard]:
    std = get_standard(version)
    return std.spec(kind), std


def _errors(schema: dict[str, Any], instance: dict[str, Any]) -> list[str]:
    """The messages of every validation error, with format (date) checking on."""
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [str(e.message) for e in validator.iter_errors(instance)]


def _raw_sample() -> dict[str, Any]:
    row: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))["rows"][0]
    return row


def _strings(row: dict[str, Any], empty_as: str | None) -> dict[str, Any]:
    """``row`` with every value as a string, nulls as ``empty_as`` (left out if ``None``)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if value is not None:
            out[key] = str(value)
        elif empty_as is not None:
            out[key] = empty_as
    return out


def _sample(*, empty_as: str | None = "") -> dict[str, Any]:
    """The 双鸭山 penalty sample as strings, its party name moved to ``CF_XDR_MC``.

    The sample has no ``CF_XDR_MC``: the party name is under the local key
    ``COMP_NAME`` (samples/SOURCES.md §9), so it is copied to the standard key.
    """
    row = _raw_sample()
    row["CF_XDR_MC"] = row["COMP_NAME"]
    return _strings(row, empty_as)


def _penalty_schema(version: str = "2018") -> dict[str, Any]:
    std = get_standard(version)
    return to_json_schema(std.penalty, std)


# --------------------------------------------------------------------------- to_json


@pytest.mark.parametrize("version", VERSIONS)
def test_to_json_is_json(version: str) -> None:
    """The description survives a JSON round trip unchanged."""
    data = to_json(get_standard(version))
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_to_json_version_attributes() -> None:
    """Version, title, basis, 长期 date and placeholder code are described."""
    std = get_standard("2018")
    data = to_json(std)
    assert {k: data[k] for k in ("version", "title", "basis")} == {
        "version": "2018",
        "title": std.title,
        "basis": std.basis,
    }
    assert (data["long_term_date"], data["placeholder_credit_code"]) == (
        "2099-12-31",
        "00000000000000000X",
    )


def test_to_json_every_field_attribute() -> None:
    """Each field carries every FieldSpec attribute."""
    names = {a.alias for a in attrs.fields(FieldSpec)}
    fields = to_json("2021")["penalty"]["fields"]
    assert all(set(f) == names for f in fields)


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_to_json_fields_in_order(version: str, kind: Kind) -> None:
    """The fields are listed in the standard's order."""
    spec, std = _spec(version, kind)
    assert [f["code"] for f in to_json(std)[kind.value]["fields"]] == list(spec.codes)


def test_to_json_enumeration() -> None:
    """An enumeration gives its name, values, titles, aliases and multiple flag."""
    fields = {f["code"]: f for f in to_json("2018")["license"]["fields"]}
    assert fields["XK_ZT"]["enumeration"] == {
        "name": "当前状态",
        "values": ["1", "2"],
        "titles": {"1": "有效", "2": "无效"},
        "aliases": {"有效": "1", "无效": "2"},
        "multiple": False,
        "specified": None,
    }


def test_to_json_multiple_enumeration() -> None:
    """处罚类别 is marked multiple."""
    fields = {f["code"]: f for f in to_json("2021")["penalty"]["fields"]}
    assert fields["CF_CFLB"]["enumeration"]["multiple"] is True


def test_to_json_free_field_has_no_enumeration() -> None:
    """A free text field has ``enumeration: null``."""
    fields = {f["code"]: f for f in to_json("2018")["penalty"]["fields"]}
    assert fields["CF_WSH"]["enumeration"] is None


def test_to_json_legacy_map() -> None:
    """The 2016 map gives code, label, target, implies and value map."""
    legacy = {item["code"]: item for item in to_json("2018")["license"]["legacy"]}
    item = legacy["XK_XDR_SFZ"]
    assert (item["target"], item["implies"], item["value_map"]) == (
        "XK_XDR_ZJHM",
        {"XK_XDR_ZJLX": "身份证"},
        {},
    )
    assert legacy["DFBM"]["target"] is None


def test_to_json_one_kind() -> None:
    """``kind`` limits the description to that kind."""
    data = to_json("2018", kind="行政许可")
    assert ("license" in data, "penalty" in data) == (True, False)


def test_to_json_of_a_changed_copy() -> None:
    """A changed copy of the standard is described with its change."""
    std = get_standard("2018").evolve_field("penalty", "CF_WSH", max_length=256)
    fields = {f["code"]: f for f in to_json(std)["penalty"]["fields"]}
    assert fields["CF_WSH"]["max_length"] == 256


# --------------------------------------------------------------------------- JSON Schema


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_json_schema_is_valid_2020_12(version: str, kind: Kind) -> None:
    """The generated schema is itself a valid draft 2020-12 schema."""
    spec, std = _spec(version, kind)
    jsonschema.Draft202012Validator.check_schema(to_json_schema(spec, std))


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_json_schema_header(version: str, kind: Kind) -> None:
    """``$schema`` is 2020-12, there is no ``$id``, extra properties are allowed."""
    spec, std = _spec(version, kind)
    schema = to_json_schema(spec, std)
    assert (schema["$schema"], "$id" in schema, schema["additionalProperties"]) == (
        JSON_SCHEMA_DIALECT,
        False,
        True,
    )


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_json_schema_keys_and_required(version: str, kind: Kind) -> None:
    """Properties are the field codes in order; ``required`` are the mandatory ones."""
    spec, std = _spec(version, kind)
    schema = to_json_schema(spec, std)
    assert list(schema["properties"]) == list(spec.codes)
    mandatory = [f.code for f in spec if f.requirement is Requirement.MANDATORY]
    assert schema["required"] == mandatory


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_json_schema_titles_and_descriptions(version: str, kind: Kind) -> None:
    """Each property's title is the label and its description the note."""
    spec, std = _spec(version, kind)
    props = to_json_schema(spec, std)["properties"]
    assert all(props[f.code]["title"] == f.label for f in spec)
    assert all(props[f.code].get("description", "") == f.note for f in spec)


def test_json_schema_max_length() -> None:
    """A text field's maxLength is its max_length."""
    assert _penalty_schema()["properties"]["CF_WSH"]["maxLength"] == 128


def test_json_schema_date() -> None:
    """Dates are strings with ``format: date`` and the YYYY-MM-DD pattern."""
    prop = _penalty_schema()["properties"]["CF_JDRQ"]
    assert (prop["type"], prop["format"], prop["pattern"]) == (
        "string",
        "date",
        r"^\d{4}-\d{2}-\d{2}$",
    )


def test_json_schema_single_enumeration_accepts_aliases() -> None:
    """A single-valued list is an ``enum`` of canonical values and aliases."""
    prop = _penalty_schema()["properties"]["CF_XDR_LB"]
    assert prop["enum"][:3] == ["法人及非法人组织", "自然人", "个体工商户"]
    assert "法人" in prop["enum"]


@pytest.mark.parametrize("version", VERSIONS)
def test_sample_record_is_valid(version: str) -> None:
    """The 双鸭山 penalty sample (values as strings, nulls as "") is valid."""
    assert _errors(_penalty_schema(version), _sample()) == []


def test_raw_sample_lacks_party_name() -> None:
    """As published, the sample only fails for its missing 行政相对人名称."""
    errors = _errors(_penalty_schema(), _strings(_raw_sample(), ""))
    assert errors == ["'CF_XDR_MC' is a required property"]


def test_sample_record_with_nulls_left_out_is_valid() -> None:
    """The sample is valid with its null values left out."""
    assert _errors(_penalty_schema(), _sample(empty_as=None)) == []


def test_sample_record_with_nulls_is_valid() -> None:
    """Optional fields may be JSON null."""
    record = _sample()
    record["CF_XDR_GSZC"] = None
    assert _errors(_penalty_schema(), record) == []


def test_too_long_value_fails() -> None:
    """A value longer than max_length is invalid."""
    record = _sample()
    record["CF_WSH"] = "号" * 129
    assert _errors(_penalty_schema(), record)


def test_too_long_optional_value_fails() -> None:
    """A too long value of an optional field is invalid too."""
    record = _sample()
    record["BZ"] = "备" * 513
    assert _errors(_penalty_schema(), record)


@pytest.mark.parametrize("date", ["2019-02-30", "2019/10/10", "20191010", "长期", "2019-1-2"])
def test_bad_date_fails(date: str) -> None:
    """A date that is not a real YYYY-MM-DD date is invalid."""
    record = _sample()
    record["CF_JDRQ"] = date
    assert _errors(_penalty_schema(), record)


def test_bad_optional_date_fails() -> None:
    """A bad date in an optional date field is invalid."""
    record = _sample()
    record["CF_GSJZQ"] = "2020-13-01"
    assert _errors(_penalty_schema(), record)


def test_missing_mandatory_field_fails() -> None:
    """A record without a mandatory field is invalid."""
    record = _sample()
    del record["CF_WSH"]
    assert _errors(_penalty_schema(), record)


def test_empty_mandatory_field_fails() -> None:
    """A mandatory field may not be empty."""
    record = _sample()
    record["CF_CFJG"] = ""
    assert _errors(_penalty_schema(), record)


@pytest.mark.parametrize("amount", ["0.2", "12", "0.123456", "1500000.5"])
def test_amount_with_up_to_six_decimals_passes(amount: str) -> None:
    """An amount with at most 6 decimal places is valid."""
    record = _sample()
    record["CF_NR_FK"] = amount
    assert _errors(_penalty_schema(), record) == []


@pytest.mark.parametrize("amount", ["0.1234567", "2000元", "1,200", "-1", "0.", "1e3"])
def test_bad_amount_fails(amount: str) -> None:
    """An amount with 7 places, a unit, a separator or a sign is invalid."""
    record = _sample()
    record["CF_NR_FK"] = amount
    assert _errors(_penalty_schema(), record)


def test_unknown_category_fails() -> None:
    """A 行政相对人类别 outside the list is invalid."""
    record = _sample()
    record["CF_XDR_LB"] = "公司"
    assert _errors(_penalty_schema(), record)


@pytest.mark.parametrize(
    "types", ["罚款;警告", "警告；罚款", "罚款、没收违法所得、没收非法财物", " 罚款 ; 其他 "]
)
def test_several_penalty_types_pass(types: str) -> None:
    """Several 2018 处罚类别 separated by ``;`` (or another separator) are valid."""
    record = _sample()
    record["CF_CFLB"] = types
    assert _errors(_penalty_schema("2018"), record) == []


@pytest.mark.parametrize("types", ["通报批评;罚款", "暂扣或者吊销许可证、暂扣或者吊销执照"])
def test_2021_penalty_types_pass(types: str) -> None:
    """2021 types, and the 2018 strings, are valid under 2021."""
    record = _sample()
    record["CF_CFLB"] = types
    assert _errors(_penalty_schema("2021"), record) == []


@pytest.mark.parametrize("types", ["罚款;责令改正", "罚款;", ";罚款", "通报批评"])
def test_unknown_penalty_type_fails(types: str) -> None:
    """An unknown type, or an empty part, makes 处罚类别 invalid (通报批评 is 2021 only)."""
    record = _sample()
    record["CF_CFLB"] = types
    assert _errors(_penalty_schema("2018"), record)


def test_license_status_alias_passes() -> None:
    """当前状态 accepts the alias 有效 although max_length is 1."""
    std = get_standard("2018")
    prop = to_json_schema(std.license, std)["properties"]["XK_ZT"]
    assert _errors({"type": "object", "properties": {"XK_ZT": prop}}, {"XK_ZT": "有效"}) == []


def test_json_schema_of_a_changed_copy() -> None:
    """A changed copy's schema uses the changed length."""
    std = get_standard("2018").with_overrides({"CF_WSH": {"max_length": 256}})
    record = _sample()
    record["CF_WSH"] = "号" * 200
    assert _errors(to_json_schema(std.penalty, std), record) == []


# --------------------------------------------------------------------------- Table Schema


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_table_schema_fields(version: str, kind: Kind) -> None:
    """One Table Schema field per field code, titled with the label."""
    spec, std = _spec(version, kind)
    fields = to_table_schema(spec, std)["fields"]
    assert [(f["name"], f["title"]) for f in fields] == list(
        zip(spec.codes, spec.labels, strict=True)
    )


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_table_schema_types(version: str, kind: Kind) -> None:
    """Dates are ``date`` (slash format), amounts ``number``, everything else ``string``."""
    spec, std = _spec(version, kind)
    expected = {FieldType.DATE: "date", FieldType.DECIMAL: "number"}
    fields = to_table_schema(spec, std)["fields"]
    assert [f["type"] for f in fields] == [expected.get(f.type, "string") for f in spec]
    assert all(f["format"] == "%Y/%m/%d" for f in fields if f["type"] == "date")
    iso = to_table_schema(spec, std, date_style="iso")["fields"]
    assert all(f["format"] == "%Y-%m-%d" for f in iso if f["type"] == "date")


def test_table_schema_unknown_date_style() -> None:
    """A date style the writers do not know is refused, naming the choices."""
    with pytest.raises(ValueError, match="'slash' or 'iso'"):
        to_table_schema(get_standard().penalty, "2021", date_style="dotted")


@pytest.mark.parametrize("date_style", ["slash", "iso"])
def test_table_schema_matches_written_csv(tmp_path: Path, date_style: DateStyle) -> None:
    """A CSV that sgs writes (field codes as headers) passes the schema of its date style."""
    path = tmp_path / "penalties.csv"
    texts = {k: v for k, v in _sample(empty_as=None).items() if v}
    record, problems = record_from_texts(get_standard().penalty, texts)
    assert problems == ()
    with open_writer(
        path, kind="penalty", standard="2021", headers="code", date_style=date_style
    ) as writer:
        writer.write(record)
    schema = frictionless.Schema.from_descriptor(
        to_table_schema(get_standard().penalty, "2021", date_style=date_style)
    )
    report = frictionless.validate(
        frictionless.Resource(path=path.name, basepath=str(tmp_path), schema=schema)
    )
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    other = "iso" if date_style == "slash" else "slash"
    wrong = frictionless.Schema.from_descriptor(
        to_table_schema(get_standard().penalty, "2021", date_style=other)
    )
    report = frictionless.validate(
        frictionless.Resource(path=path.name, basepath=str(tmp_path), schema=wrong)
    )
    assert {e.field_name for e in report.tasks[0].errors} == {"CF_JDRQ", "CF_YXQ", "CF_GSJZQ"}


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_table_schema_required(version: str, kind: Kind) -> None:
    """Mandatory fields, and only they, have the ``required`` constraint."""
    spec, std = _spec(version, kind)
    fields = to_table_schema(spec, std)["fields"]
    required = [f["name"] for f in fields if f.get("constraints", {}).get("required")]
    assert required == [f.code for f in spec if f.requirement is Requirement.MANDATORY]


def test_table_schema_max_length_and_enum() -> None:
    """Text fields have maxLength; closed lists an enum; lists with 其他-… a pattern."""
    fields = {f["name"]: f for f in to_table_schema(get_standard("2018").license, "2018")["fields"]}
    assert fields["XK_NR"]["constraints"]["maxLength"] == 4000
    assert fields["XK_ZT"]["constraints"]["enum"] == ["1", "2", "有效", "无效"]
    pattern = fields["XK_XKLB"]["constraints"]["pattern"]
    assert re.fullmatch(pattern, "普通")
    assert re.fullmatch(pattern, "其他（临时占道）")
    assert not re.fullmatch(pattern, "临时")


def test_table_schema_multi_value_pattern() -> None:
    """处罚类别 has an (implicitly anchored) pattern accepting ``;``-separated types."""
    fields = {f["name"]: f for f in to_table_schema(get_standard("2021").penalty, "2021")["fields"]}
    pattern = fields["CF_CFLB"]["constraints"]["pattern"]
    assert "(?:" not in pattern  # XML Schema regular expressions have no (?:
    assert re.fullmatch(pattern, "警告;限制从业")
    assert not re.fullmatch(pattern, "警告;责令改正")


def test_table_schema_missing_values() -> None:
    """An empty cell is a missing value."""
    assert to_table_schema(get_standard().penalty, get_standard())["missingValues"] == [""]


def test_table_schema_is_json() -> None:
    """The Table Schema is plain JSON."""
    schema = to_table_schema(get_standard().penalty, "2021")
    assert json.loads(json.dumps(schema, ensure_ascii=False)) == schema


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_table_schema_descriptor_with_frictionless(version: str, kind: Kind) -> None:
    """Frictionless finds the Table Schema descriptor valid."""
    spec, std = _spec(version, kind)
    report = frictionless.Schema.validate_descriptor(to_table_schema(spec, std))
    assert report.valid, [e.message for e in report.errors]


def test_table_schema_with_frictionless() -> None:
    """Frictionless accepts the sample row and rejects a bad one."""
    schema = frictionless.Schema.from_descriptor(
        to_table_schema(get_standard().penalty, "2021", date_style="iso")
    )
    codes = [f.name for f in schema.fields]
    good = _sample()
    bad = dict(good, CF_WSH="号" * 129, CF_JDRQ="2019-02-30", CF_CFJG="")
    rows = [codes, [good.get(c, "") for c in codes], [bad.get(c, "") for c in codes]]
    report = frictionless.validate(frictionless.Resource(data=rows, schema=schema))
    flagged = {(e.row_number, e.field_name) for e in report.tasks[0].errors}
    assert flagged == {(3, "CF_WSH"), (3, "CF_JDRQ"), (3, "CF_CFJG")}


# --------------------------------------------------------------------------- Markdown


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_markdown_contains_all_codes(version: str, kind: Kind) -> None:
    """Every field code appears in the Markdown table."""
    spec, std = _spec(version, kind)
    text = to_markdown(spec, std)
    assert all(f"`{code}`" in text for code in spec.codes)


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_markdown_field_rows(version: str, kind: Kind) -> None:
    """The field table has one row per field, numbered from 1, with seven cells."""
    spec, std = _spec(version, kind)
    rows = [line for line in to_markdown(spec, std).splitlines() if "| `" in line]
    field_rows = [r for r in rows if re.match(r"\| \d+ \|", r)]
    assert [r.split(" | ")[0] for r in field_rows] == [f"| {i}" for i in range(1, len(spec) + 1)]
    assert all(r.count(" | ") == 6 for r in field_rows)


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_markdown_lists_enumeration_values(version: str, kind: Kind) -> None:
    """Every canonical enumeration value appears in the Markdown."""
    spec, std = _spec(version, kind)
    text = to_markdown(spec, std)
    assert all(f"| {v} |" in text for f in spec for v in f.allowed_values)


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_markdown_has_2016_map(version: str, kind: Kind) -> None:
    """The 2016 map lists every old code."""
    spec, std = _spec(version, kind)
    text = to_markdown(spec, std)
    assert "2016" in text
    assert all(f"| `{item.code}` |" in text for item in spec.legacy)


def test_markdown_heading_level() -> None:
    """``heading_level`` sets the level of the kind heading and its sections."""
    text = to_markdown(get_standard().penalty, "2021", heading_level=3)
    assert text.startswith("### 行政处罚")
    assert "\n#### 代码集" in text


def test_markdown_escapes_pipes() -> None:
    """A ``|`` in a note does not break the table."""
    std = get_standard("2018").evolve_field("penalty", "BZ", note="a|b")
    assert "a\\|b" in to_markdown(std.penalty, std)


# --------------------------------------------------------------------------- text table


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_render_table_lines_have_equal_width(version: str, kind: Kind) -> None:
    """Every line of the text table has the same display width."""
    spec, _ = _spec(version, kind)
    lines = render_table(spec).splitlines()
    assert len(lines) == len(spec) + 2
    assert len({display_width(line) for line in lines}) == 1


@pytest.mark.parametrize(("version", "kind"), CASES)
def test_render_table_columns_align(version: str, kind: Kind) -> None:
    """The column after the Chinese label starts at the same display column on every row."""
    spec, _ = _spec(version, kind)
    lines = render_table(spec).splitlines()[2:]
    starts = set()
    for line, field in zip(lines, spec, strict=True):
        end_of_label = line.index(field.label) + len(field.label)
        type_start = end_of_label + len(line[end_of_label:]) - len(line[end_of_label:].lstrip())
        starts.add(display_width(line[:type_start]))
    assert len(starts) == 1


def test_render_table_content() -> None:
    """A row gives code, label, type, length and requirement."""
    lines = render_table(get_standard("2018").penalty).splitlines()
    assert lines[0].split() == ["code", "label", "type", "length", "requirement"]
    assert lines[2 + 19].split() == [
        "CF_NR_FK",
        "罚款金额（万元）",
        "decimal(6)",
        "-",
        "C7",
        "条件必填",
    ]


@pytest.mark.parametrize(
    ("text", "width"),
    [("", 0), ("abc", 3), ("备注", 4), ("（万元）", 8), ("a１", 3), ("e\u0301", 1)],
)
def test_display_width(text: str, width: int) -> None:
    """CJK and full-width characters count 2, combining marks 0."""
    assert display_width(text) == width


def test_json_schema_accepts_specified_other() -> None:
    """其他 with its specification (其他（…）, 其他-…) passes the schema; a bare unknown fails."""
    schema = to_json_schema(get_standard().license, "2021")
    validator = jsonschema.Draft202012Validator(schema)
    prop = {"XK_XKLB": "其他（临时占道许可）"}
    errors = [e for e in validator.iter_errors(prop) if "XK_XKLB" in e.absolute_path]
    assert errors == []
    errors = [e for e in validator.iter_errors({"XK_XKLB": "临时"}) if "XK_XKLB" in e.absolute_path]
    assert errors
    penalty = jsonschema.Draft202012Validator(to_json_schema(get_standard().penalty, "2021"))
    ok = {"CF_CFLB": "罚款；其他（责令改正，限期整改）"}
    assert [e for e in penalty.iter_errors(ok) if "CF_CFLB" in e.absolute_path] == []
