"""Natural persons' names for publication: the surname, then ``*`` for each other character.

A compound surname (复姓) from :data:`COMPOUND_SURNAMES` is kept whole when the
name is longer than the surname; everything else keeps its first character.
A name given in several parts (``买买提·艾力``, ``John Smith``) keeps its
separators, so the length of each part still shows.

>>> [mask_name(n) for n in ("张三", "李小龙", "欧阳娜娜", "欧阳", "司马光", "王")]
['张*', '李**', '欧阳**', '欧*', '司马*', '*']
>>> mask_name("买买提·艾力"), mask_name("John Smith")
('买**·**', 'J*** *****')
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

__all__ = ["COMPOUND_SURNAMES", "mask_name"]

#: Compound surnames in use today (《百家姓》's 复姓 and the common modern ones).
COMPOUND_SURNAMES: Final = frozenset(
    {
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
        "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "南宫", "独孤", "西门", "百里",
        "呼延", "澹台", "公冶", "宗政", "濮阳", "淳于", "单于", "太叔", "申屠", "闻人",
        "万俟", "赫连", "钟离", "仲孙", "鲜于", "闾丘", "司空", "亓官", "司寇", "子车",
        "颛孙", "壤驷", "公良", "漆雕", "乐正", "宰父", "谷梁", "拓跋", "夹谷", "段干",
        "第五", "东郭", "南门", "羊舌", "微生", "梁丘", "左丘", "东门", "公西", "巫马",
    }
)  # fmt: skip

_SEPARATORS: Final = frozenset("·•．. -")


def mask_name(name: str, compound_surnames: Collection[str] = COMPOUND_SURNAMES) -> str:
    """``name`` as surname + ``*`` per remaining character; a one-character name is ``*``."""
    text = name.strip()
    if len(text) <= 1:
        return "*" * len(text)
    keep = 2 if len(text) > 2 and text[:2] in compound_surnames else 1
    return text[:keep] + "".join(c if c in _SEPARATORS else "*" for c in text[keep:])
