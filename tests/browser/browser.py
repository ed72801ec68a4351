"""Helpers for real-browser tests: Playwright for Python driving Debian's Chromium, and the
session's `browser` fixture (tests/conftest.py loads this module as a plugin).

No browser is downloaded (never run `playwright install`): Chromium comes from the
system package at /usr/bin/chromium.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypedDict

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    expect,
    sync_playwright,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM_PATH = "/usr/bin/chromium"
# Headless, and nothing that reaches for the network: this machine has none but the
# loopback, and background fetches only slow tests down or make them flaky.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.2 AA is the bar for public-sector services; axe tags each rule with the
# levels it checks, and best-practice rules (not WCAG) are left out.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
# How long `expect` waits for what a person would wait for. Playwright's 5 s default is
# too short on a loaded 2-core machine running the suite in parallel.
EXPECT_TIMEOUT_MS = 20_000

_axe = Axe()


class Violation(TypedDict):
    id: str
    impact: str | None
    help: str
    targets: list[str]


def launch_chromium(playwright: Playwright) -> Browser:
    """Starts Debian's Chromium, headless, for one test session."""
    return playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Playwright and a Chromium browser, both stopped on exit."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the session (for each pytest-xdist worker: its own).

    Playwright's sync API runs an event loop in the test thread from here on, and Django
    refuses database access from a thread with a running loop unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set; the tests' own database access is not async.
    """
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with chromium() as running:
            yield running


@contextmanager
def new_page(
    browser: Browser, base_url: str | None = None, **context_options: Any
) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies shared with other tests), which
    fails the test if the Content-Security-Policy blocked anything in it.

    `base_url` lets tests `page.goto("/path")`; other keyword arguments go to
    Browser.new_context (viewport, java_script_enabled, ...).
    """
    context_options.setdefault("viewport", DESKTOP_VIEWPORT)
    context = browser.new_context(base_url=base_url, **context_options)
    csp_violations = record_csp_violations(context)
    try:
        yield context.new_page()
        for page in context.pages:
            page.wait_for_load_state()  # every stylesheet and script tried, so reported
        assert csp_violations == [], "the Content-Security-Policy blocked something"
    finally:
        context.close()


def record_csp_violations(context: BrowserContext) -> list[str]:
    """A list that fills with the Content-Security-Policy violations in every page of
    `context`. Chromium reports each on the console, also where JavaScript is off (and
    the page's own `securitypolicyviolation` events cannot be heard)."""
    violations: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", record)
    return violations


def sign_in_by_cookie(page: Page, user: User, live_server_url: str) -> None:
    """Signs `user` in without the sign-in page: a session made by Django's test client,
    its cookie handed to the page's browser context."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server_url}])


def axe_violations(
    page: Page, context: str | list | dict | None = None, *, also: tuple[str, ...] = ()
) -> list[Violation]:
    """Runs axe-core on the page as it is now and returns the WCAG A and AA violations,
    and those of the best-practice rules named in `also` (such as "region": all content
    inside a landmark).

    Each violation is summarised as its rule id, impact, help text and the CSS
    selectors of the offending nodes, so that `assert axe_violations(page) == []`
    prints something a person can act on.
    """
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "rules": {rule: {"enabled": True} for rule in also},
        "resultTypes": ["violations"],
    }
    results = _axe.run(page, context=context, options=options)
    return [
        {
            "id": violation["id"],
            "impact": violation.get("impact"),
            "help": violation["help"],
            "targets": [", ".join(map(str, node["target"])) for node in violation["nodes"]],
        }
        for violation in results.response["violations"]
    ]


def save_screenshot(page: Page, name: str) -> Path:
    """Saves a full-page PNG as var/screenshots/<name>.png and returns its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


STYLESHEETS_LOADED = """() => {
    const links = [...document.querySelectorAll('link[rel="stylesheet"]')];
    return links.length > 0 && links.every(link => {
        try { return link.sheet !== null && link.sheet.cssRules.length > 0; }
        catch (error) { return false; }
    });
}"""


def expect_stylesheets_loaded(page: Page) -> None:
    """Waits until every <link rel=stylesheet> on the page has loaded and has rules, and
    fails if that does not happen within `expect`'s time."""
    try:
        page.wait_for_function(STYLESHEETS_LOADED, timeout=EXPECT_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        raise AssertionError(f"{page.url}: a stylesheet did not load") from None


def title_starting(text: str) -> re.Pattern[str]:
    """For ``expect(page).to_have_title(...)``: a title that begins with ``text``."""
    return re.compile("^" + re.escape(text))
