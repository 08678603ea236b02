"""The report site in a real browser: ``index.html`` and every report, in headless Chromium.

Debian's ``/usr/bin/chromium`` (``make browser`` installs it) driven by Playwright; no browser is
downloaded. Each page is opened from the file system (``file://``) and from a static server on
127.0.0.1, and must show no console error, load every image, resolve every link, make no network
request, run no script from the corpus (the ``table_run`` corpus holds ``<script>alert('corpus')</script>``)
and show that text escaped. Full-page screenshots go to ``<run>/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import threading
import urllib.request
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from corpus_utils.paths import NOTEBOOKS_DIR

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
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
PAYLOAD = "<script>alert('corpus')</script>"
PAYLOAD_PREFIX = "<script>alert("
TIMEOUT_MS = 30_000


def _pages() -> list[str]:
    """Every page of a run, relative to the run folder: the index and both reports per notebook."""
    stems = sorted(p.stem for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    return ["index.html"] + [f"html/{s}{suffix}" for s in stems for suffix in (".html", ".full.html")]


PAGES = _pages()


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="module")
def server(table_run):
    """A static server on a free port of 127.0.0.1 serving the run folder: its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(table_run)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def screenshots(table_run, request):
    folder = table_run / "screenshots"
    folder.mkdir(exist_ok=True)
    yield folder
    line = f"browser screenshots: {folder}"
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        print(line)
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("\n" + line)


# ---------------------------------------------------------------- one visit
@dataclass
class Visit:
    """What one page did in the browser."""

    url: str
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    blocked: list[str] = field(default_factory=list)  # requests that left the allowed origins
    failed: list[str] = field(default_factory=list)  # allowed requests that did not load
    images: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)  # text of every <script> element in the DOM
    text: str = ""


def _allowed(url: str, origins: tuple[str, ...]) -> bool:
    return url.startswith(("file://", "data:", "about:", *origins))


def visit(browser, url: str, *, origins: tuple[str, ...] = (), screenshot: Path | None = None) -> Visit:
    """Open ``url`` in a fresh context, scroll every image into view and record what happened.
    Requests outside ``file:``/``data:`` and ``origins`` are recorded and aborted."""
    seen = Visit(url)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        context.route(
            lambda u: not _allowed(u, origins),
            lambda route: (seen.blocked.append(route.request.url), route.abort()),
        )
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.on(
            "console",
            lambda m: (
                seen.errors.append(
                    f"console.{m.type}: {m.text} (at {m.location.get('url', '')}:{m.location.get('lineNumber', '')})"
                )
                if m.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda exc: seen.errors.append(f"uncaught exception: {exc}"))
        page.on("dialog", lambda d: (seen.dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
        page.on("request", lambda r: seen.requests.append(r.url))
        page.on("websocket", lambda ws: seen.blocked.append(ws.url))
        page.on(
            "requestfailed",
            lambda r: (
                seen.failed.append(f"{r.url} ({r.failure})")
                if _allowed(r.url, origins) and not r.url.startswith("data:")
                else None
            ),
        )
        page.goto(url, wait_until="load")
        # lazy images load only near the viewport: bring each one into view, as a reader would
        for img in page.locator("img").all():
            img.scroll_into_view_if_needed()
        page.wait_for_function("Array.from(document.images).every(i => i.complete)")
        page.wait_for_load_state("load")
        seen.images = page.eval_on_selector_all(
            "img",
            "els => els.map(e => ({src: e.getAttribute('src') || '', url: e.currentSrc || e.src,"
            " width: e.naturalWidth, alt: e.getAttribute('alt')}))",
        )
        seen.links = page.eval_on_selector_all(
            "a[href]",
            "els => els.map(e => ({href: e.getAttribute('href'), url: e.href,"
            " target_ok: !e.hash || e.pathname !== location.pathname || e.hash === '#'"
            " || document.getElementById(e.hash.slice(1)) !== null"
            " || document.getElementById(decodeURIComponent(e.hash.slice(1))) !== null}))",
        )
        seen.scripts = page.eval_on_selector_all("script", "els => els.map(e => e.textContent || e.src)")
        seen.text = page.inner_text("body")
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=True)
        page.wait_for_timeout(100)  # let late console messages and dialogs arrive
    finally:
        context.close()
    return seen


# ---------------------------------------------------------------- checks
class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):  # a fragment names an id (or an <a name>)
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


def _ids(path: Path) -> set[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser.ids


def _target(url: str, run: Path, base: str) -> Path | None:
    """The file on disk a resolved link or image URL points at (None: outside the run)."""
    if base.startswith("file://"):
        path = Path(unquote(urlsplit(url).path))
    else:
        path = run / unquote(urlsplit(url).path).lstrip("/")
    try:
        path.resolve().relative_to(run.resolve())
    except ValueError:
        return None
    return path


def broken_links(seen: Visit, run: Path, base: str) -> list[str]:
    """Every link that does not resolve, each with the reason."""
    problems = []
    for link in seen.links:
        href, url = link["href"], link["url"]
        if not href.strip():
            problems.append(f"{href!r}: empty link")
            continue
        if href.startswith("#"):
            if not link["target_ok"]:
                problems.append(f"{href!r}: no element with that id on the page")
            continue
        if not url.startswith(base):
            problems.append(f"{href!r}: leaves the run folder or the site ({url})")
            continue
        bare, fragment = urldefrag(url)
        path = _target(bare, run, base)
        if path is None or not path.is_file():
            problems.append(f"{href!r}: no such file {path or bare}")
            continue
        if base.startswith("http"):
            try:
                with urllib.request.urlopen(bare, timeout=10) as resp:
                    if resp.status != 200:
                        problems.append(f"{href!r}: HTTP {resp.status}")
            except OSError as exc:
                problems.append(f"{href!r}: {exc}")
        if fragment and path.suffix == ".html" and not {fragment, unquote(fragment)} & _ids(path):
            problems.append(f"{href!r}: {path.name} has no element with id {fragment!r}")
    return problems


def check(seen: Visit, run: Path, base: str, *, embedded_images: bool) -> list[str]:
    """Every problem of one page, one readable line each."""
    problems = [f"error: {e}" for e in seen.errors]
    problems += [f"dialog opened (a script ran): {d}" for d in seen.dialogs]
    origins = (base,) if base.startswith("http") else ()
    outside = {u for u in seen.requests if not _allowed(u, origins)} | set(seen.blocked)
    problems += [
        f"network request (only file:// and the local server are allowed): {u}" for u in sorted(outside)
    ]
    problems += [f"request failed: {u}" for u in seen.failed]
    for img in seen.images:
        name = img["src"][:80]
        if img["width"] <= 0:
            problems.append(f"image does not load (naturalWidth 0): {name}")
        if embedded_images and not img["src"].startswith("data:"):
            problems.append(f"image not embedded (the report cannot be mailed alone): {name}")
        if not (img["alt"] or "").strip():
            problems.append(f"image without alt text: {name}")
    problems += [f"link {p}" for p in broken_links(seen, run, base)]
    problems += [f"<script> element from corpus text: {s[:80]!r}" for s in seen.scripts if "corpus" in s]
    return problems


def _report(page: str, url: str, problems: list[str]) -> str:
    return f"{page} ({url}): {len(problems)} problem(s)\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------- tests
def test_every_report_exists(table_run):
    missing = [p for p in PAGES if not (table_run / p).is_file()]
    assert not missing, f"pages missing from the run folder {table_run}: {missing}"


@pytest.mark.parametrize("page", PAGES)
def test_page_from_file_system(page, browser, table_run, screenshots):
    path = table_run / page
    assert path.is_file(), f"{page} was not written"
    shot = screenshots / f"{Path(page).name.removesuffix('.html')}.png"
    seen = visit(browser, path.as_uri(), screenshot=shot)
    problems = check(seen, table_run, table_run.as_uri() + "/", embedded_images=page.startswith("html/"))
    assert not problems, _report(page, seen.url, problems)
    assert shot.stat().st_size > 0


@pytest.mark.parametrize("page", PAGES)
def test_page_from_static_server(page, browser, table_run, server):
    seen = visit(browser, server + page, origins=(server,))
    problems = check(seen, table_run, server, embedded_images=page.startswith("html/"))
    assert not problems, _report(page, seen.url, problems)
    local = [u for u in seen.requests if u.startswith(server)]
    assert local, f"{page}: the page was not fetched from the local server"


def test_corpus_script_shows_as_text_and_never_runs(browser, table_run):
    """The audit lists the document holding ``<script>alert('corpus')</script>``: the reader sees the
    markup as text, no dialog opens and no script element carries it."""
    page = "html/01_corpus_audit.html"
    seen = visit(browser, (table_run / page).as_uri())
    assert not seen.dialogs, f"{page}: the corpus text ran as a script: {seen.dialogs}"
    assert not [s for s in seen.scripts if "alert" in s], f"{page}: a <script> element holds corpus text"
    assert PAYLOAD in seen.text or PAYLOAD_PREFIX in seen.text, (
        f"{page}: the corpus text {PAYLOAD!r} is not shown as text on the page "
        f"(visible text has no {PAYLOAD_PREFIX!r}); the reader cannot see it was escaped"
    )


BAD_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>bad</title>
<link rel="stylesheet" href="https://cdn.example.invalid/style.css"></head><body>
<h1 id="top">A page with every fault</h1>
<img src="missing.png" alt="gone"><img src="ok.svg" alt="">
<a href="#nowhere">dangling anchor</a> <a href="#top">good anchor</a>
<a href="nofile.html">missing file</a> <a href="https://example.org/">external</a>
<a href="ok.svg">good file</a>
<script>alert('corpus')</script><script>undefined_function()</script>
</body></html>"""
OK_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def test_the_checks_catch_a_bad_page(browser, tmp_path):
    """The checker itself: a page with every fault yields one readable line per fault."""
    (tmp_path / "bad.html").write_text(BAD_PAGE, encoding="utf-8")
    (tmp_path / "ok.svg").write_text(OK_SVG, encoding="utf-8")
    seen = visit(browser, (tmp_path / "bad.html").as_uri())
    problems = "\n".join(check(seen, tmp_path, tmp_path.as_uri() + "/", embedded_images=True))
    for expected in (
        "dialog opened (a script ran): alert: corpus",
        "undefined_function is not defined",
        "network request (only file:// and the local server are allowed): "
        "https://cdn.example.invalid/style.css",
        "image does not load (naturalWidth 0): missing.png",
        "image not embedded (the report cannot be mailed alone): ok.svg",
        "image without alt text: ok.svg",
        "link '#nowhere': no element with that id on the page",
        "link 'nofile.html': no such file",
        "link 'https://example.org/': leaves the run folder or the site",
        "<script> element from corpus text",
    ):
        assert expected in problems, f"the checker missed: {expected}\n--- it reported:\n{problems}"
    for fine in ("'#top'", "link 'ok.svg'"):
        assert fine not in problems, problems
