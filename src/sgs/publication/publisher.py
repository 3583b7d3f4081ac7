"""From a stored record to what the public (or a government user) may see of it, and why.

:class:`Publisher` decides with data — the standard's field roles, a
:class:`~sgs.publication.MaskingProfile` and a :class:`~sgs.publication.Policy` —
and records every step as a :class:`~sgs.publication.Finding`. Storage is never
changed: a view is a new mapping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from sgs.calendar import WorkCalendar
from sgs.ids import orgcode, resident, uscc
from sgs.ids.personal import TextHit, mask_text
from sgs.publication.findings import Finding, PublicView, Withheld
from sgs.publication.periods import PublicationPeriod, penalty_class, period_for
from sgs.publication.policy import Policy
from sgs.publication.profile import MaskingProfile
from sgs.publication.profiles import masking_profile
from sgs.records.values import LONG_TERM, parse_date, parse_decimal
from sgs.standard import Kind, RecordSpec, Role, Standard, get_standard
from sgs.standard.roles import PARTY_ORGANISATION_ROLES
from sgs.standard.scopes import PUBLIC, SHARING, scope_of

__all__ = ["NATURAL_PERSON", "NATURAL_PERSON_CUTOFF", "PenaltyTerms", "Publisher", "party_category"]

#: From this evaluation date 信用中国 in principle publishes no natural person's 失信信息.
NATURAL_PERSON_CUTOFF = dt.date(2026, 4, 1)

_NATURAL = "自然人"
#: The 行政相对人类别 of a natural person.
NATURAL_PERSON = _NATURAL
_INDIVIDUAL_BUSINESS = "个体工商户"
_ORGANISATION = "法人及非法人组织"
_HIT_RULE = {
    "id-number": ("free-text-id", "身份证号码", "ID number"),
    "mobile": ("free-text-mobile", "手机号码", "mobile number"),
    "bank-card": ("free-text-bank-card", "疑似银行卡号", "bank-card-like number"),
    "email": ("free-text-email", "电子邮箱", "e-mail address"),
}
#: Organisations' public codes: kept in full when valid; anything else written there is
#: scanned for ID numbers (a department that put the 身份证号码 in the credit-code column).
_CODE_ROLES = frozenset(PARTY_ORGANISATION_ROLES) - {
    Role.LEGAL_REP,
    Role.LEGAL_REP_ID_TYPE,
    Role.LEGAL_REP_ID_NUMBER,
} | {Role.AUTHORITY_CODE, Role.SOURCE_CODE}


#: What a field is to the masking (:meth:`Publisher._plan`), as bits.
_LEGAL_REP_ID, _PARTY_ID, _NAME, _FREE_TEXT, _CODE = 1, 2, 4, 8, 16


def _is_valid_code(value: str) -> bool:
    """A 统一社会信用代码 or 组织机构代码 that passes its check (or the 个体工商户 placeholder)."""
    text = value.strip().upper()
    return text == uscc.PLACEHOLDER or uscc.problem(text) is None or orgcode.problem(text) is None


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@attrs.frozen(kw_only=True)
class PenaltyTerms:
    """How the publication rules read one penalty (:meth:`Publisher.penalty_terms`).

    ``period`` and ``publication_end`` are ``None`` without a readable decision date;
    ``publication_end`` is the last day shown: the record's own 公示截止期 when it lies in
    the regime's window, else the longest period's end, and never before the end of the
    penalty's own duration (``own_duration_end``, the 处罚有效期; ``None`` when not given
    or 长期).
    """

    decided: dt.date | None
    types: tuple[str, ...]
    penalty_class: str
    by: str
    period: PublicationPeriod | None
    own_duration_end: dt.date | None
    publication_end: dt.date | None


class _Record:
    """One record's fields read through the standard's roles."""

    def __init__(self, spec: RecordSpec, fields: Mapping[str, str]) -> None:
        self.spec = spec
        self.fields = {k: ("" if v is None else str(v)) for k, v in fields.items()}

    def code(self, role: str) -> str | None:
        return self.spec.code_of(role)

    def get(self, role: str) -> str:
        code = self.spec.code_of(role)
        return self.fields.get(code, "").strip() if code else ""

    def date(self, role: str) -> dt.date | None:
        text = self.get(role)
        return parse_date(text) if text else None


def _category_of(record: _Record) -> str:
    category = record.get(Role.PARTY_CATEGORY)
    if category in (_NATURAL, _INDIVIDUAL_BUSINESS, _ORGANISATION):
        return category
    # A record without a category: a person has an ID number and no organisation code.
    if record.get(Role.PARTY_ID_NUMBER) and not record.get(Role.PARTY_USCC):
        return _NATURAL
    return _ORGANISATION


def party_category(spec: RecordSpec, fields: Mapping[str, str]) -> str:
    """The 行政相对人类别 of a record as the publisher takes it: ``自然人``, ``个体工商户`` or
    ``法人及非法人组织`` (a record without one: a person when it has an ID number and no
    统一社会信用代码)."""
    return _category_of(_Record(spec, fields))


class Publisher:
    """Decides what of a record is public, masks it, and says why.

    ``profile`` is a :class:`MaskingProfile` or the name of a registered one (by
    default the policy's, ``cn-default`` unless ``[publication] profile`` says);
    ``policy`` holds the platform's choices (sectors, switches, thresholds);
    ``calendar`` is kept for the rules counted in 工作日 (withdrawal deadlines).
    """

    def __init__(
        self,
        *,
        standard: Standard | None = None,
        profile: MaskingProfile | str | None = None,
        policy: Policy | None = None,
        calendar: WorkCalendar | None = None,
    ) -> None:
        self.standard = standard if standard is not None else get_standard()
        self.policy = policy if policy is not None else Policy()
        self.profile = masking_profile(profile if profile is not None else self.policy.profile)
        self._plans: dict[int, tuple[RecordSpec, list[tuple[str, str, int]]]] = {}
        self.calendar = calendar

    # -- the public surface -----------------------------------------------------------------

    def view(
        self,
        kind: str,
        fields: Mapping[str, str],
        *,
        key: str,
        on: dt.date,
        scope: str | None = None,
        withdrawn: bool = False,
    ) -> PublicView | Withheld:
        """What the public may see of the record on ``on``, or why it is :class:`Withheld`."""
        return self._decide(kind, fields, key=key, on=on, scope=scope, withdrawn=withdrawn)

    def sharing_view(
        self,
        kind: str,
        fields: Mapping[str, str],
        *,
        key: str,
        on: dt.date,
        scope: str | None = None,
        withdrawn: bool = False,
    ) -> PublicView:
        """The 政务共享 view: every record, with 证件号码 masked 6 + ``*`` + 4 instead of dropped.

        What would keep a record from the public is reported as ``flag`` findings.
        """
        found = self._decide(
            kind, fields, key=key, on=on, scope=scope, withdrawn=withdrawn, sharing=True
        )
        assert isinstance(found, PublicView)
        return found

    def explain(
        self,
        kind: str,
        fields: Mapping[str, str],
        *,
        key: str,
        on: dt.date,
        scope: str | None = None,
        withdrawn: bool = False,
    ) -> list[Finding]:
        """Every rule that published, withheld, dropped, masked or flagged the record, in order."""
        found = self.view(kind, fields, key=key, on=on, scope=scope, withdrawn=withdrawn)
        return list(found.findings)

    def penalty_terms(self, kind: str, fields: Mapping[str, str]) -> PenaltyTerms:
        """How the publication rules read a penalty: its class, period and last day shown.

        The same reading :meth:`view` makes (the credit-repair rules build on it,
        :func:`sgs.publication.repair_eligibility`); a licence is a ``ValueError``.
        """
        record_kind = Kind.parse(kind)
        if record_kind is not Kind.PENALTY:
            raise ValueError(f"not a penalty: {kind!r}")
        record = _Record(self.standard.spec(record_kind), fields)
        return self._terms(record, record.date(Role.DECISION_DATE), [])

    # -- the decision -----------------------------------------------------------------------

    def _decide(
        self,
        kind: str,
        fields: Mapping[str, str],
        *,
        key: str,
        on: dt.date,
        scope: str | None,
        withdrawn: bool,
        sharing: bool = False,
    ) -> PublicView | Withheld:
        record_kind = Kind.parse(kind)
        record = _Record(self.standard.spec(record_kind), fields)
        chosen = scope_of(scope)
        gate: list[Finding] = []  # what keeps the record from the public
        notes: list[Finding] = []  # everything else said about the record

        if chosen != PUBLIC:
            gate.append(
                Finding(
                    rule="scope",
                    field=None,
                    action="withhold",
                    message=f"公开范围为“{chosen}”，不公示（disclosure scope is {chosen}: not public）",
                    source="773号文 三.二",
                )
            )
        if withdrawn:
            gate.append(
                Finding(
                    rule="withdrawn",
                    field=None,
                    action="withhold",
                    message="决定已变更或撤销，撤下公示（decision changed or revoked: withdrawn）",
                    source="行政处罚法第四十八条",
                )
            )
        person = self._treated_as_person(record, notes)
        gate.extend(self._minor(record, person))
        if record_kind is Kind.PENALTY:
            gate.extend(self._natural_person_gate(record, person, on, notes))
            until, period_gate = self._penalty_period(record, on, notes)
        else:
            until, period_gate = self._license_period(record, on, notes)
        gate.extend(period_gate)

        if gate and not sharing:
            return Withheld(key=key, kind=record_kind.value, findings=(*gate, *notes))
        shown, masking, review = self._mask(record, person, sharing=sharing)
        if sharing:
            flags = [
                Finding(
                    rule=f.rule,
                    field=f.field,
                    action="flag",
                    message=f.message,
                    source=f.source,
                )
                for f in gate
            ]
            opening = Finding(
                rule="sharing",
                field=None,
                action="publish",
                message="政务共享视图（government-sharing view）",
            )
            findings = (opening, *flags, *notes, *masking)
            view_scope = chosen if chosen != PUBLIC else SHARING
        else:
            opening = Finding(
                rule="public",
                field=None,
                action="publish",
                message="公开范围为公示，予以公示（disclosure scope 公示: published）",
                source="773号文 三.二",
            )
            findings = (opening, *notes, *masking)
            view_scope = chosen
        return PublicView(
            key=key,
            kind=record_kind.value,
            fields=shown,
            published_until=until,
            scope=view_scope,
            findings=findings,
            review=review,
        )

    # -- who ----------------------------------------------------------------------------------

    def _category(self, record: _Record) -> str:
        return _category_of(record)

    def _treated_as_person(self, record: _Record, notes: list[Finding]) -> bool:
        category = self._category(record)
        if category == _INDIVIDUAL_BUSINESS:
            as_person = not self.policy.publish_individual_businesses
            notes.append(
                Finding(
                    rule="individual-business",
                    field=None,
                    action="flag",
                    message=(
                        "个体工商户按自然人处理（individual business treated as a natural person）"
                        if as_person
                        else "个体工商户按市场主体公示（individual business published as a "
                        "market entity）"
                    ),
                    source="政策选项 publish_individual_businesses",
                )
            )
            return as_person
        return category == _NATURAL

    def _minor(self, record: _Record, person: bool) -> list[Finding]:
        """A natural person under 18 on the decision date is never published."""
        if self._category(record) != _NATURAL and not person:
            return []
        number = record.get(Role.PARTY_ID_NUMBER)
        decided = record.date(Role.DECISION_DATE)
        # a wrong check character is a typo: the birth date still tells the age
        if (
            not number
            or decided is None
            or resident.problem(number, as_of=decided)
            not in (
                None,
                "checksum",
            )
        ):
            return []
        born = resident.birth_date(number)
        if born is None or _age_on(born, decided) >= 18:
            return []
        return [
            Finding(
                rule="minor",
                field=record.code(Role.PARTY_ID_NUMBER),
                action="withhold",
                message="当事人在决定日未满十八周岁，不予公示（the party was under 18 on the "
                "decision date: never published）",
                source="《浙江省行政处罚结果信息网上公开暂行办法》第五条；个人信息保护法第三十一条",
            )
        ]

    def _natural_person_gate(
        self, record: _Record, person: bool, on: dt.date, notes: list[Finding]
    ) -> list[Finding]:
        if not person or on < NATURAL_PERSON_CUTOFF:
            return []
        sector = self.policy.sector_of(
            record.get(Role.AUTHORITY_CODE), record.get(Role.AUTHORITY_NAME)
        )
        basis = self.policy.natural_person_sectors.get(sector) if sector else None
        if basis:
            notes.append(
                Finding(
                    rule="natural-person-sector",
                    field=None,
                    action="publish",
                    message=f"“{sector}”行业依据{basis}公示自然人处罚信息（sector {sector} "
                    f"publishes natural persons' penalties under {basis}）",
                    source=basis,
                )
            )
            return []
        return [
            Finding(
                rule="natural-person-penalty-2026",
                field=None,
                action="withhold",
                message="自2026年4月1日起，涉及自然人的失信信息原则上不予公示（from 2026-04-01 "
                "natural persons' negative information is in principle not published）",
                source="36号令第十二条",
            )
        ]

    # -- how long -----------------------------------------------------------------------------

    def _penalty_period(
        self, record: _Record, on: dt.date, notes: list[Finding]
    ) -> tuple[dt.date | None, list[Finding]]:
        decided = record.date(Role.DECISION_DATE)
        if decided is None:
            return None, [
                Finding(
                    rule="no-decision-date",
                    field=record.code(Role.DECISION_DATE),
                    action="withhold",
                    message="处罚决定日期缺失或无法识别，无法确定公示期限（no readable decision "
                    "date: the publication period cannot be set）",
                    source="标准 §7",
                )
            ]
        terms = self._terms(record, decided, notes)
        period = terms.period
        assert period is not None  # a decision date gives a period
        chosen = terms.penalty_class
        gate: list[Finding] = []
        slight_2026 = period.regime == "国家发展改革委令第36号" and chosen == "轻微"
        if slight_2026 and not self.policy.publish_slight_penalties:
            gate.append(
                Finding(
                    rule="slight-penalty-2026",
                    field=None,
                    action="withhold",
                    message="轻微失信信息原则上不予公示（slight negative information is in "
                    "principle not published）",
                    source="36号令第十二条",
                )
            )
        until = terms.publication_end
        assert until is not None
        if on > until:
            gate.append(
                Finding(
                    rule="period-ended",
                    field=None,
                    action="withhold",
                    message=f"公示期已于{until.isoformat()}届满（publication ended on "
                    f"{until.isoformat()}）",
                    source=period.source or "标准 §7",
                )
            )
        return until, gate

    def _terms(
        self, record: _Record, decided: dt.date | None, notes: list[Finding]
    ) -> PenaltyTerms:
        """The class, period, own duration and last day shown of a penalty (notes say why)."""
        spec = record.spec
        types_code = spec.code_of(Role.PENALTY_TYPES)
        text = record.get(Role.PENALTY_TYPES)
        enumeration = spec[types_code].enumeration if types_code else None
        types: list[str] = []
        if text:
            parts = enumeration.split(text) if enumeration is not None else [text]
            types = [(enumeration.canonical(p) if enumeration else None) or p for p in parts]
        amount = record.get(Role.FINE_AMOUNT)
        fine = parse_decimal(amount) if amount else None
        sector = self.policy.sector_of(
            record.get(Role.AUTHORITY_CODE), record.get(Role.AUTHORITY_NAME)
        )
        large, huge = self.policy.thresholds(sector)
        chosen, by = penalty_class(types, fine, self.policy, sector)
        if by and enumeration is not None and enumeration.canonical(by) is not None:
            reason = f"处罚类别“{by}”"
        else:  # a text that is no 处罚类别 is not repeated: it may hold anything
            reason = "处罚类别未知或未列明"
        if by == "罚款":
            shown = "未填" if fine is None else f"{fine}万元"
            reason += f"，罚款{shown}（较大数额 {large} 万元，巨额 {huge} 万元）"
        notes.append(
            Finding(
                rule=f"class-{ {'轻微': 'slight', '一般': 'general', '严重': 'serious'}[chosen] }",
                field=types_code,
                action="flag",
                message=f"{reason}：{chosen}失信信息（class {chosen}）",
                source="36号令第七条至第十一条",
            )
        )
        own = record.date(Role.VALID_UNTIL)
        own_end = None if own is None or own == LONG_TERM else own
        if decided is None:
            period, until = None, None
        else:
            period = period_for(decided, chosen)
            until = self._own_duration(record, self._own_end(record, period, notes), notes)
        return PenaltyTerms(
            decided=decided, types=tuple(types), penalty_class=chosen, by=by, period=period,
            own_duration_end=own_end, publication_end=until,
        )  # fmt: skip

    def _own_end(self, record: _Record, period: PublicationPeriod, notes: list[Finding]) -> dt.date:
        """The record's own 公示截止期 when it lies in the regime's window, else the longest end."""
        code = record.code(Role.PUBLICATION_END)
        own = record.date(Role.PUBLICATION_END)
        regime = period.regime or "2019-07-01前"
        if own is not None and period.shortest_end <= own <= period.longest_end:
            notes.append(
                Finding(
                    rule="period-own",
                    field=code,
                    action="period",
                    message=f"按记录的公示截止期{own.isoformat()}公示（{regime}；the record's own "
                    "publication end applies）",
                    source=period.source,
                )
            )
            return own
        if own is not None or record.get(Role.PUBLICATION_END):
            notes.append(
                Finding(
                    rule="period-own-inconsistent",
                    field=code,
                    action="flag",
                    message=f"记录的公示截止期不在{regime}规定的期限内（{period.shortest_end.isoformat()}"
                    f"至{period.longest_end.isoformat()}），改按最长期限（the record's publication "
                    "end is outside the regime's window: the longest period applies）",
                    source=period.source,
                )
            )
        notes.append(
            Finding(
                rule="period-regime",
                field=None,
                action="period",
                message=f"按{regime}的最长公示期限，公示至{period.longest_end.isoformat()}"
                f"（longest period of the regime: shown until {period.longest_end.isoformat()}）",
                source=period.source,
            )
        )
        return period.longest_end

    def _own_duration(self, record: _Record, until: dt.date, notes: list[Finding]) -> dt.date:
        """A penalty with its own duration is not taken down before that duration ends."""
        own = record.date(Role.VALID_UNTIL)
        if own is None or own == LONG_TERM or own <= until:
            return until
        notes.append(
            Finding(
                rule="period-penalty-duration",
                field=record.code(Role.VALID_UNTIL),
                action="period",
                message=f"处罚有效期至{own.isoformat()}，公示期延至该日（the penalty's own duration "
                "runs longer: shown until it ends）",
                source="36号令第十二条",
            )
        )
        return own

    def _license_period(
        self, record: _Record, on: dt.date, notes: list[Finding]
    ) -> tuple[dt.date | None, list[Finding]]:
        gate: list[Finding] = []
        if record.get(Role.STATUS) in ("2", "无效"):
            gate.append(
                Finding(
                    rule="license-invalid",
                    field=record.code(Role.STATUS),
                    action="withhold",
                    message="许可当前状态为无效，不予公示（the licence is no longer valid: not "
                    "published）",
                    source="标准 当前状态",
                )
            )
        until = record.date(Role.VALID_UNTIL)
        if until is None or until == LONG_TERM:
            notes.append(
                Finding(
                    rule="period-license-open",
                    field=record.code(Role.VALID_UNTIL),
                    action="period",
                    message="许可无有效期限或长期有效，持续公示（no end of validity: shown "
                    "without end）",
                )
            )
            return None, gate
        notes.append(
            Finding(
                rule="period-license-validity",
                field=record.code(Role.VALID_UNTIL),
                action="period",
                message=f"许可公示至有效期截止{until.isoformat()}（shown until the licence "
                f"expires on {until.isoformat()}）",
            )
        )
        if on > until:
            gate.append(
                Finding(
                    rule="period-ended",
                    field=record.code(Role.VALID_UNTIL),
                    action="withhold",
                    message=f"许可已于{until.isoformat()}到期（the licence expired on "
                    f"{until.isoformat()}）",
                )
            )
        return until, gate

    # -- what -----------------------------------------------------------------------------------

    def _plan(self, spec: RecordSpec) -> list[tuple[str, str, int]]:
        """Each field of ``spec`` as ``(code, label, what it is to the masking)``, made once."""
        cached = self._plans.get(id(spec))
        if cached is not None and cached[0] is spec:
            return cached[1]
        free = frozenset(self.profile.free_text_roles)
        found: list[tuple[str, str, int]] = []
        for field in spec:
            roles = frozenset(field.roles)
            flags = ((_LEGAL_REP_ID if Role.LEGAL_REP_ID_NUMBER in roles else 0)
                     | (_PARTY_ID if Role.PARTY_ID_NUMBER in roles else 0)
                     | (_NAME if roles & {Role.PARTY_NAME, Role.LEGAL_REP} else 0)
                     | (_FREE_TEXT if roles & free else 0)
                     | (_CODE if roles & _CODE_ROLES else 0))  # fmt: skip
            found.append((field.code, field.label, flags))
        self._plans[id(spec)] = (spec, found)
        return found

    def _mask(
        self, record: _Record, person: bool, *, sharing: bool
    ) -> tuple[dict[str, str], list[Finding], bool]:
        profile = self.profile
        spec = record.spec
        findings: list[Finding] = []
        shown: dict[str, str] = {}
        review = False
        name_roles = {Role.PARTY_NAME, Role.LEGAL_REP} if person else set()
        own_ids = [
            v
            for v in (record.get(Role.PARTY_ID_NUMBER), record.get(Role.LEGAL_REP_ID_NUMBER))
            if len(v) >= 6
        ]
        own_names = [v for v in (record.get(r) for r in name_roles) if len(v) >= 2]
        unknown = sorted(code for code in record.fields if code not in spec)
        if unknown:
            findings.append(
                Finding(
                    rule="unknown-field",
                    field=None,
                    action="drop",
                    message=f"标准以外的字段不公示：{'、'.join(unknown)}（fields outside the "
                    "standard are not shown）",
                )
            )
        for code, label, flags in self._plan(spec):
            if code not in record.fields:
                continue
            value = record.fields[code]
            if flags & _LEGAL_REP_ID:
                if value.strip():
                    findings.append(
                        Finding(
                            rule="legal-rep-id-dropped",
                            field=code,
                            action="drop",
                            message="法定代表人证件号码不公示（the legal representative's ID "
                            "number is never shown）",
                            source="masking.md §2.3；个人信息保护法第二十八条",
                        )
                    )
                continue
            if flags & _PARTY_ID:
                if not value.strip():
                    shown[code] = value
                elif sharing:
                    shown[code] = profile.mask_id(value)
                    findings.append(
                        Finding(
                            rule="id-number-masked",
                            field=code,
                            action="mask",
                            message=f"证件号码保留前{profile.id_head}位后{profile.id_tail}位"
                            "（ID number masked for sharing）",
                            source="masking.md 公示视图表",
                        )
                    )
                else:
                    findings.append(
                        Finding(
                            rule="id-number-dropped",
                            field=code,
                            action="drop",
                            message="证件号码不公示（the party's ID number is not shown）",
                            source="行政处罚法第五十条；个人信息保护法第二十八条",
                        )
                    )
                continue
            if person and flags & _NAME and value.strip():
                shown[code] = profile.mask_name(value)
                findings.append(
                    Finding(
                        rule="name-masked",
                        field=code,
                        action="mask",
                        message="自然人姓名仅显示姓氏（a natural person's name shows the surname "
                        "only）",
                        source="行政处罚法第五十条；masking.md 公示视图表",
                    )
                )
                continue
            if flags & _FREE_TEXT:
                masked, hits = profile.mask_text(value)
            elif flags & _CODE and _is_valid_code(value):
                masked, hits = value, []
            else:  # ID numbers are looked for everywhere, whatever the profile
                masked, hits = mask_text(value, ("id-number",))
            for raw in own_names:  # the person's own name written into prose
                if raw in masked:
                    masked = masked.replace(raw, profile.mask_name(raw))
                    findings.append(
                        Finding(
                            rule="name-in-text",
                            field=code,
                            action="mask",
                            message=f"{label}中的自然人姓名仅显示姓氏（a natural person's "
                            f"name in {label} shows the surname only）",
                            source="行政处罚法第五十条",
                        )
                    )
            for raw in own_ids:  # the record's own numbers, even when malformed
                if raw in masked:
                    masked = masked.replace(raw, resident.mask(raw))
                    hits.append(TextHit(kind="id-number", start=-1, end=-1))
            for hit in hits:
                rule, zh, en = _HIT_RULE[hit.kind]
                findings.append(
                    Finding(
                        rule=rule,
                        field=code,
                        action="mask",
                        message=f"{label}中的{zh}已打码，请人工复核（{en} in "
                        f"{label} masked; needs review）",
                        source="《浙江省行政处罚结果信息网上公开暂行办法》第七条",
                    )
                )
                review = True
            shown[code] = masked
        return shown, findings, review
