"""Terms of office: derived across the bundled articles (Hu Jintao's presidency ends on 14 March
2013, succeeded by Xi Jinping), the `terms` query's rows, an end left unknown when no article states
the successor's start, the same terms whatever the order of the articles, and a report presenter
named by title that never becomes a second incumbent."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from npc_kg import catalogue
from npc_kg.cli import cli
from npc_kg.extract import extract_document
from npc_kg.rdf.iris import Minter
from npc_kg.map import map_article, map_corpus
from npc_kg.model import Role, Tenure
from npc_kg.rdf.namespaces import NPC, ORG, OWL, RDF, RDFS, SCHEMA, SKOS, WDT
from npc_kg.parse import parse_text
from npc_kg.pipeline import extract_articles
from npc_kg.resources import ontology_file
from npc_kg.validate import load_shapes, validate_graph

from helpers import ARTICLES, CORPUS

M = Minter()
PRESIDENT, PREMIER, CHAIRMAN = (catalogue.office(key).label for key in ("president", "premier", "npcsc-chairman"))


def terms(build_dir: Path) -> list[dict[str, str]]:
    result = CliRunner().invoke(cli, ["query", "terms", "--data", str(build_dir), "--format", "csv"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def chain(rows: list[dict[str, str]], office: str) -> list[tuple[str, ...]]:
    return [(r["person"], r["term_start"], r["term_end"], r["predecessor"], r["successor"])
            for r in rows if r["office"] == office]


def build(tmp_path: Path, articles: list[Path]) -> Path:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", *map(str, articles), "--out", str(out), "--no-cache"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def test_the_presidency_passes_from_hu_jintao_to_xi_jinping_and_each_reelection_is_a_term(build_dir):
    assert chain(terms(build_dir), PRESIDENT) == [
        ("Hu Jintao", "2003-03-15", "2013-03-14", "", "Xi Jinping"),
        ("Xi Jinping", "2013-03-14", "2018-03-17", "Hu Jintao", "Xi Jinping"),
        ("Xi Jinping", "2018-03-17", "2023-03-10", "Xi Jinping", "Xi Jinping"),
        ("Xi Jinping", "2023-03-10", "", "Xi Jinping", ""),
    ]


def test_premiers_and_chairmen_follow_one_another(build_dir):
    rows = terms(build_dir)
    premiers = chain(rows, PREMIER)
    assert [(p[0], p[1]) for p in premiers] == [("Wen Jiabao", "2003-03-16"), ("Li Keqiang", "2013-03-15"),
                                                ("Li Keqiang", "2018-03-18"), ("Li Qiang", "2023-03-11")]
    assert premiers[0][2:] == ("2013-03-15", "", "Li Keqiang")
    assert premiers[2][2:] == ("2023-03-11", "Li Keqiang", "Li Qiang")  # 14-2 states Li Qiang's start
    assert chain(rows, CHAIRMAN) == [
        ("Wu Bangguo", "2003-03-15", "2013-03-14", "", "Zhang Dejiang"),
        ("Zhang Dejiang", "2013-03-14", "2018-03-17", "Wu Bangguo", "Li Zhanshu"),
        ("Li Zhanshu", "2018-03-17", "2023-03-10", "Zhang Dejiang", "Zhao Leji"),
        ("Zhao Leji", "2023-03-10", "", "Li Zhanshu", ""),
    ]


def test_every_term_row_is_complete_where_it_must_be(build_dir):
    rows = terms(build_dir)
    assert rows
    for row in rows:
        assert row["person"] and row["office"]
        dt.date.fromisoformat(row["term_start"])
        if row["term_end"]:
            assert dt.date.fromisoformat(row["term_end"]) > dt.date.fromisoformat(row["term_start"])
        assert bool(row["term_end"]) == bool(row["successor"]), row


def test_an_end_no_article_states_stays_empty(tmp_path):
    """Without 14-2, no article says when Li Keqiang's second term ended, nor who followed him."""
    rows = terms(build(tmp_path, [a for a in ARTICLES if a.stem != "npc-14-2"]))
    assert chain(rows, PREMIER)[-1] == ("Li Keqiang", "2018-03-18", "", "Li Keqiang", "")
    assert chain(rows, PRESIDENT)[-1] == ("Xi Jinping", "2018-03-17", "", "Xi Jinping", "")


def test_terms_do_not_depend_on_the_order_of_the_articles():
    records = extract_articles(ARTICLES)
    forward = map_corpus(records, M)
    backward = map_corpus(records[::-1], M)
    assert forward.triples() == backward.triples()
    assert forward.article_graphs == backward.article_graphs


def test_one_start_claimed_by_two_people_leaves_their_order_unknown():
    """Two presidents said to start on one day: neither ends or follows the other."""
    records = extract_articles([CORPUS / "npc-12-1.txt"])[0]
    xi = next(t for t in records.tenures if t.person == "Xi Jinping" and t.office == "president")
    rival = Tenure("Wen Jiabao", "president", Role.ELECTED, xi.start, xi.span)
    mapped = map_corpus([dataclasses.replace(records, tenures=(*records.tenures, rival))], M)
    graph = mapped.union()
    hu_term = M.term(M.person("Hu Jintao"), M.office("president"), "2003-03-15")
    assert (hu_term, RDF.type, NPC.TermOfOffice) in graph
    assert graph.value(hu_term, SCHEMA.endDate) is None and graph.value(hu_term, NPC.replacedBy) is None
    for person in ("Xi Jinping", "Wen Jiabao"):
        term = M.term(M.person(person), M.office("president"), "2013-03-14")
        assert graph.value(term, NPC.replaces) is None and graph.value(term, ORG.member) == M.person(person)


def test_a_term_lives_in_the_graph_of_the_first_session_stating_its_start():
    mapped = map_corpus(extract_articles(ARTICLES), M)
    xi_2013 = M.term(M.person("Xi Jinping"), M.office("president"), "2013-03-14").encode()
    holders = [graph for graph, statements in mapped.article_graphs.items()
               if any(line.startswith(b"<" + xi_2013 + b">") for line in statements.lines)]
    assert holders == [M.article_graph("npc-12-1")]


# --------------------------------------------------------------------------- a presenter named by title


def with_presenter(name: str) -> str:
    text = (CORPUS / "npc-12-2.txt").read_text(encoding="utf-8")
    row = "| Premier Li Keqiang's Government Work Report |"
    assert row in text
    return text.replace(row, f"| Premier {name}'s Government Work Report |")


def test_a_presenter_named_by_a_report_title_is_not_a_second_incumbent():
    records = extract_document(parse_text(with_presenter("Wen Jiabao"), "npc-12-2.txt"), "npc-12-2")
    premiers = [(t.person, t.role) for t in records.tenures if t.office == "premier"]
    assert premiers == [("Li Keqiang", Role.INCUMBENT)]
    report = next(r for r in records.reports if r.key == "government-work-report")
    assert report.presenter == "Wen Jiabao"
    graph = map_corpus([records], M).union()
    assert (M.report(M.session(12, 2), "government-work-report"), NPC.presentedBy, M.person("Wen Jiabao")) in graph
    for engine in ("fast", "pyshacl"):
        report = validate_graph(graph, load_shapes(), engine=engine)
        assert report.conforms and not [f for f in report.findings if f.shape == "shapes:OneIncumbent"]


@pytest.mark.parametrize("name", ["Li Keqiang", "Wen Jiabao"])
def test_the_infobox_holder_stays_the_one_incumbent(name):
    records = extract_document(parse_text(with_presenter(name), "npc-12-2.txt"), "npc-12-2")
    incumbents = [t.person for t in records.tenures if t.office == "premier" and t.role is Role.INCUMBENT]
    assert incumbents == ["Li Keqiang"]


def test_a_title_still_names_an_incumbent_when_the_infobox_names_no_holder_of_the_office():
    """Chief Justice Zhou Qiang: the infobox has no slot for the Supreme People's Court."""
    records = extract_document(parse_text((CORPUS / "npc-12-2.txt").read_text(encoding="utf-8"), "npc-12-2.txt"),
                               "npc-12-2")
    assert ("Zhou Qiang", "spc-president", Role.INCUMBENT) in {(t.person, t.office, t.role) for t in records.tenures}


def test_single_holder_offices_are_marked_and_shared_ones_are_not():
    graph = map_article(extract_articles([CORPUS / "npc-13-2.txt"])[0], M)
    text = bytes(graph.graph)
    single = f"<{M.office('premier')}> <{RDF.type}> <{NPC.SingleHolderPost}>".encode()
    shared = f"<{M.office('npcsc-vice-chairman')}> <{RDF.type}> <{NPC.SingleHolderPost}>".encode()
    assert single in text and shared not in text
    assert f"<{M.office('npcsc-vice-chairman')}> <{RDF.type}> <{ORG.Post}>".encode() in text


def test_a_cached_rebuild_moves_an_end_another_article_states(tmp_path):
    """Li Keqiang's end lives in 13-1's graph but is 14-2's Li Qiang start: changing only 14-2 changes
    it, and the cached rebuild is the fresh build, byte for byte."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for article in ARTICLES:
        (corpus / article.name).write_bytes(article.read_bytes())
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(corpus), "--out", str(tmp_path / "cached")]).exit_code == 0
    edited = corpus / "npc-14-2.txt"
    text = edited.read_text(encoding="utf-8")
    assert "- Pmterm: 11 March 2023\n" in text
    edited.write_text(text.replace("- Pmterm: 11 March 2023\n", "- Pmterm: 12 March 2023\n"), encoding="utf-8")
    assert runner.invoke(cli, ["build", str(corpus), "--out", str(tmp_path / "cached")]).exit_code == 0
    assert runner.invoke(cli, ["build", str(corpus), "--out", str(tmp_path / "fresh"), "--no-cache"]).exit_code == 0
    for name in ("graph.nt", "graph.trig", "report.json"):
        assert (tmp_path / "cached" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
    assert chain(terms(tmp_path / "cached"), PREMIER)[2] == ("Li Keqiang", "2018-03-18", "2023-03-12", "Li Keqiang",
                                                            "Li Qiang")


def test_the_terms_vocabulary_is_declared_with_label_comment_and_wikidata_match():
    ontology = Graph().parse(ontology_file(), format="turtle")
    matches = {NPC.TermOfOffice: WDT.P39, NPC.replaces: WDT.P1365, NPC.replacedBy: WDT.P1366}
    for term in (NPC.TermOfOffice, NPC.SingleHolderPost, NPC.replaces, NPC.replacedBy):
        assert ontology.value(term, RDFS.label) is not None and ontology.value(term, RDFS.comment) is not None, term
        if term in matches:
            assert (term, SKOS.closeMatch, matches[term]) in ontology
    assert (NPC.replaces, OWL.inverseOf, NPC.replacedBy) in ontology


def test_two_people_the_text_gives_one_title_are_neither_the_incumbent():
    """No infobox slot says who the Chief Justice is; the text names two: which one held the office
    at the session is not known, so neither is recorded, and a warning names both."""
    text = (CORPUS / "npc-12-2.txt").read_text(encoding="utf-8")
    row = "| Chief Justice Zhou Qiang's Supreme People's Court Work Report |"
    assert row in text
    text = text.replace(row, "| Chief Justice Xiao Yang's Supreme People's Court Work Report |")
    text = text.replace("=== Government Work Report ===", "Chief Justice Zhou Qiang attended.\n\n"
                                                          "=== Government Work Report ===", 1)
    records = extract_document(parse_text(text, "npc-12-2.txt"), "npc-12-2")
    assert not [t for t in records.tenures if t.office == "spc-president"]
    assert [w.message for w in records.warnings if "Chief Justice" in w.message or "Supreme" in w.message] == [
        f"the text names {' and '.join(sorted(['Xiao Yang', 'Zhou Qiang']))} as "
        f"{catalogue.office('spc-president').label}; which held the office at this session is not known"]
