"""The platform's HTTP service: the ASGI application and the server that runs it."""

from sgs.platform.web.app import create_app
from sgs.platform.web.openapi import openapi_document

__all__ = ["create_app", "openapi_document"]
