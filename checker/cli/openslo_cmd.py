"""``servcheck openslo export|import``: a standard's requirements as OpenSLO v1, and OpenSLO as a draft."""

from __future__ import annotations

from pathlib import Path

import click

from checker.exitcodes import ExitCode
from checker.i18n import Speaker, speaker


def _write(text: str, out: Path | None, default_name: str, speak: Speaker) -> None:
    """Standard output, a file, or a file named ``default_name`` in a folder (existing, or written with a
    trailing slash)."""
    from checker.openslo.options import cannot_write

    if out is None:
        click.echo(text, nl=False)
        return
    if out.is_dir() or str(out).endswith(("/", "\\")):
        out = out / default_name
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as err:
        raise cannot_write(speak, out, err.strerror or str(err)) from None
    click.echo(speak._("wrote {file}", file=out), err=True)


@click.group("openslo")
def command() -> None:
    """Export a standard's requirements as OpenSLO v1 SLOs, or import OpenSLO as a draft (docs/openslo.md)."""


@command.command("export")
@click.argument("standard", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o", "--out", type=click.Path(path_type=Path), help="FILE, or DIR for STANDARD-ID.openslo.yaml (default: stdout)"
)
@click.option(
    "--rules", multiple=True, type=click.Path(path_type=Path), help="rule files or folders (default: rules/ nearby)"
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    help="language of titles and texts, and of what is said on standard error (default: en when the standard has it)",
)
@click.option("--timezone", default="Etc/UTC", show_default=True, help="IANA zone of calendar windows (the dataset's)")
@click.option("--start", help="YYYY-MM-DD the calendar windows align to (default: the standard's effective date)")
@click.option("--rolling", help="rolling window (e.g. 28d) for requirements judged over the whole audit period")
def export(
    standard: Path,
    out: Path | None,
    rules: tuple[Path, ...],
    lang: str | None,
    timezone: str,
    start: str | None,
    rolling: str | None,
) -> None:
    """Write the standard's measurable requirements as OpenSLO v1 documents (Service, SLI, SLO), one YAML
    stream. What OpenSLO cannot state is listed on standard error and in each SLO's annotations. Exit 0."""
    from checker.openslo.export import ExportOptions, dump, export_standard, export_summary, render_losses
    from checker.openslo.inputs import load_export_inputs
    from checker.openslo.options import check_rolling, check_timezone, checked_start

    asked = speaker(lang or "en")  # before the standard is read: the language asked for, else English
    check_timezone(asked, timezone)
    check_rolling(asked, rolling)
    day = checked_start(asked, start)
    inputs = load_export_inputs(standard, rules)
    result = export_standard(inputs, ExportOptions(lang, timezone, day, rolling))
    speak = speaker(result.lang)
    for line in render_losses(result.losses, speak):
        click.echo(line, err=True)
    slos = sum(1 for d in result.documents if d["kind"] == "SLO")
    _write(dump(result.documents), out, f"{inputs.standard.model.id}.openslo.yaml", speak)
    click.echo(export_summary(speak, slos, len(result.losses)), err=True)
    raise SystemExit(ExitCode.OK)


@command.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--out", type=click.Path(path_type=Path), help="FILE, or DIR for ID.yaml (default: stdout)")
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="language of the texts, and of what is said on standard error",
)
def import_(files: tuple[Path, ...], out: Path | None, lang: str) -> None:
    """Read OpenSLO v1 files (multi-document YAML) as one draft standard. What servcheck has no equivalent
    for is listed on standard error; a malformed document stops with its file:line:col (exit 3)."""
    from checker.load.library import display_name
    from checker.openslo.export import import_summary, render_losses
    from checker.openslo.importing import draft_yaml, import_documents

    speak = speaker(lang)
    draft = import_documents(list(files), lang)
    for line in render_losses(draft.losses, speak, imported=True):
        click.echo(line, err=True)
    requirements = sum(len(c.get("requirements", [])) for c in draft.standard["clauses"])
    text = draft_yaml(draft, [display_name(f) for f in files])
    _write(text, out, f"{draft.standard['id']}.yaml", speak)
    click.echo(import_summary(speak, len(draft.standard["clauses"]), requirements, len(draft.losses)), err=True)
    raise SystemExit(ExitCode.OK)
