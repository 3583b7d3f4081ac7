"""The example plugins installed for real, found through their entry points.

``examples/plugins/sgs-vendor-example`` (a source, a transport and a rule) and
``examples/plugins/sgs-broken-example`` (fails at import) are installed into a
throwaway virtual environment, offline: the environment is made without pip,
and a ``.pth`` file gives it the site-packages of the interpreter running the
tests, so that sgs, its dependencies, pip and setuptools come from there and
nothing is downloaded. sgs then runs in that environment with a clean
environment (no ``SGS_*`` settings) and finds both plugins by the ``sgs``
entry-point group alone.

Installing: ``pip install --no-deps --no-build-isolation --no-index`` needs a
setuptools that can build wheels (70.1 or later, or the ``wheel`` package).
The setuptools that Python 3.11's ``venv`` brings (65.5) cannot without
``wheel``, and neither can pip's editable install with it; there the package
is installed with setuptools' own ``develop --no-deps`` — from the same
``pyproject.toml``, with the same metadata and entry points.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PLUGINS = Path(__file__).resolve().parents[2] / "examples" / "plugins"
VENDOR = PLUGINS / "sgs-vendor-example"
BROKEN = PLUGINS / "sgs-broken-example"
TIMEOUT = 120


def _clean_env(extra: Mapping[str, str] = {}) -> dict[str, str]:
    """The environment without sgs's, pip's and Python's path settings, plus ``extra``."""
    dropped = ("SGS_", "PIP_", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.update(
        PYTHONUTF8="1",
        PYTHONNOUSERSITE="1",
        PIP_NO_INPUT="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    env.update(extra)
    return env


@dataclass(frozen=True)
class Venv:
    """A throwaway virtual environment with both example plugins installed."""

    root: Path
    python: Path
    installed_with: str

    def run(
        self, *args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run the environment's Python with ``args``, in a clean environment plus ``env``."""
        return subprocess.run(
            [str(self.python), *args],
            cwd=cwd or self.root,
            env=_clean_env(env or {}),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT,
            check=False,
        )

    def check(self, *args: str, cwd: Path | None = None) -> str:
        """Run as :meth:`run`; the output, which must come with exit status 0."""
        done = self.run(*args, cwd=cwd)
        assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
        return done.stdout


# What the new environment has to build with: setuptools' version and whether ``wheel`` is there.
PROBE = """
import importlib.metadata as m, importlib.util as u
try:
    print(m.version("setuptools"), u.find_spec("wheel") is not None)
except m.PackageNotFoundError:
    print("none", False)
"""


def _pip_can_build(env: Venv) -> bool:
    """Whether setuptools in ``env`` builds wheels (for pip) without downloading anything."""
    version, wheel = env.check("-c", PROBE).split()
    assert version != "none", "installing the example plugins offline needs setuptools"
    major_minor = tuple(int(n) for n in re.findall(r"\d+", version)[:2])
    return major_minor >= (70, 1) or wheel == "True"


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    root = tmp_path_factory.mktemp("plugins-installed")
    home = root / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(home)],
        check=True,
        env=_clean_env(),
        timeout=TIMEOUT,
    )
    python = home / "bin" / "python"
    env = Venv(root, python, "")
    site_packages = Path(
        env.check("-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    )
    # Our site-packages as a site directory (its own .pth files apply: sgs is an editable
    # install). The name sorts last, so that what is installed in the new environment wins.
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    lines = [f"import site; site.addsitedir({path!r})\n" for path in ours]
    (site_packages / "zzz-sgs-test-parent.pth").write_text("".join(lines), encoding="utf-8")

    use_pip = _pip_can_build(env)
    for example in (VENDOR, BROKEN):
        # setuptools builds in the source folder (build/, *.egg-info): work on a copy.
        copy = root / example.name
        ignore = shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
        shutil.copytree(example, copy, ignore=ignore)
        if use_pip:
            env.check(
                "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", str(copy)
            )  # fmt: skip
        else:
            env.check(
                "-c", "from setuptools import setup; setup()", "develop", "--no-deps", cwd=copy
            )
    return Venv(root, python, "pip" if use_pip else "setuptools develop")


def _plugins(listing: str) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in json.loads(listing)}


def test_plugins_list_shows_both_through_their_entry_points(venv: Venv) -> None:
    done = venv.run("-m", "sgs", "plugins", "list", "--format", "json")
    assert done.returncode == 0, done.stderr
    plugins = _plugins(done.stdout)

    assert plugins["sgs.builtin"]["error"] is None
    assert {"file", "directory"} <= set(plugins["sgs.builtin"]["registers"]["sgs_register_sources"])

    vendor = plugins["vendor_example"]
    assert vendor["error"] is None
    assert vendor["origin"].startswith("entry point sgs_vendor_example")
    assert re.search(r"\(sgs[-_]vendor[-_]example 0\.1\.0\)", vendor["origin"]), vendor["origin"]
    assert vendor["registers"] == {
        "sgs_register_sources": ["vendor-json"],
        "sgs_register_transports": ["vendor-drop"],
        "sgs_register_rules": ["vendor-number-format"],
        "sgs_register_renderers": ["province-xlsx"],
    }
    # sgs's own renderers are a built-in plugin too
    assert plugins["sgs.reports"]["registers"] == {
        "sgs_register_renderers": ["json", "xlsx", "docx", "html"]
    }
    # and so are publication's masking profiles
    assert plugins["sgs.publication"]["registers"] == {
        "sgs_register_masking_profiles": ["cn-default"]
    }
    # and the calendar's deadline profiles
    assert plugins["sgs.calendar"]["registers"] == {
        "sgs_register_deadline_profiles": [
            "henan",
            "national-36",
            "shandong",
            "shanghai",
            "zhejiang",
        ]
    }

    broken = plugins["broken_example"]
    assert broken["error"].startswith("ImportError: "), broken["error"]
    assert "sgs_example_vendor_sdk" in broken["error"]
    assert re.search(r"\(sgs[-_]broken[-_]example 0\.1\.0\)", broken["origin"])
    assert broken["registers"] == {}
    # The left-out plugin is also named in a warning line on stderr.
    assert "sgs: 警告 (warning): 插件 broken_example" in done.stderr  # one line, naming it
    assert "broken_example" in done.stderr


USE = textwrap.dedent(
    """
    import datetime as dt, json, sys, warnings
    from pathlib import Path

    import sgs, sgs_vendor_example
    from sgs.adapters import Batch, new_batch_id, outgoing_record
    from sgs.plugins.registries import make_source, make_transport

    export, outgoing = sys.argv[1], Path(sys.argv[2])
    out = {"module": sgs_vendor_example.__file__}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        validator = sgs.Validator(as_of=dt.date(2026, 11, 26), plugins=True)  # loads plugins
        with make_source({"type": "vendor-json", "path": export}) as source:
            readers = list(source.readers())
            report = validator.validate(readers[0])
    out["warnings"] = [f"{w.category.__name__}: {w.message}" for w in caught]
    out["readers"] = len(readers)
    out["summary"] = [report.summary.total, report.summary.invalid]
    out["issues"] = [
        [i.code, i.severity.value, i.file, i.record, i.field, i.value] for i in report.issues
    ]

    with make_source({"type": "vendor-json", "path": export}) as source:
        checked = [c for reader in source.readers() for c in validator.iter(reader)]
    out["extras"] = [dict(c.extras) for c in checked]
    spec = checked[0].spec
    records = tuple(outgoing_record(spec, c.values) for c in checked)
    batch = Batch(new_batch_id(), validator.standard.version, spec.kind, records)
    with make_transport({"type": "vendor-drop", "path": str(outgoing)}) as transport:
        receipts = transport.push(batch)
    out["batch_id"] = batch.batch_id
    out["codes"] = list(spec.codes)
    out["receipts"] = [[r.key, r.status] for r in receipts]

    rows = [
        {"行政许可决定文书号": "示市监许（2026）7号", "XK_XDR_MC": "某公司"},
        {"行政许可决定文书号": "示市监许〔2026〕8号", "XK_XDR_MC": "某公司"},
    ]
    mine = sgs.validate(rows, kind="license", as_of=dt.date(2026, 11, 26), plugins=True)
    out["rows"] = [[i.record, i.value] for i in mine.issues if i.code == "vendor-number-format"]

    from sgs.errors import ConfigError
    out["missing_path"] = []
    for make, kind in ((make_source, "vendor-json"), (make_transport, "vendor-drop")):
        try:
            make({"type": kind})  # nothing pending yet: the mistake must show at start
            out["missing_path"].append("made")
        except ConfigError as exc:
            out["missing_path"].append(str(exc))
    print(json.dumps(out, ensure_ascii=False))
    """
)


def test_vendor_plugin_works_when_installed(venv: Venv) -> None:
    export = venv.root / "export.json"
    shutil.copyfile(VENDOR / "sample-export.json", export)
    outgoing = venv.root / "outgoing"
    out = json.loads(venv.check("-c", USE, str(export), str(outgoing)))

    # The module is the installed copy, found through the entry point, not the repository's.
    assert Path(out["module"]).is_relative_to(venv.root), out["module"]
    assert not Path(out["module"]).is_relative_to(PLUGINS)
    # The broken plugin is left out with a warning naming it; the vendor plugin works.
    assert any(
        w.startswith("PluginWarning: ") and "broken_example" in w and "ImportError" in w
        for w in out["warnings"]
    ), out["warnings"]

    # vendor-json: one reader; the sample's records are valid but for the vendor rule's
    # warning on the second one's 文号, at its position in the export.
    assert out["readers"] == 1
    assert out["summary"] == [2, 0]
    assert out["issues"] == [
        ["vendor-number-format", "warning", str(export), 2, "XK_WSH", "示市监许[2026]2002号"]
    ]
    assert out["extras"] == [{"id": "SP-2026-0001"}, {"id": "SP-2026-0002"}]  # kept, not lost
    # A required setting missing stops the adapter from being made (issue 12 #13).
    assert len(out["missing_path"]) == 2
    assert all("path" in m and m != "made" for m in out["missing_path"]), out["missing_path"]

    # vendor-drop: one CSV file (no temporary file left), header key + field codes.
    assert [status for _, status in out["receipts"]] == ["accepted", "accepted"]
    assert sorted(p.name for p in outgoing.iterdir()) == [f"{out['batch_id']}.csv"]
    with open(outgoing / f"{out['batch_id']}.csv", encoding="utf-8", newline="") as file:
        table = csv.DictReader(file)
        rows = list(table)
    assert table.fieldnames == ["key", *out["codes"]]
    assert [r["key"] for r in rows] == [key for key, _ in out["receipts"]]
    assert [r["XK_WSH"] for r in rows] == ["示市监许〔2026〕2001号", "示市监许[2026]2002号"]
    assert rows[0]["XK_XDR_LB"] == "法人及非法人组织"  # the vendor's "ORG", translated

    # The rule through sgs.validate(plugins=True): only the 文号 without 〔year〕.
    assert out["rows"] == [[1, "示市监许（2026）7号"]]


def test_strict_mode_fails_naming_the_broken_plugin(venv: Venv) -> None:
    done = venv.run(
        "-m", "sgs", "plugins", "list", "--format", "json", env={"SGS_STRICT_PLUGINS": "1"}
    )
    assert done.returncode != 0
    assert done.returncode == 2 or "PluginError" in done.stderr, done.stderr
    assert "broken_example" in done.stderr
    assert "ImportError" in done.stderr


def test_loading_only_the_vendor_plugin_is_strict_clean(venv: Venv) -> None:
    strict_and_only = {"SGS_STRICT_PLUGINS": "1", "SGS_LOAD_PLUGINS": "vendor_example"}
    done = venv.run("-m", "sgs", "plugins", "list", "--format", "json", env=strict_and_only)
    assert done.returncode == 0, done.stderr
    assert set(_plugins(done.stdout)) == {
        "sgs.builtin",
        "sgs.reports",
        "sgs.publication",
        "sgs.calendar",
        "vendor_example",
    }
    assert "PluginWarning" not in done.stderr


def test_the_vendors_report_format_is_used_once_installed(venv: Venv) -> None:
    """``sgs report monthly --format province-xlsx``: the province's layout, from the plugin."""
    department = venv.root / "department"
    shutil.copytree(Path(__file__).resolve().parents[2] / "examples" / "department", department)
    config = str(department / "sgs.toml")
    venv.run("-m", "sgs", "sync", "--config", config, "--as-of", "2026-11-26")
    out = venv.root / "月报.xlsx"
    done = venv.run("-m", "sgs", "report", "monthly", "--config", config, "--month", "2026-11",
                    "--as-of", "2026-11-26", "--format", "province-xlsx", "--out", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    check = venv.check("-c", READ_BACK, str(out))
    rows = json.loads(check)
    assert rows[0] == ["单位名称", "许可报送", "处罚报送", "合规率"]
    # The example department: 158 licenses and 235 penalties pushed, of 160 + 239 decisions.
    assert rows[1] == ["示例市市场监督管理局", 158, 235, (158 + 235) / (160 + 239)]
    assert len(rows) == 2


READ_BACK = """
import json, sys
import openpyxl
sheet = openpyxl.load_workbook(sys.argv[1])["月报"]
print(json.dumps([[c.value for c in row] for row in sheet.iter_rows()], ensure_ascii=False))
"""
