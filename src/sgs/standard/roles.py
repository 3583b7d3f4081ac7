"""What each field of a record *is*, independent of its code: the field roles.

Code outside :mod:`sgs.standard` never spells a field code (``CF_JDRQ``) or a
code prefix (``XK_``): it asks a :class:`~sgs.standard.RecordSpec` for the
field that plays a role, so that one piece of code serves both kinds, every
version of the standard and a province's extension alike.

>>> from sgs.standard import get_standard
>>> spec = get_standard("2018").penalty
>>> spec.role(Role.DECISION_DATE).code, spec.code_of(Role.AUTHORITY_CODE)
('CF_JDRQ', 'CF_CFJGDM')
>>> get_standard("2018").license.code_of(Role.PUBLICATION_END) is None
True
"""

from __future__ import annotations

import enum

__all__ = ["IDENTIFIER_ROLES", "PARTY_ORGANISATION_ROLES", "Role"]


class Role(enum.StrEnum):
    """The roles a field can play. A field may play several (``case_name`` too)."""

    # -- the party (行政相对人) -----------------------------------------------------------------
    PARTY_NAME = "party_name"  # 行政相对人名称
    PARTY_CATEGORY = "party_category"  # 行政相对人类别
    PARTY_USCC = "party_uscc"  # 统一社会信用代码
    PARTY_BUSINESS_REG_NO = "party_business_reg_no"  # 工商注册号
    PARTY_ORGCODE = "party_orgcode"  # 组织机构代码
    PARTY_TAX_REG_NO = "party_tax_reg_no"  # 税务登记号
    PARTY_INSTITUTION_NO = "party_institution_no"  # 事业单位证书号
    PARTY_SOCIAL_ORG_NO = "party_social_org_no"  # 社会组织登记证号
    LEGAL_REP = "legal_rep"  # 法定代表人
    LEGAL_REP_ID_TYPE = "legal_rep_id_type"  # 法定代表人证件类型
    LEGAL_REP_ID_NUMBER = "legal_rep_id_number"  # 法定代表人证件号码
    PARTY_ID_TYPE = "party_id_type"  # 证件类型 (自然人)
    PARTY_ID_NUMBER = "party_id_number"  # 证件号码 (自然人)
    # -- the decision ------------------------------------------------------------------------
    DECISION_NUMBER = "decision_number"  # 决定文书号 / 决定书文号
    DECISION_DATE = "decision_date"  # 许可决定日期 / 处罚决定日期
    CASE_NAME = "case_name"  # the 台账's 项目名称 / 案件名称
    DOCUMENT_NAME = "document_name"  # 行政许可决定文书名称
    LICENSE_CATEGORY = "license_category"  # 许可类别
    CERTIFICATE_NAME = "certificate_name"  # 许可证书名称
    LICENSE_NUMBER = "license_number"  # 许可编号
    LICENSE_CONTENT = "license_content"  # 许可内容
    VALID_FROM = "valid_from"  # 有效期自
    VALID_UNTIL = "valid_until"  # 有效期至 / 处罚有效期
    STATUS = "status"  # 当前状态
    VIOLATION_TYPE = "violation_type"  # 违法行为类型
    VIOLATION_FACTS = "violation_facts"  # 违法事实
    LEGAL_BASIS = "legal_basis"  # 处罚依据
    PENALTY_TYPES = "penalty_types"  # 处罚类别
    PENALTY_CONTENT = "penalty_content"  # 处罚内容
    FINE_AMOUNT = "fine_amount"  # 罚款金额（万元）
    CONFISCATION_AMOUNT = "confiscation_amount"  # 没收违法所得、没收非法财物的金额（万元）
    SUSPENDED_LICENSE = "suspended_license"  # 暂扣或吊销证照名称及编号
    PUBLICATION_END = "publication_end"  # 公示截止期
    # -- who decided, who sent -----------------------------------------------------------------
    AUTHORITY_NAME = "authority_name"  # 许可机关 / 处罚机关
    AUTHORITY_CODE = "authority_code"  # 许可机关 / 处罚机关统一社会信用代码
    SOURCE_NAME = "source_name"  # 数据来源单位
    SOURCE_CODE = "source_code"  # 数据来源单位统一社会信用代码
    REMARKS = "remarks"  # 备注


#: The identifier each role holds, for the identifier checks: ``party-uscc`` (the
#: subject's 统一社会信用代码, where the 个体工商户 placeholder may appear),
#: ``authority-uscc`` (the deciding authority and the data source) and ``orgcode``.
IDENTIFIER_ROLES: dict[Role, str] = {
    Role.PARTY_USCC: "party-uscc",
    Role.AUTHORITY_CODE: "authority-uscc",
    Role.SOURCE_CODE: "authority-uscc",
    Role.PARTY_ORGCODE: "orgcode",
}

#: The fields of an organisation's identity (§4: empty for a natural person).
PARTY_ORGANISATION_ROLES: tuple[Role, ...] = (
    Role.PARTY_USCC,
    Role.PARTY_BUSINESS_REG_NO,
    Role.PARTY_ORGCODE,
    Role.PARTY_TAX_REG_NO,
    Role.PARTY_INSTITUTION_NO,
    Role.PARTY_SOCIAL_ORG_NO,
    Role.LEGAL_REP,
    Role.LEGAL_REP_ID_TYPE,
    Role.LEGAL_REP_ID_NUMBER,
)
