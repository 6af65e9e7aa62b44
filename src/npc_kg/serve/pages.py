"""HTML pages from the Jinja2 templates in `templates/`: one per resource (sessions, people, offices
and measures with pages for readers, any other resource as a property table), per class index, the
home page, the SPARQL form and errors.

A publisher restyles the pages by editing the templates and `templates/style.css`. Autoescaping is
on, so every piece of text from the graph is escaped (literals, labels and IRIs alike), and only
http(s) IRIs become links to elsewhere: no literal can inject markup or a `javascript:` link. Pages
are self-contained: inline CSS and inline SVG, no scripts, nothing fetched from elsewhere; a
Content-Security-Policy meta tag holds every page to that, on the server and in a static site.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .chart import Row, measure_chart, vote_chart
from .dataset import DUMPS, ONTOLOGY_PATH
from .facts import MeasureFacts, SessionFacts, chart_years
from .links import Links
from .negotiation import FORMATS
from .node import Node
from .views import INDEXES, DocumentView, HomeView, IndexView, Section

FORMAT_NAMES = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples"}
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'"
NAV = ("sessions", "people", "offices", "measures", "figures", "articles")  # the header's index links
SPARQL_FORMATS = (("", "a table on this page"), ("json", "SPARQL JSON"), ("xml", "SPARQL XML"), ("csv", "CSV"),
                  ("tsv", "TSV"), ("ttl", "Turtle (CONSTRUCT)"), ("nt", "N-Triples (CONSTRUCT)"))

ENVIRONMENT = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(("html",), default_for_string=True, default=True),
    undefined=StrictUndefined,
    trim_blocks=False,
)
ENVIRONMENT.tests["http"] = lambda value: isinstance(value, str) and value.startswith(("http://", "https://"))


def _render(template: str, links: Links, title: str, **context: object) -> str:
    context.setdefault("articles", ())
    return ENVIRONMENT.get_template(template).render(
        links=links, title=title, csp=CSP, nav=[(path, INDEXES[path][0]) for path in NAV],
        ontology=ONTOLOGY_PATH, dumps=DUMPS, **context)


def _href(node: Node, links: Links) -> str | None:
    return links.resource(node.path, node.fragment) if node.path is not None else None


def _groups(parts: Sequence[Section]) -> list[tuple[str, list[Section]]]:
    """Fragment resources (article lines, ontology terms), grouped by their first type."""
    groups: dict[str, list[Section]] = defaultdict(list)
    for part in parts:
        groups[part.types[0].text if part.types else "other"].append(part)
    return [(name[:1].upper() + name[1:], members) for name, members in sorted(groups.items())]


def document_page(view: DocumentView, links: Links) -> str:
    """A resource's page: `view.kind` picks the template (session, person, office, measure or document)."""
    alternates = [(FORMAT_NAMES[ext], FORMATS[ext], links.file(f"{view.path}.{ext}")) for ext in FORMAT_NAMES]
    context: dict[str, object] = {}
    if isinstance(view.story, SessionFacts):
        context["vote_chart"] = vote_chart([Row(v.resolution.text, _href(v.resolution, links), v.counts)
                                            for v in view.story.votes])
    elif isinstance(view.story, MeasureFacts):
        context["measure_chart"] = measure_chart(chart_years(view.story))
    tallies = vote_chart([Row(node.text, _href(node, links), counts) for node, counts in view.tallies])
    return _render(f"{view.kind}.html", links, view.title, view=view, story=view.story, articles=view.articles,
                   alternates=alternates, groups=_groups(view.parts), tallies=tallies if view.tallies else None,
                   **context)


def index_page(view: IndexView, links: Links) -> str:
    return _render("index.html", links, view.title, view=view)


def home_page(view: HomeView, links: Links) -> str:
    return _render("home.html", links, view.title, view=view, articles=view.articles)


def sparql_page(query: str, links: Links, results: str = "", message: str = "") -> str:
    return _render("sparql.html", links, "SPARQL", query=query, formats=SPARQL_FORMATS, message=message,
                   results=Markup(results))  # noqa: S704 (results.html's output, escaped there)


def results(answer: bool | tuple[list[str], list[dict[str, Node]]] | str, links: Links) -> str:
    """A query's answer on the SPARQL page: ASK's yes or no, a table of rows, or a graph's Turtle."""
    return ENVIRONMENT.get_template("results.html").render(links=links, answer=answer)


def error_page(status: int, message: str, links: Links) -> str:
    return _render("error.html", links, f"{status}", status=status, message=message)
