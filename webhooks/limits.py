"""Limits on what a request may be, shared by the application and its routes."""

from __future__ import annotations

MAX_REQUEST_BYTES = 64 * 1024  # Twilio's largest form (1,600 characters + 10 media) is far smaller
