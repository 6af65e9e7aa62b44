"""The build directory as one unit: the lock, the switch a reader never sees half-done, the leftovers
of an interrupted build, the cache folder that never lets a build out of OUT, and inputs (file
names, folders, long topics) that used to break or hang a build."""

import fcntl
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from npc_kg import builddir
from npc_kg.builddir import lock_path, locked, replace
from npc_kg.cli import CACHE_DIR

from helpers import ARTICLES, REPO, run_cli, snapshot

OLD = {"graph.nt": b"old graph\n", "report.txt": b"old report\n"}
NEW = {"graph.nt": b"new graph\n", "report.txt": b"new report\n"}


def tree(directory: Path) -> dict[str, bytes | str]:
    """Every entry under a directory, hidden ones and the cache included: files by content, links by target."""
    out: dict[str, bytes | str] = {}
    for path in sorted(directory.rglob("*")):
        name = path.relative_to(directory).as_posix()
        if path.is_symlink():
            out[name] = f"-> {os.readlink(path)}"
        elif path.is_file():
            out[name] = path.read_bytes()
    return out


def siblings(out: Path) -> list[str]:
    """What a build left beside OUT (temporary directories, lock files)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.fixture
def old_out(tmp_path):
    out = tmp_path / "out"
    with locked(out):
        replace(out, OLD)
    (out / "notes.md").write_text("the user's own notes\n")
    return out


def test_replace_keeps_the_users_files_and_leaves_nothing_beside(old_out):
    with locked(old_out):
        replace(old_out, NEW)
    assert tree(old_out) == {**NEW, "notes.md": b"the user's own notes\n"}
    assert siblings(old_out) == []


@pytest.mark.parametrize("exchange", [True, False])
def test_a_failure_during_the_switch_leaves_the_old_build(old_out, monkeypatch, exchange):
    """The failure is injected into the renames themselves: the first that moves a directory
    (the exchange, or the first of two renames) or the second of two renames."""
    before = tree(old_out)
    if not exchange:
        monkeypatch.setattr(builddir, "_exchange", lambda a, b: False)
    else:
        monkeypatch.setattr(builddir, "_exchange", lambda a, b: (_ for _ in ()).throw(OSError("disk gone")))
    real_replace, calls = os.replace, []

    def failing(source, target):
        calls.append((source, target))
        if len(calls) == 2:
            raise OSError("killed between the two renames")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError), locked(old_out):
        replace(old_out, NEW)
    monkeypatch.setattr(os, "replace", real_replace)
    assert tree(old_out) == before
    assert siblings(old_out) == []
    assert len(calls) == (0 if exchange else 3)  # out -> old, new -> out (fails), old -> out


def test_a_failure_while_filling_the_new_directory_changes_nothing(old_out):
    before = tree(old_out)

    def broken_cache(staging):
        (staging / CACHE_DIR).mkdir()
        raise OSError("no space left on device")

    with pytest.raises(OSError), locked(old_out):
        replace(old_out, NEW, broken_cache, {CACHE_DIR})
    assert tree(old_out) == before and siblings(old_out) == []


KILL = """
import os, sys
from npc_kg import builddir
from npc_kg.cli import main
real = os.replace
def dying(source, target):
    real(source, target)
    if {after} == "first rename":
        os._exit(9)
if {after} == "first rename":
    builddir._exchange = lambda a, b: False
else:
    builddir.shutil.rmtree = lambda path, **kw: os._exit(9)
os.replace = dying
sys.argv = ["npc-kg", "build", {article!r}, "--out", {out!r}]
main()
"""


@pytest.mark.parametrize("after", ["first rename", "exchange"])
def test_a_build_killed_mid_switch_is_repaired_by_the_next(tmp_path, after):
    """A process killed between OUT's two renames (OUT moved away, the new build not yet in place)
    or right after the exchange (the old build not yet removed): the next command puts the old
    build back or removes it, and no leftover stays."""
    out = tmp_path / "out"
    assert run_cli("build", str(ARTICLES[0]), "--out", str(out)).returncode == 0
    before = tree(out)
    script = KILL.format(after=repr(after), article=str(ARTICLES[1]), out=str(out))
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert killed.returncode == 9, killed.stderr
    assert siblings(out)  # the interrupted build left something beside OUT
    if after == "exchange":
        assert (out / "graph.nt").read_bytes() != before["graph.nt"]  # the new build, whole
    with locked(out):
        pass  # what the next command does first
    assert siblings(out) == []
    if after == "first rename":
        assert tree(out) == before  # the old build, put back
    again = run_cli("build", str(ARTICLES[1]), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert siblings(out) == []


def test_old_temporary_files_in_out_are_removed(old_out):
    leftover = old_out / ".graph.nt.k2j4h6g8.tmp"
    leftover.write_bytes(b"half a graph")
    (old_out / CACHE_DIR).mkdir()
    (old_out / CACHE_DIR / f".{'a' * 64}.json.x1y2z3w4").write_bytes(b"{")
    result = run_cli("build", str(ARTICLES[0]), "--out", str(old_out))
    assert result.returncode == 0, result.stderr
    assert not leftover.exists() and not [p for p in (old_out / CACHE_DIR).iterdir() if p.name.startswith(".")]
    assert (old_out / "notes.md").exists()


def test_a_second_build_exits_2_while_the_lock_is_held(old_out):
    before = tree(old_out)
    with open(lock_path(old_out), "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run_cli("build", str(ARTICLES[0]), "--out", str(old_out))
    assert result.returncode == 2
    assert "another npc-kg command is writing this build directory" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(old_out) == before
    os.unlink(lock_path(old_out))


def test_of_two_concurrent_builds_the_second_exits_2(tmp_path):
    """Two real processes: one holds the lock (a build paused inside it), the other exits 2."""
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from npc_kg.builddir import locked
        with locked(Path({str(out)!r})):
            print("locked", flush=True)
            sys.stdin.readline()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    try:
        assert holder.stdout.readline() == "locked\n"
        result = run_cli("build", str(ARTICLES[0]), "--out", str(out))
        assert result.returncode == 2 and "another npc-kg command" in result.stderr
        assert not out.exists()
    finally:
        holder.communicate("\n", timeout=60)
    assert holder.returncode == 0
    assert run_cli("build", str(ARTICLES[0]), "--out", str(out)).returncode == 0
    assert siblings(out) == []  # the lock file goes with the lock


# ---------------------------------------------------------------------------------- the cache folder


def test_a_symlinked_cache_folder_is_refused_and_its_target_survives(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    assert run_cli("build", str(ARTICLES[0]), "--out", str(out), "--no-cache").returncode == 0
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("not a cache entry")
    (elsewhere / f"{'b' * 64}.json").write_text("{}")  # named like an entry, in someone else's folder
    (out / CACHE_DIR).symlink_to(elsewhere)
    before, kept = tree(out), tree(elsewhere)
    result = run_cli("build", str(ARTICLES[1]), "--out", str(out))
    assert result.returncode == 2 and "symbolic link" in result.stderr and "Traceback" not in result.stderr
    assert tree(out) == before and tree(elsewhere) == kept
    assert run_cli("build", str(ARTICLES[1]), "--out", str(out), "--no-cache").returncode == 0
    assert (out / CACHE_DIR).is_symlink() and tree(elsewhere) == kept  # carried over as it is


def test_the_users_files_in_the_cache_folder_survive_a_build(tmp_path):
    out, outside = tmp_path / "out", tmp_path / "outside.txt"
    outside.write_text("outside the build")
    assert run_cli("build", str(ARTICLES[0]), str(ARTICLES[1]), "--out", str(out)).returncode == 0
    cache = out / CACHE_DIR
    entries = sorted(p.name for p in cache.iterdir())
    assert len(entries) == 6
    (cache / "README").write_text("my notes")
    (cache / f"{'c' * 64}.nt").write_text("named like an entry, without a note")
    (cache / f"{'d' * 64}.json").symlink_to(outside)  # a link named like an entry: never read, never removed
    result = run_cli("build", str(ARTICLES[0]), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (cache / "README").read_text() == "my notes"
    assert (cache / f"{'c' * 64}.nt").exists() and (cache / f"{'d' * 64}.json").is_symlink()
    assert outside.read_text() == "outside the build"
    kept = [name for name in entries if (cache / name).exists()]
    assert len(kept) == 3  # the entry of the article no longer built is pruned


# ---------------------------------------------------------------------------------- inputs


NAMES = ["a b#c", 'less<than"quote', "brace{pipe|", "back`tick\\", "new\nline", "per%cent", "中文 name"]


def test_any_file_name_builds(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, article in zip(NAMES, ARTICLES):
        (folder / f"{name}.txt").write_bytes(article.read_bytes())
    out = tmp_path / "out"
    result = run_cli("build", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "URI" not in result.stderr and "internal error" not in result.stderr
    graph = (out / "graph.nt").read_text()
    for encoded in ["a%20b%23c", "less%3Cthan%22quote", "brace%7Bpipe%7C", "back%60tick%5C", "new%0Aline",
                    "per%25cent", "%E4%B8%AD%E6%96%87%20name"][:len(ARTICLES)]:
        assert f"/article/{encoded}>" in graph and f"/graph/{encoded}>" in graph


def test_the_build_directory_as_its_own_input(tmp_path):
    """`build DIR --out DIR`: the build's report.txt is never read as an article, the second time either."""
    folder = tmp_path / "dir"
    folder.mkdir()
    for article in ARTICLES[:2]:
        (folder / article.name).write_bytes(article.read_bytes())
    first = run_cli("build", str(folder), "--out", str(folder))
    assert first.returncode == 0, first.stderr
    graph = (folder / "graph.nt").read_bytes()
    second = run_cli("build", str(folder), "--out", str(folder))
    assert second.returncode == 0, second.stderr
    assert "2 article(s)" in second.stdout and (folder / "graph.nt").read_bytes() == graph
    named = run_cli("build", str(folder / "report.txt"), "--out", str(folder))
    assert named.returncode == 2 and "report.txt:1: is a file the build writes into --out" in named.stderr


def test_two_long_topics_that_differ_only_at_the_end_are_two_resolutions(tmp_path):
    stem = "Report on the Execution of the Central and Local Budgets for 2013 and on the Draft Central and"
    article = tmp_path / "long.txt"
    article.write_text("= Second session of the 12th National People's Congress =\n\nInfobox\n- Year: 2014\n"
                       "- Session: 2nd | # = 12th\n\n== Votes ==\n| Topic | For | Against | Abstain |\n"
                       f"| {stem} Local Budgets for 2014 | 2,504 | 293 | 102 |\n"
                       f"| {stem} Local Budgets for 2015 | 2,500 | 290 | 100 |\n"
                       f"| {stem} Local Budgets for 2015 | 2,400 | 200 | 100 |\n")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "npc_kg", "build", str(article), "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    resolutions = {line.split(" ", 1)[0] for line in (out / "graph.nt").read_text().splitlines()
                   if "/resolution/" in line.split(" ", 1)[0] and "/vote" not in line.split(" ", 1)[0]}
    assert len(resolutions) == 3
    assert all(len(iri) < 200 for iri in resolutions)
