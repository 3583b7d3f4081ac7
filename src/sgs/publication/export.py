"""The 双公示 pages as files: a folder a department's portal (or a platform without its
server) serves as it is.

:class:`SiteWriter` takes public views one at a time and writes, inside ``out``:

``index.html``, ``page-2.html`` …
    the list of every published record, newest decision first, 20 a page;
``records/{key}.html``
    each record's detail page (the portal's ``record.html``);
``portal.css``
    the style sheet every page links;
``feed.json``
    every record as the public API gives it (``key``, ``kind``, masked ``fields``,
    ``published_until``) with its ``page``, and the run's ``site``, ``as_of``,
    ``profile`` and ``total``.

Links are relative, so the folder works wherever it is copied. A run is safe to stop
at any moment: everything is written into a staging folder first and then renamed
into place file by file; the manifest ``.sgs-export.json`` lists the files sgs
wrote, so the next run removes the pages of records that left publication (ended,
withdrawn) and never a file it did not write. A file already in ``out`` that sgs
did not write is not replaced: the run stops with a message naming it. One export
at a time writes a folder (a lock on ``.sgs-export.lock``; a second waits up to
``wait`` seconds, then stops with a message).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import uuid
from pathlib import Path
from typing import IO, Final

import attrs

from sgs.errors import InputError, StoreError
from sgs.publication.findings import PublicView
from sgs.publication.pages import PAGE_SIZE, Pages, PublicPage, view_to_dict
from sgs.standard import Role
from sgs.store.lock import FileLock

__all__ = ["FEED", "MANIFEST", "STYLESHEET", "Exported", "SiteWriter", "page_name", "record_page"]

#: The JSON feed of every published record.
FEED: Final = "feed.json"
#: The style sheet every page links (the portal's server serves it at ``/portal.css``).
STYLESHEET: Final = "portal.css"
#: The list of files sgs wrote into the folder (so it removes only its own).
MANIFEST: Final = ".sgs-export.json"
#: The lock one export at a time holds on the folder (never removed, see FileLock).
LOCK: Final = ".sgs-export.lock"
_STAGING = ".sgs-export-"
_SAFE_KEY = re.compile(r"[0-9A-Za-z_-]{1,64}")


def record_page(key: str) -> str:
    """Where the detail page of ``key`` goes, relative to the folder.

    >>> record_page("8cb61c5e85a7ea838588ef0aa44b9a3f")
    'records/8cb61c5e85a7ea838588ef0aa44b9a3f.html'
    """
    if not _SAFE_KEY.fullmatch(key):
        raise ValueError(f"not a record key: {key!r}")
    return f"records/{key}.html"


def page_name(number: int) -> str:
    """The file of page ``number`` of the list: ``index.html``, then ``page-2.html`` …"""
    return "index.html" if number == 1 else f"page-{number}.html"


@attrs.frozen(kw_only=True)
class Exported:
    """What a run wrote: the folder, the day, the counts, and the keys of the records."""

    out: Path
    as_of: dt.date
    records: int
    pages: int
    written: int
    removed: int
    review: int
    keys: tuple[str, ...]


def _read_manifest(out: Path) -> set[str]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return set()
    except (OSError, ValueError) as exc:
        raise InputError(
            f"导出文件夹的清单 {MANIFEST} 无法读取：{exc}",
            f"the export folder's manifest {MANIFEST} cannot be read: {exc}",
            path=out / MANIFEST,
        ) from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise InputError(
            f"导出文件夹的清单 {MANIFEST} 格式不对", f"the manifest {MANIFEST} is malformed",
            path=out / MANIFEST,
        )  # fmt: skip
    return {f for f in files if f and ".." not in Path(f).parts and not Path(f).is_absolute()}


def _write_manifest(out: Path, files: set[str], as_of: dt.date) -> None:
    temporary = out / f"{MANIFEST}.{uuid.uuid4().hex}.tmp"
    body = {"written_by": "sgs publish export", "as_of": as_of.isoformat(), "files": sorted(files)}
    temporary.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, out / MANIFEST)


class SiteWriter:
    """Writes one export of the site into ``out`` (see the module's docstring).

    ``site`` and ``profile`` (name, version) are written into the feed; the pages
    come from ``pages``. Call :meth:`add` for each public view, then :meth:`finish`.
    """

    def __init__(self, out: Path, pages: Pages, *, as_of: dt.date, site: str,
                 profile: tuple[str, str], generated_at: dt.datetime | None = None,
                 wait: float = 30.0) -> None:  # fmt: skip
        if out.exists() and not out.is_dir():
            raise InputError(
                f"导出位置 {out} 是一个文件，应为文件夹", f"the export target {out} is a file, "
                "not a folder", path=out,
            )  # fmt: skip
        self.out, self.pages, self.as_of = out, pages, as_of
        out.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(out / LOCK, str(out))
        try:
            self._lock.acquire(wait)
        except StoreError:
            raise InputError(
                f"另一个 sgs publish export 正在写文件夹 {out}，请等它结束后再试",
                f"another sgs publish export is writing {out}; try again when it is done",
                path=out,
            ) from None
        for stale in out.glob(f"{_STAGING}*"):  # a run stopped before it finished
            shutil.rmtree(stale, ignore_errors=True)
        for stale in out.glob(f"{MANIFEST}.*.tmp"):
            stale.unlink(missing_ok=True)
        self.previous = _read_manifest(out)
        self.staging = out / f"{_STAGING}{uuid.uuid4().hex}"
        (self.staging / "records").mkdir(parents=True)
        self._rows: list[tuple[str, str, dict[str, str]]] = []
        self._review = 0
        self._keys: set[str] = set()
        self._feed: IO[str] = open(self.staging / FEED, "w", encoding="utf-8")  # noqa: SIM115
        generated = (generated_at or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        head = {"site": site, "as_of": as_of.isoformat(), "generated_at": generated,
                "profile": {"name": profile[0], "version": profile[1]}}  # fmt: skip
        self._feed.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "records": [\n')

    def add(self, view: PublicView) -> None:
        """Write ``view``'s detail page and its feed entry."""
        name = record_page(view.key)
        if view.key in self._keys:
            raise ValueError(f"record {view.key} given twice")
        self._keys.add(view.key)
        (self.staging / name).write_text(self.pages.record(view, root="../"), encoding="utf-8")
        entry = {**view_to_dict(view), "page": name}
        self._feed.write(("" if not self._rows else ",\n") + json.dumps(entry, ensure_ascii=False))
        date = self.pages.shown(view, Role.DECISION_DATE)
        self._rows.append((date, view.key, self.pages.row(view, name)))
        self._review += view.review

    def finish(self) -> Exported:
        """Write the list pages, put every file in place, remove what left, and say what."""
        self._feed.write(f'\n], "total": {len(self._rows)}}}\n')
        self._feed.close()
        self._rows.sort(key=lambda r: r[1])
        self._rows.sort(key=lambda r: r[0], reverse=True)  # newest decision first, then key
        rows = [r for _, _, r in self._rows]
        total = len(rows)
        count = max(1, -(-total // PAGE_SIZE))
        for number in range(1, count + 1):
            chunk = rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
            page = PublicPage(total=total, page=number, records=())
            html = self.pages.listing(
                chunk, page, root="", as_of=self.as_of,
                previous=page_name(number - 1) if number > 1 else "",
                next=page_name(number + 1) if number < count else "",
            )  # fmt: skip
            (self.staging / page_name(number)).write_text(html, encoding="utf-8")
        (self.staging / STYLESHEET).write_text(self.pages.stylesheet(), encoding="utf-8")
        files = {FEED, STYLESHEET, *(page_name(n) for n in range(1, count + 1))}
        files |= {record_page(key) for _, key, _ in self._rows}
        self._refuse_foreign(files)
        # The manifest first names both sets, so a run stopped halfway leaves nothing
        # the next run would not know to remove.
        _write_manifest(self.out, self.previous | files, self.as_of)
        (self.out / "records").mkdir(exist_ok=True)
        for name in sorted(files):
            os.replace(self.staging / name, self.out / name)
        removed = 0
        for name in sorted(self.previous - files):
            try:
                (self.out / name).unlink()
                removed += 1
            except FileNotFoundError:
                pass
        _write_manifest(self.out, files, self.as_of)
        shutil.rmtree(self.staging, ignore_errors=True)
        self._lock.release()
        return Exported(out=self.out, as_of=self.as_of, records=total, pages=count,
                        written=len(files), removed=removed, review=self._review,
                        keys=tuple(key for _, key, _ in self._rows))  # fmt: skip

    def abort(self) -> None:
        """Give the run up: the staging folder goes, the folder stays as it was."""
        if not self._feed.closed:
            self._feed.close()
        shutil.rmtree(self.staging, ignore_errors=True)
        self._lock.release()

    def _refuse_foreign(self, files: set[str]) -> None:
        for name in sorted(files - self.previous):
            if (self.out / name).exists():
                self.abort()
                raise InputError(
                    f"导出文件夹中已有不是 sgs 写出的文件 {name}，不会覆盖；请换一个文件夹",
                    f"the export folder already holds {name}, which sgs did not write; it is "
                    "not replaced — choose another folder", path=self.out / name,
                )  # fmt: skip
