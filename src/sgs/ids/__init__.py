"""Check characters of the identifiers found in 双公示 records.

* :mod:`sgs.ids.uscc` — 统一社会信用代码 (GB 32100-2015);
* :mod:`sgs.ids.orgcode` — 组织机构代码 (GB 11714-1997), also embedded in a
  credit code at positions 9–17;
* :mod:`sgs.ids.resident` — 居民身份证号码 (GB 11643-1999), including the
  15-digit legacy form and masking for publication;
* :mod:`sgs.ids.contact` — the mobile numbers, office phones and e-mail
  addresses of a liaison roster (联络员);
* :mod:`sgs.ids.personal` — personal data typed into text (ID numbers, mobile
  numbers, bank cards, e-mail addresses), found and masked in place: the one
  masker of public views and of messages.

Every check is a pure function that returns ``None`` for a valid value and a
short problem name otherwise (``"length"``, ``"charset"``, ``"checksum"`` …);
none of them raises, and each call takes a few microseconds, since they run
once per distinct value over millions of rows.  Only the builders
(``check_character``, ``resident.to_18``) raise :class:`ValueError` on
malformed input.

The package uses the standard library only.  python-stdnum (a dependency of
sgs for other reasons) is *not* used here, because of three traps:

* ``stdnum.cn.uscc`` requires the first eight characters of a credit code to
  be digits, but positions 1–2 are the registration department and category,
  which may be letters (``A1…``, ``N2…``, ``Y1…``).  Valid codes with such
  prefixes are rejected.
* ``stdnum.cn.ric`` checks the six-digit address code of an ID number against
  a table of regions in existence in the holder's birth year.  The address
  code is where the number was assigned, not where the holder was born, so
  numbers from later regions (Hainan, 460100, created 1988) held by people
  born earlier are rejected.  Here the address code only has to be six digits.
* ``stdnum.cn.ric`` accepts birth dates in the future; :func:`resident.problem`
  rejects a birth date after its ``as_of`` date.

The credit-code placeholder ``00000000000000000X`` (个体工商户 without a code)
fails the checksum; :data:`uscc.PLACEHOLDER` names it so callers can allow it
explicitly.

>>> uscc.problem("91440101MA5C44W11J"), orgcode.problem("MA5C44W1-1")
(None, None)
>>> resident.mask("652823197506173113")
'652823************'
"""

from sgs.ids import contact, orgcode, personal, resident, uscc

__all__ = ["contact", "orgcode", "personal", "resident", "uscc"]
