"""``servcheck diff OLD NEW``: requirements added, removed, tightened, loosened; clauses renumbered; text changed."""

from __future__ import annotations

from pathlib import Path

import click

from checker.exitcodes import ExitCode

FAIL_ON_CHOICES = ["never", "loosened", "tightened", "any"]


@click.command("diff")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="how to write the changes",
)
@click.option("--lang", type=click.Choice(["en", "zh"]), help="language [default: the new standard's first language]")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_CHOICES),
    default="never",
    show_default=True,
    help="exit 1 when a change of this kind exists (loosened: also a removed requirement or clause; "
    "tightened: also an added one; any: any change)",
)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="write to FILE (default: standard output)")
def command(old: Path, new: Path, output_format: str, lang: str | None, fail_on: str, out: Path | None) -> None:
    """Compare two versions of a standard (YAML or Markdown drafts): requirements added, removed,
    tightened or loosened (tracked by id), clauses renumbered, text changed (docs/diff.md).
    Exit 1 when --fail-on finds its kind of change, 0 otherwise, 3 when an input is invalid."""
    from checker.diff import diff_standards
    from checker.diff.render import RENDERERS
    from checker.load.documents import load_document
    from checker.load.library import display_name
    from checker.load.say import writer_language

    before = load_document(old, {"standard"}, display_name(old), lang)  # InvalidInput: located, exit 3
    after = load_document(new, {"standard"}, display_name(new), lang)
    changes = diff_standards(before, after)
    text = RENDERERS[output_format](changes, writer_language(after.raw, lang))
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        from checker.i18n import speaker

        click.echo(speaker(writer_language(after.raw, lang))._("wrote {file}", file=out), err=True)
    raise SystemExit(ExitCode.FINDINGS if changes.fails(fail_on) else ExitCode.OK)
