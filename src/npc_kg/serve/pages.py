"""HTML pages: one per resource, per class index, the home page, the SPARQL form and errors.

Every piece of text from the graph goes through `html.escape` (literals, labels and IRIs alike), and
only http(s) IRIs become links, so no literal can inject markup or a `javascript:` link. Pages are
self-contained: inline CSS and inline SVG, no scripts, nothing fetched from elsewhere; a
Content-Security-Policy meta tag holds every page to that, on the server and in a static site.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from html import escape
from string import Template

from .chart import Counts, Row, vote_chart
from .dataset import DUMPS, ONTOLOGY_PATH
from .links import Links
from .negotiation import FORMATS
from .views import INDEXES, DocumentView, HomeView, IndexView, Node, Section, Values

FORMAT_NAMES = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples"}
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'"

CSS = """
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#fff}
header{background:#8b1a1a}
nav,main,footer{max-width:66rem;margin:0 auto;padding:.6rem 1rem}
nav{display:flex;flex-wrap:wrap;gap:.2rem 1.1rem}
nav a{color:#fff;text-decoration:none}
nav a:hover{text-decoration:underline}
nav .brand{font-weight:700;margin-right:auto}
a{color:#0b57d0}
h1{font-size:1.75rem;line-height:1.25;margin:.8rem 0 .2rem}
h2{font-size:1.2rem;margin:1.8rem 0 .4rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
h3{font-size:1.05rem;margin:1.2rem 0 .2rem}
.iri{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;color:#666;word-break:break-all;margin:0}
.pill{display:inline-block;background:#f3f4f6;border:1px solid #ddd;border-radius:999px;padding:0 .6rem;
 font-size:.85rem;margin:.3rem .3rem 0 0}
.muted,.formats{color:#666;font-size:.88rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.35rem .6rem .35rem 0;border-top:1px solid #e5e5e5}
tr:first-child>th,tr:first-child>td{border-top:0}
.props th{width:15rem;font-weight:500;color:#555}
ul.values{list-style:none;margin:0;padding:0}
.dt{color:#8a8a8a;font-size:.75rem;margin-left:.4rem}
blockquote{margin:.25rem 0 .9rem;padding:.4rem .8rem;border-left:3px solid #c9a227;background:#fbf8ee}
section.part{margin-top:1.6rem;border-top:2px solid #eee}
.chart{max-width:100%;height:auto;margin:.4rem 0}
.chart a text.label{fill:#0b57d0}
.toc{font-size:.9rem}
textarea{width:100%;min-height:12rem;font:14px/1.4 ui-monospace,Menlo,monospace}
.error{background:#fdecea;border-left:3px solid #c62828;padding:.5rem .8rem}
pre{background:#f6f7f9;padding:.8rem;overflow:auto}
footer{margin-top:2rem;border-top:1px solid #ddd;color:#666;font-size:.85rem}
"""

PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="$csp">
<title>$title · npc-kg</title>
$head<style>$css</style>
</head>
<body>
<header><nav>$nav</nav></header>
<main>
$body
</main>
<footer>$footer</footer>
</body>
</html>
""")


def page(title: str, body: str, links: Links, head: str = "") -> str:
    nav = [f'<a class="brand" href="{escape(links.home())}">npc-kg</a>']
    nav += [f'<a href="{escape(links.index(path))}">{escape(name)}</a>' for path, (name, _) in INDEXES.items()]
    nav.append(f'<a href="{escape(links.resource(ONTOLOGY_PATH))}">Ontology</a>')
    if links.sparql:
        nav.append(f'<a href="{escape(links.sparql)}">SPARQL</a>')
    footer = (f'Extracted from Wikipedia articles about sessions of the National People\'s Congress. '
              f'<a href="{escape(links.file(".well-known/void"))}">Dataset description (VoID)</a> · downloads: '
              + " ".join(f'<a href="{escape(links.file(name))}">{name}</a>'
                         for name in DUMPS))
    return PAGE.substitute(csp=CSP, title=escape(title), head=head, css=CSS, nav="".join(nav), body=body,
                           footer=footer)


def term(node: Node, links: Links) -> str:
    """A term: a link for an IRI (local page, or an external http(s) IRI), a literal with its
    datatype or language shown quietly."""
    text = escape(node.text)
    if node.iri is None:
        if node.lang:
            return f'<span lang="{escape(node.lang)}">{text}</span><span class="dt">@{escape(node.lang)}</span>'
        return text + (f'<span class="dt">{escape(node.datatype)}</span>' if node.datatype else "")
    if node.path is not None:
        return f'<a href="{escape(links.resource(node.path, node.fragment))}" title="{escape(node.iri)}">{text}</a>'
    if node.iri.startswith(("http://", "https://")):
        return f'<a href="{escape(node.iri)}" title="{escape(node.iri)}" rel="nofollow">{text}</a>'
    return f'<span title="{escape(node.iri)}">{text}</span>'


def href(node: Node, links: Links) -> str | None:
    return links.resource(node.path, node.fragment) if node.path is not None else None


def _table(rows: Values, links: Links) -> str:
    if not rows:
        return '<p class="muted">none</p>'
    cells = "".join(f'<tr><th>{term(predicate, links)}</th><td><ul class="values">'
                    + "".join(f"<li>{term(value, links)}</li>" for value in values) + "</ul></td></tr>"
                    for predicate, values in rows)
    return f'<table class="props">{cells}</table>'


def _sources(section: Section, links: Links, heading: str) -> str:
    items = "".join(f'<li><a href="{escape(href(s.node, links) or "")}">{escape(s.file)}, line {s.line}</a>'
                    + (f"<blockquote>{escape(s.text)}</blockquote>" if s.text else "") + "</li>"
                    for s in section.sources)
    return f"<{heading}>Where it came from</{heading}><ul>{items}</ul>" if items else ""


def _section(section: Section, links: Links, level: int, lead: str = "") -> str:
    """A resource's IRI, types, description, `lead` (formats, chart), properties, sources, incoming."""
    heading = "" if level == 1 else f"<h3>{escape(section.title)}</h3>"
    types = "".join(f'<span class="pill">{term(t, links)}</span>' for t in section.types)
    sub = "h2" if level == 1 else "h4"
    return (f'{heading}<p class="iri">{escape(section.node.iri or "")}</p>'
            + (f"<div>{types}</div>" if types else "")
            + "".join(f"<p>{escape(d)}</p>" for d in section.descriptions) + lead
            + f"<{sub}>Properties</{sub}>{_table(section.properties, links)}"
            + _sources(section, links, sub)
            + (f"<{sub}>Linked from</{sub}>{_table(section.incoming, links)}" if section.incoming else ""))


def _parts(parts: Sequence[Section], links: Links) -> str:
    """Fragment resources (article lines, ontology terms), grouped by their first type."""
    groups: dict[str, list[Section]] = defaultdict(list)
    for part in parts:
        groups[part.types[0].text if part.types else "other"].append(part)
    out = []
    for name, members in sorted(groups.items()):
        toc = " · ".join(f'<a href="#{escape(p.node.fragment)}">{escape(p.title)}</a>' for p in members)
        out.append(f"<h2>{escape(name[:1].upper() + name[1:])} ({len(members)})</h2><p class=\"toc\">{toc}</p>")
        out += [f'<section class="part" id="{escape(p.node.fragment)}">{_section(p, links, 2)}</section>'
                for p in members]
    return "".join(out)


def chart_rows(votes: Sequence[tuple[Node, Counts]], links: Links) -> list[Row]:
    return [Row(node.text, href(node, links), counts) for node, counts in votes]


def document_page(view: DocumentView, links: Links) -> str:
    alternates = [(ext, FORMATS[ext], links.file(f"{view.path}.{ext}")) for ext in FORMAT_NAMES]
    head = "".join(f'<link rel="alternate" type="{media}" href="{escape(url)}">\n' for _, media, url in alternates)
    formats = " · ".join(f'<a href="{escape(url)}" type="{media}">{FORMAT_NAMES[ext]}</a>'
                         for ext, media, url in alternates)
    body = [f"<h1>{escape(view.title)}</h1>"]
    if view.main is not None:
        chart = ""
        if view.votes:
            chart = f"<h2>Votes</h2>{vote_chart(chart_rows(view.votes, links), f'Votes: {view.title}')}"
        body.append(_section(view.main, links, 1, f'<p class="formats">As data: {formats}</p>{chart}'))
    else:
        body.append(f'<p class="iri">{escape(view.iri)}</p><p class="formats">As data: {formats}</p>')
    body.append(_parts(view.parts, links))
    return page(view.title, "".join(body), links, head)


def index_page(view: IndexView, links: Links) -> str:
    items = "".join(f"<li>{term(item, links)}</li>" for item in view.items)
    body = (f"<h1>{escape(view.title)}</h1><p class=\"muted\">{len(view.items)} resources of type "
            f"{term(view.cls, links)}</p><ul>{items}</ul>")
    return page(view.title, body, links)


def home_page(view: HomeView, links: Links) -> str:
    sessions = "".join(f"<li>{term(s, links)}</li>" for s in view.sessions)
    indexes = "".join(f'<li><a href="{escape(links.index(path))}">{escape(title)}</a> '
                      f'<span class="muted">({count})</span></li>' for path, title, count in view.indexes)
    size = f'<p class="muted">{escape(view.triples)} triples.</p>' if view.triples else ""
    data = [f'<a href="{escape(links.resource(ONTOLOGY_PATH))}">the ontology</a>',
            f'<a href="{escape(links.file(".well-known/void"))}">the dataset description</a>']
    if links.sparql:
        data.append(f'<a href="{escape(links.sparql)}">the SPARQL endpoint</a>')
    body = (f"<h1>{escape(view.title)}</h1>"
            + (f"<p>{escape(view.description)}</p>" if view.description else "") + size
            + f"<h2>Sessions</h2><ul>{sessions}</ul><h2>Browse</h2><ul>{indexes}</ul>"
            + "<h2>Data</h2><p>Every resource is also Turtle, JSON-LD and N-Triples (links on its page). "
            + f"See also {', '.join(data)}.</p>")
    return page(view.title, body, links)


def sparql_page(query: str, links: Links, results: str = "", message: str = "") -> str:
    formats = "".join(f'<option value="{value}">{name}</option>' for value, name in (
        ("", "a table on this page"), ("json", "SPARQL JSON"), ("xml", "SPARQL XML"), ("csv", "CSV"),
        ("tsv", "TSV"), ("ttl", "Turtle (CONSTRUCT)"), ("nt", "N-Triples (CONSTRUCT)")))
    body = (f'<h1>SPARQL</h1><form method="get" action="{escape(links.sparql or "")}">'
            f'<textarea name="query" aria-label="query">{escape(query)}</textarea>'
            f'<p>Results as <select name="format">{formats}</select> <button>Run</button></p></form>'
            + (f'<p class="error">{escape(message)}</p>' if message else "") + results)
    return page("SPARQL", body, links)


def results(answer: bool | tuple[list[str], list[dict[str, Node]]] | str, links: Links) -> str:
    """A query's answer on the SPARQL page: ASK's yes or no, a table of rows, or a graph's Turtle."""
    if isinstance(answer, bool):
        return f"<p>Answer: <strong>{'yes' if answer else 'no'}</strong></p>"
    if isinstance(answer, str):
        return f"<pre>{escape(answer)}</pre>"
    variables, rows = answer
    head = "".join(f"<th>{escape(v)}</th>" for v in variables)
    body = "".join("<tr>" + "".join(f"<td>{term(row[v], links) if v in row else ''}</td>" for v in variables)
                   + "</tr>" for row in rows)
    return f'<p class="muted">{len(rows)} row(s)</p><table><tr>{head}</tr>{body}</table>'


def error_page(status: int, message: str, links: Links) -> str:
    return page(f"{status}", f"<h1>{status}</h1><p>{escape(message)}</p>", links)
