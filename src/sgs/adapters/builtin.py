"""sgs's own adapters, registered through the hooks like any plugin's."""

from __future__ import annotations

from collections.abc import Callable

from sgs.plugins.hookspecs import hookimpl

__all__ = ["sgs_register_sources", "sgs_register_transports"]


@hookimpl
def sgs_register_sources(register: Callable[..., None]) -> None:
    from sgs.adapters.files import DirectorySource, FileSource
    from sgs.adapters.sql import SqlSource

    register("file", FileSource)
    register("directory", DirectorySource)
    register("sql", SqlSource)


@hookimpl
def sgs_register_transports(register: Callable[..., None]) -> None:
    from sgs.adapters.folder_transport import DirectoryTransport
    from sgs.adapters.http import HttpTransport
    from sgs.adapters.sql import SqlTableTransport

    register("directory", DirectoryTransport)
    register("http", HttpTransport)
    register("sql-table", SqlTableTransport)
