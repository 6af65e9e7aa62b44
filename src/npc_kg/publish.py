"""publish: the build directory, written deterministically and atomically.

Every file is rendered in memory first, then written to a temporary file beside its target and
renamed into place; nothing touches the directory until every file has rendered, so a failed build
leaves the previous one exactly as it was. Output is byte-identical for the same input: N-Triples
lines are sorted, JSON-LD nodes and values are sorted, and there are no blank nodes.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from .iris import Minter
from .map import MappedCorpus, en, new_graph
from .namespaces import DCTERMS, NPC, PREFIXES, RDF, RDFS, VOID
from .validate import Report, report_files

BUILD_FILES = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "void.ttl", "report.txt", "report.ttl",
               "report.json")


def render_build(mapped: MappedCorpus, union: Graph, report: Report, minter: Minter) -> dict[str, bytes]:
    """Every file of the build directory, by name."""
    return {
        "graph.ttl": union.serialize(format="turtle", encoding="utf-8"),
        "graph.nt": sorted_ntriples(union),
        "graph.jsonld": jsonld(union),
        "graph.trig": trig(mapped, minter),
        "void.ttl": void(union, mapped, minter).serialize(format="turtle", encoding="utf-8"),
        **report_files(report),
        "report.txt": report_text(report, union).encode("utf-8"),
    }


def report_text(report: Report, graph: Graph) -> str:
    """The validation report, then what extraction found suspicious in the sources (kept in the
    graph as npc:sourceWarning on the line it is about)."""
    warnings = sorted(source_warnings(graph))
    text = report.text()
    if warnings:
        text += f"\n{len(warnings)} source warning(s):\n" + "".join(
            f"{name}:{line}: warning: {message}\n" for name, line, message in warnings)
    return text


def source_warnings(graph: Graph) -> list[tuple[str, int, str]]:
    out = []
    for line, message in graph.subject_objects(NPC.sourceWarning):
        article = graph.value(line, DCTERMS.isPartOf)
        out.append((str(graph.value(article, NPC.fileName)), int(graph.value(line, NPC.line)), str(message)))
    return out


def sorted_ntriples(graph: Graph) -> bytes:
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines()
    return b"".join(line + b"\n" for line in sorted(set(lines)) if line.strip())


def jsonld(graph: Graph) -> bytes:
    """JSON-LD with a context of the project's prefixes; nodes sorted by @id, values sorted."""
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    doc = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = doc.get("@graph", [doc] if "@id" in doc else [])
    for node in nodes:
        for key, values in node.items():
            if isinstance(values, list):
                node[key] = sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    out = {"@context": context, "@graph": sorted(nodes, key=lambda n: n.get("@id", ""))}
    return (json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def trig(mapped: MappedCorpus, minter: Minter) -> bytes:
    """One named graph per article plus the provenance graph, in IRI order. rdflib's own TriG writer
    orders graphs by hash, so each graph is written as Turtle (which is ordered) and wrapped."""
    out = [f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in PREFIXES.items()]
    for name, graph in mapped.named_graphs(minter):
        body = graph.serialize(format="turtle")
        statements = "\n".join(line for line in body.splitlines() if not line.startswith("@prefix")).strip()
        out.append(f"\n<{name}> {{\n{statements}\n}}\n")
    return "".join(out).encode("utf-8")


def void(union: Graph, mapped: MappedCorpus, minter: Minter) -> Graph:
    """A VoID description: size, classes, vocabularies, sources, dumps."""
    graph = new_graph()
    dataset = minter.dataset()
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, en("npc-kg: sessions of China's National People's Congress")))
    graph.add((dataset, DCTERMS.description, en(
        "Sessions, congress terms, officeholders, reports, resolutions with their votes, economic figures "
        "and policy guidelines, extracted from Wikipedia articles and validated with SHACL.")))
    graph.add((dataset, VOID.triples, Literal(len(union))))
    graph.add((dataset, VOID.distinctSubjects, Literal(len(set(union.subjects())))))
    graph.add((dataset, VOID.uriSpace, Literal(minter.base)))
    for prefix in ("npc", "schema", "org", "opengov", "prov", "dct", "skos"):
        graph.add((dataset, VOID.vocabulary, URIRef(str(PREFIXES[prefix]))))
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig"):
        graph.add((dataset, VOID.dataDump, URIRef(name)))
    for graph_name in mapped.article_graphs:
        source = mapped.provenance.value(graph_name, URIRef(str(PREFIXES["prov"]) + "wasDerivedFrom"))
        if source is not None:
            graph.add((dataset, DCTERMS.source, source))
    classes = Counter(o for o in union.objects(None, RDF.type))
    for cls, count in sorted(classes.items()):
        part = URIRef(f"{dataset}#class-{union.namespace_manager.normalizeUri(cls).replace(':', '-')}")
        graph.add((dataset, VOID.classPartition, part))
        graph.add((part, VOID["class"], cls))
        graph.add((part, VOID.entities, Literal(count)))
    example = next(iter(sorted(union.subjects(RDF.type, NPC.Session))), None)
    if example is not None:
        graph.add((dataset, VOID.exampleResource, example))
    graph.add((dataset, RDFS.label, en("npc-kg dataset")))
    return graph


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_files(out_dir: Path, files: dict[str, bytes]) -> None:
    """Write every file to a temporary name first, then rename each into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o666 & ~_umask())
            staged.append((tmp, out_dir / name))
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
