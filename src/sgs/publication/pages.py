"""The 双公示 pages, one set of Jinja2 templates for the credit portal and the static export.

:class:`Pages` renders public views (:class:`~sgs.publication.PublicView`) into
HTML: the search page with its result list (``search.html``), the list of every
published record (``list.html``, the static site's index), a record's detail page
(``record.html``) and a message page (``error.html``); ``base.html`` frames them and
links ``portal.css`` (no inline style or script, so a strict Content-Security-Policy holds). Links are relative to ``root``: ``"/"`` for the portal's
server, ``""`` or ``"../"`` for files, so an exported folder works wherever it is
copied. A templates folder (``[portal] templates``) holding any of these names
replaces the built-in one; the rest stay. Everything is autoescaped.

>>> import datetime as dt
>>> from sgs.publication import PublicView
>>> view = PublicView(key="k1", kind="license", published_until=None, scope="公示",
...     findings=(), fields={"XK_XDR_MC": "示例商贸有限公司", "XK_WSH": "许〔2026〕1号"})
>>> pages = Pages(title="信用示例市", owner="示例市信用信息中心")
>>> pages.row(view, "records/k1.html")["name"]
'示例商贸有限公司'
>>> "许〔2026〕1号" in pages.record(view, root="../")
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import attrs
import jinja2

from sgs.errors import ConfigError
from sgs.publication.findings import PublicView
from sgs.standard import Kind, Role, Standard, get_standard

__all__ = ["PAGE_SIZE", "TEMPLATE_NAMES", "Pages", "PublicPage", "configured_pages", "view_to_dict"]

#: Records per page of a result list (the portal's search and the exported index).
PAGE_SIZE: Final = 20
#: The templates a city may replace, each by a file of the same name.
TEMPLATE_NAMES: Final = (
    "base.html", "search.html", "list.html", "results.html", "record.html", "error.html",
    "portal.css",
)  # fmt: skip


@attrs.frozen(kw_only=True)
class PublicPage:
    """One page of public views and how many there are in all."""

    total: int
    page: int
    records: tuple[PublicView, ...]
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        """How many pages the whole result has (at least 1)."""
        return max(1, -(-self.total // self.size))

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "page": self.page,
            "records": [view_to_dict(v) for v in self.records],
        }


def view_to_dict(view: PublicView) -> dict[str, Any]:
    """A public view as the API and the feed give it: ``key``, ``kind``, ``fields``,
    ``published_until`` and ``objection`` (true while an objection to it is open: 异议)."""
    until = view.published_until
    return {
        "key": view.key,
        "kind": str(view.kind),
        "fields": dict(view.fields),
        "published_until": until.isoformat() if until is not None else None,
        "objection": view.objection,
    }


def environment(folder: Path | None = None) -> jinja2.Environment:
    """The templates: ``folder``'s first (when given), then the built-in ones.

    A ``folder`` that is not a folder is a :class:`~sgs.errors.ConfigError`.
    """
    loaders: list[jinja2.BaseLoader] = []
    if folder is not None:
        if not folder.is_dir():
            raise ConfigError(
                f"模板文件夹 {folder} 不存在", f"the templates folder {folder} does not exist"
            )
        loaders.append(jinja2.FileSystemLoader(folder))
    loaders.append(jinja2.PackageLoader("sgs.publication", "templates"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(("html",), default_for_string=True),
        undefined=jinja2.StrictUndefined,
    )


class Pages:
    """Renders public views with the templates; ``title`` heads every page, ``owner``
    (the platform's or the department's name) signs its foot."""

    def __init__(
        self,
        *,
        title: str,
        owner: str,
        standard: Standard | None = None,
        templates: Path | None = None,
    ) -> None:
        self.title = title
        self.owner = owner
        self.standard = standard if standard is not None else get_standard()
        self.environment = environment(templates)

    def render(self, template: str, *, root: str, **values: Any) -> str:
        """``template`` with the common values; ``root`` is where the site's top is."""
        home = root if root.endswith("/") and root.startswith("/") else f"{root}index.html"
        common = {"title": self.title, "platform": self.owner, "root": root, "home": home,
                  "searchable": root.startswith("/")}  # fmt: skip
        return self.environment.get_template(template).render(**common, **values)

    def shown(self, view: PublicView, role: Role) -> str:
        """The shown value of the field playing ``role`` in ``view`` (empty when none)."""
        code = self.standard.spec(view.kind).code_of(role)
        return view.fields.get(code, "") if code is not None else ""

    def labelled(self, view: PublicView) -> Sequence[tuple[str, str, str]]:
        """``(code, Chinese label, shown value)`` of each non-empty field, in the standard's
        order; fields the standard does not know follow under their codes."""
        spec = self.standard.spec(view.kind)
        shown = [(f.code, f.label, view.fields.get(f.code, "")) for f in spec]
        extra = [(c, c, v) for c, v in view.fields.items() if c not in spec]
        return [(c, label, v) for c, label, v in (*shown, *extra) if v.strip()]

    def row(self, view: PublicView, href: str) -> dict[str, str]:
        """``view`` as a line of a result list, linking to ``href``."""
        until = view.published_until
        return {
            "href": href,
            "name": self.shown(view, Role.PARTY_NAME),
            "kind": Kind(view.kind).label,
            "number": self.shown(view, Role.DECISION_NUMBER),
            "date": self.shown(view, Role.DECISION_DATE),
            "until": until.isoformat() if until is not None else "",
        }

    def record(self, view: PublicView, *, root: str) -> str:
        """The detail page of ``view``."""
        until = view.published_until
        kind = Kind(view.kind)
        return self.render(
            "record.html", root=root, kind=kind.label, name=self.shown(view, Role.PARTY_NAME),
            until=until.isoformat() if until is not None else "", fields=self.labelled(view),
            objection=view.objection,
        )  # fmt: skip

    def listing(self, rows: Sequence[dict[str, str]], page: PublicPage, *, root: str,
                previous: str, next: str, as_of: dt.date) -> str:  # fmt: skip
        """A page of the list of every published record (the static site's index)."""
        return self.render("list.html", root=root, rows=rows, page=page, previous=previous,
                           next=next, as_of=as_of.isoformat())  # fmt: skip

    def stylesheet(self) -> str:
        """``portal.css`` as every page links it (the portal serves it at ``/portal.css``)."""
        return self.environment.get_template("portal.css").render()

    def error(self, heading: str, message: str, *, root: str) -> str:
        """A message page."""
        return self.render("error.html", root=root, heading=heading, message=message)


def configured_pages(*, title: str, owner: str, standard: Standard, base_dir: Path,
                     templates: str | None, file: Path | None) -> Pages:  # fmt: skip
    """The pages a configuration file's ``[portal]`` table asks for (``platform.toml`` or
    ``sgs.toml``): ``templates`` is relative to ``base_dir``; a folder that is not there is
    a :class:`~sgs.errors.ConfigFileError` naming ``file`` and the key."""
    from sgs.adapters.config_files import in_file

    folder = base_dir / templates if templates else None
    try:
        return Pages(title=title, owner=owner, standard=standard, templates=folder)
    except ConfigError as exc:
        located = ConfigError(f"[portal] templates：{exc.message_zh}",
                              f"[portal] templates: {exc.message_en}")  # fmt: skip
        if file is None:
            raise located from None
        raise in_file(located, str(file)) from None
