"""The `npc-kg` command line: a click group whose commands call the pipeline's stages.

Errors the user can act on are `UserError`s: printed as `FILE:LINE: message` on stderr with the
exit code of DESIGN.md, never a traceback. Heavy libraries are imported inside the commands that
need them, so `npc-kg query` starts without loading pySHACL.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from .errors import EXIT_BAD_INPUT, InputError, UserError

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C
from .serve.limits import Limits

DEFAULT_OUT = Path("output")
REVIEW_FILE = "links-review.csv"
CACHE_DIR = ".npc-kg-cache"

ABSOLUTE_IRI = re.compile(r"([A-Za-z][A-Za-z0-9+.-]{0,63}):([^\x00-\x20<>\"{}|^`\\]+)")


def checked_base(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A base IRI is absolute (a scheme, and a host for http and https), with no space, query or
    fragment: every IRI of the build starts with it, and article lines are its fragments (`#L12`)."""
    if value is None:
        return None
    match = ABSOLUTE_IRI.fullmatch(value)
    if match is None:
        why = "has a space or a character IRIs cannot hold" if ABSOLUTE_IRI.match(value) or " " in value \
            else "has no scheme (it is relative)"
        raise click.BadParameter(f"{value!r} is not an absolute IRI: it {why}; write one such as "
                                 "https://example.org/id/", ctx, param)
    scheme, rest = match[1].lower(), match[2]
    if scheme in ("http", "https") and not re.match(r"//[^/?#]", rest):
        raise click.BadParameter(f"{value!r} has no host: write {scheme}://HOST/PATH/", ctx, param)
    if "#" in value:
        raise click.BadParameter(f"{value!r} has a fragment (#): end the base with /", ctx, param)
    if "?" in value:
        raise click.BadParameter(f"{value!r} has a query (?): end the base with /", ctx, param)
    return value


def checked_public_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A URL clients can reach: absolute, http or https, with a host, no query or fragment."""
    checked = checked_base(ctx, param, value)
    if checked is not None and not re.match(r"https?://", checked, re.IGNORECASE):
        raise click.BadParameter(f"{value!r} is not an http or https URL: write one such as "
                                 "https://data.example.org/npc/", ctx, param)
    return checked


base_option = click.option("--base", metavar="IRI", default=None, envvar="NPC_KG_BASE", callback=checked_base,
                           help="Base IRI of minted resources, absolute (https://example.org/id/) "
                                "[env NPC_KG_BASE].")


SERVE_LIMITS = Limits()  # the server's defaults, shown by `npc-kg serve --help`

@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="npc-kg")
def cli() -> None:
    """Turn articles about NPC sessions into a validated, linked RDF knowledge graph."""


def link_source_options(function):  # type: ignore[no-untyped-def]
    """--reference and --wikidata: where Wikidata identifiers come from (offline by default)."""
    function = click.option("--wikidata", "wikidata_endpoint", metavar="URL", default=None,
                            help="Ask this Wikidata SPARQL endpoint (e.g. https://query.wikidata.org/sparql) "
                                 "instead of the offline reference.")(function)
    return click.option("--reference", type=click.Path(path_type=Path), default=None,
                        help="A Wikidata-shaped RDF file to link against [default: the bundled offline "
                             "reference].")(function)


def make_linker(out_dir: Path, reference: Path | None, wikidata_endpoint: str | None):  # type: ignore[no-untyped-def]
    from .link import LocalReference, SparqlReference, read_review
    from .pipeline import Linker
    from .resources import data_dir

    if wikidata_endpoint:
        source = SparqlReference(wikidata_endpoint)
    else:
        source = LocalReference(reference or data_dir("reference") / "wikidata.ttl")
    return Linker(source, read_review(out_dir / REVIEW_FILE))


def publish_build(result, out_dir: Path, cache=None, verbose: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Render a validated build and replace the build directory with it, the cache's new folder
    (when given) included; say what was written, how many of the articles' numbers were read (per
    article with `verbose`), and what to look at. Call under `builddir.locked`."""
    from .builddir import replace
    from .pipeline import render_build

    for name, line, message in result.notes.warnings:
        click.echo(f"{name}:{line}: warning: {message}", err=True)
    files = render_build(result)
    # A build without links drops the review file of an earlier linked build: it would describe links
    # the new graph does not have. (The files a build writes, and what it owns, are never carried.)
    own = {REVIEW_FILE}
    if result.links is not None:
        from .link import review_csv

        files[REVIEW_FILE] = review_csv(result.links.review)
    if cache is None:
        replace(out_dir, files, own=own)
    else:
        replace(out_dir, files, lambda staging: cache.commit(result.checked, staging / CACHE_DIR), own | {CACHE_DIR})
    report = result.report
    summary = (f"{len(result.mapped.article_graphs)} article(s), {report.triples} triples -> {out_dir}/ "
               f"({report.violations} violation(s), {report.warnings} warning(s))")
    if result.links is not None:
        summary += f"; {len(result.links.links)} Wikidata link(s), {len(result.links.review)} row(s) to review"
    click.echo(summary)
    _echo_numbers(result, out_dir, verbose)


def _echo_numbers(result, out_dir: Path, verbose: bool) -> None:  # type: ignore[no-untyped-def]
    """How many numbers with a unit the articles' facts hold, and how many were left unread."""
    numbers_read, unread = result.notes.numbers_read, Counter(number.span.file for number in result.notes.unread)
    if verbose:
        for name in sorted({*numbers_read, *unread}):
            click.echo(f"  {name}: {numbers_read.get(name, 0)} number(s) read, {unread[name]} unread")
    where = f" (listed in {out_dir}/report.txt)" if unread else ""
    click.echo(f"{sum(numbers_read.values())} number(s) read, {sum(unread.values())} left unread{where}")


@cli.command()
@click.argument("articles", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Build directory to write.")
@click.option("--link/--no-link", "with_links", default=True, show_default=True,
              help="Link entities to Wikidata (see `npc-kg link`), from the bundled offline reference unless "
                   f"--reference or --wikidata says otherwise; --no-link skips it and removes OUT/{REVIEW_FILE}.")
@click.option("--keep-going", is_flag=True,
              help="Build the good articles when some have bad input; list the bad ones and exit 2.")
@click.option("--cache/--no-cache", "use_cache", default=True, show_default=True,
              help=f"Reuse unchanged articles from the previous build (kept in OUT/{CACHE_DIR}).")
@click.option("--verbose", "-v", is_flag=True, help="Say per article how many numbers were read and left unread.")
@link_source_options
@base_option
def build(articles: tuple[Path, ...], out_dir: Path, with_links: bool, keep_going: bool, use_cache: bool,
          verbose: bool, reference: Path | None, wikidata_endpoint: str | None, base: str | None) -> None:
    """Extract, map, validate and write ARTICLES (files or folders; default: the bundled corpus)."""
    from .builddir import locked
    from .cache import ArticleCache
    from .rdf.iris import Minter
    from .pipeline import article_paths, build_articles, map_articles

    minter = Minter(base)
    paths = article_paths(articles, out_dir)
    with locked(out_dir):
        linker = make_linker(out_dir, reference, wikidata_endpoint) if with_links else None
        cache = ArticleCache(out_dir / CACHE_DIR, minter.base) if use_cache else None
        with _progress(paths, "reading articles") as done:
            mapped, failures = map_articles(paths, minter, keep_going, cache, done)
        for failure in failures:
            click.echo(f"{failure} (article skipped)", err=True)
        if not mapped:
            raise InputError("no article could be built", str(paths[0]) if paths else None, 1)
        build = _validated(lambda: build_articles(mapped, minter, linker))
        publish_build(build, out_dir, cache, verbose)
    if failures:
        raise InputError(f"{len(failures)} of {len(paths)} article(s) skipped for bad input; the others were "
                         f"built into {out_dir}/")


@contextmanager
def _progress(paths: list[Path], label: str) -> Iterator[Callable[[Path], object]]:
    """A progress bar on a terminal for long builds; nothing otherwise (logs stay clean). Yields
    what to call as each article is done."""
    if len(paths) < 20 or not sys.stderr.isatty():
        yield lambda path: None
        return
    with click.progressbar(length=len(paths), label=label, file=sys.stderr,
                           item_show_func=lambda p: p.name if p else "") as bar:
        yield lambda path: bar.update(1, path)


@cli.command()
@click.argument("graph", required=False, type=click.Path(path_type=Path), default=DEFAULT_OUT)
@click.option("--engine", type=click.Choice(["fast", "pyshacl"]), default="fast", show_default=True,
              help="The SHACL engine: the fast one, or pySHACL (the reference; slow on large graphs).")
def validate(graph: Path, engine: str) -> None:
    """Check GRAPH against the shapes and print a readable report.

    GRAPH is a graph file in any RDF syntax, told by its extension (.ttl .nt .trig .nq .jsonld .rdf),
    or a build directory (its graph.ttl); default: output/. Exit 0 when it conforms (warnings
    allowed), 1 when it violates the shapes, 2 when it is missing or does not parse.
    """
    from .errors import ValidationFailed
    from .validate import load_graph, validate_graph

    report = validate_graph(load_graph(graph), engine=engine)  # type: ignore[arg-type]
    click.echo(report.text(), nl=False)
    if not report.conforms:
        raise ValidationFailed(f"the data violate the shapes: {report.violations} violation(s)")


@cli.command()
@click.option("--data", "data_dir_", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="The build directory to add links to.")
@link_source_options
@base_option
def link(data_dir_: Path, reference: Path | None, wikidata_endpoint: str | None, base: str | None) -> None:
    """Link a build's people, offices, organisations, places and congress terms to Wikidata.

    Only clear matches are linked; the other candidates go to links-review.csv in the build
    directory: set their `decision` to accept or reject, and the next run honours it."""
    from .rdf.iris import Minter
    from .pipeline import finish, load_build

    from .builddir import locked

    with locked(data_dir_):
        minter = Minter(base or _build_base(data_dir_))
        linker = make_linker(data_dir_, reference, wikidata_endpoint)
        publish_build(_validated(lambda: finish(load_build(data_dir_, minter), minter, linker)), data_dir_)


def _validated(run):  # type: ignore[no-untyped-def]
    """Run a build step; when the data violate the shapes, show the report before failing."""
    from .pipeline import BuildFailed

    try:
        return run()
    except BuildFailed as failed:
        click.echo(failed.build.report.text(), err=True, nl=False)
        raise


def _build_base(directory: Path) -> str | None:
    """The base IRI a build was made with (its VoID description's), if it has one."""
    from .rdf.iris import build_base

    void = directory / "void.ttl"
    return build_base(void.read_bytes(), str(void)) if void.is_file() else None


@cli.command()
@click.argument("article", type=click.Path(path_type=Path))
@click.option("--stage", type=click.Choice(["parse", "extract", "map"]), default="extract", show_default=True,
              help="Stop after this stage and print its output.")
@base_option
def inspect(article: Path, stage: str, base: str | None) -> None:
    """Run the pipeline on one ARTICLE up to one stage and print what that stage produced."""
    from .inspect import render_stage

    click.echo(render_stage(article, stage, base), nl=False)


class QueryCommand(click.Command):
    """`query`, whose help ends with the prefixes a query may use undeclared, read from
    rdf/namespaces.PREFIXES when the help is shown (so that a query itself never loads rdflib)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from .rdf.namespaces import PREFIXES

        with formatter.section("Prefixes a query may use without declaring them"):
            formatter.write_dl([(f"{name}:", str(namespace)) for name, namespace in PREFIXES.items()])
        super().format_epilog(ctx, formatter)


@cli.command(cls=QueryCommand)
@click.argument("query_text", metavar="QUERY")
@click.option("--data", type=click.Path(path_type=Path), default=None,
              help="Graph file (.ttl .nt .nq .trig .jsonld .rdf) or build directory [default: output/].")
@click.option("--endpoint", metavar="URL", default=None, help="Ask this SPARQL 1.1 Protocol endpoint instead.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]), default="table",
              show_default=True, help="How to print a SELECT answer (json: W3C SPARQL results).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help='Bind ?NAME (a variable the query matches, not one it computes) to VALUE, as the query '
                   'declares it (`#+ param: NAME=KIND`: an IRI with or without <>, a name taken as English, a '
                   'number with or without quotes); undeclared, by its spelling: <iri>, "string", "string"@lang, '
                   'integer, decimal, YYYY-MM-DD date, true/false, else a string. Repeatable.')
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Print at most N rows.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default=None,
              help="Engine for local data [default: oxigraph].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="Seconds to wait for the endpoint.")
def query(query_text: str, data: Path | None, endpoint: str | None, fmt: str, params: tuple[str, ...],
          limit: int | None, engine: str | None, timeout: float) -> None:
    """Run QUERY: a bundled query's name, a .rq file or SPARQL text.

    Bundled queries are the queries/*.rq files (sessions, officeholders, resolutions, people,
    indicators, links, ...; a wrong name lists them all). SELECT prints a table; CONSTRUCT and
    DESCRIBE print Turtle; ASK prints true or false and exits 0 for true, 1 for false.

    Queries read the default graph. A store filled by `npc-kg load` keeps each article in a named
    graph: query it with the union of its graphs as default graph (Oxigraph: `serve
    --union-default-graph`, or add `?union-default-graph` to the endpoint URL). Through an endpoint a
    --param is bound by a VALUES block in the WHERE group, so use it for a variable the query matches.
    The prefixes listed below need no PREFIX line; a query's own PREFIX line wins.
    """
    from .errors import InputError
    from .query import Boolean, bind_params, open_engine, render, resolve_query

    if endpoint is not None and (data is not None or engine is not None):
        raise InputError("--endpoint asks a remote service: it takes neither --data nor --engine")
    sparql = resolve_query(query_text)
    bindings = bind_params(params, sparql)
    answer = open_engine(data, endpoint, engine or "oxigraph", timeout).run(sparql, bindings, limit)
    click.echo(render(answer, fmt, sparql), nl=False)
    if isinstance(answer, Boolean) and not answer.value:
        sys.exit(1)  # like grep: ASK's false is a result, not an error


@cli.command()
@click.option("--endpoint", metavar="URL", required=True,
              help="Graph Store Protocol endpoint (Oxigraph: http://HOST:7878/store).")
@click.option("--data", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Build directory to load.")
@click.option("--dry-run", is_flag=True,
              help="List what would be deleted and sent, and change nothing (the store is only read).")
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
    load leaves every graph whole (old or new). Graphs an earlier load wrote under the same base
    that the build no longer has (its provenance graph names them) are deleted first; graphs the
    tool did not write are never touched. Credentials come from the URL's userinfo or the
    environment: NPC_KG_STORE_TOKEN (Bearer) or NPC_KG_STORE_USER and NPC_KG_STORE_PASSWORD (Digest or
    Basic, as the store asks).
    """
    from .remote import Retry, service_name
    from .store import describe_load, load_build, read_build, stale_graphs

    build = read_build(data)
    retry = Retry(retries + 1, retry_delay)
    if dry_run:
        stale = stale_graphs(build, endpoint, timeout=timeout, retry=retry)
        click.echo("".join(f"{line}\n" for line in describe_load(build, endpoint, stale)), nl=False)
        return
    load_build(build, endpoint, timeout=timeout, retry=retry, echo=click.echo,
               note=lambda text: click.echo(text, err=True))
    click.echo(f"loaded {len(build.graphs)} graph(s), {sum(len(g.triples) for g in build.graphs)} triples into "
               f"{service_name(endpoint)}")


@cli.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="The build directory to serve.")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port to listen on (0: any free port).")
@click.option("--base", metavar="IRI", default=None, callback=checked_base,
              help="IRIs under this base are served at their paths [default: the build's void:uriSpace].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=SERVE_LIMITS.timeout, show_default=True,
              help="Time limit of a SPARQL query, in seconds.")
@click.option("--max-rows", type=click.IntRange(min=1), default=SERVE_LIMITS.max_rows, show_default=True,
              help="Most rows (or triples) a SPARQL answer may have.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=SERVE_LIMITS.max_bytes, show_default=True,
              help="Most bytes a SPARQL answer may have.")
@click.option("--read-timeout", type=click.FloatRange(min=0, min_open=True), default=SERVE_LIMITS.read_timeout, show_default=True,
              help="Seconds a client has to send one whole request.")
@click.option("--threads", type=click.IntRange(min=1), default=SERVE_LIMITS.threads, show_default=True,
              help="Connections served at once (16 times as many may wait; more get 503).")
@click.option("--allow-service", is_flag=True,
              help="Let SPARQL SERVICE clauses make the server query other endpoints (refused by default).")
@click.option("--public-url", metavar="URL", default=None, callback=checked_public_url,
              help="Where clients reach this server, behind a reverse proxy (https://data.example.org/npc/): "
                   "the served VoID names URL/sparql as the SPARQL endpoint [default: the address listened on].")
def serve(data_dir: Path, host: str, port: int, base: str | None, timeout: float, max_rows: int, max_bytes: int,
          read_timeout: float, threads: int, allow_service: bool, public_url: str | None) -> int:
    """Serve a build as linked data: every IRI dereferences (HTML, Turtle, JSON-LD, N-Triples),
    with class index pages, the ontology, /.well-known/void and a read-only SPARQL endpoint at /sparql.
    Ctrl-C stops it (exit 130); SIGTERM stops it with exit 0."""
    from .serve.server import run

    limits = Limits(timeout=timeout, max_rows=max_rows, max_bytes=max_bytes, read_timeout=read_timeout,
                    threads=threads, allow_service=allow_service)
    return run(data_dir, host, port, base, limits, announce=click.echo, public_url=public_url)


@cli.command()
@click.option("--site", "site_dir", type=click.Path(path_type=Path), required=True,
              help="The folder to write the static site to (replaced as a whole).")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="The build directory to publish.")
def publish(site_dir: Path, data_dir: Path) -> None:
    """Write a build's pages and per-resource Turtle, JSON-LD and N-Triples as a static site."""
    from .serve.dataset import load
    from .serve.site import site_files, write_site

    files = site_files(load(data_dir))
    write_site(site_dir, files)
    click.echo(f"{len(files)} files -> {site_dir}/ (open {site_dir / 'index.html'})")


def _interrupted() -> None:
    """Ctrl-C: one line, no traceback, and the exit code shells give SIGINT. A command interrupted
    has changed nothing (a build directory is replaced whole, or not at all; see builddir)."""
    click.echo("npc-kg: interrupted", err=True)
    sys.exit(EXIT_INTERRUPTED)


def main() -> None:
    try:
        code = cli.main(standalone_mode=False)  # returns ctx.exit()'s code, when a command sets one
        sys.exit(code if isinstance(code, int) else 0)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as err:
        err.show()
        sys.exit(EXIT_BAD_INPUT)
    except click.exceptions.Abort as abort:
        if isinstance(abort.__cause__, KeyboardInterrupt):  # click turns Ctrl-C into Abort
            _interrupted()
        click.echo("aborted", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        _interrupted()
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
