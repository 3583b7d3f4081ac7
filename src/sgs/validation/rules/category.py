"""The subject-category matrix (标准 §4): what each 行政相对人类别 requires and forbids.

A natural person has an ID type and number and no organisation identity; an
organisation or a 个体工商户 has a credit code and a legal representative,
and no personal ID. Only a 个体工商户 may use the placeholder credit code,
and then with its 工商注册号. The representative's ID type and number come
as a pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from sgs.records import SubjectCategory
from sgs.standard.roles import PARTY_ORGANISATION_ROLES, Role
from sgs.validation.fields import NO_FINDINGS
from sgs.validation.issues import Finding
from sgs.validation.rules.base import ColumnRule, Columns, RuleContext, Values, filled

__all__ = ["CategoryRule"]

_ORG, _PERSON, _SOLE = (
    SubjectCategory.ORGANIZATION,
    SubjectCategory.NATURAL_PERSON,
    SubjectCategory.INDIVIDUAL_BUSINESS,
)

#: The fields the rule cannot do without.
_ROLES = (
    Role.PARTY_CATEGORY,
    Role.PARTY_USCC,
    Role.PARTY_BUSINESS_REG_NO,
    Role.LEGAL_REP,
    Role.LEGAL_REP_ID_TYPE,
    Role.LEGAL_REP_ID_NUMBER,
    Role.PARTY_ID_TYPE,
    Role.PARTY_ID_NUMBER,
)


class CategoryRule(ColumnRule):
    """The §4 matrix over one record kind (see the module documentation)."""

    codes: ClassVar[frozenset[str]] = frozenset(
        {
            "category-required",
            "category-forbidden",
            "uscc-placeholder",
            "placeholder-needs-regno",
            "legal-rep-id-pair",
        }
    )

    def __init__(
        self,
        *,
        category: str,
        credit: str,
        regno: str,
        rep: str,
        rep_type: str,
        rep_id: str,
        person_fields: tuple[str, str],
        organisation_fields: tuple[str, ...],
        labels: dict[str, str],
        placeholder: str,
    ) -> None:
        self.category, self.credit, self.regno = category, credit, regno
        self.rep, self.rep_type, self.rep_id = rep, rep_type, rep_id
        self.organisation_required = (credit, rep)
        self.person_fields = person_fields
        self.organisation_fields = organisation_fields
        self.labels = labels
        self.placeholders = (placeholder, placeholder.lower())
        self.fields = (*organisation_fields, *person_fields, category)

    @classmethod
    def build(cls, context: RuleContext) -> CategoryRule | None:
        spec = context.spec
        codes = spec.codes_of(*_ROLES)
        if codes is None:
            return None
        category, credit, regno, rep, rep_type, rep_id, id_type, id_number = codes
        organisation_fields = tuple(
            c for c in (spec.code_of(r) for r in PARTY_ORGANISATION_ROLES) if c is not None
        )
        return cls(
            category=category,
            credit=credit,
            regno=regno,
            rep=rep,
            rep_type=rep_type,
            rep_id=rep_id,
            person_fields=(id_type, id_number),
            organisation_fields=organisation_fields,
            labels={c: spec[c].label for c in codes},
            placeholder=context.standard.placeholder_credit_code,
        )

    def check(self, values: Values) -> Iterable[Finding]:
        # Enumeration members are compared by identity: hashing them is slow.
        cat = values.get(self.category)
        if cat is _PERSON:
            required, forbidden = self.person_fields, self.organisation_fields
        elif cat is _ORG or cat is _SOLE:
            required, forbidden = self.organisation_required, self.person_fields
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
        credit, regno, rep_type, rep_id = self.credit, self.regno, self.rep_type, self.rep_id
        own = values.get(credit)
        if own in self.placeholders:
            if cat is _ORG:
                found.append(Finding("uscc-placeholder", credit, own))
            elif regno not in values:
                found.append(Finding("placeholder-needs-regno", regno, own))
        label = self.labels
        if rep_type in values:
            if rep_id not in values:
                found.append(Finding("legal-rep-id-pair", rep_id, None, {"other": label[rep_type]}))
        elif rep_id in values:
            found.append(Finding("legal-rep-id-pair", rep_type, None, {"other": label[rep_id]}))
        return found

    def suspects(self, columns: Columns, n: int) -> Iterable[int]:
        # The records that lack what their category requires, hold what it forbids, or
        # have half of the representative's ID pair: close to the records with findings.
        cat = columns.get(self.category)
        if cat is None:
            return ()
        nothing = [None] * n
        placeholders = self.placeholders
        person_fields = self.person_fields
        found = {
            i
            for i, (c, code_, rep, kind_, number) in enumerate(
                zip(
                    cat,
                    columns.get(self.credit, nothing),
                    columns.get(self.rep, nothing),
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
        for fields, owner in (
            (self.organisation_fields, (_PERSON,)),
            (person_fields, (_ORG, _SOLE)),
        ):
            for c in fields:
                found.update(i for i in filled(columns.get(c)) if cat[i] in owner)
        types = set(filled(columns.get(self.rep_type)))
        numbers = set(filled(columns.get(self.rep_id)))
        found.update(i for i in types ^ numbers if cat[i] is _ORG or cat[i] is _SOLE)
        return found
