"""The credit platform's departments and their tokens (issue 13 #1, #2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sgs.cli.main import main
from sgs.errors import ConfigFileError, SgsError, StoreError
from sgs.platform import load_platform_config, open_platform
from sgs.store import open_store, token_hash

DEPARTMENT = "11410100MB00000005"
UNIT = "11410100MB00000018"
OTHER = "11410100MB0000002B"
MINIMAL = '[platform]\nname = "示例市信用信息中心"\ncredit_code = "12410100MB00000002"\n'


@pytest.fixture(params=["sqlite", "postgresql"])
def config(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "platform.toml"
    if request.param == "sqlite":
        path.write_text(MINIMAL, encoding="utf-8")
    else:
        url = request.getfixturevalue("fresh_postgres_url")
        path.write_text(MINIMAL + f'[store]\nurl = "{url}"\n', encoding="utf-8")
    return path


def test_the_minimal_platform_toml_opens_a_store_next_to_it(tmp_path: Path) -> None:
    path = tmp_path / "platform.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert main(["platform", "init", "--config", str(path)]) == 0
    assert main(["platform", "init", "--config", str(path)]) == 0  # safe to repeat
    assert (tmp_path / "platform.db").is_file()
    config = load_platform_config(path)
    assert (config.name, config.credit_code) == ("示例市信用信息中心", "12410100MB00000002")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "[platform]"),
        ('platform = "x"\n', "[platform]"),
        ('[platform]\nname = "x"\n', "credit_code"),
        ('[platform]\nname = 5\ncredit_code = "y"\n', "name"),
        ("store = 3\n" + MINIMAL, "[store]"),
    ],
)
def test_a_broken_platform_toml_names_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "platform.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigFileError, match=key.replace("[", r"\[").replace("]", r"\]")):
        load_platform_config(path)


def test_a_token_is_shown_once_stored_as_a_hash_and_works_until_rotated(config: Path) -> None:
    with open_platform(config) as platform:
        department, token = platform.add_department("示例市市场监督管理局", DEPARTMENT, [UNIT])
        assert len(token) >= 43  # 32 random bytes, URL-safe base64
        repo = platform.store.departments
        assert repo.authenticate(token) == department
        assert repo.authenticate(token + "x") is None
        assert repo.authenticate("") is None
        assert department.may_submit_for(DEPARTMENT)
        assert department.may_submit_for(UNIT.lower())
        assert not department.may_submit_for(OTHER)
        new = repo.rotate(DEPARTMENT)
        assert new != token
        assert repo.authenticate(token) is None  # the old one stopped working
        assert repo.authenticate(new) is not None
        assert repo.revoke(DEPARTMENT) == 1
        assert repo.authenticate(new) is None
        assert repo.list()[0].active_tokens == 0
        url, base = platform.config.store_url, platform.config.base_dir
    with open_store(url, base_dir=base) as store, store.engine.connect() as connection:
        import sqlalchemy as sa

        stored = [
            r[0] for r in connection.execute(sa.text("SELECT token_hash FROM sgs_credentials"))
        ]
    assert token not in stored
    assert new not in stored
    assert token_hash(token) in stored


def test_codes_are_checked_and_a_department_is_registered_once(config: Path) -> None:
    with open_platform(config) as platform:
        with pytest.raises(SgsError, match="校验位"):
            platform.add_department("某局", "11410100MB00000006")
        with pytest.raises(SgsError, match="18"):
            platform.add_department("某局", DEPARTMENT, ["123"])
        platform.add_department("某局", DEPARTMENT)
        with pytest.raises(StoreError, match="rotate"):
            platform.add_department("某局", DEPARTMENT.lower())


def test_the_command_prints_the_token_alone_on_stdout(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["platform", "departments", "add", "--config", str(config),
            "--name", "示例市市场监督管理局", "--code", DEPARTMENT, "--unit", UNIT]  # fmt: skip
    assert main(argv) == 0
    out, err = capsys.readouterr()
    token = out.strip()
    assert out == token + "\n"  # nothing else on stdout
    assert "只显示这一次" in err
    assert main(argv) == 2  # registered already
    assert "rotate" in capsys.readouterr().err
    assert main(["platform", "departments", "list", "--config", str(config)]) == 0
    listed = capsys.readouterr().out
    assert DEPARTMENT in listed
    assert UNIT in listed
    assert token not in listed
    assert main(["platform", "departments", "rotate", "--config", str(config),
                 "--code", DEPARTMENT]) == 0  # fmt: skip
    rotated = capsys.readouterr().out.strip()
    with open_platform(config) as platform:
        assert platform.store.departments.authenticate(token) is None
        assert platform.store.departments.authenticate(rotated) is not None
    assert main(["platform", "departments", "revoke", "--config", str(config),
                 "--code", OTHER]) == 2  # fmt: skip
    assert "没有登记单位" in capsys.readouterr().err
