"""Columnar filters: the records of a block that a field check or a record rule could flag.

Every filter returns a superset of the records its exact check flags
(:mod:`sgs.validation.fields`, :mod:`sgs.validation.rules`); a property
test holds each one to that. A cell is *plain* when the exact reader would
take its text as it is: no whitespace to strip at either end, not an empty
marker such as ``无``, no formula quote, no alias to map. Any record with a
cell that is not plain is a suspect, so the filters reason about plain
text only, and the value of a plain cell is its text (or what its field's
check makes of it).

How each check is filtered:

- free text: its length (Arrow's ``utf8_length``);
- 统一社会信用代码 and ID numbers: check characters as byte matrices
  (:mod:`sgs.validation.columnar.ids`);
- amounts: plain decimals (a pattern match in Arrow) within the field's
  decimal places, as float64 for the rules' comparisons — anything else is
  a suspect;
- dates, enumerations and 组织机构代码: once per distinct text of the block
  (``dictionary_encode``) with the field's exact check, memoized across
  blocks;
- the record rules: boolean masks over those values (see each ``_rule_…``
  function); a rule without a columnar filter (a plugin's) makes every
  record a suspect.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from itertools import repeat
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sgs.records import IdType, SubjectCategory
from sgs.standard import FieldType
from sgs.standard.keys import decision_keys
from sgs.validation.columnar.arrays import as_numpy, booleans, indices, strings
from sgs.validation.columnar.cells import BlockCells
from sgs.validation.columnar.ids import resident_matrix_valid, uscc_valid
from sgs.validation.columnar.keys import hash_keys, hash_texts
from sgs.validation.engine import Engine, TableColumns
from sgs.validation.fields import MEMO_LIMIT, identifier_role
from sgs.validation.rules.base import ColumnRule
from sgs.validation.rules.category import CategoryRule
from sgs.validation.rules.dates import DateRule
from sgs.validation.rules.identity import IdentityRule
from sgs.validation.rules.penalty import PenaltyTypeRule
from sgs.validation.rules.publication import PublicationRule
from sgs.validation.rules.swapped import SwappedRule

__all__ = ["RULE_FILTERS", "BlockFilter"]

#: What ``str.strip()`` takes off a 文号 (Unicode separators, ASCII and C1 whitespace) at
#: either end, as an RE2 pattern.
_SPACE: Final = r"[\pZ\t-\r\x1c-\x1f\x85]"
_EDGE_SPACE: Final = rf"^{_SPACE}|{_SPACE}$"


@functools.cache
def _other_digits() -> str:
    """An RE2 class of the decimal digits other than 0-9 (what else Python's ``\\d`` matches).

    >>> "{ff10}-" in _other_digits()  # the full-width ones
    True
    """
    runs: list[list[int]] = []
    for code in range(0x80, 0x20000):
        if chr(code).isdecimal():
            if runs and runs[-1][1] == code - 1:
                runs[-1][1] = code
            else:
                runs.append([code, code])
    return "[" + "".join(f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in runs) + "]"


@functools.cache
def _run() -> str:
    """The run of characters before a 元 that ``yuan_amounts`` may read an amount from:
    digits (0-9 and Python's others), ``.``, ``,`` and what Python's ``\\s`` matches
    (:data:`_SPACE`), as an RE2 group ``n`` at the end of the text."""
    return rf"(?P<n>(?:[0-9.,]|{_other_digits()}|{_SPACE})+)$"


def _normalized(numbers: pa.Array) -> pa.Array:
    """:func:`~sgs.standard.keys.normalize_number` of each 文号, in Arrow.

    >>> _normalized(strings(["罚 [2019] 1号", "罚〔2019〕3号", "罚（2019）2号"])).to_pylist()
    ['罚〔2019〕1号', '罚〔2019〕3号', '罚〔2019〕2号']
    """
    odd = pc.match_substring_regex(numbers, r"[\[\]【】(（)） \t\r\n\x{3000}\x{00a0}]")
    if not pc.any(odd).as_py():
        return numbers
    some = numbers.filter(odd)
    some = pc.replace_substring_regex(some, r"[\[【(（]", "〔")
    some = pc.replace_substring_regex(some, r"[\]】)）]", "〕")
    some = pc.replace_substring_regex(some, r"[ \t\r\n\x{3000}\x{00a0}]", "")
    return pc.replace_with_mask(numbers, odd, some)


_ORG, _PERSON, _SOLE = (
    SubjectCategory.ORGANIZATION,
    SubjectCategory.NATURAL_PERSON,
    SubjectCategory.INDIVIDUAL_BUSINESS,
)
#: Day numbers standing for "not a date": below and above every real one.
_NO_START: Final = -1
_NO_END: Final = 10**9


class Block:
    """One block's columns as the filters see them: by field code, with lazy derived values."""

    def __init__(self, owner: BlockFilter, columns: Sequence[pa.Array], n: int) -> None:
        self.owner = owner
        self.n = n
        self.raw = columns
        self.columns = {code: columns[index] for index, code in owner.mapped}
        self.cells = BlockCells([columns[index] for index, _ in owner.mapped])
        self._filled: dict[str, Any] = {}
        self._values: dict[str, Any] = {}
        self._encoded: dict[str, tuple[list[Any], Any]] = {}
        self._index: dict[str, Any] = {}

    def encoded(self, code: str) -> tuple[list[Any], Any]:
        """The distinct texts of field ``code`` and the index of each cell's text in them."""
        found = self._encoded.get(code)
        if found is None:
            encoded = self.columns[code].dictionary_encode()
            texts = encoded.dictionary.to_pylist()
            found = self._encoded[code] = (texts, as_numpy(encoded.indices))
        return found

    def column(self, code: str) -> pa.Array | None:
        return self.columns.get(code)

    def filled(self, code: str | None) -> Any:
        """Which cells of field ``code`` hold text (all ``False`` when it has no column)."""
        if code is None or code not in self.columns:
            return np.zeros(self.n, dtype=bool)
        found = self._filled.get(code)
        if found is None:
            found = self._filled[code] = self.cells.filled(self.owner.position[code])
        return found

    def fixed(self, code: str, width: int) -> tuple[Any, Any]:
        """The cells of field ``code`` of ``width`` bytes as a matrix, and their records."""
        return self.cells.fixed(self.owner.position[code], width)

    def values(self, code: str | None, what: str) -> Any:
        """``what`` (a name in the filter's ``conversions``) of each cell's checked value.

        Each distinct text of the block is checked once (and memoized across
        blocks); a field without a column gives the value of an empty cell.
        """
        convert, dtype = self.owner.conversions[what]
        if code is None or code not in self.columns:
            return np.full(self.n, convert(None), dtype=dtype)
        key = f"{code}:{what}"
        found = self._values.get(key)
        if found is None:
            index = self._index.get(code, _MISSING)
            if index is _MISSING:
                index = self._index[code] = self.owner.known(code).index(self.columns[code])
            if index is None:  # too many distinct texts to remember: this block's own
                texts, indices = self.encoded(code)
                found = self.owner.distinct(code, texts, indices, what)
            else:
                found = self.owner.known(code).converted(what, convert, dtype)[index]
            self._values[key] = found
        return found

    def amounts(self, code: str | None) -> Any:
        """Plain decimal amounts as float64 (NaN where empty or not plain)."""
        if code is None or code not in self.columns:
            return np.full(self.n, np.nan)
        key = f"{code}:float"
        found = self._values.get(key)
        if found is None:
            cells = self.columns[code]
            plain = pc.match_substring_regex(cells, r"^\d{1,15}(\.\d+)?$")
            found = np.full(self.n, np.nan)
            numbers = pc.cast(cells.filter(plain), pa.float64())
            found[as_numpy(plain)] = as_numpy(numbers)
            self._values[key] = found
        return found


class _Known:
    """The distinct texts of one field seen so far, their check results and conversions.

    A block's cells are looked up among them in Arrow (``index_in``); only texts not seen
    before are checked, once, in Python.
    """

    def __init__(self, check: Callable[[str], Any]) -> None:
        self.check = check
        self.texts: list[str] = []
        self.results: list[Any] = []
        self.array = strings([])
        self.values: dict[str, Any] = {}

    def index(self, cells: pa.Array) -> Any:
        """The position of each cell's text among the known ones (``None``: too many)."""
        found = pc.index_in(cells, value_set=self.array)
        if found.null_count:
            new = pc.unique(cells.filter(pc.is_null(found))).to_pylist()
            if len(self.texts) + len(new) > MEMO_LIMIT:
                return None
            check = self.check
            self.texts.extend(new)
            self.results.extend(check(t) if t else _EMPTY for t in new)
            self.array = pa.concat_arrays([self.array, strings(new)])
            found = pc.index_in(cells, value_set=self.array)
        return as_numpy(found)

    def converted(self, what: str, convert: Callable[[Any], Any], dtype: Any) -> Any:
        """``convert`` of every known text's result, in the order of :attr:`texts`."""
        have = self.values.get(what)
        start = 0 if have is None else len(have)
        if start < len(self.texts):
            extra = [convert(None if r is _EMPTY else r) for r in self.results[start:]]
            more = np.array(extra, dtype=dtype)
            have = self.values[what] = more if have is None else np.concatenate([have, more])
        return have if have is not None else np.zeros(0, dtype=dtype)


class BlockFilter:
    """The filters of one engine over the blocks of one table."""

    def __init__(self, engine: Engine, builder: TableColumns) -> None:
        self.engine = engine
        self.spec = engine.spec
        self.mapped = [(column.index, code) for column, code, _, _, _ in builder.plan]
        #: field code → its place among the mapped columns (in :class:`BlockCells`).
        self.position = {code: k for k, (_, code) in enumerate(self.mapped)}
        placeholder = engine.standard.placeholder_credit_code
        self.placeholders = strings([placeholder, placeholder.lower()])
        #: Fields of credit codes that hardly repeat.
        self.unrepeated: set[str] = set()
        #: The last block :meth:`suspects` looked at, for :meth:`keys`.
        self.last: Block | None = None
        self.plan = builder.plan
        self.empty = sorted(m for m in builder.empty if m)
        self.unescape = builder.unescape
        #: field code → text → the field check's result.
        self.memo: dict[str, dict[str, Any]] = {}
        #: (field code, conversion) → text → the converted result.
        self.converted: dict[tuple[str, str], dict[str, Any]] = {}
        self._known: dict[str, _Known] = {}
        self.as_of = engine.as_of
        number = engine.number_field or None
        code, name = engine._authority
        self.key_fields = (code, name, number)
        self.kind = strings([engine.kind.value])[0]
        #: name → (what a check's result (value, findings) — ``None`` for an empty cell —
        #: becomes, numpy dtype of it): the values the rule filters compare.
        self.conversions: dict[str, tuple[Callable[[Any], Any], Any]] = dict(CONVERSIONS)
        #: field code → how a clean cell's text becomes its value (no entry: the text):
        #: ``Decimal`` for amounts, the field's check for dates and enumerations.
        self._convert: dict[str, Any] = {}
        for _, code in self.mapped:
            field = self.spec[code]
            if field.type is FieldType.DECIMAL:
                self._convert[code] = Decimal
            elif field.type in (FieldType.DATE, FieldType.ENUMERATION):
                self._convert[code] = engine.checks[code]
        self._typed: dict[str, _Values] = {}
        self.rules: list[Callable[[Block], Any]] = []
        for rule in engine.rules:
            made = RULE_FILTERS.get(type(rule))
            self.rules.append(made(rule, self) if made is not None else _everyone)

    # -- the values of distinct texts ------------------------------------------------------
    def known(self, code: str) -> _Known:
        found = self._known.get(code)
        if found is None:
            found = self._known[code] = _Known(self.engine.checks[code])
        return found

    def distinct(self, code: str, texts: list[Any], indices: Any, what: str) -> Any:
        """``what`` of each distinct text's check result, spread over the cells (``indices``).

        Both the check's results and their conversions are remembered across blocks.
        """
        convert, dtype = self.conversions[what]
        if not texts:
            return np.full(len(indices), convert(None), dtype=dtype)
        converted = self.converted.setdefault((code, what), {})
        values = list(map(converted.get, texts, repeat(_MISSING)))
        if _MISSING in values:
            memo = self.memo.setdefault(code, {})
            check = self.engine.checks[code]
            for k, text in enumerate(texts):
                if values[k] is not _MISSING:
                    continue
                result = memo.get(text)
                if result is None:
                    result = check(text) if text else _EMPTY
                    if len(memo) < MEMO_LIMIT:
                        memo[text] = result
                values[k] = value = convert(None if result is _EMPTY else result)
                if len(converted) < MEMO_LIMIT:
                    converted[text] = value
        return np.array(values, dtype=dtype)[indices]

    # -- the filters -----------------------------------------------------------------------
    def suspects(self, columns: Sequence[pa.Array], n: int) -> Any:
        """Which records of the block a check could flag (a boolean array)."""
        block = self.last = Block(self, columns, n)
        odd = block.cells.odd(self.empty, unescape=self.unescape)
        suspect = odd.any(axis=0) if len(odd) else np.zeros(n, dtype=bool)
        for column, code, _, limit, free in self.plan:
            suspect |= self._cell_filter(block, column, code, limit, free)
        for code in self.engine.mandatory_order:
            suspect |= ~block.filled(code)
        for rule in self.rules:
            suspect |= rule(block)
        return suspect

    def _cell_filter(
        self, block: Block, column: Any, code: str, limit: int | None, free: bool
    ) -> Any:
        """The cells of one field its check could flag, but for the odd ones (see
        :meth:`BlockCells.odd`), which :meth:`suspects` has taken already."""
        cells = block.columns[code]
        filled = block.filled(code)
        if not filled.any():
            return filled
        if column.value_map:
            suspect = as_numpy(pc.is_in(cells, value_set=strings(column.value_map)))
        else:
            suspect = np.zeros(block.n, dtype=bool)
        field = self.spec[code]
        role = identifier_role(field)
        if free:
            if limit is not None and block.cells.lengths[self.position[code]].max() > limit:
                lengths = as_numpy(pc.utf8_length(cells))
                suspect |= lengths > limit  # characters are never more than bytes
        elif role in ("party-uscc", "authority-uscc"):
            suspect |= filled & ~self._uscc_valid(block, code, role == "party-uscc")
        elif field.type is FieldType.DECIMAL:
            suspect |= filled & ~_plain_decimal(cells, field.decimals)
        else:
            suspect |= block.values(code, "flags")
        return suspect

    def _uscc_valid(self, block: Block, code: str, party: bool) -> Any:
        """Which cells of field ``code`` are credit codes without a finding of their own:
        each distinct code once where they repeat (an authority's, say).

        A party's placeholder code has none: whether it may stand is the category
        rule's to say.
        """
        cells = block.columns[code]
        if code not in self.unrepeated:
            encoded = cells.dictionary_encode()
            if len(encoded.dictionary) * 4 <= block.n:
                valid = self._codes_valid(encoded.dictionary, party)
                return valid[as_numpy(encoded.indices)]
            self.unrepeated.add(code)  # this field's codes hardly repeat: encode no more
        return self._codes_valid(cells, party)

    def _codes_valid(self, cells: pa.Array, party: bool) -> Any:
        valid = uscc_valid(cells)
        if party:
            rest = np.flatnonzero(~valid & (as_numpy(pc.binary_length(cells)) == 18))
            if len(rest):
                taken = cells.take(indices(rest))
                valid[rest] = as_numpy(pc.is_in(taken, value_set=self.placeholders))
        return valid

    # -- decision keys ---------------------------------------------------------------------
    def keys(self, columns: Sequence[pa.Array], n: int, suspect: Any) -> tuple[Any, Any]:
        """The records that are not suspects and have a 文号: their indices and key hashes
        (numpy arrays, in record order).

        The key is :func:`~sgs.standard.keys.decision_keys`'s, hashed as the engine hashes
        keys. A record that is no suspect has a valid credit code where it has one, already
        in its key's form; a 文号 without anything to strip is normalised in Arrow. Only the
        others go through ``decision_keys``, as do all where the engine's hash is not the
        columnar one.
        """
        code, name, number = self.key_fields
        block = self.last
        if block is None or block.raw is not columns:
            block = Block(self, columns, n)
        if number is None or number not in block.columns:
            return _NO_KEYS
        chosen = ~suspect & block.filled(number)
        if not chosen.any():
            return _NO_KEYS
        numbers = block.columns[number]
        plain = chosen & block.filled(code)
        if self.engine.hash_keys is not hash_keys:
            plain[:] = False
        spaced = np.flatnonzero(plain & block.cells.spaced(self.position[number]))
        if len(spaced):  # a 文号 that decision_keys strips: to decision_keys
            cells = numbers.take(indices(spaced))
            plain[spaced[as_numpy(pc.match_substring_regex(cells, _EDGE_SPACE))]] = False
        where = np.flatnonzero(plain)
        hashes = np.zeros(0, dtype=np.int64)
        if len(where) and code is not None:
            index = indices(where)
            joined = pc.binary_join_element_wise(
                self.kind, block.columns[code].take(index), _normalized(numbers.take(index)),
                _SEPARATOR,
            )  # fmt: skip
            hashes = hash_texts(joined)
        rest = np.flatnonzero(chosen & ~plain)
        if not len(rest):
            return where, hashes
        index = indices(rest)
        others = numbers.take(index).to_pylist()
        found: list[str] = [""] * len(rest)
        for field in (name, code):  # the code wins where there is one
            if field is not None and field in block.columns:
                cells = block.columns[field].take(index).to_pylist()
                found = [t or o for t, o in zip(cells, found, strict=True)]
        more = np.array(self.engine.hash_keys(decision_keys(self.engine.kind, found, others)),
                        dtype=np.int64)  # fmt: skip
        records = np.concatenate([where, rest])
        order = np.argsort(records, kind="stable")
        return records[order], np.concatenate([hashes, more])[order]

    def typed_columns(
        self, columns: Sequence[pa.Array], chosen: Any, exact: Mapping[str, Sequence[Any]]
    ) -> dict[str, list[Any]]:
        """The value columns of a block's records, as the exact checks build them (field
        code → one value a record; ``None`` for an empty cell).

        A record that is no suspect has every cell as it is and no finding: its value is
        the check's of its text — a date, a ``Decimal``, an enumeration's value — or the
        text itself for other fields. The suspects ``chosen`` have the exact checks'
        values (``exact``, one a suspect).
        """
        typed: dict[str, list[Any]] = {}
        where = chosen.tolist()
        for index, code in self.mapped:
            texts = columns[index].to_pylist()
            for i in where:  # not converted: the exact checks give their values
                texts[i] = ""
            convert = self._convert.get(code)
            if convert is None:
                typed[code] = [t or None for t in texts]
            elif convert is Decimal:  # a plain decimal, as the check reads it
                typed[code] = [Decimal(t) if t else None for t in texts]
            else:
                values = self._typed.get(code)
                if values is None or len(values) > MEMO_LIMIT:
                    values = self._typed[code] = _Values(convert)
                typed[code] = list(map(values.__getitem__, texts))
        n = len(columns[0]) if columns else 0
        for code, column in exact.items():
            into = typed.setdefault(code, [None] * n)
            for j, i in enumerate(where):
                into[i] = column[j]
        return typed

    def number_text(self, columns: Sequence[pa.Array], record: int) -> str:
        """The 决定书文号 cell of the block's record ``record``, as read."""
        index, _ = self.mapped[self.position[self.engine.number_field]]
        return str(columns[index][record].as_py())


class _Values(dict[str, Any]):
    """Text → the check's value, each text checked once (``None`` for an empty one)."""

    def __init__(self, check: Callable[[str], Any]) -> None:
        super().__init__()
        self.check = check

    def __missing__(self, text: str) -> Any:
        value = self[text] = self.check(text)[0] if text else None
        return value


_NO_KEYS: Final = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
_SEPARATOR: Final = strings(["\x1f"])[0]


def _plain_decimal(cells: pa.Array, places: int | None) -> Any:
    """Cells of digits, with at most ``places`` decimals (any number when ``None``)."""
    if places == 0:
        pattern = r"^\d{1,15}$"
    else:
        decimals = "+" if places is None else f"{{1,{places}}}"
        pattern = rf"^\d{{1,15}}(\.\d{decimals})?$"
    return as_numpy(pc.match_substring_regex(cells, pattern))


def _everyone(block: Block) -> Any:
    return np.ones(block.n, dtype=bool)


def _value(result: Any) -> Any:
    return None if result is None else result[0]


def _category(result: Any) -> int:
    value = _value(result)
    return 1 if value is _ORG else 2 if value is _PERSON else 3 if value is _SOLE else 0


def _day(result: Any) -> int:
    """Day number of a date value (``LONG_TERM`` too), else :data:`_NO_START`."""
    value = _value(result)
    return value.toordinal() if isinstance(value, dt.date) else _NO_START


def _end(result: Any) -> int:
    """Day number of a date value (``LONG_TERM`` too), else :data:`_NO_END`."""
    value = _value(result)
    return value.toordinal() if isinstance(value, dt.date) else _NO_END


CONVERSIONS: Final[dict[str, tuple[Callable[[Any], Any], Any]]] = {
    "flags": (lambda result: bool(result and result[1]), bool),
    "category": (_category, np.int8),
    "card": (lambda result: _value(result) is IdType.ID_CARD, bool),
    "day": (_day, np.int64),
    "end": (_end, np.int64),
}

#: The "result" of an empty cell in the memo of check results.
_EMPTY: Final = (None, ())
#: A text not converted yet (``None`` and ``False`` are conversions' values).
_MISSING: Final = object()

RuleFilter = Callable[[Block], Any]
RULE_FILTERS: dict[type[ColumnRule], Callable[[Any, BlockFilter], RuleFilter]] = {}


def _filters(
    family: type[ColumnRule],
) -> Callable[[Callable[[Any, BlockFilter], RuleFilter]], Callable[[Any, BlockFilter], RuleFilter]]:
    def register(
        make: Callable[[Any, BlockFilter], RuleFilter],
    ) -> Callable[[Any, BlockFilter], RuleFilter]:
        RULE_FILTERS[family] = make
        return make

    return register


@_filters(CategoryRule)
def _rule_category(rule: CategoryRule, owner: BlockFilter) -> RuleFilter:
    """The §4 matrix: what :meth:`CategoryRule.suspects` tests, on cell presence."""
    placeholders = strings(rule.placeholders)

    def suspects(block: Block) -> Any:
        cat = block.values(rule.category, "category")
        person, organisation = cat == 2, (cat == 1) | (cat == 3)
        has = block.filled
        id_type, id_number = rule.person_fields
        found = person & (~has(id_type) | ~has(id_number))
        found |= organisation & (~has(rule.credit) | ~has(rule.rep))
        credit = block.column(rule.credit)
        if credit is not None:  # the placeholder: no organisation's, a 个体工商户's with 注册号
            placeholder = as_numpy(pc.is_in(credit, value_set=placeholders))
            found |= placeholder & ((cat == 1) | (cat == 3) & ~has(rule.regno))
        for code in rule.organisation_fields:
            found |= person & has(code)
        for code in rule.person_fields:
            found |= organisation & has(code)
        found |= organisation & (has(rule.rep_type) ^ has(rule.rep_id))
        return found

    return suspects


@_filters(IdentityRule)
def _rule_identity(rule: IdentityRule, owner: BlockFilter) -> RuleFilter:
    """ID numbers of 身份证 holders that are not certainly valid 18-digit numbers."""

    def suspects(block: Block) -> Any:
        found = np.zeros(block.n, dtype=bool)
        for type_code, number_code in rule.pairs:
            card = block.values(type_code, "card")
            numbers = block.column(number_code)
            if numbers is None or not card.any():
                continue
            matrix, where = block.fixed(number_code, 18)
            valid = np.zeros(block.n, dtype=bool)
            valid[where] = resident_matrix_valid(matrix, rule.as_of)
            found |= card & block.filled(number_code) & ~valid
        return found

    return suspects


@_filters(DateRule)
def _rule_dates(rule: DateRule, owner: BlockFilter) -> RuleFilter:
    """Decisions after the reference date; periods ending before their start or decision."""
    today = rule.as_of.toordinal()

    def suspects(block: Block) -> Any:
        found = block.values(rule.decision, "day") > today
        end = block.values(rule.end, "end")
        for other in (rule.decision, rule.start):
            if other is not None:
                found |= end < block.values(other, "day")
        return found

    return suspects


@_filters(PublicationRule)
def _rule_publication(rule: PublicationRule, owner: BlockFilter) -> RuleFilter:
    """A 公示截止期 outside the window of its decision's regime (a longer 有效期 only widens it)."""

    def window(result: Any, side: int) -> int:
        value = _value(result)
        if not isinstance(value, dt.date):
            return _NO_END if side else _NO_START
        bounds = rule.bounds(value)
        if bounds is None:
            return _NO_END if side else _NO_START
        return (bounds[2] if side else bounds[1]).toordinal()

    owner.conversions["low"] = (lambda result: window(result, 0), np.int64)
    owner.conversions["high"] = (lambda result: window(result, 1), np.int64)

    def suspects(block: Block) -> Any:
        end = block.values(rule.end, "day")
        low = block.values(rule.decision, "low")
        high = block.values(rule.decision, "high")
        known = (end != _NO_START) & (low != _NO_START)
        return known & ((end < low) | (end > high))

    return suspects


@_filters(PenaltyTypeRule)
def _rule_penalty(rule: PenaltyTypeRule, owner: BlockFilter) -> RuleFilter:
    """What the 处罚类别 call for and the record lacks; amounts that may be in 元."""
    bits = {"fine-amount-missing": 1, "confiscation-amount-missing": 2, "licence-name-missing": 4}

    def needs(result: Any) -> int:
        found = rule.type_findings(_value(result), None, None, True)
        return sum(bits[f.code] for f in found)

    owner.conversions["needs"] = (needs, np.int8)

    def suspects(block: Block) -> Any:
        need = block.values(rule.types, "needs")
        has = block.filled
        fines = block.amounts(rule.fine)
        found = ((need & 1) > 0) & (~has(rule.fine) | (fines == 0))
        found |= ((need & 2) > 0) & ~has(rule.confiscation)
        found |= ((need & 4) > 0) & ~has(rule.licence)
        for code in (rule.fine, rule.confiscation):
            found |= block.amounts(code) >= 10000  # over 1亿元
        texts = block.column(rule.content) if rule.content else None
        if texts is None:
            return found
        # An amount the text may write in 元 (only one of 1 万元 or more can be): the numbers
        # just before a 元 compared with it, then the exact search.
        rows = np.flatnonzero(
            (block.amounts(rule.fine) >= 1) | (block.amounts(rule.confiscation) >= 1)
        )
        if not len(rows):
            return found
        quoted = texts.take(indices(rows))
        numbers = _YuanNumbers(quoted)
        for code in (rule.fine, rule.confiscation):
            amounts = block.amounts(code)[rows]
            hits = numbers.hits(amounts) & (amounts >= 1)
            if not hits.any():
                continue
            chosen = np.flatnonzero(hits)
            amounts = block.columns[code].take(indices(rows[chosen])).to_pylist()
            said = quoted.take(indices(chosen)).to_pylist()
            for k, cell, text in zip(chosen.tolist(), amounts, said, strict=True):
                if rule.yuan_finding(Decimal(cell), code, text) is not None:
                    found[rows[k]] = True
        return found

    return suspects


#: A number grouped by thousands as ``yuan_amounts`` reads it.
_GROUPED: Final = r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$"


class _YuanNumbers:
    """The numbers written just before each 元 of some texts, to compare with amounts.

    A superset of what :func:`~sgs.validation.rules.penalty.yuan_amounts` reads, whose
    every match ends with a run of digits, points, commas and spaces before 元 (:func:`_run`):
    a text is a candidate for an amount when such a run, read as a number (commas between
    groups of thousands dropped), equals the amount; and whatever the amount, when a run
    has a space, a digit other than 0-9, another comma, two points or more than
    :data:`_LONGEST_RUN` characters (the exact search decides). Numbers are compared as
    float64: two decimals that are equal are equal floats.
    """

    def __init__(self, texts: pa.Array) -> None:
        self.n = len(texts)
        pieces = pc.split_pattern(texts, "元")
        lengths = np.diff(as_numpy(pieces.offsets))
        lengths[~as_numpy(pc.is_valid(pieces))] = 0  # as ``flatten`` skips them
        parents = np.repeat(np.arange(self.n), lengths)
        keep = np.ones(len(parents), dtype=bool)
        keep[np.cumsum(lengths)[lengths > 0] - 1] = False  # what follows the last 元
        runs = pc.extract_regex(pieces.flatten().filter(booleans(keep)), _run()).field("n")
        written = as_numpy(pc.is_valid(runs))
        self.parents = parents[keep][written]
        runs = runs.filter(booleans(written))
        # A run grouped by thousands is read whole; any other with something but digits
        # and one point, or a long one, by the exact search.
        grouped = as_numpy(pc.match_substring_regex(runs, _GROUPED))
        odd = as_numpy(pc.match_substring_regex(runs, r"[^0-9.,]|,|\..*\.")) & ~grouped
        odd |= as_numpy(pc.binary_length(runs)) > _LONGEST_RUN
        self.odd = np.zeros(self.n, dtype=bool)
        self.odd[self.parents[odd]] = True
        runs = pc.replace_substring(runs, ",", "")
        number = as_numpy(pc.match_substring_regex(runs, r"^[0-9]+(\.[0-9]+)?$")) & ~odd
        self.values = np.full(len(runs), np.nan)
        self.values[number] = as_numpy(pc.cast(runs.filter(booleans(number)), pa.float64()))

    def hits(self, amounts: Any) -> Any:
        """Which texts may write their amount (float64, one a text) in 元."""
        found = self.odd.copy()
        if len(self.parents):
            found[self.parents[self.values == amounts[self.parents]]] = True
        return found


#: Runs of digits before 元 longer than this go to the exact search (an amount has at most
#: 15 digits before its point: a longer run read as equal to it has zeros to spare).
_LONGEST_RUN: Final = 40


@_filters(SwappedRule)
def _rule_swapped(rule: SwappedRule, owner: BlockFilter) -> RuleFilter:
    """Nothing of its own: only an enumeration text that does not parse can be out of place,
    and such a cell has its field's ``enum-invalid`` finding, so its record is a suspect."""

    def suspects(block: Block) -> Any:
        return np.zeros(block.n, dtype=bool)

    return suspects
