"""Headless Chromium for the console tests: Debian's `chromium`, driven by Playwright.

The browser is the system's (`FIVESTEPS_TEST_CHROMIUM`, default /usr/bin/chromium), never one Playwright
downloads. When it is missing the tests fail and say how to install it (`.ci/run` does so with apt-get):
a browser test is never skipped.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from playwright.async_api import Browser, async_playwright

CHROMIUM = os.environ.get("FIVESTEPS_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# Chromium as root in a container, on a machine with no network beyond localhost.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which(CHROMIUM) or (CHROMIUM if os.access(CHROMIUM, os.X_OK) else None)
    if path is None:
        raise RuntimeError(
            f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install -y chromium) or "
            "set FIVESTEPS_TEST_CHROMIUM to a Chromium binary. Browser tests are never skipped."
        )
    return path


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        try:
            yield browser
        finally:
            await browser.close()


def artifact(*parts: str) -> Path:
    """A path under test-artifacts/ (created), for screenshots a reviewer can look at."""
    path = ARTIFACTS.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
