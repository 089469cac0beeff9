"""The browser UI end to end in headless Chromium (Debian's build, driven by Playwright):
the query editor runs a named query, and each chart renders with data."""

from __future__ import annotations

import shutil

import pytest

from servers import ttx_server

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    playwright = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.fail("chromium is not installed (scripts/setup installs Debian's chromium)")
    with ttx_server("--workers", "2") as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS,
                                    downloads_path=str(tmp_path_factory.mktemp("dl")))
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        yield url, page, tmp_path_factory.mktemp("shots")
        browser.close()


def test_query_editor_runs_an_example_and_shares_the_url(browser_page):
    url, page, shots = browser_page
    page.goto(url + "/?lang=en")
    page.select_option("#examples", "tasks-per-theme")
    assert "declaredTaskCount" in page.input_value("#editor")
    assert page.locator("#highlight .kw").count() > 5  # syntax highlighting is applied
    page.click("#run")
    page.wait_for_selector("table.results tr:nth-child(19)")
    rows = page.locator("table.results tr").count()
    assert rows == 19  # header + 18 themes
    assert "query=" in page.url  # shareable
    text = page.inner_text("table.results")
    assert "Waste management" in text or "Quản lý chất thải" in text
    page.screenshot(path=str(shots / "editor.png"))
    assert page.get_attribute("#dl-csv", "href").startswith("/sparql?format=csv&query=")


def test_shared_url_reruns_the_query(browser_page):
    url, page, _ = browser_page
    page.goto(url + "/?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D")
    page.wait_for_function("document.querySelector('#results').innerText.includes('true')")


CHART_CHECKS = {
    "funding": ("rect.cell", 72), "network": ("circle.node", 8), "timeline": ("rect.bar", 80),
    "targets": ("circle.t2030", 15),
}


@pytest.mark.parametrize("chart", sorted(CHART_CHECKS))
def test_charts_render_with_data(browser_page, chart):
    url, page, shots = browser_page
    if not page.url.endswith("/ui/charts?lang=vi"):
        page.goto(url + "/ui/charts?lang=vi")
    selector, minimum = CHART_CHECKS[chart]
    section = page.locator(f"#chart-{chart}")
    assert section.locator(selector).count() >= minimum
    box = section.locator("svg").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150
    png = section.locator("svg").screenshot(path=str(shots / f"{chart}.png"))
    # rendered, not blank: count distinct colours in the screenshot, decoded by the browser itself
    colours = page.evaluate("""async (b64) => {
        const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
        const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
        const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data; const seen = new Set();
        for (let i = 0; i < d.length; i += 16) seen.add((d[i] << 16) | (d[i+1] << 8) | d[i+2]);
        return seen.size; }""", __import__("base64").b64encode(png).decode())
    assert colours > 20
    if chart == "funding":
        counts = [int(c) for c in section.locator("rect.cell").evaluate_all("els => els.map(e => e.dataset.count)")]
        assert sum(counts) > 200 and max(counts) >= 9
