"""The 信用修复告知书: the notice of repair rights served with a penalty decision (两书同达).

国办发〔2025〕22号 asks the deciding department to serve, together with the
行政处罚决定书, a notice telling the party how its information will be
published and how to have it repaired. :func:`repair_notice` fills one from the
record: the class and the 处罚类别 that set it, the regime, the earliest repair
date and the automatic end date, all from the repair engine
(:func:`sgs.publication.repair_eligibility`), with the conditions (36号令
第十四条), the materials (第十五条), where to apply (第十三条), the deadlines
(第十六条) and that repair is free (第二十六条).

The party is named as the public view names it: a natural person's name by the
surname only (:class:`~sgs.publication.Publisher`); no 证件号码 is ever printed.

>>> import datetime as dt
>>> notice = repair_notice("penalty", {
...     "CF_WSH": "示市监罚〔2026〕1号", "CF_XDR_MC": "示例餐饮管理有限公司",
...     "CF_XDR_LB": "法人及非法人组织", "CF_CFLB": "罚款", "CF_NR_FK": "12",
...     "CF_JDRQ": "2026-05-10"}, on=dt.date(2026, 5, 10), department="示例市市场监督管理局")
>>> notice.penalty_class, notice.earliest_repair_date, notice.auto_end_date
('一般', datetime.date(2026, 8, 10), datetime.date(2027, 5, 10))
>>> notice.document().title
'信用修复告知书'
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any, Final

import attrs

from sgs.errors import SgsError
from sgs.publication import Policy, Publisher, repair_eligibility
from sgs.reports.document import Document, Section, Table
from sgs.reports.renderable import Renderable
from sgs.standard import Kind, Role, Standard, get_standard

__all__ = ["CONDITIONS", "CREDIT_CHINA", "DEADLINES", "MATERIALS", "RepairNotice", "repair_notice"]

#: The national single window (36号令 第十三条).
CREDIT_CHINA: Final = ("“信用中国”网站", "https://www.creditchina.gov.cn")

#: 36号令 第十四条 (its words): all must hold.
CONDITIONS: Final = (
    "（一）达到最短公示期限；",
    "（二）纠正失信行为，完全履行失信行为涉及的行政处罚、异常名录或严重失信主体名单等规定的义务；",
    "（三）公开作出信用承诺，承诺内容应包括所提交材料真实有效，并明确愿意承担违反承诺的相应责任；",
    "（四）法律、行政法规、部门规章要求的其他条件。",
)

#: 36号令 第十五条 (its words).
MATERIALS: Final = (
    "（一）纠正失信行为、履行法定义务等证明材料；",
    "（二）信用承诺书；",
    "（三）法律、行政法规、部门规章要求提供的其他材料。",
)

#: 36号令 第十六条, in 工作日: (step, deadline).
DEADLINES: Final = (
    ("决定是否受理", "失信信息认定单位自收到“信用中国”网站推送的申请之日起3个工作日内作出决定；"
     "申请材料不齐全或者不符合要求的，一次性告知需要补正的材料"),
    ("提供修复结果", "自受理之日起7个工作日内；因案情复杂或需进行核查的，可以延长10个工作日"),
    ("反馈修复结果", "“信用中国”网站一般应当自收到申请之日起10个工作日内反馈"),
)  # fmt: skip


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


@attrs.frozen(kw_only=True)
class RepairNotice(Renderable):
    """One 信用修复告知书 (module documentation); :meth:`document` lays it out."""

    department: str
    #: The party as the public view names it (a natural person by the surname only).
    party: str
    number: str
    decided: dt.date
    penalty_class: str
    by: str
    regime: str
    earliest_repair_date: dt.date
    auto_end_date: dt.date
    #: The day the notice is served.
    on: dt.date
    platform: str = ""
    url: str = ""
    #: 36号令 轻微 information that the policy does not publish at all.
    unpublished: bool = False

    @property
    def title(self) -> str:
        return "信用修复告知书"

    def channels(self) -> tuple[str, ...]:
        """Where to apply: 信用中国, and the local platform when one is named."""
        name, address = CREDIT_CHINA
        found = [f"{name}（{address}）在线申请；"]
        if self.platform or self.url:
            where = self.platform or "本地信用平台"
            found.append(where + (f"（{self.url}）" if self.url else "") + "在线申请；")
        found.append(f"对申请事项有疑问的，可向{self.department}咨询。")
        return tuple(found)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "department": self.department, "party": self.party,
            "number": self.number, "decided": _iso(self.decided),
            "penalty_class": self.penalty_class, "by": self.by, "regime": self.regime,
            "earliest_repair_date": _iso(self.earliest_repair_date),
            "auto_end_date": _iso(self.auto_end_date), "on": _iso(self.on),
            "unpublished": self.unpublished, "platform": self.platform, "url": self.url,
            "conditions": list(CONDITIONS), "materials": list(MATERIALS),
            "channels": list(self.channels()),
            "deadlines": [{"step": step, "deadline": when} for step, when in DEADLINES],
            "free": True,
        }  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def _periods(self) -> str:
        by = f"（处罚类别“{self.by}”）" if self.by else ""
        regime = self.regime or "2019年7月1日前的规定"
        earliest = self.earliest_repair_date.isoformat()
        if self.earliest_repair_date <= self.decided:
            when = "法定责任履行完毕即可申请信用修复"
        else:
            when = f"自{earliest}起可申请信用修复"
        text = (f"{self.party}：本机关于{self.decided.isoformat()}作出的{self.number}行政处罚"
                f"决定{by}，依据{regime}属于{self.penalty_class}失信信息。{when}；"
                f"最长公示期限于{self.auto_end_date.isoformat()}届满，届满后自动停止公示。")  # fmt: skip
        if self.unpublished:
            text += "轻微失信信息原则上不予公示（国家发展改革委令第36号第十二条）。"
        return text

    def document(self) -> Document:
        """The notice: the facts, then 一、公示期限 … 六、其他事项."""
        table = Table(
            title="公示期限",
            headers=("事项", "内容"),
            rows=(("失信信息类别", self.penalty_class), ("确定类别的处罚类别", self.by or "未列明"),
                  ("适用规定", self.regime or "2019年7月1日前的规定"),
                  ("可申请信用修复之日", self.earliest_repair_date.isoformat()),
                  ("自动停止公示之日", self.auto_end_date.isoformat())),
        )  # fmt: skip
        others = (
            "申请信用修复不收取任何费用；直接或变相向信用主体收取费用的，依法依规追究相关单位"
            "和人员责任（国家发展改革委令第36号第二十六条）。",
            "提供虚假材料、信用承诺严重不实或被认定为故意不履行承诺的，记入信用记录，在“信用中国”"
            "网站公示3年不得提前终止公示，原失信信息3年内不得申请信用修复（第二十五条）。",
            "对不予受理、不予修复的决定，或认为公示内容有误、公示期限不符合规定的，可以通过"
            "“信用中国”网站或直接向本机关提出异议申诉（第十八条）。",
            "本告知书与行政处罚决定书一并送达（两书同达，国办发〔2025〕22号）。",
        )
        return Document(
            kind="repair-notice", title=self.title,
            meta=(("作出决定的部门", self.department), ("当事人", self.party),
                  ("行政处罚决定书文号", self.number), ("处罚决定日期", self.decided.isoformat()),
                  ("告知日期", self.on.isoformat())),
            sections=(Section(heading="一、失信信息类别和公示期限", paragraphs=(self._periods(),),
                              blocks=(table,)),
                      Section(heading="二、信用修复的条件（第十四条）",
                              paragraphs=("申请信用修复应当同时符合下列条件：", *CONDITIONS)),
                      Section(heading="三、应当提交的材料（第十五条）", paragraphs=MATERIALS),
                      Section(heading="四、申请渠道（第十三条）",
                              paragraphs=("可以通过下列渠道申请信用修复：", *self.channels())),
                      Section(heading="五、办理时限（第十六条）",
                              paragraphs=tuple(f"{step}：{when}。" for step, when in DEADLINES)),
                      Section(heading="六、其他事项", paragraphs=others)),
            data=self.to_dict(),
        )  # fmt: skip


def repair_notice(
    kind: str,
    fields: Mapping[str, str],
    *,
    on: dt.date,
    department: str,
    platform: str = "",
    url: str = "",
    policy: Policy | None = None,
    standard: Standard | None = None,
) -> RepairNotice:
    """The 信用修复告知书 of the penalty ``fields``, served on ``on`` by ``department``.

    ``platform`` and ``url`` name the local credit platform where one also takes
    applications. A licence, or a penalty without a readable decision date, is an
    :class:`~sgs.errors.SgsError`.
    """
    if Kind.parse(kind) is not Kind.PENALTY:
        raise SgsError("行政许可信息不是失信信息，不出具信用修复告知书",
                       "a licence is not negative credit information: no repair notice")  # fmt: skip
    chosen = policy if policy is not None else Policy()
    found = repair_eligibility(kind, fields, on=on, obligations_fulfilled=True, commitment="告知",
                               policy=chosen, standard=standard)  # fmt: skip
    if found.decided is None or found.earliest_repair_date is None or found.auto_end_date is None:
        raise SgsError("处罚决定日期缺失或无法识别，无法出具信用修复告知书",
                       "no readable decision date: the repair notice cannot be made")  # fmt: skip
    spec = (standard if standard is not None else get_standard()).spec(Kind.PENALTY)
    # The public view's masking (a natural person's name by the surname only); the
    # sharing view always gives the fields, whether or not the record is public.
    view = Publisher(standard=standard, policy=chosen).sharing_view(kind, fields, key="", on=on)
    name_code, number_code = spec.code_of(Role.PARTY_NAME), spec.code_of(Role.DECISION_NUMBER)
    party = view.fields.get(name_code, "").strip() if name_code else ""
    number = str(fields.get(number_code, "")).strip() if number_code else ""
    unpublished = (found.regime == "国家发展改革委令第36号" and found.penalty_class == "轻微"
                   and not chosen.publish_slight_penalties)  # fmt: skip
    return RepairNotice(
        department=department, party=party or "当事人", number=number or "（未填文号）",
        decided=found.decided, penalty_class=found.penalty_class, by=found.by,
        regime=found.regime, earliest_repair_date=found.earliest_repair_date,
        auto_end_date=found.auto_end_date, on=on, platform=platform, url=url,
        unpublished=unpublished,
    )  # fmt: skip
