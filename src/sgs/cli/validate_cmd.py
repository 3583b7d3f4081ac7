"""``sgs validate FILE...``: check files against the standard; report, receipt, exit status."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections import defaultdict
from typing import Any, TextIO

from sgs.cli.options import add_read_options, iso_date, read_options
from sgs.errors import SgsError
from sgs.io.rows import place
from sgs.plugins.registries import Validator
from sgs.validation import Issue, Report, Severity

__all__ = ["register"]

#: What ``--receipt`` says when every record is valid, instead of writing a receipt.
NOTHING_TO_RETURN = "无需退回 (nothing to return)"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "validate",
        help="按数据标准校验文件，输出问题和退回回执 (validate files; issues and receipts)",
        description="校验一个或多个文件中的每条记录：必填项、长度、代码集、日期、金额、"
        "统一社会信用代码、身份证号码、相对人类别、字段间关系和重复的决定书文号。"
        " Check every record of the files against the 双公示 standard."
        " Exit status: 0 no errors (warnings allowed), 1 at least one error,"
        " 2 unusable input or usage.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    add_read_options(parser)
    parser.add_argument(
        "--as-of",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="检查“不晚于当前日期”等规则所用的日期，默认今天 (reference date; default today)",
    )
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="输出格式 (output format)"
    )
    parser.add_argument(
        "--receipt",
        metavar="PATH",
        help="写出退回回执 (.xlsx/.csv/.jsonl；多个文件时为目录) "
        "(write the rejection receipt; a folder for several files)；"
        "全部有效时不写出 (none when every record is valid)",
    )
    parser.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="并行进程数 (processes for a large CSV)"
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "python", "columnar"),
        default="auto",
        help="CSV 校验引擎：auto（装有 pyarrow、numpy 时用列式）、python、columnar；结果相同 "
        "(the engine for CSV files; auto: columnar when pyarrow and numpy are installed; "
        "the report is the same)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="在 Dask 集群上校验大的 CSV 文件：tcp://主机:端口，或 local:N（本机 N 个工作进程）；"
        "文件须在各工作节点能以同一路径读到的共享存储上 "
        "(check large CSV files on a Dask cluster: tcp://HOST:PORT, or local:N worker "
        "processes here; the file must be on storage every worker reads at the same path)",
    )
    parser.add_argument(
        "--severity",
        action="append",
        metavar="CODE=LEVEL",
        default=[],
        help="调整规则级别：error、warning 或 off，可重复；CODE 可写作 code:FIELD "
        "(change a rule's severity; repeatable)",
    )
    parser.add_argument(
        "--max-issues",
        type=int,
        default=20,
        metavar="N",
        help="文本输出中列出的问题数 (issues listed in text output), 默认 default 20",
    )
    parser.add_argument(
        "--no-plugins", action="store_true", help="不加载插件规则 (ignore plugin rules)"
    )
    parser.set_defaults(run=run)


def _severities(items: list[str]) -> dict[str, str]:
    result = {}
    for item in items:
        code, sep, level = item.partition("=")
        if not sep or not code.strip():
            raise SgsError(
                f"--severity 应写作 CODE=LEVEL：{item!r}",
                f"--severity takes CODE=LEVEL: {item!r}",
            )
        result[code.strip()] = level.strip()
    return result


class _Progress:
    """Records checked so far, on one line of a terminal's stderr."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int) -> None:
        rate = done / max(time.monotonic() - self.start, 1e-9)
        self.stream.write(f"\r校验中 validating: {done:,} 条 records ({rate:,.0f}/s)  ")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


def run(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        raise SgsError("--jobs 至少为 1", "--jobs must be at least 1")
    if args.scheduler is not None and args.jobs > 1:
        raise SgsError("--jobs 与 --scheduler 只能选一个", "use --jobs or --scheduler, not both")
    if args.scheduler is not None:  # the cluster's own log lines are not the user's business
        logging.getLogger("distributed").setLevel(logging.ERROR)
    options = read_options(args)
    validator = Validator(
        kind=args.kind,
        standard=args.standard,
        as_of=args.as_of,
        severity=_severities(args.severity),
        plugins=not args.no_plugins,
        empty_markers=options["empty_markers"],  # type: ignore[arg-type]
        limits=options["limits"],  # type: ignore[arg-type]
        engine=args.engine,
        scheduler=args.scheduler,
    )
    progress = _Progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        report = validator.validate_many(
            args.files,
            format=args.input_format,
            encoding=args.encoding,
            sheet=args.sheet,
            jobs=args.jobs,
            progress=progress,
            skip_unusable=True,
        )
    finally:
        if progress is not None:
            progress.close()
    for bad in report.unusable:
        print(f"sgs: {bad['file'] or '<input>'}: {bad['message']} ({bad['message_en']})",
              file=sys.stderr)  # fmt: skip
    if not report.files:  # nothing could be read: the messages above say why
        report.close()
        return 2
    receipts = report.write_receipt(args.receipt) if args.receipt else []
    if args.format == "json":
        print(report.to_json(indent=2))
    else:
        _print_text(report, args.max_issues, receipts)
    if args.receipt and not receipts:  # every record valid: no receipt is written
        print(f"\n{NOTHING_TO_RETURN}", file=sys.stderr if args.format == "json" else sys.stdout)
    report.close()
    if report.unusable:
        return 2
    return 0 if report.ok else 1


def _print_text(report: Report, limit: int, receipts: list[str]) -> None:
    from sgs.standard import Kind

    for f in report.files:
        kind = Kind(f.kind)
        where = f"，编码 {f.encoding}" if f.encoding else ""
        if f.header_line:
            where += f"，表头在第{f.header_line}行"
        print(
            f"{f.place}: {kind.label} ({kind.value})，{f.records} 条记录，{f.invalid} 条无效{where}"
        )
        if f.missing_mandatory:
            print(
                "  缺少必填字段的列 (no column for mandatory fields): "
                + "、".join(f.missing_mandatory)
            )
        if f.unmapped:
            print("  其他列（原样保留） (extra columns, kept): " + "、".join(f.unmapped))
        if f.skipped:
            lines = "、".join(map(str, f.skipped_lines))
            more = " 等 (and more)" if f.skipped > len(f.skipped_lines) else ""
            print(
                f"  {f.skipped} 行只有其他列的内容，未作为记录校验：第 {lines}{more} 行 "
                f"(rows with text only in extra columns, not checked as records: lines {lines})"
            )
    s = report.summary
    rows = [
        ("记录 records", s.total),
        ("有效 valid", s.valid),
        ("无效 invalid", s.invalid),
        ("错误 errors", s.errors),
        ("提示 warnings", s.warnings),
    ]
    print("\n汇总 summary")
    for label, value in rows:
        print(f"  {label:<14}{value:>12,}")
    if s.by_code:
        print("\n按问题 by issue code")
        for code, count in s.by_code.items():
            print(f"  {code:<32}{count:>10,}")
    shown: dict[str, list[Issue]] = defaultdict(list)
    for n, issue in enumerate(report.iter_issues()):
        if n >= limit:
            break
        shown[issue.field or "(record)"].append(issue)
    if shown:
        total = s.errors + s.warnings
        print(f"\n问题（前{min(limit, total)}条，共{total}条，按字段） "
              f"issues (first {min(limit, total)} of {total}, by field)")  # fmt: skip
        for field, issues in shown.items():
            label = issues[0].label or ""
            print(f"  {field} {label}")
            for i in issues:
                where = f"第{i.line}行" if i.line else f"第{i.record}条"
                mark = "错误" if i.severity is Severity.ERROR else "提示"
                print(f"    {place(i.file, i.sheet)} {where} (record {i.record}) [{mark} {i.code}] "
                      f"{i.message_zh}")  # fmt: skip
    for path in receipts:
        print(f"\n退回回执 rejection receipt: {path}")
