"""The pages in a real browser: headless Chromium renders the session page, from the live server and
from a static export opened as a file, and the DOM it builds must show the title and the vote chart.

Chromium (Debian's `chromium` package) is required: without it these tests fail, saying how to
install it; they never skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import run_cli
from test_serve_http import server  # noqa: F401  (fixture: a live server over the build)

TITLE = "Second session of the 12th National People's Congress"


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("headless Chromium is needed to check the HTML pages: install it with "
                    "`apt-get install -y chromium` (Debian) and run the tests again")
    return path


def dump_dom(url: str, profile: Path) -> str:
    """The DOM Chromium builds for `url`, after following redirects; never the network."""
    result = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-proxy-server",
         f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "<html" in result.stdout, result.stderr[-2000:]
    return result.stdout


def assert_session_page(dom: str) -> None:
    assert f"<title>{TITLE} · npc-kg</title>" in dom
    assert f"<h1>{TITLE}</h1>" in dom
    chart = re.search(r"<svg[^>]*class=\"chart\".*?</svg>", dom, re.S)
    assert chart, "no vote chart"
    bars = re.findall(r'<rect class="bar (for|against|abstain)" [^>]*width="([\d.]+)"', chart[0])
    assert len([b for b in bars if b[0] == "for"]) == 7 and all(float(width) > 0 for _, width in bars)
    assert "2,887 for · 1 against · 8 abstain" in chart[0]
    assert "no counts" in chart[0]


def test_session_page_in_chromium(server, tmp_path):  # noqa: F811
    assert_session_page(dump_dom(f"{server.url}/session/12-2", tmp_path / "profile"))


def test_static_session_page_in_chromium(build_dir, tmp_path):  # noqa: F811
    site = tmp_path / "site"
    result = run_cli("publish", "--site", str(site), "--data", str(build_dir))
    assert result.returncode == 0, result.stderr
    assert_session_page(dump_dom((site / "session" / "12-2.html").as_uri(), tmp_path / "profile"))
