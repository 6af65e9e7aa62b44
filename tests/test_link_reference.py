"""reference/wikidata.ttl: rebuilt byte for byte by scripts/build_reference.py, and no QID made up."""

import csv
import os
import subprocess
import sys
from pathlib import Path

from rdflib import Graph, Literal

from npc_kg.rdf.namespaces import PQ, PS, RDFS, WD, WDT, P
from npc_kg.resources import data_dir

REPO = Path(__file__).resolve().parent.parent
REFERENCE = data_dir("reference")


def build(out: Path) -> bytes:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_reference.py"), "--out", str(out)],
                   check=True, env=env, timeout=120)
    return out.read_bytes()


def test_the_bundled_file_is_what_the_script_builds(tmp_path):
    first = build(tmp_path / "one.ttl")
    assert first == build(tmp_path / "two.ttl")
    assert first == (REFERENCE / "wikidata.ttl").read_bytes(), "rerun scripts/build_reference.py"


def test_every_item_has_a_qid_from_the_inputs():
    graph = Graph().parse(REFERENCE / "wikidata.ttl")
    with open(REFERENCE / "npc12-deputies.csv", encoding="utf-8") as handle:
        known = {row["wikidata"] for row in csv.DictReader(handle) if row["wikidata"]}
    with open(REFERENCE / "key-entities.tsv", encoding="utf-8") as handle:
        known |= {row["qid"] for row in csv.DictReader(handle, delimiter="\t") if row["qid"]}
    items = {str(s).removeprefix(str(WD)) for s in graph.subjects(RDFS.label, None)}
    assert items == known
    assert not set(graph.subjects(RDFS.label, Literal("曹建明", lang="zh")))  # no QID in the reference
    assert not set(graph.subjects(RDFS.label, Literal("Great Hall of the People", lang="en")))


def test_deputies_sit_in_the_12th_npc_and_only_people_are_typed():
    graph = Graph().parse(REFERENCE / "wikidata.ttl")
    wang = WD.Q9065751
    statements = list(graph.objects(wang, P.P39))
    assert [(graph.value(s, PS.P39), graph.value(s, PQ.P2937)) for s in statements] == [(WD.Q10891456, WD.Q247766)]
    assert (wang, WDT.P463, WD.Q19211) in graph
    assert (WD.Q15031, WDT.P39, WD.Q655407) in graph  # China's head of state holds its office of head of state
    for item in (WD.Q655407, WD.Q4122271, WD.Q19211, WD.Q247766, WD.Q956, WD.Q148):
        assert graph.value(item, WDT.P31) is None
