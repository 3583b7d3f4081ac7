#!/usr/bin/env bash
# Make sure a PostgreSQL server can be started by the tests (they start their own
# throwaway cluster with initdb/pg_ctl; see tests/postgres.py). Installs Debian's
# postgresql package when no initdb is found. Missing PostgreSQL is a failure: the
# tests of the sql adapters need a real server and are never skipped.
set -euo pipefail
if [ -n "${SGS_TEST_POSTGRES_URL:-}" ]; then
    exit 0  # the tests use that server
fi
if command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    exit 0
fi
echo "安装 PostgreSQL (installing PostgreSQL for the tests)…" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "需要 PostgreSQL：请安装 postgresql 软件包 (PostgreSQL is required: install the postgresql package)" >&2
        exit 1
    fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "需要 PostgreSQL：请安装后重试，或设置 SGS_TEST_POSTGRES_URL (PostgreSQL is required: install it, or set SGS_TEST_POSTGRES_URL)" >&2
    exit 1
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || {
    echo "PostgreSQL 安装失败 (installing PostgreSQL failed)" >&2
    exit 1
}
