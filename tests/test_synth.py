"""bench/synth.py writes consecutive sessions whose targets and outcomes line up: a small synthetic
corpus builds (exit 0), and its figures come out of the graph as the generator planned them, the
targets for year Y in the session of Y and the outcomes for Y in the session of Y + 1.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from helpers import REPO, run_cli

SEED = 7
ARTICLES = 6  # the sessions of 2003 to 2008

FIGURES = """
PREFIX npc: <https://w3id.org/npc-kg/ontology#>
PREFIX schema: <https://schema.org/>
SELECT ?year ?kind ?ref ?value ?high ?unit ?qualifier WHERE {
  ?figure a ?class ; npc:session ?session ; npc:refYear ?ref ; schema:value ?value ; schema:unitText ?unit .
  VALUES (?class ?kind) { (npc:Achievement "achievement") (npc:Target "target") }
  ?session npc:year ?year .
  OPTIONAL { ?figure schema:maxValue ?high }
  OPTIONAL { ?figure npc:qualifier ?qualifier }
}
"""


def synth_module():
    spec = importlib.util.spec_from_file_location("synth", REPO / "bench" / "synth.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth")
    subprocess.run([sys.executable, str(REPO / "bench" / "synth.py"), str(folder / "corpus"), "--articles",
                    str(ARTICLES), "--seed", str(SEED)], check=True, capture_output=True)
    result = run_cli("build", str(folder / "corpus"), "--out", str(folder / "out"))
    assert result.returncode == 0, result.stderr
    return folder / "out"


def rows(build: Path, query: str) -> list[dict[str, str]]:
    result = run_cli("query", query, "--data", str(build), "--format", "csv")
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_the_generator_is_deterministic(tmp_path):
    for name in ("a", "b"):
        subprocess.run([sys.executable, str(REPO / "bench" / "synth.py"), str(tmp_path / name), "--articles", "3",
                        "--seed", str(SEED)], check=True, capture_output=True)
    assert [p.read_bytes() for p in sorted((tmp_path / "a").iterdir())] == \
        [p.read_bytes() for p in sorted((tmp_path / "b").iterdir())]


def test_every_session_states_targets_and_outcomes(built):
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in rows(built, "indicators"):
        kinds[row["session"]].add(row["kind"])
    assert len(kinds) == ARTICLES and all(found == {"achievement", "target"} for found in kinds.values())


def test_targets_and_outcomes_line_up_year_by_year(built):
    synth = synth_module()
    figures: dict[tuple[int, str, int], set[tuple]] = defaultdict(set)
    for row in rows(built, FIGURES):
        figures[int(row["year"]), row["kind"], int(row["ref"])].add(
            (Decimal(row["value"]), Decimal(row["high"]) if row["high"] else None, row["unit"], row["qualifier"]))
    first = synth.FIRST_YEAR
    for year in range(first, first + ARTICLES - 1):
        plan = synth.economy(SEED, year)
        high = Decimal(str(plan.gdp_target_high)) if plan.gdp_target_high else None
        targets = {(Decimal(str(plan.gdp_target)), high, "percent", "" if high else "about"),
                   (Decimal(str(plan.cpi_target)), None, "percent", "around"),
                   (Decimal(plan.jobs_target * 10**6), None, "jobs", "more than"),
                   (Decimal(str(plan.unemployment_ceiling)), None, "percent", "not above"),
                   (Decimal(str(plan.deficit_target)), None, "percent", "around")}
        assert targets <= figures[year, "target", year], year
        outcomes = {(Decimal(str(value)), None, unit, "") for value, unit in (
            (plan.gdp_growth, "percent"), (plan.cpi_rise, "percent"), (plan.unemployment, "percent"),
            (plan.deficit, "percent"), (Decimal(str(plan.jobs)) * 10**6, "jobs"))}
        assert outcomes <= figures[year + 1, "achievement", year], year
    ranges = [year for year in range(first, first + ARTICLES - 1) if synth.economy(SEED, year).gdp_target_high]
    assert ranges, "some year's GDP target is a range"
