"""The `npc-kg` command line: a click group whose commands call the pipeline's stages.

Errors the user can act on are `UserError`s: printed as `FILE:LINE: message` on stderr with the
exit code of DESIGN.md, never a traceback. Heavy libraries are imported inside the commands that
need them, so `npc-kg query` starts without loading pySHACL.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .errors import EXIT_BAD_INPUT, UserError

DEFAULT_OUT = Path("output")

base_option = click.option("--base", metavar="IRI", default=None, envvar="NPC_KG_BASE",
                           help="Base IRI of minted resources [env NPC_KG_BASE].")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="npc-kg")
def cli() -> None:
    """Turn articles about NPC sessions into a validated, linked RDF knowledge graph."""


@cli.command()
@click.argument("articles", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Build directory to write.")
@base_option
def build(articles: tuple[Path, ...], out_dir: Path, base: str | None) -> None:
    """Extract, map, validate and write ARTICLES (default: the bundled corpus)."""
    from .iris import Minter
    from .pipeline import BuildFailed, article_paths, build_graph
    from .publish import render_build, write_files

    minter = Minter(base)
    try:
        result = build_graph(article_paths(articles), minter)
    except BuildFailed as failed:
        click.echo(failed.build.report.text(), err=True, nl=False)
        raise
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    files = render_build(result.mapped, result.graph, result.report, minter, result.warnings)
    write_files(out_dir, files)
    report = result.report
    click.echo(f"{len(result.records)} article(s), {len(result.graph)} triples -> {out_dir}/ "
               f"({report.violations} violation(s), {report.warnings} warning(s))")


@cli.command()
@click.argument("article", type=click.Path(path_type=Path))
@click.option("--stage", type=click.Choice(["parse", "extract", "map"]), default="extract", show_default=True,
              help="Stop after this stage and print its output.")
@base_option
def inspect(article: Path, stage: str, base: str | None) -> None:
    """Run the pipeline on one ARTICLE up to one stage and print what that stage produced."""
    from .inspect import render_stage

    click.echo(render_stage(article, stage, base), nl=False)


@cli.command()
@click.argument("query_text", metavar="QUERY")
@click.option("--data", type=click.Path(path_type=Path), default=None,
              help="Graph file (.ttl .nt .nq .trig .jsonld .rdf) or build directory [default: output/].")
@click.option("--endpoint", metavar="URL", default=None, help="Ask this SPARQL 1.1 Protocol endpoint instead.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]), default="table",
              show_default=True, help="How to print a SELECT answer (json: W3C SPARQL results).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help='Bind ?NAME to VALUE: <iri>, "string", integer, decimal, YYYY-MM-DD date, true/false, '
                   "else a string. Repeatable.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Print at most N rows.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default=None,
              help="Engine for local data [default: oxigraph].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="Seconds to wait for the endpoint.")
def query(query_text: str, data: Path | None, endpoint: str | None, fmt: str, params: tuple[str, ...],
          limit: int | None, engine: str | None, timeout: float) -> None:
    """Run QUERY: a bundled query's name, a .rq file or SPARQL text.

    Bundled: sessions, officeholders, resolutions, people, indicators, links. SELECT prints a table;
    CONSTRUCT and DESCRIBE print Turtle; ASK prints true or false and exits 0 for true, 1 for false.

    Queries read the default graph. A store filled by `npc-kg load` keeps each article in a named
    graph: query it with the union of its graphs as default graph (Oxigraph: `serve
    --union-default-graph`, or add `?union-default-graph` to the endpoint URL). Through an endpoint a
    --param is bound by a trailing VALUES clause, so use it for a variable the query matches.
    """
    from .errors import InputError
    from .query import Boolean, open_engine, parse_param, render, resolve_query

    if endpoint is not None and (data is not None or engine is not None):
        raise InputError("--endpoint asks a remote service: it takes neither --data nor --engine")
    sparql = resolve_query(query_text)
    bindings = dict(parse_param(spec) for spec in params)
    answer = open_engine(data, endpoint, engine or "oxigraph", timeout).run(sparql, bindings, limit)
    click.echo(render(answer, fmt, sparql), nl=False)
    if isinstance(answer, Boolean) and not answer.value:
        sys.exit(1)  # like grep: ASK's false is a result, not an error


@cli.command()
@click.option("--endpoint", metavar="URL", required=True,
              help="Graph Store Protocol endpoint (Oxigraph: http://HOST:7878/store).")
@click.option("--data", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Build directory to load.")
@click.option("--dry-run", is_flag=True, help="List what would be sent, and send nothing.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="Seconds to wait for each request.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
              help="Retries of a request that fails with a 5xx status or no connection.")
@click.option("--retry-delay", type=click.FloatRange(min=0), default=0.5, show_default=True,
              help="Seconds before the first retry; doubled before each further one.")
def load(endpoint: str, data: Path, dry_run: bool, timeout: float, retries: int, retry_delay: float) -> None:
    """Put a build into a triple store over the SPARQL 1.1 Graph Store Protocol.

    Each article's named graph, the provenance graph and the dataset description (void.ttl) are
    replaced with one HTTP PUT each: loading twice leaves the store as loading once, and a failed
    load leaves every graph whole (old or new). Credentials come from the environment:
    NPC_KG_STORE_TOKEN (Bearer) or NPC_KG_STORE_USER and NPC_KG_STORE_PASSWORD (Basic).
    """
    from .store import Retry, describe_load, put_graphs, read_build, service_name

    graphs = read_build(data)
    if dry_run:
        click.echo("".join(f"{line}\n" for line in describe_load(graphs, endpoint)), nl=False)
        return
    put_graphs(graphs, endpoint, timeout=timeout, retry=Retry(retries + 1, retry_delay), echo=click.echo)
    click.echo(f"loaded {len(graphs)} graph(s), {sum(len(g.triples) for g in graphs)} triples into "
               f"{service_name(endpoint)}")


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as err:
        err.show()
        sys.exit(EXIT_BAD_INPUT)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except UserError as err:
        click.echo(f"npc-kg: {err}" if err.file is None else str(err), err=True)
        sys.exit(err.exit_code)
    except OSError as err:
        name = getattr(err, "filename", None)
        click.echo(f"{name}:1: {err.strerror}" if name else f"npc-kg: {err}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except Exception as err:  # a bug: say so in one line; NPC_KG_DEBUG=1 shows the traceback
        if os.environ.get("NPC_KG_DEBUG"):
            raise
        click.echo(f"npc-kg: internal error: {type(err).__name__}: {err} (set NPC_KG_DEBUG=1 for details)",
                   err=True)
        sys.exit(EXIT_BAD_INPUT)
