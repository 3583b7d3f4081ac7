"""The validation engine: every check of one record kind, compiled once.

An :class:`Engine` is built for one record spec, reference date, policy
and set of rules. It checks a record given as field texts
(:meth:`Engine.check_texts`) or — the fast path — as the raw cells of a
table row (:meth:`Engine.cell_plan` and :meth:`Engine.check_cells`),
where each column remembers the result for the cell texts it has seen.
Findings become :class:`~sgs.validation.issues.Issue` objects only for the
records that have any; nothing raises on the hot path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, Final

from sgs.ids import resident
from sgs.io.formula import unescape_formula
from sgs.io.reader import Column
from sgs.io.rows import Position
from sgs.standard import Kind, Requirement, Standard
from sgs.validation.catalogue import Catalogue
from sgs.validation.duplicates import KeyIndex, normalize_number
from sgs.validation.fields import MEMO_LIMIT, FieldCheck, compile_field, is_free_text
from sgs.validation.issues import Finding, Issue, Severity
from sgs.validation.policy import Policy
from sgs.validation.rules import CompiledRule, Rule, RuleContext, Values, builtin_rules

__all__ = ["EMPTY", "Batch", "Engine", "RowChecker", "duplicate_finding"]

# ASCII whitespace, the ideographic space, NBSP, BOM and zero-width space (as the reader).
_TRIM: Final = " \t\r\n\v\f\u3000\u00a0\ufeff\u200b"


class _Empty:
    """The result for a cell that holds no value."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "EMPTY"


EMPTY: Final = _Empty()


class Batch:
    """What spans all records of one validation run: the decisions seen so far.

    Record references are kept as ``file index << 40 | record number``.
    """

    def __init__(self, capacity: int = 1 << 16) -> None:
        self.index = KeyIndex(capacity)
        self.files: list[str | None] = []

    def add_file(self, name: str | None) -> int:
        self.files.append(name)
        return len(self.files) - 1

    def describe(self, ref: int, here: str | None) -> tuple[str, str]:
        """Chinese and English words for the record ``ref``, seen from file ``here``."""
        file, record = ref >> 40, ref & ((1 << 40) - 1)
        name = self.files[file] if file < len(self.files) else None
        if name is None or name == here:
            return f"第{record}条记录", f"record {record}"
        return f"{name} 第{record}条记录", f"record {record} of {name}"


def duplicate_finding(field: str, number: str, first_ref: int, key: int) -> Finding:
    """The ``duplicate-decision`` finding of a record whose decision ``first_ref`` already had."""
    return Finding("duplicate-decision", field, number, {"first_ref": first_ref, "key": key})


def _wrap(rule: Rule, context: RuleContext) -> CompiledRule:
    check = rule.check
    name = rule.name

    def run(values: Values) -> Iterable[Finding]:
        try:
            return list(check(values, context))
        except Exception as exc:  # a plugin's bug must not stop validation
            error = f"{exc.__class__.__name__}: {exc}"
            return [Finding("rule-error", None, None, {"rule": name, "error": error})]

    return run


class Engine:
    """The compiled checks of one record kind (see the module documentation)."""

    def __init__(
        self,
        standard: Standard,
        kind: Kind,
        *,
        as_of: dt.date,
        policy: Policy,
        catalogue: Catalogue,
        rules: Iterable[Rule] = (),
        batch: Batch | None = None,
    ) -> None:
        self.standard = standard
        self.spec = spec = standard.spec(kind)
        self.kind = kind
        self.as_of = as_of
        self.policy = policy
        self.catalogue = catalogue
        self.batch = batch if batch is not None else Batch()
        placeholder = standard.placeholder_credit_code
        self.checks: dict[str, FieldCheck] = {
            f.code: compile_field(spec, f, placeholder) for f in spec.fields
        }
        self.mandatory = frozenset(
            f.code for f in spec.fields if f.requirement is Requirement.MANDATORY
        )
        context = RuleContext(spec=spec, standard=standard, as_of=as_of)
        self.rules: list[CompiledRule] = builtin_rules(context)
        self.rules.extend(_wrap(r, context) for r in rules if kind in r.kinds)
        prefix = "XK" if kind is Kind.LICENSE else "CF"
        self._tag = prefix  # in the duplicate key: a license and a penalty never collide
        self._number = self.number_field = f"{prefix}_WSH"
        self._authority = (
            ("XK_XKJGDM", "XK_XKJG") if kind is Kind.LICENSE else ("CF_CFJGDM", "CF_CFJG")
        )
        self._severity: dict[tuple[str, str | None], Severity | None] = {}
        self._personal = frozenset(f.code for f in spec.fields if f.personal)

    # -- one record ---------------------------------------------------------------------------
    def check_texts(self, texts: Mapping[str, str]) -> tuple[dict[str, Any], list[Finding]]:
        """Values and findings of one record given as field code → cleaned, non-empty text."""
        values: dict[str, Any] = {}
        findings: list[Finding] = []
        checks = self.checks
        for code, text in texts.items():
            check = checks.get(code)
            if check is None:
                continue
            value, found = check(text)
            values[code] = value
            if found:
                findings.extend(found)
        return values, self.check_values(values, findings)

    def check_values(self, values: dict[str, Any], findings: list[Finding]) -> list[Finding]:
        """Add the record-level findings to the field-level ``findings`` of ``values``."""
        missing = self.mandatory - values.keys()
        if missing:
            findings.extend(Finding("required-missing", c) for c in sorted(missing))
        for rule in self.rules:
            found = rule(values)
            if found:
                findings.extend(found)
        return findings

    def key_hash(self, values: Values) -> int | None:
        """The hash of the decision's identity (kind, authority, 决定书文号), if it has a number."""
        number = values.get(self._number)
        if number is None:
            return None
        code, name = self._authority
        authority = values.get(code) or values.get(name) or ""
        return hash((self._tag, authority, normalize_number(number)))

    def duplicate(self, values: Values, ref: int, key: int | None) -> Finding | None:
        """A finding when the decision with hash ``key`` was seen earlier in the batch.

        ``ref`` is this record's reference (see :class:`Batch`); the finding
        names the first record by its reference, turned into text when the
        issue is made.
        """
        if key is None:
            return None
        first = self.batch.index.first(key, ref)
        if first is None:
            return None
        return duplicate_finding(self._number, values[self._number], first, key)

    # -- findings to issues -------------------------------------------------------------------
    def severity(self, code: str, field: str | None) -> Severity | None:
        key = (code, field)
        try:
            return self._severity[key]
        except KeyError:
            found = self.policy.severity(self.catalogue[code], self.spec, field)
            self._severity[key] = found
            return found

    def issues(self, findings: Iterable[Finding], position: Position) -> list[Issue]:
        """The issues of ``findings`` at ``position`` (findings switched off are dropped)."""
        result = []
        spec = self.spec
        for f in findings:
            severity = self.severity(f.code, f.field)
            if severity is None:
                continue
            field = spec[f.field] if f.field is not None and f.field in spec else None
            value = f.value
            if value is not None and f.field in self._personal:
                value = resident.mask(value)
            params: dict[str, Any] = {
                "label": field.label if field else "",
                "field": f.field or "",
                "value": value if value is not None else "",
            }
            if f.params:
                params.update(f.params)
                ref = params.get("first_ref")
                if ref is not None and "first" not in params:
                    params["first"], params["first_en"] = self.batch.describe(ref, position.file)
            zh, en = self.catalogue[f.code].format(params)
            result.append(
                Issue(
                    code=f.code,
                    severity=severity,
                    file=position.file,
                    record=position.record,
                    line=position.line,
                    sheet=position.sheet,
                    field=f.field,
                    label=field.label if field else None,
                    value=value,
                    message_zh=zh,
                    message_en=en,
                )
            )
        return result

    # -- the fast path over table cells -------------------------------------------------------
    def row_checker(
        self, columns: Sequence[Column], empty: Collection[str], *, unescape: bool
    ) -> RowChecker | None:
        """A function checking one table row's raw cells, or ``None`` when it does not apply.

        The function returns the values and findings of the row, or ``None``
        for a row without any field value. It is generated for the columns
        of one file (as attrs generates methods): one straight block per
        column, no loop and no call for a free-text cell, and a memo of
        results per column for the fields whose values repeat. It does not
        apply when a field is fed by several columns or a column implies
        values for other fields (pre-2018 templates): those rows go through
        the reader and :meth:`check_texts`.
        """
        mapped = [c for c in columns if c.code is not None]
        codes = [c.code for c in mapped]
        if len(set(codes)) != len(codes) or any(c.implies for c in mapped):
            return None
        return _generate_row_checker(self, mapped, frozenset(empty), unescape)


RowChecker = Callable[[list[str]], "tuple[dict[str, Any], list[Finding]] | None"]


def _generate_row_checker(
    engine: Engine, columns: Sequence[Column], empty: frozenset[str], unescape: bool
) -> RowChecker:
    width = max((c.index for c in columns), default=-1) + 1
    longest = max(map(len, empty), default=0)
    names: dict[str, Any] = {
        "EMPTY": EMPTY,
        "TRIM": _TRIM,
        "empty": empty,
        "unescape_formula": unescape_formula,
        "Finding": Finding,
        "PAD": [""] * width,
        "MEMO_LIMIT": MEMO_LIMIT,
        "check_values": engine.check_values,
    }
    lines = [
        "def check_row(cells):",
        f"    if len(cells) < {width}:",
        "        cells = cells + PAD[len(cells):]",
        "    values = {}",
        "    findings = []",
    ]

    def clean(indent: str, n: int, value_map: Mapping[str, str]) -> list[str]:
        # ``c`` is not empty here; sgs's CSV writer puts its ' first in the cell.
        out = [f"{indent}t = c.strip(TRIM)"]
        if unescape:
            out.append(f'{indent}if c[0] == "\'":')
            out.append(f"{indent}    t = unescape_formula(t).strip(TRIM)")
        if value_map:
            names[f"vm{n}"] = value_map
            out.append(f"{indent}t = vm{n}.get(t, t)")
        return out

    for n, column in enumerate(columns):
        code = column.code
        assert code is not None
        field = engine.spec[code]
        lines.append(f"    c = cells[{column.index}]")
        if is_free_text(field):
            lines.append("    if c:")
            lines.extend(clean("        ", n, column.value_map))
            # Texts longer than every empty marker are not hashed to look them up.
            lines.append(f"        if len(t) > {longest} or t not in empty:")
            lines.append(f"            values[{code!r}] = t")
            if field.max_length is not None:
                limit = field.max_length
                lines.append(f"            if len(t) > {limit}:")
                lines.append(
                    f"                findings.append(Finding('too-long', {code!r}, t, "
                    f"{{'length': len(t), 'max': {limit}}}))"
                )
            continue
        names[f"memo{n}"] = {}
        names[f"check{n}"] = engine.checks[code]
        lines.append("    if c:")
        lines.append(f"        r = memo{n}.get(c)")
        lines.append("        if r is None:")
        lines.extend(clean("            ", n, column.value_map))
        lines.append(f"            r = EMPTY if t in empty else check{n}(t)")
        lines.append(f"            if len(memo{n}) < MEMO_LIMIT:")
        lines.append(f"                memo{n}[c] = r")
        lines.append("        if r is not EMPTY:")
        lines.append(f"            values[{code!r}] = r[0]")
        lines.append("            if r[1]:")
        lines.append("                findings.extend(r[1])")
    lines.append("    if not values:")
    lines.append("        return None")
    lines.append("    return values, check_values(values, findings)")
    source = "\n".join(lines) + "\n"
    code_object = compile(source, f"<sgs row checker {engine.kind.value}>", "exec")
    exec(code_object, names)  # the source is generated above from field codes and numbers
    checker: RowChecker = names["check_row"]
    return checker
