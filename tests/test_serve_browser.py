"""The pages in a real browser: headless Chromium renders the session page from the live server and
from a static export opened as a file, and the pages for readers (home, a session, a person, an
office, a measure) from a static export, with a screenshot of each; the DOM it builds must show
what a reader looks for.

Screenshots go to the test's tmp_path and to tests/output/screenshots/ (or $NPC_KG_SCREENSHOTS),
which CI can keep as an artifact. Chromium (Debian's `chromium` package) is required: without it
these tests fail, saying how to install it; they never skip.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from html import unescape
from pathlib import Path

import pytest

from helpers import run_cli
from measure_fixture import write_measure_build
from test_serve_http import server  # noqa: F401  (fixture: a live server over the build)

TITLE = "Second session of the 12th National People's Congress"
SCREENSHOTS = Path(os.environ.get("NPC_KG_SCREENSHOTS", Path(__file__).parent / "output" / "screenshots"))
RAW_PATH = re.compile(r"^[a-z]+(/[^/\s]+)+$")


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("headless Chromium is needed to check the HTML pages: install it with "
                    "`apt-get install -y chromium` (Debian) and run the tests again")
    return path


def headless(profile: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Chromium without a window, a network or a shared profile."""
    result = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-proxy-server",
         "--hide-scrollbars", f"--user-data-dir={profile}", *options],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def dump_dom(url: str, profile: Path) -> str:
    """The DOM Chromium builds for `url`, after following redirects; never the network."""
    dom = headless(profile, "--dump-dom", url).stdout
    assert "<html" in dom
    return dom


def screenshot(url: str, profile: Path, target: Path, height: int) -> tuple[int, int]:
    """A PNG of the page, 1200 pixels wide; its size, read from the PNG header."""
    headless(profile, "--window-size=1200,%d" % height, f"--screenshot={target}", url)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def shown_links(dom: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in re.findall(r"<a [^>]*>(.*?)</a>", dom, re.S)]


def assert_no_raw_paths(dom: str) -> None:
    raw = [text for text in shown_links(dom) if RAW_PATH.match(text)]
    assert not raw, raw[:5]


def table_row(dom: str, text: str) -> list[str]:
    rows = [r for r in re.findall(r"<tr>.*?</tr>", dom, re.S) if text in r]
    assert rows, f"no row with {text!r}"
    return [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", rows[0], re.S)]


def assert_session_page(dom: str) -> None:
    assert f"<title>{TITLE} · npc-kg</title>" in unescape(dom)
    assert f"<h1>{TITLE}</h1>" in unescape(dom)
    chart = re.search(r"<svg[^>]*class=\"chart votes\".*?</svg>", dom, re.S)
    assert chart, "no vote chart"
    bars = re.findall(r'<rect class="bar (for|against|abstain)" [^>]*width="([\d.]+)"', chart[0])
    assert len([b for b in bars if b[0] == "for"]) == 7 and all(float(width) > 0 for _, width in bars)
    assert "2,887 for · 1 against · 8 abstain" in chart[0]
    assert "no counts" in chart[0]
    premier = table_row(dom, "office/premier")
    assert premier[:2] == ["Premier of the State Council of the People's Republic of China", "Li Keqiang"]
    assert table_row(dom, "premier-li-keqiangs-government-work-report")[1:4] == ["2,887", "1", "8"]
    assert "56.9 trillion yuan" in dom
    assert_no_raw_paths(dom)


def test_session_page_in_chromium(server, tmp_path):  # noqa: F811
    assert_session_page(dump_dom(f"{server.url}/session/12-2", tmp_path / "profile"))


@pytest.fixture(scope="module")
def sites(build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Static exports of the bundled build and of the hand-written build with measures."""
    folder = tmp_path_factory.mktemp("sites")
    bundled, measures = folder / "bundled", folder / "measures"
    for site, data in ((bundled, build_dir), (measures, write_measure_build(folder / "measure-build"))):
        result = run_cli("publish", "--site", str(site), "--data", str(data))
        assert result.returncode == 0, result.stderr
    return bundled, measures


def test_static_session_page_in_chromium(sites, tmp_path):
    assert_session_page(dump_dom((sites[0] / "session" / "12-2.html").as_uri(), tmp_path / "profile"))


def check_home(dom: str) -> None:
    assert "<h2>Sessions</h2>" in dom and "<dt>2014</dt>" in dom and TITLE in unescape(dom)
    assert {"Measures", "Offices", "People"} <= set(shown_links(dom))
    assert "CC BY-SA 4.0" in dom


def check_person(dom: str) -> None:
    assert "<h1>Li Keqiang</h1>" in dom and "Offices held" in dom
    assert table_row(dom, "2013-03-15")[1:5] == ["2013-03-15", "2018-03-18", "Wen Jiabao", "Li Keqiang"]


def check_office(dom: str) -> None:
    assert "Holders over time" in dom
    holders = dom[dom.index('id="holders"'):]
    assert holders.index("Wen Jiabao") < holders.index("Li Keqiang") < holders.index("Li Qiang")


def check_measure(dom: str) -> None:
    svg = re.search(r'<svg[^>]*class="chart measure".*?</svg>', dom, re.S)
    assert svg, "no measure chart"
    assert re.search(r'<rect class="target range"[^>]*height="[1-9][\d.]*"', svg[0]), "no target band"
    assert re.search(r'<circle class="outcome met" cx="[\d.]+" cy="[\d.]+" r="6"', svg[0]), "no outcome point"
    assert "outcome, target met" in dom and "✓ met" in dom  # the legend and the table say it in words


PAGES = [  # name, site (0 bundled, 1 measures), file, window height, check
    ("home", 0, "index.html", 1400, check_home),
    ("session", 0, "session/12-2.html", 2400, assert_session_page),
    ("person", 0, "person/li-keqiang.html", 1400, check_person),
    ("office", 0, "office/premier.html", 1400, check_office),
    ("measure", 1, "measure/gdp-growth.html", 1100, check_measure),
]


@pytest.mark.parametrize("name, site, file, height, check", PAGES, ids=[p[0] for p in PAGES])
def test_pages_for_readers_in_chromium(sites, tmp_path, name, site, file, height, check):
    url = (sites[site] / file).as_uri()
    dom = dump_dom(url, tmp_path / "profile")
    check(dom)
    assert_no_raw_paths(dom)
    shot = tmp_path / f"{name}.png"
    assert screenshot(url, tmp_path / "profile", shot, height) == (1200, height)
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SCREENSHOTS / shot.name)
