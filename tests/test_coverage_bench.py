"""bench/coverage.py counts facts found against an expected file and numbers read against numbers
seen, and names each fact it missed."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import REPO
from test_unread_report import ARTICLE


def test_coverage_counts_facts_and_numbers(tmp_path):
    (tmp_path / "t.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "expected").mkdir()
    expected = {"session": {"ordinal": 3, "congress": 11, "year": 2010, "start": "2010-03-05", "end": "2010-03-14",
                            "venue": "Great Hall of the People", "city": "Shanghai"},
                "people_mentioned": ["Wen Jiabao"]}
    (tmp_path / "expected" / "t.json").write_text(json.dumps(expected), encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "bench" / "coverage.py"), str(tmp_path)],
                            capture_output=True, text=True, check=True)
    row = next(line.split() for line in result.stdout.splitlines() if line.startswith("t "))
    assert row[1] == "6/7" and row[-4:] == ["6/8", "75.0", "0/4", "0.0"]
    assert "t.txt: session: city Shanghai" in result.stdout and "t.txt: people: Wen Jiabao" in result.stdout
