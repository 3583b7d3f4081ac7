"""The validation engine: every check of one record kind, compiled once, run by batches.

An :class:`Engine` is built for one record spec, reference date, policy
and set of rules. Records are checked a batch at a time, held as columns
(field code → one value per record): :class:`TableColumns` turns the raw
cells of table rows into such columns — each column remembers the value
and findings of the cell texts it has seen, and applies them with
``map`` over the whole column — and :meth:`Engine.text_columns` does the
same for records given as field texts. :meth:`Engine.check_batch` adds
the findings of the mandatory fields and of the record rules, which look
only at the records their cheap column pass suspects (see
:mod:`sgs.validation.rules`), and :meth:`Engine.keys` gives each record's
decision key; :mod:`sgs.validation.pipeline` puts these steps together
for the runners. Findings become
:class:`~sgs.validation.issues.Issue` objects only for the records that
have any; nothing raises on the hot path.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from itertools import compress, repeat
from typing import Any, Final

from sgs.ids import personal, resident
from sgs.io.formula import unescape_formula
from sgs.io.reader import Column
from sgs.io.rows import Position, place
from sgs.standard import Kind, Requirement, Standard
from sgs.standard.keys import DecisionKey, decision_keys, key_fields, key_hash
from sgs.validation.catalogue import Catalogue
from sgs.validation.duplicates import SeenKeys
from sgs.validation.fields import MEMO_LIMIT, FieldCheck, compile_field, is_free_text
from sgs.validation.issues import Finding, Issue, Severity
from sgs.validation.policy import Policy
from sgs.validation.rules import ColumnRule, Columns, PluginRule, Rule, RuleContext, builtin_rules

__all__ = ["TRIM", "Batch", "Engine", "Findings", "TableColumns"]

#: What is stripped from a cell: ASCII whitespace, the ideographic space, NBSP, BOM and
#: zero-width space (as the reader).
TRIM: Final = " \t\r\n\v\f\u3000\u00a0\ufeff\u200b"

#: Findings of a batch by record index (records without findings have no key).
Findings = dict[int, list[Finding]]


class _Miss:
    __slots__ = ()


_MISS: Final = _Miss()


class _NoColumn:
    """An absent column: ``None`` at every index."""

    __slots__ = ()

    def __getitem__(self, index: int) -> None:
        return None


_NONE: Final = _NoColumn()


class Batch:
    """What spans all records of one validation run: the decisions seen so far.

    Record references are kept as ``file index << 40 | record number``.
    """

    def __init__(self) -> None:
        self.index = SeenKeys()
        #: The file and sheet of each table of the run.
        self.files: list[tuple[str | None, str | None]] = []

    def add_file(self, name: str | None, sheet: str | None = None) -> int:
        """Add a table (a file, or a sheet of one); return its index in references."""
        self.files.append((name, sheet))
        return len(self.files) - 1

    def describe(self, ref: int, here: str | None, sheet: str | None = None) -> tuple[str, str]:
        """Chinese and English words for the record ``ref``, seen from file ``here``, ``sheet``.

        >>> batch = Batch()
        >>> _, _ = batch.add_file("a.xls", "法人"), batch.add_file("a.xls", "自然人")
        >>> batch.describe(1 << 40 | 3, "a.xls", "自然人")
        ('第3条记录', 'record 3')
        >>> batch.describe(3, "a.xls", "自然人")
        ('工作表“法人”第3条记录', 'record 3 of sheet 法人')
        >>> batch.describe(3, "b.csv")
        ('a.xls [法人] 第3条记录', 'record 3 of a.xls [法人]')
        """
        file, record = ref >> 40, ref & ((1 << 40) - 1)
        name, first_sheet = self.files[file] if file < len(self.files) else (None, None)
        if name is None or (name == here and first_sheet == sheet):
            return f"第{record}条记录", f"record {record}"
        if name == here and first_sheet is not None:
            return (
                f"工作表“{first_sheet}”第{record}条记录",
                f"record {record} of sheet {first_sheet}",
            )
        where = place(name, first_sheet)
        return f"{where} 第{record}条记录", f"record {record} of {where}"


#: A function hashing decision keys, a list at a time (see :attr:`Engine.hash_keys`).
KeyHasher = Callable[[Sequence[DecisionKey]], list[int]]


def _hashes(keys: Sequence[DecisionKey]) -> list[int]:
    return list(map(hash, keys))


def _stable_hashes(keys: Sequence[DecisionKey]) -> list[int]:
    return list(map(key_hash, keys))


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
        stable_keys: bool = False,
        hash_keys: KeyHasher | None = None,
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
        self.mandatory_order = tuple(sorted(self.mandatory))
        context = RuleContext(spec=spec, standard=standard, as_of=as_of)
        self.rules: list[ColumnRule] = builtin_rules(context)
        self.rules.extend(PluginRule(r, context, catalogue) for r in rules if kind in r.kinds)
        code, name, number = key_fields(spec)
        #: The 决定书文号 field ("" when the spec has none: no column, no key).
        self.number_field: str = number or ""
        self._authority = (code, name)
        self._severity: dict[tuple[str, str | None], Severity | None] = {}
        self._personal = frozenset(f.code for f in spec.fields if f.personal)
        #: How decision keys are hashed, a list at a time: as given (the columnar engine's
        #: numpy hash), else :func:`~sgs.standard.keys.key_hash` when they must agree across
        #: processes started apart, else Python's ``hash``.
        self.hash_keys: KeyHasher = hash_keys or (_stable_hashes if stable_keys else _hashes)

    # -- batches ------------------------------------------------------------------------------
    def text_columns(
        self, texts: Sequence[Mapping[str, str]]
    ) -> tuple[dict[str, list[Any]], Findings]:
        """Columns and field findings of records given as field code → cleaned, non-empty text."""
        columns: dict[str, list[Any]] = {}
        findings: Findings = {}
        for code, check in self.checks.items():
            cells = [t.get(code) for t in texts]
            if not any(c is not None for c in cells):
                continue
            values: list[Any] = []
            for i, text in enumerate(cells):
                if text is None:
                    values.append(None)
                    continue
                value, found = check(text)
                values.append(value)
                if found:
                    findings.setdefault(i, []).extend(found)
            columns[code] = values
        return columns, findings

    def blank(self, columns: Columns, n: int) -> list[int]:
        """Records of the batch without any value."""
        if not columns:
            return list(range(n))
        first = next(iter(columns.values()))
        if None not in first:
            return []
        values = list(columns.values())
        return [i for i, v in enumerate(first) if v is None and all(c[i] is None for c in values)]

    def check_batch(
        self, columns: Columns, n: int, findings: Findings, skip: Collection[int] = ()
    ) -> Findings:
        """Add the findings of mandatory fields and record rules to the field ``findings``.

        ``skip`` lists records not to check (blank ones).
        """
        for code in self.mandatory_order:
            column = columns.get(code)
            if column is None:
                missing: Iterable[int] = range(n)
            else:
                # identity, not ``None in column``: comparing a Decimal with None is slow
                if not any(map(operator.is_, column, repeat(None))):
                    continue
                missing = list(compress(range(n), map(operator.is_, column, repeat(None))))
            finding = Finding("required-missing", code)
            for i in missing:
                findings.setdefault(i, []).append(finding)
        rows: dict[int, dict[str, Any]] = {}
        for rule in self.rules:
            fields = rule.fields
            for i in rule.suspects(columns, n):
                if fields is not None:
                    values = {c: v for c in fields if (v := columns.get(c, _NONE)[i]) is not None}
                else:
                    values = rows.get(i)  # type: ignore[assignment]
                    if values is None:
                        values = rows[i] = self.row_values(columns, i)
                found = rule.check(values)
                if found:
                    findings.setdefault(i, []).extend(found)
        for i in skip:
            findings.pop(i, None)
        return findings

    @staticmethod
    def row_values(columns: Columns, i: int) -> dict[str, Any]:
        """The values of record ``i`` of a batch, by field code (empty fields left out)."""
        return {code: column[i] for code, column in columns.items() if column[i] is not None}

    def keys(self, columns: Columns, n: int) -> tuple[list[int], list[int]]:
        """Records of the batch with a 决定书文号, and the hash of each one's decision key.

        The key is (kind, the authority's credit code — or its name when the
        code is empty —, the normalized number).
        """
        numbers = columns.get(self.number_field)
        if numbers is None:
            return [], []
        code, name = self._authority
        codes = columns.get(code) if code is not None else None
        names = columns.get(name) if name is not None else None
        owners: Sequence[Any]
        if codes is not None and None not in codes:
            owners = codes
        elif codes is None and names is None:
            owners = [""] * n
        else:
            nothing = [None] * n
            owners = [a or b or "" for a, b in zip(codes or nothing, names or nothing, strict=True)]
        if None in numbers:
            present = [i for i, v in enumerate(numbers) if v is not None]
            keyed = [numbers[i] for i in present]
            owners = [owners[i] for i in present]
        else:
            present, keyed = list(range(n)), list(numbers)
        return present, self.hash_keys(decision_keys(self.kind, owners, keyed))

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
            if value is not None:
                if f.field in self._personal or resident.looks_like(value):
                    value = resident.mask(value)  # an ID number in any field is masked
                else:  # and personal data typed into it, by the publication's masker
                    value = personal.mask_message(value)
            params: dict[str, Any] = {
                "label": field.label if field else "",
                "field": f.field or "",
                "value": value if value is not None else "",
            }
            if f.params:
                params.update(f.params)
                ref = params.get("first_ref")
                if ref is not None and "first" not in params:
                    params["first"], params["first_en"] = self.batch.describe(
                        ref, position.file, position.sheet
                    )
            zh, en = self.catalogue[f.code].format(params)
            zh, en = personal.mask_message(zh), personal.mask_message(en)  # and in the words
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

    def table_columns(
        self, columns: Sequence[Column], empty: Collection[str], *, unescape: bool
    ) -> TableColumns | None:
        """The column builder for a table's raw cells, or ``None`` when it does not apply.

        It does not apply when a field is fed by several columns or a column
        implies values for other fields (pre-2018 templates): those rows go
        through the reader and :meth:`text_columns`.
        """
        mapped = [c for c in columns if c.code is not None]
        codes = [c.code for c in mapped]
        if len(set(codes)) != len(codes) or any(c.implies for c in mapped):
            return None
        return TableColumns(self, mapped, frozenset(empty), unescape)


class TableColumns:
    """Raw table rows → value columns and field findings, one batch at a time."""

    def __init__(
        self, engine: Engine, columns: Sequence[Column], empty: frozenset[str], unescape: bool
    ) -> None:
        self.width = max((c.index for c in columns), default=-1) + 1
        self.empty = empty
        self.longest = max(map(len, empty), default=0)
        self.unescape = unescape
        self.plan: list[tuple[Column, str, FieldCheck, int | None, bool]] = []
        self.memos: dict[str, tuple[dict[str, Any], dict[str, tuple[Finding, ...]]]] = {}
        # In the spec's field order, whatever the file's: the findings of a record and the
        # columns a rule looks through come in the same order as for records given as texts.
        order = {code: n for n, code in enumerate(engine.spec.codes)}
        for column in sorted(columns, key=lambda c: order[c.code or ""]):
            code = column.code
            assert code is not None
            field = engine.spec[code]
            free = is_free_text(field)
            self.plan.append((column, code, engine.checks[code], field.max_length, free))
            self.memos[code] = ({}, {})

    def _clean(self, cell: str) -> str:
        text = cell.strip(TRIM)
        if self.unescape and cell[:1] == "'":
            text = unescape_formula(text).strip(TRIM)
        return text

    def build(self, rows: Sequence[Sequence[str]]) -> tuple[dict[str, list[Any]], Findings]:
        """The columns (``None`` for empty cells) and the field findings of ``rows``."""
        width = self.width
        if rows and min(map(len, rows)) < width:
            rows = [r if len(r) >= width else [*r, *[""] * (width - len(r))] for r in rows]
        table = list(zip(*rows, strict=False)) if rows else []
        columns: dict[str, list[Any]] = {}
        findings: Findings = {}
        for column, code, check, limit, free in self.plan:
            if column.index >= len(table):
                continue
            raw = table[column.index]
            if free:
                columns[code] = self._free(raw, code, limit, column.value_map, findings)
            else:
                columns[code] = self._memoized(raw, code, check, column.value_map, findings)
        return columns, findings

    def _free(
        self,
        raw: Sequence[str],
        code: str,
        limit: int | None,
        value_map: Mapping[str, str],
        findings: Findings,
    ) -> list[Any]:
        # A few passes in C over the column; Python only at the cells that need it.
        if not any(raw):
            return [None] * len(raw)
        texts: list[Any] = list(map(str.strip, raw, repeat(TRIM)))
        if self.unescape and any(map(str.startswith, raw, repeat("'"))):
            texts = [self._clean(c) for c in raw]
        lengths = list(map(len, texts))
        longest = max(lengths)
        if not longest:
            return [None] * len(texts)
        empty = self.empty
        if not empty.isdisjoint(texts):
            for i in compress(range(len(texts)), map(empty.__contains__, texts)):
                texts[i] = None
        values = texts
        if value_map:
            values = [value_map.get(t, t) if t is not None else None for t in values]
            lengths = [len(t) if t is not None else 0 for t in values]
        if limit is not None and longest > limit:
            for i in compress(range(len(lengths)), map(operator.gt, lengths, repeat(limit))):
                t = values[i]
                if t is not None:
                    params = {"length": len(t), "max": limit}
                    findings.setdefault(i, []).append(Finding("too-long", code, t, params))
        return values

    def _memoized(
        self,
        raw: Sequence[str],
        code: str,
        check: FieldCheck,
        value_map: Mapping[str, str],
        findings: Findings,
    ) -> list[Any]:
        if not any(raw):
            return [None] * len(raw)
        known, found_by_cell = self.memos[code]
        values = list(map(known.get, raw, repeat(_MISS)))
        # Identity, not ``in``: comparing a Decimal with a sentinel is a hundred times slower.
        if any(map(operator.is_, values, repeat(_MISS))):
            empty = self.empty
            check = getattr(check, "__wrapped__", check)  # this memo replaces the field's own
            misses = list(compress(range(len(values)), map(operator.is_, values, repeat(_MISS))))
            cells = list(map(raw.__getitem__, misses))
            texts = list(map(str.strip, cells, repeat(TRIM)))
            if self.unescape and any(map(str.startswith, cells, repeat("'"))):
                texts = list(map(self._clean, cells))
            mapped = [value_map.get(t, t) for t in texts] if value_map else texts
            if empty.isdisjoint(texts):
                results = list(map(check, mapped))
            else:
                nothing: tuple[Any, tuple[Finding, ...]] = (None, ())
                results = [
                    nothing if t in empty else check(m) for t, m in zip(texts, mapped, strict=True)
                ]
            room = MEMO_LIMIT - len(known)
            for i, cell, (value, found) in zip(misses, cells, results, strict=True):
                values[i] = value
                if room > 0:
                    if cell not in known:
                        room -= 1
                    known[cell] = value
                    if found:
                        found_by_cell[cell] = found
                elif found:
                    findings.setdefault(i, []).extend(found)
        if found_by_cell and not found_by_cell.keys().isdisjoint(raw):
            for i, cell in enumerate(raw):
                found = found_by_cell.get(cell)
                if found:
                    findings.setdefault(i, []).extend(found)
        return values
