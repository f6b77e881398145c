"""The UI in a real browser: Playwright driving Debian's /usr/bin/chromium (never a downloaded browser).

A live server (uvicorn, in a thread) gets the samples through the ingest API; the browser opens the story,
follows a citation to its article, opens the copy comparison and shows removed spans, saving screenshots
under test-artifacts/. Any console error fails the test: a CSP violation would show up there. The same
path is walked again with JavaScript disabled."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from web_helpers import TOKEN, sample_articles

from kabar.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (/usr/bin/chromium); CI installs it with apt-get install chromium",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, sample_files) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "k.db"
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db), TOKEN), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    r = httpx.post(f"{base}/api/ingest", json={"articles": sample_articles(sample_files)},
                   headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
    assert r.status_code == 200 and r.json()["new"] == 5, r.text
    yield base
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _walk(page, base: str, shots: str | None) -> None:
    """Story list → story → citation → article → back → copy comparison → removed spans."""

    def shot(name: str) -> None:
        if shots:
            page.screenshot(path=str(ARTIFACTS / f"{shots}-{name}.png"), full_page=True)

    page.goto(base + "/")
    shot("1-stories")
    page.locator("table.stories a.title").first.click()
    page.wait_for_url("**/stories/*")
    assert page.locator("ol.summary li").count() >= 1
    assert page.locator("table.facts tbody.conflict").count() >= 1
    shot("2-story")

    cite = page.locator("ol.summary a.cite").first
    cited = cite.get_attribute("href")
    cite.click()
    page.wait_for_url("**" + cited)
    assert page.locator("article.article h1").inner_text().strip()
    shot("3-cited-article")

    page.go_back()
    page.locator("a.compare").first.click()
    page.wait_for_url("**/copies/*/*")
    assert page.locator("table.compare tbody tr").count() >= 3
    assert page.locator("table.compare ins").count() >= 1 and page.locator("table.compare del").count() >= 1
    shot("4-compare")

    page.locator("form.quick input[name=q]").fill("Menlu Lavrov")  # the sample with the spam token
    page.locator("form.quick input[name=q]").press("Enter")
    page.wait_for_url("**/search?q=*")
    page.locator("ol.hits a.title").first.click()
    page.wait_for_url("**/articles/*")
    details = page.locator("details.removed")
    assert not details.locator("table").is_visible()  # removed spans are shown on demand
    details.locator("summary").click()
    assert details.locator("table").is_visible() and "INITOGEL" in details.inner_text()
    shot("5-article-removed-spans")


def test_story_citation_and_copy_comparison_in_chromium(live_server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    _walk(page, live_server, shots="browser")
    assert not errors, errors
    context.close()


def test_the_same_walk_works_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1200, "height": 900})
    _walk(context.new_page(), live_server, shots=None)
    context.close()
