"""Where the bundled ontology, shapes, queries, corpus and reference data are.

The repository's top-level folders are the source of truth; an installed package carries copies as
data sub-packages (see pyproject.toml). Running from a source checkout finds the folders directly.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


def data_dir(name: str) -> Path:
    """The folder of bundled data called `name` (ontology, shapes, queries, corpus, reference)."""
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    return _CHECKOUT / name


def ontology_file() -> Path:
    return data_dir("ontology") / "npc.ttl"


def measures_file() -> Path:
    """The SKOS scheme of the measures a figure is classified by (read by extraction)."""
    return data_dir("ontology") / "measures.ttl"


def ontology_files() -> list[Path]:
    """Every vocabulary file: the ontology, the Data Cube structure (cube.ttl), the measures scheme."""
    return sorted(data_dir("ontology").glob("*.ttl"))


def shapes_files() -> list[Path]:
    return sorted(data_dir("shapes").glob("*.ttl"))


def corpus_files() -> list[Path]:
    return sorted(data_dir("corpus").glob("*.txt"))


def query_file(name: str) -> Path | None:
    path = data_dir("queries") / f"{name}.rq"
    return path if path.is_file() else None


def query_names() -> list[str]:
    return sorted(p.stem for p in data_dir("queries").glob("*.rq"))
