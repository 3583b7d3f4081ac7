"""The national 双公示 data standard: the 2018 field tables and the 2021 penalty types.

Sources (summarised in ``docs/standard.md``):

* field codes, order and labels of the 2018 standard (发改办财金〔2018〕790号,
  whose own text was not at hand) are confirmed by several independent real
  systems; most maximum lengths are recalled only and therefore marked
  :attr:`Certainty.RECALLED` — callers may override them;
* the 2021 处罚类别 list follows 《行政处罚法》(2021) 第九条, split into the 13
  atomic types of the 2021 statistics form plus 其他.
"""

from __future__ import annotations

from typing import Any

from sgs.standard.aliases import LICENSE_HEADER_ALIASES, PENALTY_HEADER_ALIASES
from sgs.standard.legacy import LEGACY_LICENSE, LEGACY_PENALTY
from sgs.standard.model import (
    Certainty,
    Enumeration,
    FieldSpec,
    FieldType,
    Kind,
    RecordSpec,
    Requirement,
    Standard,
)
from sgs.standard.roles import Role

__all__ = [
    "ID_TYPES",
    "LICENSE_CATEGORIES",
    "PENALTY_TYPES_2018",
    "PENALTY_TYPES_2021",
    "SUBJECT_CATEGORIES",
    "make_standard_2018",
    "make_standard_2021",
]

M, C, OPT = Requirement.MANDATORY, Requirement.CONDITIONAL, Requirement.OPTIONAL
T, D, N, E = FieldType.TEXT, FieldType.DATE, FieldType.DECIMAL, FieldType.ENUMERATION

SUBJECT_CATEGORIES = Enumeration(
    name="行政相对人类别",
    values=("法人及非法人组织", "自然人", "个体工商户"),
    aliases={
        "法人和非法人组织": "法人及非法人组织",
        "法人及其他组织": "法人及非法人组织",
        "法人和其他组织": "法人及非法人组织",
        "法人": "法人及非法人组织",
    },
)

# S8 lists these; 港澳 and 台湾 passes are often written with 内地 for 大陆.
ID_TYPES = Enumeration(
    name="证件类型",
    specified="其他",
    values=(
        "身份证",
        "护照号",
        "港澳居民来往内地通行证",
        "台湾居民来往大陆通行证",
        "外国人永久居留身份证",
    ),
    aliases={
        "居民身份证": "身份证",
        "护照": "护照号",
        "台湾居民来往内地通行证": "台湾居民来往大陆通行证",
    },
)

LICENSE_CATEGORIES = Enumeration(
    name="许可类别",
    specified="其他",
    values=("普通", "特许", "认可", "核准", "登记", "其他"),
)

LICENSE_STATUS = Enumeration(
    name="当前状态",
    values=("1", "2"),
    titles={"1": "有效", "2": "无效"},
    aliases={"有效": "1", "无效": "2"},
)

PENALTY_TYPES_2018 = Enumeration(
    name="处罚类别",
    multiple=True,
    specified="其他",
    values=(
        "警告",
        "罚款",
        "没收违法所得、没收非法财物",
        "责令停产停业",
        "暂扣或者吊销许可证、暂扣或者吊销执照",
        "行政拘留",
        "其他",
    ),
    # Templates in the wild split the two compound values into their halves.
    aliases={
        "没收违法所得": "没收违法所得、没收非法财物",
        "没收非法财物": "没收违法所得、没收非法财物",
        "暂扣或者吊销许可证": "暂扣或者吊销许可证、暂扣或者吊销执照",
        "暂扣或者吊销执照": "暂扣或者吊销许可证、暂扣或者吊销执照",
    },
)

# 《行政处罚法》(2021) 第九条, 13 atomic types in the severity order of the 2021
# statistics form (lightest first), plus 其他 for 法律、行政法规规定的其他行政处罚.
PENALTY_TYPES_2021 = Enumeration(
    name="处罚类别",
    multiple=True,
    specified="其他",
    values=(
        "警告",
        "通报批评",
        "罚款",
        "没收违法所得",
        "没收非法财物",
        "暂扣许可证件",
        "降低资质等级",
        "吊销许可证件",
        "限制开展生产经营活动",
        "责令停产停业",
        "责令关闭",
        "限制从业",
        "行政拘留",
        "其他",
    ),
    # The 2018 strings stay accepted. The two compound ones are ambiguous in
    # the 2021 list (暂扣 or 吊销?), so they are accepted and kept as written.
    aliases={
        "没收违法所得、没收非法财物": "没收违法所得、没收非法财物",
        "暂扣或者吊销许可证、暂扣或者吊销执照": "暂扣或者吊销许可证、暂扣或者吊销执照",
        "暂扣或者吊销许可证": "暂扣或者吊销许可证",
        "暂扣或者吊销执照": "暂扣或者吊销执照",
        "吊销营业执照": "吊销营业执照",  # 第十二条 still names it
        "暂扣许可证": "暂扣许可证件",
        "吊销许可证": "吊销许可证件",
        "限制开展经营活动": "限制开展生产经营活动",
    },
)

_ID_NOTE = "不公示或脱敏后公示 (not published, or masked)"


def _party_fields(prefix: str) -> list[FieldSpec]:
    """Fields #1–13, shared by both kinds apart from the code prefix."""
    p = prefix

    def f(
        code: str,
        label: str,
        name: str,
        roles: tuple[Role, ...],
        kind: FieldType,
        req: Requirement,
        length: int | None,
        **extra: Any,
    ) -> FieldSpec:
        return FieldSpec(
            code=code,
            label=label,
            name=name,
            roles=roles,
            type=kind,
            requirement=req,
            max_length=length,
            **extra,
        )

    return [
        f(
            f"{p}_XDR_MC",
            "行政相对人名称",
            "party_name",
            (Role.PARTY_NAME,),
            T,
            M,
            200,
            title_en="party name",
        ),
        f(
            f"{p}_XDR_LB",
            "行政相对人类别",
            "party_category",
            (Role.PARTY_CATEGORY,),
            E,
            M,
            16,
            enumeration=SUBJECT_CATEGORIES,
            title_en="party category",
            note="填写法人及非法人组织、自然人、个体工商户三个类别中的一个",
        ),
        f(
            f"{p}_XDR_SHXYM",
            "行政相对人代码_1(统一社会信用代码)",
            "party_credit_code",
            (Role.PARTY_USCC,),
            T,
            C,
            18,
            condition="C1",
            title_en="party unified social credit code",
            note="法人及非法人组织、个体工商户必填；个体工商户无代码时填17个0加X；自然人为空 (GB 32100)",
        ),
        f(
            f"{p}_XDR_GSZC",
            "行政相对人代码_2(工商注册号)",
            "party_business_reg_no",
            (Role.PARTY_BUSINESS_REG_NO,),
            T,
            C,
            50,
            condition="C2",
            title_en="party business registration number",
            note="统一社会信用代码为17个0加X时必填；自然人为空",
        ),
        f(
            f"{p}_XDR_ZZJG",
            "行政相对人代码_3(组织机构代码)",
            "party_org_code",
            (Role.PARTY_ORGCODE,),
            T,
            OPT,
            9,
            condition="C3",
            title_en="party organization code",
            note="9位 (GB 11714)；自然人为空",
            length_certainty=Certainty.SECONDARY,
        ),
        f(
            f"{p}_XDR_SWDJ",
            "行政相对人代码_4(税务登记号)",
            "party_tax_reg_no",
            (Role.PARTY_TAX_REG_NO,),
            T,
            OPT,
            15,
            condition="C3",
            title_en="party tax registration number",
            note="自然人为空",
        ),
        f(
            f"{p}_XDR_SYDW",
            "行政相对人代码_5(事业单位证书号)",
            "party_institution_cert_no",
            (Role.PARTY_INSTITUTION_NO,),
            T,
            OPT,
            12,
            condition="C3",
            title_en="party public institution certificate number",
            note="自然人为空",
        ),
        f(
            f"{p}_XDR_SHZZ",
            "行政相对人代码_6(社会组织登记证号)",
            "party_social_org_reg_no",
            (Role.PARTY_SOCIAL_ORG_NO,),
            T,
            OPT,
            50,
            condition="C3",
            title_en="party social organization registration number",
            note="自然人为空",
        ),
        f(
            f"{p}_FRDB",
            "法定代表人",
            "legal_rep",
            (Role.LEGAL_REP,),
            T,
            C,
            50,
            condition="C4",
            title_en="legal representative",
            note="法人及非法人组织、个体工商户必填（个体工商户填经营者姓名）；自然人为空",
        ),
        f(
            f"{p}_FR_ZJLX",
            "法定代表人证件类型",
            "legal_rep_id_type",
            (Role.LEGAL_REP_ID_TYPE,),
            E,
            OPT,
            64,
            enumeration=ID_TYPES,
            title_en="legal representative ID type",
        ),
        f(
            f"{p}_FR_ZJHM",
            "法定代表人证件号码",
            "legal_rep_id_number",
            (Role.LEGAL_REP_ID_NUMBER,),
            T,
            C,
            64,
            condition="C5",
            personal=True,
            title_en="legal representative ID number",
            note="填写法定代表人证件类型时必填；" + _ID_NOTE,
        ),
        f(
            f"{p}_XDR_ZJLX",
            "证件类型",
            "party_id_type",
            (Role.PARTY_ID_TYPE,),
            E,
            C,
            64,
            condition="C6",
            enumeration=ID_TYPES,
            title_en="party ID type",
            note="自然人必填，其他类别为空",
        ),
        f(
            f"{p}_XDR_ZJHM",
            "证件号码",
            "party_id_number",
            (Role.PARTY_ID_NUMBER,),
            T,
            C,
            64,
            condition="C6",
            personal=True,
            title_en="party ID number",
            note="自然人必填，其他类别为空；" + _ID_NOTE,
        ),
    ]


def _source_fields(source: str, source_code: str) -> list[FieldSpec]:
    """数据来源单位, its 统一社会信用代码 and 备注, which close both kinds.

    The codes differ between kinds (``XK_LYDW`` but ``CF_SJLY``).
    """
    return [
        FieldSpec(
            code=source,
            label="数据来源单位",
            name="data_source",
            roles=(Role.SOURCE_NAME,),
            type=T,
            requirement=M,
            max_length=200,
            title_en="data source unit",
        ),
        FieldSpec(
            code=source_code,
            label="数据来源单位统一社会信用代码",
            name="data_source_credit_code",
            roles=(Role.SOURCE_CODE,),
            type=T,
            requirement=M,
            max_length=18,
            title_en="data source unit unified social credit code",
        ),
        FieldSpec(
            code="BZ",
            label="备注",
            name="remarks",
            roles=(Role.REMARKS,),
            type=T,
            requirement=OPT,
            max_length=512,
            title_en="remarks",
        ),
    ]


def _license_spec() -> RecordSpec:
    fields = _party_fields("XK")
    fields += [
        FieldSpec(
            code="XK_XKWS",
            label="行政许可决定文书名称",
            name="document_name",
            roles=(Role.DOCUMENT_NAME, Role.CASE_NAME),
            type=T,
            requirement=M,
            max_length=64,
            title_en="decision document title",
            note="填写行政许可决定文书标题，不含文号，如“国家发展改革委关于XXX公司发行企业债券核准的批复”",
        ),
        FieldSpec(
            code="XK_WSH",
            label="行政许可决定文书号",
            name="document_number",
            roles=(Role.DECISION_NUMBER,),
            type=T,
            requirement=M,
            max_length=64,
            title_en="decision document number",
            note="如无行政许可决定文书编号，填写该行政许可的“许可编号”",
        ),
        FieldSpec(
            code="XK_XKLB",
            label="许可类别",
            name="license_category",
            roles=(Role.LICENSE_CATEGORY,),
            type=E,
            requirement=M,
            max_length=256,
            enumeration=LICENSE_CATEGORIES,
            title_en="license category",
            note="普通、特许、认可、核准、登记或其他；选择“其他”时需注明具体类别",
        ),
        FieldSpec(
            code="XK_XKZS",
            label="许可证书名称",
            name="certificate_name",
            roles=(Role.CERTIFICATE_NAME,),
            type=T,
            requirement=OPT,
            max_length=64,
            title_en="license certificate name",
            note="如“煤矿生产许可证”",
        ),
        FieldSpec(
            code="XK_XKBH",
            label="许可编号",
            name="license_number",
            roles=(Role.LICENSE_NUMBER,),
            type=T,
            requirement=OPT,
            max_length=64,
            title_en="license number",
        ),
        FieldSpec(
            code="XK_NR",
            label="许可内容",
            name="license_content",
            roles=(Role.LICENSE_CONTENT,),
            type=T,
            requirement=M,
            max_length=4000,
            title_en="license content",
            note="填写行政许可决定书的主要内容",
        ),
        FieldSpec(
            code="XK_JDRQ",
            label="许可决定日期",
            name="decision_date",
            roles=(Role.DECISION_DATE,),
            type=D,
            requirement=M,
            title_en="decision date",
            note="格式为YYYY/MM/DD",
        ),
        FieldSpec(
            code="XK_YXQZ",
            label="有效期自",
            name="valid_from",
            roles=(Role.VALID_FROM,),
            type=D,
            requirement=M,
            title_en="valid from",
            note="行政许可决定的开始执行日期，格式为YYYY/MM/DD",
        ),
        FieldSpec(
            code="XK_YXQZI",
            label="有效期至",
            name="valid_to",
            roles=(Role.VALID_UNTIL,),
            type=D,
            requirement=M,
            title_en="valid to",
            note="行政许可决定的截止日期，格式为YYYY/MM/DD，2099/12/31的含义为长期",
        ),
        FieldSpec(
            code="XK_XKJG",
            label="许可机关",
            name="authority",
            roles=(Role.AUTHORITY_NAME,),
            type=T,
            requirement=M,
            max_length=200,
            title_en="licensing authority",
        ),
        FieldSpec(
            code="XK_XKJGDM",
            label="许可机关统一社会信用代码",
            name="authority_credit_code",
            roles=(Role.AUTHORITY_CODE,),
            type=T,
            requirement=M,
            max_length=18,
            title_en="licensing authority unified social credit code",
            note="做出行政许可决定的各级行政许可决定机关的统一社会信用代码",
        ),
        FieldSpec(
            code="XK_ZT",
            label="当前状态",
            name="status",
            roles=(Role.STATUS,),
            type=E,
            requirement=M,
            max_length=1,
            enumeration=LICENSE_STATUS,
            title_en="current status",
            note="1的含义为有效，2的含义为无效",
        ),
        *_source_fields("XK_LYDW", "XK_LYDWDM"),
    ]
    return RecordSpec(
        kind=Kind.LICENSE,
        fields=fields,
        legacy=LEGACY_LICENSE,
        header_aliases=LICENSE_HEADER_ALIASES,
    )


def _penalty_spec(penalty_types: Enumeration) -> RecordSpec:
    fields = _party_fields("CF")
    fields += [
        FieldSpec(
            code="CF_WSH",
            label="行政处罚决定书文号",
            name="document_number",
            roles=(Role.DECISION_NUMBER,),
            type=T,
            requirement=M,
            max_length=128,
            length_certainty=Certainty.SECONDARY,
            title_en="decision document number",
        ),
        FieldSpec(
            code="CF_WFXW",
            label="违法行为类型",
            name="violation_type",
            roles=(Role.VIOLATION_TYPE, Role.CASE_NAME),
            type=T,
            requirement=M,
            max_length=2000,
            title_en="type of violation",
            note="填写行政相对人具体违反的某项法律法规",
        ),
        FieldSpec(
            code="CF_SY",
            label="违法事实",
            name="violation_facts",
            roles=(Role.VIOLATION_FACTS,),
            type=T,
            requirement=M,
            max_length=5000,
            title_en="facts of the violation",
        ),
        FieldSpec(
            code="CF_YJ",
            label="处罚依据",
            name="legal_basis",
            roles=(Role.LEGAL_BASIS,),
            type=T,
            requirement=M,
            max_length=2048,
            title_en="legal basis",
        ),
        FieldSpec(
            code="CF_CFLB",
            label="处罚类别",
            name="penalty_types",
            roles=(Role.PENALTY_TYPES,),
            type=E,
            requirement=M,
            max_length=256,
            enumeration=penalty_types,
            title_en="penalty types",
            note="可填多个类别，以分号分隔；选择“其他”时需注明",
        ),
        FieldSpec(
            code="CF_NR",
            label="处罚内容",
            name="penalty_content",
            roles=(Role.PENALTY_CONTENT,),
            type=T,
            requirement=M,
            max_length=4000,
            title_en="penalty content",
        ),
        FieldSpec(
            code="CF_NR_FK",
            label="罚款金额（万元）",
            name="fine_amount",
            roles=(Role.FINE_AMOUNT,),
            requirement=C,
            condition="C7",
            title_en="fine amount (10,000 yuan)",
            note="单位为万元，最多6位小数；处罚类别含罚款时必填",
            requirement_certainty=Certainty.RECALLED,
            type=N,
            decimals=6,
            unit="万元",
        ),
        FieldSpec(
            code="CF_NR_WFFF",
            label="没收违法所得、没收非法财物的金额（万元）",
            name="confiscation_amount",
            roles=(Role.CONFISCATION_AMOUNT,),
            requirement=C,
            condition="C8",
            title_en="amount confiscated (10,000 yuan)",
            note="单位为万元，最多6位小数；处罚类别含没收时必填",
            requirement_certainty=Certainty.RECALLED,
            type=N,
            decimals=6,
            unit="万元",
        ),
        FieldSpec(
            code="CF_NR_ZKDX",
            label="暂扣或吊销证照名称及编号",
            name="suspended_or_revoked_license",
            roles=(Role.SUSPENDED_LICENSE,),
            type=T,
            requirement=C,
            condition="C9",
            max_length=200,
            length_certainty=Certainty.SECONDARY,
            requirement_certainty=Certainty.RECALLED,
            title_en="name and number of the license suspended or revoked",
            note="处罚类别含暂扣或吊销时必填",
        ),
        FieldSpec(
            code="CF_JDRQ",
            label="处罚决定日期",
            name="decision_date",
            roles=(Role.DECISION_DATE,),
            type=D,
            requirement=M,
            title_en="decision date",
            note="格式为YYYY/MM/DD",
        ),
        FieldSpec(
            code="CF_YXQ",
            label="处罚有效期",
            name="penalty_valid_until",
            roles=(Role.VALID_UNTIL,),
            type=D,
            requirement=M,
            title_en="penalty valid until",
            note="处罚决定的截止日期，格式为YYYY/MM/DD，2099/12/31的含义为长期",
        ),
        FieldSpec(
            code="CF_GSJZQ",
            label="公示截止期",
            name="publication_end_date",
            roles=(Role.PUBLICATION_END,),
            type=D,
            requirement=OPT,
            requirement_certainty=Certainty.RECALLED,
            title_en="publication end date",
            note="格式为YYYY/MM/DD",
        ),
        FieldSpec(
            code="CF_CFJG",
            label="处罚机关",
            name="authority",
            roles=(Role.AUTHORITY_NAME,),
            type=T,
            requirement=M,
            max_length=200,
            title_en="penalizing authority",
        ),
        FieldSpec(
            code="CF_CFJGDM",
            label="处罚机关统一社会信用代码",
            name="authority_credit_code",
            roles=(Role.AUTHORITY_CODE,),
            type=T,
            requirement=M,
            max_length=18,
            title_en="penalizing authority unified social credit code",
        ),
        *_source_fields("CF_SJLY", "CF_SJLYDM"),
    ]
    return RecordSpec(
        kind=Kind.PENALTY,
        fields=fields,
        legacy=LEGACY_PENALTY,
        header_aliases=PENALTY_HEADER_ALIASES,
    )


def make_standard_2018() -> Standard:
    """The 2018 national standard (28 license fields, 30 penalty fields)."""
    import datetime as dt

    return Standard(
        version="2018",
        title="行政许可和行政处罚等信用信息数据归集公示标准（2018）",
        basis="发改办财金〔2018〕790号（文本未核实）；发改办财金〔2018〕424号",
        issued=dt.date(2018, 7, 25),
        license=_license_spec(),
        penalty=_penalty_spec(PENALTY_TYPES_2018),
    )


def make_standard_2021() -> Standard:
    """The 2018 field set with the 处罚类别 of 《行政处罚法》(2021) 第九条."""
    import datetime as dt

    base = make_standard_2018()
    return Standard(
        version="2021",
        title="行政许可和行政处罚等信用信息数据归集公示标准（2018字段，2021处罚种类）",
        basis="发改办财金〔2018〕790号；《中华人民共和国行政处罚法》（2021年修订）第九条",
        issued=dt.date(2021, 7, 15),
        license=base.license,
        penalty=_penalty_spec(PENALTY_TYPES_2021),
        note="2021年版未见全国统一修订字段表；本版本沿用2018字段，处罚类别采用2021年行政处罚法。",
    )
