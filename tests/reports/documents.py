"""Hand-built documents for the renderers' tests: every figure is written here, so a test
can compare what it reads back with these values."""

from __future__ import annotations

from decimal import Decimal

from sgs.reports import Chart, Document, Section, Series, Table

#: Three departments; 甲局's 迟报率 (75.00) is over the threshold (50), 丙局 has no rate.
TABLE = Table(
    title="行政处罚（按部门）",
    headers=("部门", "接收", "通过", "合规率", "迟报率"),
    rows=(
        ("甲局", 8, 6, Decimal("75.00"), Decimal("75.00")),
        ("乙局", 4, 4, Decimal("100.00"), Decimal("25.00")),
        ("丙局", 0, 0, None, None),
        ("合计", 12, 10, Decimal("83.33"), Decimal("58.33")),
    ),
    rate_columns=(3, 4),
    threshold=Decimal(50),
    flag_above=True,
    flag_columns=(4,),
    total_rows=1,
    note="迟报率超过 50% 的标红。",
)
BARS = Chart(
    title="各部门接收与通过",
    kind="bar",
    categories=("甲局", "乙局", "丙局"),
    series=(Series("接收", (8, 4, 0)), Series("通过", (6, 4, 0))),
    unit="条",
)
RATES = Chart(
    title="各部门按时报送率",
    kind="bar",
    categories=("甲局", "乙局", "丙局"),
    series=(Series("按时报送率", (25.0, 75.0, None)),),
    unit="%",
)
TREND = Chart(
    title="近3个月趋势",
    kind="line",
    categories=("2026-08", "2026-09", "2026-10"),
    series=(Series("接收", (5, 9, 12)),),
    unit="条",
)
DOCUMENT = Document(
    kind="monthly",
    title="示例市 2026-10 双公示月报告",
    subtitle="信用平台接收数据统计",
    meta=(("统计月份", "2026-10"), ("统计截止", "2026-11-03"), ("应报送日期", "2026-11-16")),
    sections=(
        Section(heading="总体情况", paragraphs=("本月接收 12 条，通过 10 条。",), blocks=(TREND,)),
        Section(heading="分部门情况", blocks=(TABLE, BARS, RATES)),
    ),
    data={"title": "示例市 2026-10 双公示月报告", "units": 3},
)
#: What another report (the 季通报, say) may be: paragraphs-only sections and one table.
QUARTERLY = Document(
    kind="quarterly",
    title="2026年第三季度双公示工作通报",
    meta=(("统计季度", "2026Q3"),),
    sections=(
        Section(heading="工作进展", paragraphs=("第一段。", "第二段。")),
        Section(heading="存在问题", paragraphs=("个别部门迟报。",)),
        Section(
            heading="排名",
            blocks=(Table(title="报送量", headers=("部门", "报送"), rows=(("甲局", 30),)),),
        ),
    ),
    data={"kind": "quarterly"},
)
