"""The 双公示 data standard as data: versions, record specs, field specs.

>>> from sgs.standard import get_standard
>>> spec = get_standard("2018").license
>>> [f.code for f in spec.fields][:3]
['XK_XDR_MC', 'XK_XDR_LB', 'XK_XDR_SHXYM']
"""

from sgs.standard.export import (
    render_table,
    to_json,
    to_json_schema,
    to_markdown,
    to_table_schema,
)
from sgs.standard.model import (
    Certainty,
    Enumeration,
    FieldSpec,
    FieldType,
    Kind,
    LegacyField,
    RecordSpec,
    Requirement,
    Standard,
)
from sgs.standard.registry import (
    DEFAULT_VERSION,
    available_versions,
    get_standard,
    register_standard,
)
from sgs.standard.roles import Role
from sgs.standard.scopes import AUTHORISED, PUBLIC, SCOPES, SHARING, scope_of

__all__ = [
    "AUTHORISED",
    "DEFAULT_VERSION",
    "PUBLIC",
    "SCOPES",
    "SHARING",
    "Certainty",
    "Enumeration",
    "FieldSpec",
    "FieldType",
    "Kind",
    "LegacyField",
    "RecordSpec",
    "Requirement",
    "Role",
    "Standard",
    "available_versions",
    "get_standard",
    "register_standard",
    "render_table",
    "scope_of",
    "to_json",
    "to_json_schema",
    "to_markdown",
    "to_table_schema",
]
