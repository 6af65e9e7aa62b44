"""validate: the graph against the SHACL shapes in `shapes/`, with a report people can read.

pySHACL runs the shapes; this module turns its results into `Finding`s (severity, message, focus
node and its label, the article line the node came from) and renders them as text.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.term import Node

from .namespaces import DCTERMS, NPC, PROV, RDFS
from .resources import shapes_files

SH = "http://www.w3.org/ns/shacl#"
SEVERITY_NAMES = {URIRef(SH + "Violation"): "violation", URIRef(SH + "Warning"): "warning",
                  URIRef(SH + "Info"): "info"}


@dataclass(frozen=True, order=True)
class Finding:
    severity: str
    focus: str
    path: str
    message: str
    value: str
    label: str
    source: str  # "file:line" the focus node was read from, or ""

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        about = f"{self.label} <{self.focus}>" if self.label else f"<{self.focus}>"
        path = f" ({self.path})" if self.path else ""
        value = f" [value: {self.value}]" if self.value else ""
        return f"{where}{self.severity}: {about}{path}: {self.message}{value}"


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    triples: int

    @property
    def violations(self) -> int:
        return sum(f.severity == "violation" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    @property
    def conforms(self) -> bool:
        return self.violations == 0

    def text(self) -> str:
        head = (f"npc-kg validation report\n{self.triples} triples checked: "
                f"{self.violations} violation(s), {self.warnings} warning(s)\n")
        status = "CONFORMS\n" if self.conforms else "DOES NOT CONFORM\n"
        return head + status + "".join(f"\n{finding}" for finding in sorted(self.findings)) + (
            "\n" if self.findings else "")


def load_shapes() -> Graph:
    shapes = Graph()
    for path in shapes_files():
        shapes.parse(path, format="turtle")
    return shapes


def validate_graph(graph: Graph, shapes: Graph | None = None) -> Report:
    from pyshacl import validate  # heavy: imported only when validating

    _, results, _ = validate(graph, shacl_graph=shapes or load_shapes(), inference="none", advanced=True,
                             allow_warnings=True)
    findings = [_finding(graph, results, result) for result in results.subjects(
        URIRef(SH + "resultSeverity"), None)]
    return Report(tuple(sorted(set(findings))), len(graph))


def _finding(graph: Graph, results: Graph, result: Node) -> Finding:
    def value(prop: str) -> Node | None:
        return results.value(result, URIRef(SH + prop))

    focus = value("focusNode")
    severity = SEVERITY_NAMES.get(value("resultSeverity"), "violation")  # type: ignore[arg-type]
    label = graph.value(focus, RDFS.label) if focus is not None else None
    return Finding(
        severity=severity,
        focus=str(focus),
        path=_short(graph, value("resultPath")),
        message=str(value("resultMessage") or value("sourceConstraintComponent") or ""),
        value=str(value("value") or ""),
        label=str(label or ""),
        source=source_of(graph, focus),
    )


def _short(graph: Graph, node: Node | None) -> str:
    if node is None or not isinstance(node, URIRef):
        return ""
    return graph.namespace_manager.normalizeUri(node)


def source_of(graph: Graph, node: Node | None) -> str:
    """'file:line' of the first article line the node was read from, if the graph says."""
    if node is None:
        return ""
    lines = []
    for line in graph.objects(node, PROV.wasDerivedFrom):
        number = graph.value(line, NPC.line)
        article = graph.value(line, DCTERMS.isPartOf)
        name = graph.value(article, NPC.fileName) if article is not None else None
        if number is not None and name is not None:
            lines.append((str(name), int(number)))
    if not lines:
        return ""
    name, number = min(lines)
    return f"{name}:{number}"
