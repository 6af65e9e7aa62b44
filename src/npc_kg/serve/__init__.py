"""serve: publish a build as linked data.

Every IRI minted under the base dereferences (`server.py`), with content negotiation
(`negotiation.py`) between HTML pages (`views.py` and `facts.py` gather, `pages.py` renders the
Jinja2 templates in `templates/`, with `chart.py`'s geometry and `wording.py`'s numbers) and RDF
documents (`documents.py`); a read-only SPARQL endpoint runs queries in killable worker processes
(`sparql.py`); `site.py` writes the same pages as a static site. All data come from one pyoxigraph
store loaded from the build directory (`dataset.py`).
"""
