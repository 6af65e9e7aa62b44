"""report.ttl is written in time linear in the findings (rdflib's canonical relabelling took more than
90 s for 1,000), and its bytes depend only on the findings: the same in another process, whatever
labels rdflib gave the blank nodes there. Timing: bench/report_bench.py."""

import subprocess
import sys

from rdflib import Graph

from npc_kg.rdf.namespaces import SH

from helpers import REPO

SCRIPT = """
import sys
sys.path.insert(0, {bench!r})
from report_bench import report_with
report = report_with({findings})
sys.stdout.buffer.write(report.turtle())
"""


def report_ttl(findings: int, seed: str) -> bytes:
    result = subprocess.run([sys.executable, "-c", SCRIPT.format(bench=str(REPO / "bench"), findings=findings)],
                            capture_output=True, timeout=300, env={"PYTHONPATH": str(REPO / "src"),
                                                                   "PYTHONHASHSEED": seed})
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def test_two_thousand_findings_write_deterministically():
    first, second = report_ttl(2000, "1"), report_ttl(2000, "2")
    assert first == second
    assert len(first) < 2_000_000  # about 400 bytes a finding
    graph = Graph().parse(data=first, format="turtle")
    assert len(set(graph.subjects(SH.focusNode, None))) == 2000
    assert len(set(graph.objects(None, SH.result))) == 2000
