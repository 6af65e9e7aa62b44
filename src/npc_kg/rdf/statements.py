"""A graph held as its sorted, distinct N-Triples lines.

That is how a mapped article travels from a worker process, sits in the cache and becomes
graph.nt: one representation, so that nothing is converted between stages. Sorted lines make the
union of many graphs a sort of already-sorted runs, a named graph's N-Quads a suffix per line, and
a graph's subjects the text before each line's first space. Every line is spelt as pyoxigraph
writes N-Triples (one spelling per term; `oxterms.ntriples` writes rdflib terms the same way), and
pyoxigraph parses the lines back where terms are needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from .oxterms import Triple, ntriples_line

NT = ox.RdfFormat.N_TRIPLES


def subject_of(line: bytes) -> bytes:
    """A line's subject as written (`<iri>`): the text before its first space (no IRI has one)."""
    return line[:line.index(b" ")]


class Statements:
    __slots__ = ("lines", "_text")

    def __init__(self, lines: list[bytes]) -> None:
        self.lines = lines  # sorted and distinct: made so by the constructors below; never changed
        self._text: bytes | None = None

    @classmethod
    def of(cls, triples: Iterable[Triple]) -> Statements:
        """From triples of rdflib terms, written as pyoxigraph writes them (see `oxterms.ntriples`)."""
        return cls.from_lines(map(ntriples_line, triples))

    @classmethod
    def of_ox(cls, triples: Iterable[ox.Triple]) -> Statements:
        return cls.from_lines(ox.serialize(triples, format=NT).splitlines(keepends=True))

    @classmethod
    def from_lines(cls, lines: Iterable[bytes]) -> Statements:
        """From N-Triples lines, each ending in " .\\n", in any order and with repeats."""
        return cls(sorted(set(lines)))

    @classmethod
    def read(cls, data: bytes) -> Statements:
        """From what `bytes()` wrote (the caller vouches for it: the cache checks a digest)."""
        return cls(data.splitlines(keepends=True))

    @classmethod
    def union(cls, parts: Iterable[Statements]) -> Statements:
        some = [part for part in parts if part.lines]
        if len(some) == 1:
            return some[0]
        return cls.from_lines(line for part in some for line in part.lines)

    def __reduce__(self) -> tuple:
        """Pickled as one bytes object, not a list of lines: cheaper between processes."""
        return Statements.read, (bytes(self),)

    def __bytes__(self) -> bytes:
        """The text, joined once: a build's union is loaded, rendered and written from it."""
        if self._text is None:
            self._text = b"".join(self.lines)
        return self._text

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[ox.Triple]:
        return (quad.triple for quad in ox.parse(bytes(self), format=NT))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Statements) and self.lines == other.lines

    def having(self, *predicates: str) -> Iterator[ox.Triple]:
        """The statements whose predicate is one of `predicates` (IRIs); only those are parsed."""
        marks = [f" <{predicate}> ".encode() for predicate in predicates]
        chosen = b"".join(line for line in self.lines if any(mark in line for mark in marks))
        return (q.triple for q in ox.parse(chosen, format=NT) if q.predicate.value in predicates)

    def subjects(self) -> set[bytes]:
        """Each subject as written (`<iri>`)."""
        return {subject_of(line) for line in self.lines}

    def nquads(self, graph: str) -> bytes:
        """The statements as N-Quads in the named graph `graph`, in the same order."""
        label = f" <{graph}> .\n".encode()
        return b"".join(line[:-3] + label for line in self.lines)  # each line ends " .\n"
