"""Typed application keys (string keys warn in aiohttp 3.14)."""

from __future__ import annotations

from aiohttp import web
from twilio.request_validator import RequestValidator

from bot.metrics import Metrics
from bot.runtime import Runtime
from bot.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
METRICS = web.AppKey("metrics", Metrics)
RUNTIME = web.AppKey("runtime", Runtime)
VALIDATOR = web.AppKey("validator", RequestValidator)
