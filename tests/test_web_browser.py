"""End to end in a real browser: `policydoc serve` on 127.0.0.1 driven by headless Chromium
(Debian's `chromium` through Playwright): type a query, click a facet, open a document, click a
field and check that its span is highlighted and scrolled into view. Screenshots go to
tmp/artefacts/web/ (or $POLICYDOC_ARTEFACTS)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .web_fixtures import SHARED, build_index

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
if not SHARED.is_dir():
    pytest.skip("../shared (the development corpus) is not here", allow_module_level=True)
if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed (.ci/run installs it: apt-get install -y chromium)", allow_module_level=True)
pytest.importorskip("flask", reason='the web page needs the [web] extra: pip install "policydoc[web]"')
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (pip install playwright)")

REPO = Path(__file__).resolve().parent.parent
ARTEFACTS = Path(os.environ.get("POLICYDOC_ARTEFACTS") or REPO / "tmp" / "artefacts") / "web"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`policydoc serve` in its own process, on a free port of 127.0.0.1."""
    db = tmp_path_factory.mktemp("webe2e") / "policies.db"
    build_index(db)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "policydoc.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/api/search?limit=1", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("policydoc serve did not start: " + proc.stdout.read().decode(errors="replace"))
            time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh user-data-dir
    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, headless=True,
                                                   args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 900})
        pg = ctx.new_page()
        pg.set_default_timeout(30_000)
        yield pg
        ctx.close()


def in_view(pg, selector: str) -> bool:
    return pg.evaluate("""sel => { const r = document.querySelector(sel).getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }""", selector)


def test_search_facet_document_field(server, page):
    pg = page
    pg.goto(server + "/")
    pg.fill("#q", "联席会议")
    pg.press("#q", "Enter")
    pg.wait_for_url("**/?q=*")
    assert "q=%E8%81%94%E5%B8%AD%E4%BC%9A%E8%AE%AE" in pg.url  # the query is in the URL
    total = int(pg.inner_text("#total"))
    assert total == 7
    assert pg.locator(".hit mark").first.inner_text() == "联席会议"
    pg.screenshot(path=str(ARTEFACTS / "1-search.png"))

    # click the 广西 facet: the filter goes into the URL and narrows the hits
    pg.click('section[data-facet="region"] a:text("广西壮族自治区")')
    pg.wait_for_url("**region=*")
    assert int(pg.inner_text("#total")) == 1
    assert "地区（市）" in pg.inner_text("aside.facets")
    pg.screenshot(path=str(ARTEFACTS / "2-facet.png"))

    # open the document
    pg.click(".hit a.title")
    pg.wait_for_url("**/doc/*")
    assert "柳北" in pg.inner_text("h1")
    assert pg.locator("mark#hl").count() == 0

    # click a field low in the text: its span is highlighted and scrolled into view
    row = pg.locator('tr[data-field="printed_by"]')
    value = row.locator("td a").inner_text()
    row.locator("td a").click()
    pg.wait_for_url("**hl=*")
    assert pg.inner_text("mark#hl") == value
    assert in_view(pg, "mark#hl")
    assert pg.locator('tr[data-field="printed_by"].on').count() == 1
    pg.screenshot(path=str(ARTEFACTS / "3-document-field.png"))

    # a joint-meeting duty: a longer span
    duty = pg.locator("table.duties td a").first
    text = duty.inner_text()
    duty.click()  # the span is the sentence, its final 。 included
    pg.wait_for_function("t => document.querySelector('mark#hl') && document.querySelector('mark#hl').innerText"
                         ".startsWith(t)", arg=text)
    assert in_view(pg, "mark#hl")
    pg.screenshot(path=str(ARTEFACTS / "4-document-duty.png"))


def test_overview_and_copies(server, page):
    pg = page
    pg.goto(server + "/overview")
    assert pg.locator("svg.chart").count() == 2
    pg.screenshot(path=str(ARTEFACTS / "5-overview.png"), full_page=True)
    # a legend entry leads to the search filtered by that region
    pg.click('svg.chart >> nth=1 >> a >> nth=0')
    pg.wait_for_url("**/?region=*")
    assert int(pg.inner_text("#total")) > 0
    # copies: 柳北政发〔2025〕2号 as TXT and three PDFs is one hit with three copies
    pg.goto(server + "/?q=" + "柳北政发〔2025〕2号")
    assert int(pg.inner_text("#total")) == 1
    assert pg.locator(".hit .files a").count() == 3
