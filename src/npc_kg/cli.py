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
