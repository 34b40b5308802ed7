"""The HTTP surface: the only package that imports aiohttp.web."""

from webhooks.app import create_app

__all__ = ["create_app"]
