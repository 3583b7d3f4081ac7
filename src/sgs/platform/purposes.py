"""The purposes a query of personal data may name, and the legal basis each rests on.

A querier's application names one purpose code; the platform lets each department name
only those of its whitelist (``[access.departments.<code>] purposes`` in platform.toml,
the credit centre's own staff ``[access] purposes``) — 《上海市社会信用条例》第十七条: an
organ queries only as its duties require and publishes the items it queries.

>>> PURPOSES["objection"]
'异议核查'
>>> basis_of("supervision", None)
'duty:supervision'
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["AUTHORISED", "PURPOSES", "PURPOSE_CODES", "SELF_QUERY", "basis_of"]

#: A query on the subject's written authorisation (its id and expiry are required).
AUTHORISED = "authorised"
#: The subject querying its own data, its identity checked in person.
SELF_QUERY = "self-query"

PURPOSES: Mapping[str, str] = {
    "supervision": "事中事后监管",
    "licensing-review": "行政审批审查",
    "joint-discipline": "联合奖惩",
    "law-enforcement": "执法办案",
    "objection": "异议核查",
    "repair": "信用修复审核",
    "verification": "数据质量核查",
    AUTHORISED: "经信息主体书面授权查询",
    SELF_QUERY: "信息主体本人查询",
}
PURPOSE_CODES = tuple(PURPOSES)


def basis_of(purpose: str, authorisation: tuple[str, str] | None) -> str:
    """The legal basis recorded for ``purpose``: ``authorisation:<id>:<expiry>``, ``self``,
    or ``duty:<purpose>`` (a duty of the querying organ)."""
    if purpose == AUTHORISED and authorisation is not None:
        return f"authorisation:{authorisation[0]}:{authorisation[1]}"
    if purpose == SELF_QUERY:
        return "self"
    return f"duty:{purpose}"
