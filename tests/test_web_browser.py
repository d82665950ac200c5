"""The web page in a real browser: Debian's headless Chromium driven by
Playwright, against the app served by uvicorn on 127.0.0.1 (a free port, a
background thread) over an SQLite store of hand-built documents.

Skipped (with the reason) when /usr/bin/chromium is absent, except in CI
(``CI=true``), where that is a failure. Screenshots go to
``test-output/screenshots/``.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_api import VISIT, XSS_BODY, XSS_TITLE, fill

from marsad.serve.api import create_app
from marsad.settings import load_settings
from marsad.store import Store

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Seconds to wait for the server to start or a view to render (CI has 2 cores).
WAIT_S = 15


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """The app on a free loopback port; yields its base URL and the doc ids."""
    import uvicorn

    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}")
    ids = fill(store)
    app = create_app(store, settings=load_settings(rate_limit=0))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT_S
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", ids
    finally:
        srv.should_exit = True
        thread.join(WAIT_S)
        sock.close()
        store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's), or a skip/failure that says why not."""
    if not CHROMIUM.exists():
        why = f"{CHROMIUM} is absent (apt-get install chromium)"
        if IN_CI:
            pytest.fail(why)
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _page(browser: Any, *, bypass_csp: bool) -> Iterator[Any]:
    ctx = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ar", bypass_csp=bypass_csp
    )
    pg = ctx.new_page()
    pg.set_default_timeout(WAIT_S * 1000)
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.console_errors = errors
    yield pg
    ctx.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page under the app's CSP, recording console errors (CSP violations)."""
    yield from _page(browser, bypass_csp=False)


@pytest.fixture
def bare_page(browser: Any) -> Iterator[Any]:
    """A page that ignores the CSP: what it proves (article markup stays text)
    must not rest on the CSP blocking inline script."""
    yield from _page(browser, bypass_csp=True)


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def settled(page: Any) -> None:
    """Wait until the current route has rendered."""
    page.wait_for_selector("body[data-route]:not([data-loading])", state="attached")


def test_web_search_story_document_evidence(page: Any, server: tuple[str, dict[str, str]]) -> None:
    base, ids = server
    page.goto(base + "/")
    settled(page)
    # 1. search, spelled differently from the text (ة written ه)
    page.fill("#q", "القاهره")
    page.press("#q", "Enter")
    page.wait_for_selector("#results li")
    settled(page)
    assert page.locator("#results li").count() == 2
    assert page.locator("#results mark").first.inner_text() == "القاهرة"
    shot(page, "1-search")
    # 2. the story of the first report
    page.locator(f'#results li:has(a[href="#/doc/{ids["a"]}"]) a', has_text="القصة").click()
    page.wait_for_selector("#story-reports li")
    settled(page)
    assert "#/story/s-visit" in page.url
    assert page.locator("#story-reports li").count() == 2
    assert page.get_by_text("وكالة الأنباء الرسمية").count() == 1
    shot(page, "2-story")
    # 3. the document, its evidence highlighted at its offsets
    page.locator(f'#story-reports a[href="#/doc/{ids["a"]}"]').click()
    page.wait_for_selector("mark.evidence")
    settled(page)
    assert page.locator('mark.evidence[data-event="0"]').inner_text() == VISIT
    assert page.locator('mark.evidence[data-event="1"]').inner_text() == (
        "اللقاء المقبل سيعقد في عمان"
    )
    assert page.locator('.quote[data-quote="0"]').inner_text() == "المحادثات كانت مثمرة"
    assert page.locator('.ent[data-entity="karim-haddad"]').first.inner_text() == "كريم الحداد"
    page.get_by_role("button", name="الدليل").first.click()
    assert "flash" in (page.locator('mark.evidence[data-event="0"]').get_attribute("class") or "")
    shot(page, "3-document")
    assert page.console_errors == []


def test_web_article_markup_is_text(bare_page: Any, server: tuple[str, dict[str, str]]) -> None:
    base, ids = server
    page = bare_page
    page.goto(f"{base}/#/doc/{ids['x']}")
    page.wait_for_selector("#doc-title")
    settled(page)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#doc-title").inner_text() == XSS_TITLE
    article = page.locator(".article")
    assert article.inner_text() == XSS_BODY
    assert article.locator("script, img").count() == 0
    assert page.get_by_text("<script>window.__pwned=1</script>", exact=False).is_visible()
    # the list views show the same title as text too
    page.goto(f"{base}/#/")
    settled(page)
    assert page.get_by_text(XSS_TITLE).first.is_visible()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shot(page, "4-hostile-article")
    assert page.console_errors == []


def test_web_page_is_rtl_arabic(page: Any, server: tuple[str, dict[str, str]]) -> None:
    base, _ids = server
    page.goto(base + "/")
    settled(page)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    shot(page, "0-home")


def test_web_timeline_graph_and_entity(page: Any, server: tuple[str, dict[str, str]]) -> None:
    base, _ids = server
    page.goto(base + "/#/timeline")
    page.wait_for_selector("#timeline .card")
    settled(page)
    # the two reports of the visit are one happening on the timeline
    assert page.locator("#timeline .card").count() == 3
    assert "http" not in page.locator("#timeline").inner_text()
    assert page.locator("#timeline .card").first.locator("a[href^='#/doc/']").count() == 2
    shot(page, "5-timeline")
    page.goto(base + "/#/graph")
    page.wait_for_selector("#graph circle")
    settled(page)
    assert page.locator("#graph circle").count() == 2
    assert page.locator("#graph line").count() == 1
    shot(page, "6-graph")
    page.locator('#graph circle[data-id="karim-haddad"]').click()
    page.wait_for_selector("#roles")
    settled(page)
    assert "#/entity/karim-haddad" in page.url
    assert page.locator("#roles tbody tr").count() == 2
    assert page.get_by_text("Karim Haddad").first.is_visible()
    shot(page, "7-entity")
    assert page.console_errors == []
