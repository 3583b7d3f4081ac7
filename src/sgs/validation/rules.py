"""Rules over a whole record: the category matrix, ID numbers, dates, penalty types.

A record rule sees the record as a mapping from field code to value — the
typed value (date, Decimal, enumeration member, tuple of 处罚类别) where
the text parsed, the text itself where it did not (that field already has
its own finding), and no key for an empty field — and returns findings.

Validation runs over batches of records held as columns (field code →
one value per record, ``None`` where empty). Each built-in rule therefore
comes with a *suspects* function: a cheap pass over the columns — mostly
set and ``zip`` operations that run in C — that returns the records the
rule could find anything in, a superset; the rule itself then looks at
those records only. :func:`builtin_rules` compiles both for one record
spec; a plugin's rules are :class:`Rule` objects, run on every record
(see :mod:`sgs.plugins.registries`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs
from dateutil.relativedelta import relativedelta

from sgs.calendar.periods import regime_on
from sgs.ids import resident
from sgs.records import LONG_TERM, IdType, SubjectCategory
from sgs.standard import Kind, RecordSpec, Standard
from sgs.validation.fields import MEMO_LIMIT, NO_FINDINGS
from sgs.validation.issues import Finding, IssueType

__all__ = [
    "IMPLAUSIBLE_AMOUNT",
    "ColumnRule",
    "Columns",
    "CompiledRule",
    "Rule",
    "RuleContext",
    "Suspects",
    "builtin_rules",
]

Values = Mapping[str, Any]
#: Columns of a batch: field code → one value per record (``None``: empty). A
#: field without a column in the source has no key.
Columns = Mapping[str, Sequence[Any]]
CompiledRule = Callable[[Values], Iterable[Finding]]
#: The records of a batch that a rule must look at: indices, in any order.
Suspects = Callable[[Columns, int], Iterable[int]]


@attrs.frozen
class ColumnRule:
    """A compiled built-in rule: who to look at, and what to look for.

    ``fields`` lists the fields ``check`` reads (``None``: any field), so that
    the engine gives it only those.
    """

    suspects: Suspects
    check: CompiledRule
    fields: tuple[str, ...] | None = None


def _filled(column: Sequence[Any] | None) -> list[int]:
    """Indices of the non-empty values of a column (none when it is absent or all empty)."""
    if column is None or column.count(None) == len(column):
        return []
    return [i for i, v in enumerate(column) if v is not None]


#: An amount in 万元 at or above this (1亿元) is implausible enough to warn about.
IMPLAUSIBLE_AMOUNT: Final = Decimal(10000)


@attrs.frozen(kw_only=True)
class RuleContext:
    """What a rule may know besides the record: the spec, the standard, the reference date."""

    spec: RecordSpec
    standard: Standard
    as_of: dt.date

    @property
    def kind(self) -> Kind:
        return self.spec.kind


@attrs.frozen(kw_only=True)
class Rule:
    """A record rule from outside the core (a province's local rule, a vendor's check).

    ``check(values, context)`` returns the findings of one record (see the
    module documentation for ``values``); it may raise — the engine turns
    the error into a ``rule-error`` warning and goes on. ``issue_types``
    declares the codes the rule reports that the catalogue does not have
    yet; ``kinds`` limits the rule to licenses or penalties.
    """

    name: str
    check: Callable[[Values, RuleContext], Iterable[Finding]]
    issue_types: tuple[IssueType, ...] = ()
    kinds: frozenset[Kind] = frozenset(Kind)
    description: str = ""


def _prefix(spec: RecordSpec) -> str:
    return "XK" if spec.kind is Kind.LICENSE else "CF"


# -- the subject-category matrix (标准 §4) ----------------------------------------------------

_ORG, _PERSON, _SOLE = (
    SubjectCategory.ORGANIZATION,
    SubjectCategory.NATURAL_PERSON,
    SubjectCategory.INDIVIDUAL_BUSINESS,
)


def _category_rule(spec: RecordSpec, placeholder: str) -> ColumnRule | None:
    p = _prefix(spec)
    code = {
        "category": f"{p}_XDR_LB",
        "uscc": f"{p}_XDR_SHXYM",
        "regno": f"{p}_XDR_GSZC",
        "rep": f"{p}_FRDB",
        "rep_id_type": f"{p}_FR_ZJLX",
        "rep_id": f"{p}_FR_ZJHM",
        "id_type": f"{p}_XDR_ZJLX",
        "id": f"{p}_XDR_ZJHM",
    }
    if any(c not in spec for c in code.values()):
        return None
    category, credit, regno = code["category"], code["uscc"], code["regno"]
    rep_type, rep_id = code["rep_id_type"], code["rep_id"]
    organisation_required = (credit, code["rep"])
    person_fields = (code["id_type"], code["id"])
    organisation_fields = tuple(
        c
        for c in (
            credit,
            regno,
            f"{p}_XDR_ZZJG",
            f"{p}_XDR_SWDJ",
            f"{p}_XDR_SYDW",
            f"{p}_XDR_SHZZ",
            code["rep"],
            rep_type,
            rep_id,
        )
        if c in spec
    )
    label = {c: spec[c].label for c in code.values()}
    placeholders = (placeholder, placeholder.lower())

    def check(values: Values) -> Iterable[Finding]:
        # Enumeration members are compared by identity: hashing them is slow.
        cat = values.get(category)
        if cat is _PERSON:
            required, forbidden = person_fields, organisation_fields
        elif cat is _ORG or cat is _SOLE:
            required, forbidden = organisation_required, person_fields
        else:
            return NO_FINDINGS
        found = []
        for c in required:
            if c not in values:
                found.append(Finding("category-required", c, None, {"category": str(cat)}))
        for c in forbidden:
            if c in values:
                params = {"category": str(cat)}
                found.append(Finding("category-forbidden", c, str(values[c]), params))
        if cat is _PERSON:
            return found
        own = values.get(credit)
        if own in placeholders:
            if cat is _ORG:
                found.append(Finding("uscc-placeholder", credit, own))
            elif regno not in values:
                found.append(Finding("placeholder-needs-regno", regno, own))
        if rep_type in values:
            if rep_id not in values:
                found.append(Finding("legal-rep-id-pair", rep_id, None, {"other": label[rep_type]}))
        elif rep_id in values:
            found.append(Finding("legal-rep-id-pair", rep_type, None, {"other": label[rep_id]}))
        return found

    def suspects(columns: Columns, n: int) -> Iterable[int]:
        # The records that lack what their category requires, hold what it forbids, or
        # have half of the representative's ID pair: close to the records with findings.
        cat = columns.get(category)
        if cat is None:
            return ()
        nothing = [None] * n
        found = {
            i
            for i, (c, code_, rep, kind_, number) in enumerate(
                zip(
                    cat,
                    columns.get(credit, nothing),
                    columns.get(code["rep"], nothing),
                    columns.get(person_fields[0], nothing),
                    columns.get(person_fields[1], nothing),
                    strict=True,
                )
            )
            if (c is _PERSON and (kind_ is None or number is None))
            or (
                (c is _ORG or c is _SOLE)
                and (code_ is None or rep is None or code_ in placeholders)
            )
        }
        for fields, owner in ((organisation_fields, (_PERSON,)), (person_fields, (_ORG, _SOLE))):
            for c in fields:
                found.update(i for i in _filled(columns.get(c)) if cat[i] in owner)
        types, numbers = set(_filled(columns.get(rep_type))), set(_filled(columns.get(rep_id)))
        found.update(i for i in types ^ numbers if cat[i] is _ORG or cat[i] is _SOLE)
        return found

    return ColumnRule(suspects, check, (*organisation_fields, *person_fields, category))


# -- 居民身份证号码 where the ID type says 身份证 ------------------------------------------------

_ID_DETAIL = {
    "length": "长度不是18或15位 length is not 18 or 15",
    "charset": "含有非数字字符 non-digits",
}


def _id_rule(spec: RecordSpec, as_of: dt.date) -> ColumnRule | None:
    p = _prefix(spec)
    pairs = [
        (f"{p}_{who}_ZJLX", f"{p}_{who}_ZJHM")
        for who in ("XDR", "FR")
        if f"{p}_{who}_ZJLX" in spec and f"{p}_{who}_ZJHM" in spec
    ]
    if not pairs:
        return None
    memo: dict[str, str | None] = {}
    when = as_of.isoformat()

    def problem(number: str) -> str | None:
        found = memo.get(number, "")
        if found == "":
            found = resident.problem(number, as_of=as_of)
            if found is None and resident.is_legacy(number):
                found = "legacy"
            if len(memo) < MEMO_LIMIT:
                memo[number] = found
        return found

    def check(values: Values) -> Iterable[Finding]:
        found: list[Finding] = []
        for type_code, number_code in pairs:
            if values.get(type_code) is not IdType.ID_CARD:
                continue
            number = values.get(number_code)
            if number is None:
                continue
            result = problem(number)
            if result is None:
                continue
            if result == "legacy":
                found.append(Finding("id-legacy-15", number_code, number))
            elif result == "checksum":
                found.append(Finding("id-checksum", number_code, number))
            elif result in ("birth-date", "future-birth-date"):
                found.append(Finding("id-birth-date", number_code, number, {"as_of": when}))
            else:
                found.append(
                    Finding("id-format", number_code, number, {"detail": _ID_DETAIL[result]})
                )
        return found

    card = IdType.ID_CARD

    def suspects(columns: Columns, n: int) -> Iterable[int]:
        found: set[int] = set()
        for type_code, _ in pairs:
            column = columns.get(type_code)
            if column is not None and card in column:
                found.update(i for i, t in enumerate(column) if t is card)
        return found

    return ColumnRule(suspects, check, tuple(c for pair in pairs for c in pair))


# -- dates -------------------------------------------------------------------------------------


def _date_rule(spec: RecordSpec, as_of: dt.date) -> ColumnRule | None:
    if spec.kind is Kind.LICENSE:
        decision, start, end = "XK_JDRQ", "XK_YXQZ", "XK_YXQZI"
    else:
        decision, start, end = "CF_JDRQ", None, "CF_YXQ"
    if decision not in spec or end not in spec:
        return None
    start_label = spec[start].label if start else ""
    when = as_of.isoformat()
    date = dt.date

    def check(values: Values) -> list[Finding]:
        found: list[Finding] = []
        decided = values.get(decision)
        until = values.get(end)
        if isinstance(decided, date) and decided > as_of:
            found.append(
                Finding("decision-in-future", decision, decided.isoformat(), {"as_of": when})
            )
        if not isinstance(until, date):
            return found
        if start is not None:
            begins = values.get(start)
            if isinstance(begins, date) and until < begins:
                params = {"other": start_label, "other_value": begins.isoformat()}
                found.append(Finding("validity-order", end, until.isoformat(), params))
                return found
        if isinstance(decided, date) and until < decided:
            params = {"other_value": decided.isoformat()}
            found.append(Finding("validity-before-decision", end, until.isoformat(), params))
        return found

    def suspects(columns: Columns, n: int) -> Iterable[int]:
        nothing = [None] * n
        decisions = columns.get(decision, nothing)
        late = {d for d in set(decisions) if isinstance(d, date) and d > as_of}
        found = {i for i, d in enumerate(decisions) if d in late} if late else set()
        # A period that ends before its start or its decision. LONG_TERM is a date
        # subclass: its class is not ``date``, and it ends after everything anyway.
        for other in (decision, start):
            if other is None or other not in columns or end not in columns:
                continue
            found.update(
                i
                for i, (b, e) in enumerate(zip(columns[other], columns[end], strict=True))
                if e.__class__ is date and b.__class__ is date and e < b
            )
        return found

    return ColumnRule(suspects, check, tuple(c for c in (decision, start, end) if c is not None))


# -- 处罚类别 and the fields they call for ------------------------------------------------------

_YUAN = re.compile(r"(?<![万\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*元")


def _yuan_amounts(text: str) -> frozenset[Decimal]:
    """Amounts written in 元 in a text: ``罚款2000元`` → {2000}.

    >>> sorted(_yuan_amounts("罚款2,000元，没收违法所得350.5元；另罚3万元"))
    [Decimal('350.5'), Decimal('2000')]
    """
    found = set()
    for whole, fraction in _YUAN.findall(text):
        found.add(Decimal(whole.replace(",", "") + (f".{fraction}" if fraction else "")))
    return frozenset(found)


def _penalty_type_rule(spec: RecordSpec) -> ColumnRule | None:
    needed = ("CF_CFLB", "CF_NR_FK", "CF_NR_WFFF", "CF_NR_ZKDX")
    if any(c not in spec for c in needed):
        return None
    content = "CF_NR" if "CF_NR" in spec else None
    memo: dict[str, frozenset[Decimal]] = {}
    zero = Decimal(0)

    def yuan_finding(amount: Decimal, code: str, text: object) -> Finding | None:
        if isinstance(text, str):
            amounts = memo.get(text)
            if amounts is None:
                amounts = _yuan_amounts(text)
                if len(memo) < MEMO_LIMIT:
                    memo[text] = amounts
            if amount in amounts:
                a = format(amount, "f")
                params = {
                    "reason": f"处罚内容写作{a}元",
                    "reason_en": f"the decision text says {a} 元",
                }
                return Finding("amount-looks-like-yuan", code, a, params)
        if amount >= IMPLAUSIBLE_AMOUNT:
            params = {"reason": "超过1亿元", "reason_en": "that is over 100 million 元"}
            return Finding("amount-looks-like-yuan", code, format(amount, "f"), params)
        return None

    def type_findings(
        types: Any, fine_amount: Any, confiscated: Any, no_licence: bool
    ) -> list[Finding]:
        """What the 处罚类别 call for and the record lacks."""
        if types.__class__ is not tuple:
            return []
        fine = confiscation = licence = False
        for t in types:
            fine = fine or "罚款" in t
            confiscation = confiscation or "没收" in t
            licence = licence or "暂扣" in t or "吊销" in t
        found = []
        if fine and (fine_amount is None or fine_amount == zero):
            found.append(Finding("fine-amount-missing", "CF_NR_FK", None))
        if confiscation and confiscated is None:
            found.append(Finding("confiscation-amount-missing", "CF_NR_WFFF", None))
        if licence and no_licence:
            found.append(Finding("licence-name-missing", "CF_NR_ZKDX", None))
        return found

    def check(values: Values) -> Iterable[Finding]:
        found: list[Finding] = []
        fine_amount = values.get("CF_NR_FK")
        confiscated = values.get("CF_NR_WFFF")
        for amount, code in ((fine_amount, "CF_NR_FK"), (confiscated, "CF_NR_WFFF")):
            if amount.__class__ is Decimal and amount >= 1:
                finding = yuan_finding(amount, code, values.get(content) if content else None)
                if finding is not None:
                    found.append(finding)
        no_licence = values.get("CF_NR_ZKDX") is None
        found.extend(type_findings(values.get("CF_CFLB"), fine_amount, confiscated, no_licence))
        return found

    written: dict[Decimal, str] = {}

    def digits(amount: Decimal) -> str:
        """The amount as plain digits (memoized: amounts repeat)."""
        text = written.get(amount)
        if text is None:
            text = format(amount, "f")
            if len(written) < MEMO_LIMIT:
                written[amount] = text
        return text

    def suspects(columns: Columns, n: int) -> Iterable[int]:
        nothing = [None] * n
        types = columns.get("CF_CFLB", nothing)
        fines = columns.get("CF_NR_FK", nothing)
        confiscations = columns.get("CF_NR_WFFF", nothing)
        licences = columns.get("CF_NR_ZKDX", nothing)
        found: set[int] = set()
        texts = columns.get(content, nothing) if content else nothing
        zero_fines = False
        for amounts in (fines, confiscations):
            if amounts is nothing:
                continue
            distinct = set(amounts)
            zero_fines = zero_fines or (amounts is fines and zero in distinct)
            # An amount can only be one written in 元 if its digits are in the text.
            big = {a: digits(a) for a in distinct if a.__class__ is Decimal and a >= 1}
            if big:
                found.update(
                    i
                    for i, (a, t) in enumerate(zip(amounts, texts, strict=True))
                    if a in big
                    and (a >= IMPLAUSIBLE_AMOUNT or (t is not None and (big[a] in t or "," in t)))
                )
        # Classify each distinct 处罚类别 once; the type tuples come from a memo, so
        # their identity stands for their value (hashing enumeration members is slow).
        needs: dict[str, set[int]] = {"fine": set(), "confiscation": set(), "licence": set()}
        for key, value in dict(zip(map(id, types), types, strict=True)).items():
            for finding in type_findings(value, None, None, True):
                needs[_NEED[finding.code]].add(key)
        for need, column in (
            ("fine", fines),
            ("confiscation", confiscations),
            ("licence", licences),
        ):
            wanted = needs[need]
            if not wanted:
                continue
            if need == "fine" and zero_fines:
                lacking = [i for i, v in enumerate(column) if v is None or v == zero]
            else:
                lacking = [i for i, v in enumerate(column) if v is None]
            found.update(i for i in lacking if id(types[i]) in wanted)
        return found

    return ColumnRule(suspects, check, (*needed, *((content,) if content else ())))


_NEED: Final = {
    "fine-amount-missing": "fine",
    "confiscation-amount-missing": "confiscation",
    "licence-name-missing": "licence",
}


# -- 公示截止期 and the publication periods of §7 -----------------------------------------------

# Market regulation counts from the publication day, up to 20 working days later.
_PUBLICATION_SLACK = relativedelta(months=1)


def _publication_rule(spec: RecordSpec) -> ColumnRule | None:
    if any(c not in spec for c in ("CF_GSJZQ", "CF_JDRQ", "CF_YXQ")):
        return None
    date = dt.date

    bounds_memo: dict[dt.date, tuple[str, dt.date, dt.date] | None] = {}

    def bounds(decided: dt.date) -> tuple[str, dt.date, dt.date] | None:
        """The regime in force on ``decided`` and its publication window (memoized)."""
        if decided in bounds_memo:
            return bounds_memo[decided]
        regime = regime_on(decided)
        chosen = None
        if regime is not None:
            low, high = decided + regime.shortest, decided + regime.longest + _PUBLICATION_SLACK
            chosen = (regime.name, low, high)
        if len(bounds_memo) < MEMO_LIMIT:
            bounds_memo[decided] = chosen
        return chosen

    def check(values: Values) -> Iterable[Finding]:
        end, decided = values.get("CF_GSJZQ"), values.get("CF_JDRQ")
        if not isinstance(end, date) or not isinstance(decided, date):
            return NO_FINDINGS
        window = bounds(decided)
        if window is None:
            return NO_FINDINGS
        name, low, high = window
        until = values.get("CF_YXQ")
        if isinstance(until, date) and until is not LONG_TERM and until != LONG_TERM:
            high = max(high, until)  # a penalty with its own duration stays published for it
        if low <= end <= high:
            return NO_FINDINGS
        params = {"regime": name, "low": low.isoformat(), "high": high.isoformat()}
        return (Finding("publication-end-inconsistent", "CF_GSJZQ", end.isoformat(), params),)

    def suspects(columns: Columns, n: int) -> Iterable[int]:
        ends = columns.get("CF_GSJZQ")
        if ends is None:
            return ()
        nothing = [None] * n
        decided = columns.get("CF_JDRQ", nothing)
        windows = {d: bounds(d) for d in set(decided) if isinstance(d, date)}
        found = []
        for i, (e, d) in enumerate(zip(ends, decided, strict=True)):
            window = windows.get(d)
            if window is not None and isinstance(e, date) and not window[1] <= e <= window[2]:
                found.append(i)  # outside the regime's window (the rule allows a longer YXQ)
        return found

    return ColumnRule(suspects, check, ("CF_GSJZQ", "CF_JDRQ", "CF_YXQ"))


# -- values in the wrong column ---------------------------------------------------------------


def _swapped_rule(spec: RecordSpec) -> ColumnRule | None:
    """A value that is not allowed in its column while another column holds an allowed one.

    The Zhejiang penalty template has 处罚种类 = 北京食药监局 and 处罚机关 = 罚款:
    the two columns were filled the wrong way round.
    """
    enumerated = [(f.code, f.enumeration) for f in spec.fields if f.enumeration is not None]
    if not enumerated:
        return None
    labels = {f.code: f.label for f in spec.fields}

    def check(values: Values) -> Iterable[Finding]:
        found: list[Finding] = []
        for code, enumeration in enumerated:
            value = values.get(code)
            if value.__class__ is not str or enumeration.canonical(value) is not None:
                continue  # empty, parsed, or a specified value such as 其他-…
            if enumeration.multiple and all(
                enumeration.canonical(p) for p in enumeration.split(value)
            ):
                continue
            for other, text in values.items():
                if (
                    other == code
                    or text.__class__ is not str
                    or enumeration.canonical(text) is None
                ):
                    continue
                params = {"other": labels.get(other, other), "other_value": text}
                found.append(Finding("columns-swapped", code, value, params))
                break
        return found

    def suspects(columns: Columns, n: int) -> Iterable[int]:
        # Only a value kept as text (not parsed) can be out of place.
        found: set[int] = set()
        for code, _ in enumerated:
            column = columns.get(code)
            if column is not None and str in set(map(type, column)):
                found.update(i for i, v in enumerate(column) if v.__class__ is str)
        return found

    return ColumnRule(suspects, check)


def builtin_rules(context: RuleContext) -> list[ColumnRule]:
    """The built-in record rules that apply to ``context.spec``."""
    spec = context.spec
    placeholder = context.standard.placeholder_credit_code
    made = [
        _category_rule(spec, placeholder),
        _id_rule(spec, context.as_of),
        _date_rule(spec, context.as_of),
        _penalty_type_rule(spec) if spec.kind is Kind.PENALTY else None,
        _publication_rule(spec) if spec.kind is Kind.PENALTY else None,
        _swapped_rule(spec),
    ]
    return [rule for rule in made if rule is not None]
