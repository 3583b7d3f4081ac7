"""A masking profile: how a view hides personal data. Named and versioned; plugins add more.

The built-in ``cn-default`` (:data:`CN_DEFAULT`) follows masking.md's publish
table: 法定代表人证件号码 always dropped; a natural person's 证件号码 dropped
from the public view and masked ``6 + * + 4`` in a sharing view; natural
persons' names as surname + ``*``; organisations' names and codes in full;
free text scanned for ID numbers, mobile numbers, bank cards and e-mail.

>>> CN_DEFAULT.mask_id("330921198001011234")
'330921********1234'
>>> CN_DEFAULT.mask_name("欧阳娜娜")
'欧阳**'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

from sgs.ids.personal import DETECTORS, TextHit, mask_text
from sgs.publication.names import COMPOUND_SURNAMES, mask_name
from sgs.standard import Role

__all__ = ["CN_DEFAULT", "FREE_TEXT_ROLES", "MaskingProfile"]

#: The fields people write prose into (masking.md §3: CF_SY, CF_NR, XK_NR, BZ), and
#: 处罚依据, 违法行为类型 and 暂扣或吊销证照名称及编号, which are typed by hand too.
FREE_TEXT_ROLES: Final = (
    Role.VIOLATION_FACTS,
    Role.PENALTY_CONTENT,
    Role.LICENSE_CONTENT,
    Role.REMARKS,
    Role.LEGAL_BASIS,
    Role.VIOLATION_TYPE,
    Role.SUSPENDED_LICENSE,
)


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _surnames(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


@attrs.frozen(kw_only=True)
class MaskingProfile:
    """How views hide personal data; ``name`` and ``version`` identify it in snapshots.

    ``id_head`` / ``id_tail``: the characters of a 证件号码 a sharing view keeps
    (``6`` + ``4``; a Zhejiang-style profile sets ``id_tail=0``).
    ``free_text_roles``: the field roles scanned with ``detectors``.
    """

    name: str
    version: str
    description: str = ""
    id_head: int = 6
    id_tail: int = 4
    compound_surnames: frozenset[str] = attrs.field(default=COMPOUND_SURNAMES, converter=_surnames)
    free_text_roles: tuple[str, ...] = attrs.field(default=FREE_TEXT_ROLES, converter=_strings)
    detectors: tuple[str, ...] = attrs.field(default=DETECTORS, converter=_strings)

    def mask_id(self, number: str) -> str:
        """``number`` with all but ``id_head`` + ``id_tail`` characters as ``*``.

        A value too short to keep both ends is starred completely.
        """
        text = number.strip()
        if len(text) <= self.id_head + self.id_tail:
            return "*" * len(text)
        tail = text[len(text) - self.id_tail :] if self.id_tail else ""
        return text[: self.id_head] + "*" * (len(text) - self.id_head - self.id_tail) + tail

    def mask_name(self, name: str) -> str:
        """A natural person's name as surname + ``*`` per remaining character."""
        return mask_name(name, self.compound_surnames)

    def mask_text(self, text: str) -> tuple[str, list[TextHit]]:
        """``text`` with the profile's detectors' hits masked in place."""
        return mask_text(text, self.detectors)


#: The built-in profile.
CN_DEFAULT: Final = MaskingProfile(
    name="cn-default",
    version="1",
    description="全国默认：法定代表人证件号码不公示；自然人证件号码不公示（共享时保留前6后4）；"
    "自然人姓名保留姓氏；自由文本中的身份证号、手机号、银行卡号、电子邮箱打码",
)
