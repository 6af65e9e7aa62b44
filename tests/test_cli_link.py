"""Linking through the CLI: `build` (which links) equals `build --no-link` then `link`, links show in the bundled
queries, and a reviewer's decisions in links-review.csv are honoured by the next run."""

import csv
import io

import pytest

from helpers import run_cli, snapshot


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    out = tmp_path_factory.mktemp("linked") / "out"
    result = run_cli("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "18 Wikidata link(s)" in result.stdout
    return out


def rows(out, query):
    result = run_cli("query", query, "--data", str(out), "--format", "csv")
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_link_after_build_equals_build_with_link(linked, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--no-link", "--out", str(out)).returncode == 0
    assert not rows(out, "links")
    result = run_cli("link", "--data", str(out))
    assert result.returncode == 0, result.stderr
    assert snapshot(out) == snapshot(linked)


def test_people_and_links_queries_carry_qids(linked):
    people = {r["name"]: r["wikidata"] for r in rows(linked, "people")}
    assert people["Xi Jinping"] == "Q15031" and people["Li Keqiang"] == "Q18111"
    assert people["Zhou Qiang"] == "Q198003" and people["Wang Xiao"] == "Q9065751"
    assert people["Cao Jianming"] == "" and people["Chen Sixi"] == ""  # no identifier in the reference
    # deputies of the 12th NPC, named at sessions of other terms: their seat in the NPC is the context
    assert people["Li Zhanshu"] == "Q391443" and people["Zhao Leji"] == "Q127295"
    assert people["Wang Shengjun"] == "Q708748" and people["Hu Jintao"] == ""
    links = {r["label"]: r for r in rows(linked, "links")}
    assert links["Beijing"]["wikidata"] == "Q956"
    assert links["12th National People's Congress"]["wikidata"] == "Q247766"
    assert "Great Hall of the People" not in links


def test_review_decisions_are_honoured(linked, tmp_path):
    out = tmp_path / "out"
    review = (linked / "links-review.csv").read_text(encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(review)))
    assert {(r["label"], r["candidate_qid"]) for r in table} == {("President of the Supreme People's Court", "Q655407")}
    table[0]["decision"] = "reject"
    wang = {"entity": "https://w3id.org/npc-kg/id/person/wang-xiao", "label": "Wang Xiao", "kind": "person",
            "candidate_qid": "Q9065751", "candidate_label": "Wang Xiao", "score": "0.900", "evidence": "checked",
            "decision": "accept"}  # a reviewer confirms an automatic link
    out.mkdir()
    with open(out / "links-review.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows([*table, wang])
    result = run_cli("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    people = {r["name"]: r["wikidata"] for r in rows(out, "people")}
    assert people["Wang Xiao"] == "Q9065751" and people["Wang Chen"] == ""
    links = {r["label"] for r in rows(out, "links")}
    assert "President of the Supreme People's Court" not in links
    decisions = {r["label"]: r["decision"] for r in csv.DictReader(open(out / "links-review.csv", encoding="utf-8"))}
    assert decisions == {"Wang Xiao": "accept", "President of the Supreme People's Court": "reject"}


def test_link_on_a_directory_that_is_no_build(tmp_path):
    result = run_cli("link", "--data", str(tmp_path))
    assert result.returncode == 2 and "no graph.trig" in result.stderr
