"""The web page in a real browser (issue 19): Debian's Chromium driven by Selenium through
Debian's chromedriver (nothing downloads a browser), and axe-core (from the npm registry)
checking each page. Skipped where Chromium or axe-core is missing, unless
TOOLKIT_REQUIRE_BROWSER=1 (as in CI)."""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from toolkit.web import create_app
from toolkit.web.store import Store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ROOT = Path(__file__).parent.parent
AXE = Path(os.environ.get("TOOLKIT_AXE", ROOT / "node_modules" / "axe-core" / "axe.min.js"))
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,1600",
]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
    b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
    b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _missing() -> str:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        return "Chromium and chromedriver are not installed (Debian: chromium chromium-driver)"
    if not AXE.exists():
        return f"axe-core is not installed ({AXE}; npm install axe-core, or set TOOLKIT_AXE)"
    return ""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Yield the address of the web app, served by waitress on a free port."""
    from waitress.server import create_server

    app = create_app(secret_key="browser", store=Store(tmp_path_factory.mktemp("packs")))
    served = create_server(app, host="127.0.0.1", port=0)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{served.effective_port}"
    # Every thread ends before later tests fork workers: a thread left running could hold
    # a lock that a forked child then waits on for ever.
    served.task_dispatcher.shutdown()
    for channel in list(served._map.values()):  # the server, and connections kept alive
        channel.close()
    thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    missing = _missing()
    if missing:
        if os.environ.get("TOOLKIT_REQUIRE_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('profile')}"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads)})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.downloads = downloads
    yield driver
    driver.quit()
    if driver.service.process is not None:  # reaped: later tests count this process's children
        driver.service.process.wait(timeout=30)


def violations(driver) -> list:
    """Return what axe-core finds on the page against WCAG 2.2 A and AA."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']})"
        ".then(r => done(r.violations.map(v => [v.id, v.help, v.nodes.length])));"
    )


def keys(driver, *pressed) -> None:
    """Press keys on whatever has the focus, as a person at the keyboard would."""
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*pressed).perform()


def focused(driver) -> str:
    return driver.switch_to.active_element.get_attribute("id") or ""


def tab_to(driver, field_id: str, limit: int = 80) -> None:
    """Press Tab until ``field_id`` has the focus."""
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        if focused(driver) == field_id:
            return
        keys(driver, Keys.TAB)
    raise AssertionError(f"Tab never reached {field_id}")


def test_the_pages_have_no_accessibility_violations(browser, server):
    browser.get(server + "/")
    assert violations(browser) == []
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()  # nothing chosen
    assert "There is a problem" in shown(browser, "error-summary-title").text
    assert violations(browser) == []


def test_a_pack_is_built_with_the_keyboard_alone(browser, server, tmp_path):
    from selenium.webdriver.common.keys import Keys

    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    browser.get(server + "/")
    tab_to(browser, "audience-partnership-board")
    keys(browser, Keys.ARROW_DOWN)  # the next audience: politicians and board members
    assert focused(browser) == "audience-politicians"
    tab_to(browser, "format")
    keys(browser, "Members")  # a select chooses the option its typed letters begin
    tab_to(browser, "minutes")
    keys(browser, "30")
    tab_to(browser, "name")
    keys(browser, "Northshire Together")
    tab_to(browser, "logo")
    browser.switch_to.active_element.send_keys(str(logo))  # what the file chooser gives
    tab_to(browser, "build")
    keys(browser, Keys.ENTER)
    shown(browser, "download-pack")  # the pack's page: the files one by one, and whole
    assert violations(browser) == []
    tab_to(browser, "download-pack")
    keys(browser, Keys.ENTER)
    zipped = _downloaded(browser.downloads, "northshire-together-politicians-pack.zip")
    archive = zipfile.ZipFile(io.BytesIO(zipped.read_bytes()))
    names = archive.namelist()
    deck = next(n for n in names if n.endswith("deck.pptx"))
    guide = next(n for n in names if n.endswith("facilitator-guide.docx"))
    title = Presentation(io.BytesIO(archive.read(deck))).slides[0].shapes.title.text
    assert "Northshire Together" in title
    text = "\n".join(p.text for p in Document(io.BytesIO(archive.read(guide))).paragraphs)
    assert "30 minutes" in text


def test_a_broken_framework_is_named_beside_its_upload(browser, server, tmp_path):
    from selenium.webdriver.common.keys import Keys

    broken = tmp_path / "mine.md"
    broken.write_text("# A framework\n\n1. A question with no prompts?\n", encoding="utf-8")
    browser.get(server + "/")
    tab_to(browser, "audience-partnership-board")
    keys(browser, *[Keys.ARROW_DOWN] * 4)  # frontline staff
    tab_to(browser, "framework")
    browser.switch_to.active_element.send_keys(str(broken))  # what the file chooser gives
    tab_to(browser, "build")
    keys(browser, Keys.ENTER)
    message = " ".join(shown(browser, "framework-error").text.split())
    assert message.startswith("Error: mine.md:1: the framework has no questions"), message
    assert violations(browser) == []


def test_a_pack_no_longer_held_says_so_accessibly(browser, server):
    browser.get(server + "/packs/" + "x" * 32)
    assert "This pack is not here" in browser.find_element("tag name", "h1").text
    assert violations(browser) == []


def shown(driver, element_id: str, wait: float = 60.0):
    """Return the element ``element_id`` once the page showing it has loaded."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    found = expected_conditions.presence_of_element_located((By.ID, element_id))
    return WebDriverWait(driver, wait).until(found)


def _downloaded(folder: Path, name: str, wait: float = 60.0) -> Path:
    path = folder / name
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if path.exists() and not list(folder.glob("*.crdownload")):
            return path
        time.sleep(0.2)
    raise AssertionError(f"{name} was not downloaded; found {sorted(folder.iterdir())}")


def test_a_colour_too_light_for_text_is_said_as_it_is_typed(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    field = browser.find_element(By.ID, "primary")
    field.send_keys("#777777")
    note = browser.find_element(By.ID, "primary-contrast").text
    assert note == (
        "#777777 gives text a contrast of only 4.4:1 (at least 4.5:1 is needed): choose a "
        "darker or a lighter shade"
    )
    field.clear()
    field.send_keys("#1D4E89")
    assert browser.find_element(By.ID, "primary-contrast").text == ""
    assert violations(browser) == []


def test_six_worksheets_are_typed_in_and_a_report_downloaded_with_the_keyboard(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/results")
    assert violations(browser) == []
    tab_to(browser, "audience-partnership-board")  # the first, chosen until another is
    keys(browser, *[Keys.ARROW_DOWN] * 4)
    assert focused(browser) == "audience-frontline"
    tab_to(browser, "choose")
    keys(browser, Keys.ENTER)
    assert shown(browser, "respondent").get_attribute("value") == "R01"
    assert violations(browser) == []
    for number, rating in enumerate([4, 5, 3, 4, 2, 4], start=1):
        tab_to(browser, "rating-Q1-none")  # a radio group is entered at its chosen button
        keys(browser, *[Keys.ARROW_RIGHT] * rating)
        assert focused(browser) == f"rating-Q1-{rating}"
        tab_to(browser, "comments-Q1")
        keys(browser, f"Comment {number}")
        tab_to(browser, "add")
        keys(browser, Keys.ENTER)
        said = f"Worksheet R{number:02d} for Frontline staff added."
        _until(
            browser, lambda said=said: said in browser.find_element(By.CLASS_NAME, "notice").text
        )
        assert focused(browser) == "respondent"  # ready for the next worksheet
    keys(browser, Keys.END, *[Keys.BACKSPACE] * 3, "R06")  # a seventh, with the sixth's code
    tab_to(browser, "rating-Q1-none")
    keys(browser, Keys.ARROW_RIGHT)
    tab_to(browser, "add")
    keys(browser, Keys.ENTER)
    error = shown(browser, "respondent-error")
    assert "respondent code 'R06' is used twice for frontline" in error.text
    assert browser.find_element("id", "rating-Q1-1").is_selected()  # what was typed, kept
    assert violations(browser) == []
    tab_to(browser, "download")
    keys(browser, Keys.ENTER)
    sheet = _downloaded(browser.downloads, "partnership-innovation-results.csv")
    assert sheet.read_text(encoding="utf-8-sig").count("frontline") == 6
    tab_to(browser, "report")
    keys(browser, Keys.ENTER)
    zipped = _downloaded(browser.downloads, "partnership-innovation-report.zip")
    archive = zipfile.ZipFile(io.BytesIO(zipped.read_bytes()))
    deck = next(n for n in archive.namelist() if n.endswith("results-report.pptx"))
    title = Presentation(io.BytesIO(archive.read(deck))).slides[0].shapes
    assert "6 worksheets from 1 audience" in " ".join(s.text for s in title if s.has_text_frame)


def _until(driver, ready, wait: float = 60.0) -> None:
    from selenium.common.exceptions import NoSuchElementException
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, wait, ignored_exceptions=(NoSuchElementException,)).until(
        lambda _driver: ready()
    )


def test_building_says_so_while_it_builds(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    browser.execute_script(
        "const form = document.querySelector('form[data-progress]');"
        "form.addEventListener('submit', (event) => event.preventDefault());"
        "form.requestSubmit();"
    )
    progress = browser.find_element(By.ID, "progress")
    assert progress.text == "Building the pack…"
    assert progress.get_attribute("role") == "status"
    assert progress.find_elements(By.TAG_NAME, "progress")
    assert violations(browser) == []


def test_results_for_a_framework_of_ones_own_survive_the_browsers_round_trips(
    browser, server, tmp_path
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from test_web_results import OWN

    own = tmp_path / "riverside.md"
    own.write_text(OWN, encoding="utf-8")
    browser.get(server + "/results")
    tab_to(browser, "framework")
    browser.switch_to.active_element.send_keys(str(own))
    tab_to(browser, "use-framework")
    keys(browser, Keys.ENTER)
    _until(browser, lambda: "Riverside" in browser.find_element(By.TAG_NAME, "main").text)
    tab_to(browser, "choose")  # partnership board, chosen until another is
    keys(browser, Keys.ENTER)
    tab_to(browser, "rating-Q2-none")
    keys(browser, *[Keys.ARROW_RIGHT] * 3)
    tab_to(browser, "add")
    keys(browser, Keys.ENTER)  # the framework, sent back by the browser, read again
    said = "Worksheet R01 for The partnership board added."
    _until(browser, lambda: said in browser.find_element(By.CLASS_NAME, "notice").text)
    legends = [e.text for e in browser.find_elements(By.TAG_NAME, "legend")]
    assert "Q2. Do services reach the young people who need them most?" in legends
    assert violations(browser) == []
