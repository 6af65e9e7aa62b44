"""End to end through the CLI: the build directory, determinism, the committed output/, bad input."""

import os
import pty
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from npc_kg.publish import BUILD_FILES

from helpers import ARTICLES, REPO, run_cli, snapshot

FORMATS = {"graph.ttl": pyoxigraph.RdfFormat.TURTLE, "graph.nt": pyoxigraph.RdfFormat.N_TRIPLES,
           "graph.jsonld": pyoxigraph.RdfFormat.JSON_LD}


def make_build_arguments() -> list[str]:
    """The arguments `make build` gives `npc-kg` (its recipe's last line), so that the build this
    module checks, the committed output/ included, is made the way `make build` makes it."""
    recipe = (REPO / "Makefile").read_text(encoding="utf-8").split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    command = shlex.split(recipe.strip().splitlines()[-1])
    assert command[0] == "$(BIN)/npc-kg", command
    return command[1:]


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "out"
    result = run_cli(*make_build_arguments(), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{len(ARTICLES)} article(s)" in result.stdout
    return out


def test_build_writes_every_file(build_dir):
    assert set(BUILD_FILES) | {"links-review.csv"} <= {p.name for p in build_dir.iterdir()}
    assert not [p for p in build_dir.iterdir() if p.name.startswith(".") and p.is_file()]  # no temporary files
    assert "CONFORMS" in (build_dir / "report.txt").read_text()


def test_build_is_deterministic(build_dir, tmp_path):
    again = tmp_path / "again"
    assert run_cli("build", "--out", str(again), env={"PYTHONHASHSEED": "12345"}).returncode == 0
    assert snapshot(again) == snapshot(build_dir)


def test_make_build_is_npc_kg_build(build_dir, tmp_path):
    """One main job, one result: `make build` runs plain `npc-kg build`, which links by default, and
    `--link` (kept as an alias) changes nothing."""
    assert make_build_arguments() == ["build"]
    assert "Wikidata link(s)" in run_cli("build", "--link", "--out", str(tmp_path / "alias")).stdout
    assert snapshot(tmp_path / "alias") == snapshot(build_dir)


def test_no_link_removes_the_stale_review_file(build_dir, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(build_dir, out)
    (out / "notes.txt").write_text("mine\n")
    result = run_cli("build", "--no-link", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Wikidata" not in result.stdout
    assert not (out / "links-review.csv").exists()
    assert (out / "notes.txt").read_text() == "mine\n"  # what the build does not own is still carried
    assert "owl:sameAs" not in (out / "graph.ttl").read_text() and "graph/links" not in (out / "graph.trig").read_text()
    unlinked = tmp_path / "unlinked"
    assert run_cli("build", "--no-link", "--out", str(unlinked)).returncode == 0
    assert snapshot(unlinked) == {k: v for k, v in snapshot(out).items() if k != "notes.txt"}


def test_committed_output_is_reproduced(build_dir):
    committed = REPO / "output"
    if not (REPO / "src" / "npc_kg").is_dir():
        pytest.fail("tests must run from the repository checkout")
    assert snapshot(committed) == snapshot(build_dir), "output/ is stale: run `make build` and commit it"


def test_turtle_reparses_isomorphic(build_dir):
    turtle = Graph().parse(build_dir / "graph.ttl", format="turtle")
    ntriples = Graph().parse(build_dir / "graph.nt", format="nt")
    jsonld = Graph().parse(build_dir / "graph.jsonld", format="json-ld")
    assert isomorphic(turtle, ntriples) and isomorphic(turtle, jsonld)


def test_second_engine_counts_the_same(build_dir):
    counts = set()
    for name, fmt in FORMATS.items():
        store = pyoxigraph.Store()
        store.load((build_dir / name).read_bytes(), format=fmt)
        counts.add(len(store))
    trig = pyoxigraph.Store()
    trig.load((build_dir / "graph.trig").read_bytes(), format=pyoxigraph.RdfFormat.TRIG)
    union = {q.triple for q in trig}
    assert counts == {len(union)} == {len(triple_lines(build_dir / "graph.nt"))}
    graphs = {q.graph_name.value for q in trig}
    assert {f"https://w3id.org/npc-kg/id/graph/{p.stem}" for p in ARTICLES} < graphs
    assert "https://w3id.org/npc-kg/id/graph/provenance" in graphs


def triple_lines(path: Path) -> list[str]:
    """graph.nt's triples: its lines after the licence notice (`#` comments and a blank line)."""
    lines = path.read_text().splitlines()
    body = lines[next(i for i, line in enumerate(lines) if not line.startswith("#")) + 1:]
    assert lines[len(lines) - len(body) - 1] == "" and all(line.startswith("<") for line in body)
    return body


def test_nt_is_sorted(build_dir):
    lines = triple_lines(build_dir / "graph.nt")
    assert lines == sorted(lines)


BAD_INPUTS = {
    "empty.txt": (b"", 1, "empty"),
    "binary.txt": (b"= T =\n\x00\x01\x02", 2, "binary"),
    "notitle.txt": (b"Just text\n", 1, "no title"),
    "cells.txt": (b"= Second session of the 12th National People's Congress =\n\nInfobox\n- Year: 2014\n\n"
                  b"| Topic | For | Against |\n| A | 1 |\n| B | 1 | 2 |\n", 7, "cells"),
    "count.txt": (b"= Second session of the 12th National People's Congress =\n\nInfobox\n- Year: 2014\n\n"
                  b"| Topic | For | Against |\n| A | 2,8x7 | 1 |\n", 7, "not a count"),
    "rate.txt": (b"= Second session of the 12th National People's Congress =\n\nInfobox\n- Year: 2014\n\n"
                 b"| Topic | For | Rate |\n| A | 1 | 101% |\n", 7, "above 100"),
    "abcrate.txt": (b"= Second session of the 12th National People's Congress =\n\nInfobox\n- Year: 2014\n\n"
                    b"| Topic | For | Rate |\n| A | 1 | abc% |\n", 7, "not a percentage"),
    "date.txt": (b"= Second session of the 12th National People's Congress =\n\nInfobox\n- Year: 2014\n"
                 b"- Session: 2nd | # = 12th | term-begin = 31 February\n", 5, "no such date"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exit_2_and_earlier_build_kept(name, build_dir, tmp_path):
    data, line, message = BAD_INPUTS[name]
    article = tmp_path / name
    article.write_bytes(data)
    out = tmp_path / "out"
    shutil.copytree(build_dir, out)
    before = snapshot(out)
    result = run_cli("build", str(ARTICLES[0]), str(article), "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{article}:{line}: ") and message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(out) == before


@pytest.mark.parametrize("target, message", [("missing.txt", "no such file"), (".", "directory")])
def test_missing_path_and_directory(tmp_path, target, message):
    result = run_cli("build", str(tmp_path / target), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_infobox_key_warns_and_builds(tmp_path):
    article = tmp_path / "npc-x.txt"
    article.write_text(ARTICLES[1].read_text().replace("- Status: inactive", "- Status: inactive\n- Mascot: panda"))
    result = run_cli("build", str(article), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert f"{article.name}:5: warning: unknown infobox key 'Mascot'" in result.stderr
    assert "Mascot" in (tmp_path / "out" / "report.txt").read_text()


def test_usage_error_is_exit_2():
    result = run_cli("build", "--no-such-option")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_folder_build_and_keep_going(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for article in ARTICLES:
        (folder / article.name).write_bytes(article.read_bytes())
    (folder / "zz-broken.txt").write_bytes(BAD_INPUTS["count.txt"][0])
    out = tmp_path / "out"
    result = run_cli("build", str(folder), "--out", str(out))
    assert result.returncode == 2 and "zz-broken.txt:7:" in result.stderr and not out.exists()
    result = run_cli("build", str(folder), "--out", str(out), "--keep-going")
    assert result.returncode == 2
    assert "zz-broken.txt:7: column 'For': not a count: '2,8x7' (article skipped)" in result.stderr
    assert f"1 of {len(ARTICLES) + 1} article(s) skipped" in result.stderr
    good = tmp_path / "good"
    assert run_cli("build", *map(str, ARTICLES), "--out", str(good)).returncode == 0
    assert (out / "graph.nt").read_bytes() == (good / "graph.nt").read_bytes()


def test_inspect_prints_one_stage(tmp_path):
    article = next(path for path in ARTICLES if path.stem == "npc-12-2")
    result = run_cli("inspect", str(article), "--stage", "extract")
    assert result.returncode == 0 and '"topic": "Resignation of Chen Sixi from the NPCSC"' in result.stdout
    assert '"yes": null' in result.stdout  # unknown counts stay unknown
    result = run_cli("inspect", str(article), "--stage", "map")
    assert result.returncode == 0 and "npc:Resignation" in result.stdout


def test_every_source_package_is_shipped():
    """pyproject lists packages explicitly (the data folders are mapped into it): a new
    subpackage missing from the list would be absent from a non-editable install."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    source = {".".join(p.parent.relative_to(REPO / "src").parts) for p in (REPO / "src").rglob("__init__.py")}
    assert source <= listed, source - listed


@pytest.fixture(scope="module")
def synthetic_corpus(tmp_path_factory):
    """More articles than the build maps in one process (worker processes then do it)."""
    from npc_kg.pipeline import PARALLEL_FROM

    folder = tmp_path_factory.mktemp("synthetic")
    subprocess.run([sys.executable, str(REPO / "bench" / "synth.py"), str(folder), "--articles",
                    str(PARALLEL_FROM + 8)], check=True, capture_output=True)
    return folder


def test_worker_processes_build_what_one_process_builds(synthetic_corpus, tmp_path, monkeypatch):
    from npc_kg import pipeline
    from npc_kg.rdf.iris import Minter

    paths = sorted(synthetic_corpus.glob("*.txt"))
    parallel, _ = pipeline.map_articles(paths, Minter())
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", len(paths) + 1)
    serial, _ = pipeline.map_articles(paths, Minter())
    assert [c.article for c in parallel] == [c.article for c in serial]


def test_a_progress_bar_on_a_terminal_and_none_in_a_log(synthetic_corpus, tmp_path):
    logged = run_cli("build", str(synthetic_corpus), "--out", str(tmp_path / "logged"))
    assert logged.returncode == 0 and "reading articles" not in logged.stderr
    controller, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "NPC_KG_BASE")}
    process = subprocess.Popen([sys.executable, "-m", "npc_kg", "build", str(synthetic_corpus), "--out",
                                str(tmp_path / "shown")], stdout=subprocess.DEVNULL, stderr=terminal, env=env)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait(timeout=300) == 0
    os.close(controller)
    assert b"reading articles" in shown and b"100%" in shown


def test_bad_input_among_many_articles_is_reported_in_order(synthetic_corpus, tmp_path):
    from npc_kg import pipeline
    from npc_kg.errors import InputError
    from npc_kg.rdf.iris import Minter

    folder = tmp_path / "articles"
    shutil.copytree(synthetic_corpus, folder)
    (folder / "synthetic-00003.txt").write_bytes(BAD_INPUTS["count.txt"][0])
    (folder / "synthetic-00009.txt").write_bytes(b"")
    paths = sorted(folder.glob("*.txt"))
    assert len(paths) >= pipeline.PARALLEL_FROM
    with pytest.raises(InputError) as raised:
        pipeline.map_articles(paths, Minter())
    assert str(raised.value).startswith(f"{folder / 'synthetic-00003.txt'}:7:")
    built, failures = pipeline.map_articles(paths, Minter(), keep_going=True)
    assert [Path(f.file).name for f in failures] == ["synthetic-00003.txt", "synthetic-00009.txt"]
    assert len(built) == len(paths) - 2
