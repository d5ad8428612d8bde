"""Headless Chromium for the browser tests: Debian's system browser, driven by Playwright.

The tests run when Chromium (``/usr/bin/chromium``, or ``TRADEGAME_CHROMIUM``) and the
Python ``playwright`` package are installed (``.ci/run`` installs Chromium) and are
skipped otherwise; Playwright downloads no browser.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("TRADEGAME_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

#: Mark a test module with ``pytestmark = needs_chromium``.
needs_chromium = pytest.mark.skipif(
    not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)),
    reason="Chromium is not installed (apt-get install chromium)",
)

# Flags for a sandboxed, offline machine: no background connections, no GPU, no first-run UI.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
